"""A library at scale: stored counts, the word and full-text indexes, batch imports."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import reader.library as library_module
from db import Database, open_db
from db.articles import (
    NewArticle,
    articles_with_word,
    delete_article,
    insert_article,
    last_read_article,
    list_articles,
    load_paragraphs,
    save_position,
)
from db.migrations import MIGRATIONS, apply_migrations, schema_version
from db.search import articles_with_text, search_paragraphs
from glossary.segment import Annotator, Segmenter
from glossary.terms import Glossary
from reader.cli import cli
from reader.library import Library, import_paths
from reader.search import search_library

ARTICLES = [
    "村里的故事\n\n第一书记来到村里。村两委开会研究修路。\n\n乡村振兴要靠产业，产业要靠人才。",
    "洪水\n\n暴雨中，村两委成员挨家挨户通知转移。\n\n第一书记和群众一起加固堤坝。",
    "产业\n\n乡村振兴，关键是产业要振兴。群众的事就是我们的大事。",
]


@pytest.fixture
def library(cedict_db: Database, segmenter: Segmenter) -> Library:
    return Library(cedict_db, Annotator(cedict_db, segmenter))


def recomputed(database: Database) -> list[tuple[int, int, int, int, int]]:
    """Every article's figures from scratch, as the library computed them before."""
    rows = database.execute(
        """SELECT a.id, count(w.word),
             coalesce(sum(CASE WHEN s.status = 'ignored' THEN 0 ELSE w.occurrences END), 0),
             coalesce(sum(CASE WHEN s.status = 'known' THEN w.occurrences ELSE 0 END), 0),
             coalesce(sum(CASE WHEN s.status IS NULL OR s.status = 'new' THEN 1 ELSE 0 END), 0)
           FROM articles a LEFT JOIN article_words w ON w.article_id = a.id
           LEFT JOIN word_status s ON s.word = w.word GROUP BY a.id ORDER BY a.id"""
    ).fetchall()
    return [tuple(row) for row in rows]


def stored(database: Database) -> list[tuple[int, int, int, int, int]]:
    return [
        (s.id, s.distinct_words, s.running_words, s.known_running_words, s.new_words)
        for s in list_articles(database)
    ]


def write_files(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number, text in enumerate(texts):
        path = folder / f"{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_stored_counts_follow_every_status_change(library: Library) -> None:
    for number, text in enumerate(ARTICLES):
        library.import_text(text, f"{number}.txt")
    database = library.database
    words = sorted({w for (w,) in database.execute("SELECT word FROM article_words")})
    glossary = Glossary(database)
    rng = random.Random(3)
    for _ in range(40):
        chosen = rng.sample(words, rng.randint(1, 3))
        glossary.set_status(chosen, rng.choice(["new", "learning", "known", "ignored"]))
        assert stored(database) == recomputed(database)
    statuses = [row[0] for row in database.execute("SELECT status FROM word_status")]
    assert "known" in statuses


def test_a_batch_import_counts_as_the_join_does_whatever_the_statuses(
    library: Library, tmp_path: Path
) -> None:
    """A batch sums each article's counts from the statuses it read in its transaction."""
    Glossary(library.database).set_status(["乡村", "产业"], "known")
    Glossary(library.database).set_status(["振兴"], "ignored")
    Glossary(library.database).set_status(["两委"], "learning")
    write_files(tmp_path / "in", ARTICLES)
    assert {o.status for o in import_paths(library, [tmp_path / "in"])} == {"imported"}
    figures = stored(library.database)
    assert figures == recomputed(library.database)
    assert any(known for _, _, _, known, _ in figures)
    ignored = library.database.execute("SELECT sum(ignored_running) FROM article_stats")
    assert ignored.fetchone()[0] > 0


def test_a_recut_and_a_delete_keep_counts_and_indexes_in_step(library: Library) -> None:
    ids = [library.import_text(text, f"{n}.txt").article_id for n, text in enumerate(ARTICLES)]
    database = library.database
    Glossary(database).set_status(["产业"], "known")
    library.recut(ids[2] or 0)
    assert stored(database) == recomputed(database)
    assert [hit.article_id for hit in search_paragraphs(database, "乡村振兴")] == [ids[0], ids[2]]
    delete_article(database, ids[0] or 0)
    assert [hit.article_id for hit in search_paragraphs(database, "乡村振兴")] == [ids[2]]
    assert {hit.article_id for hit in search_paragraphs(database, "两委")} == {ids[1]}
    assert stored(database) == recomputed(database)


def test_a_batch_import_indexes_every_article_once(library: Library, tmp_path: Path) -> None:
    """A batch indexes its articles after their savepoints (see index_new_articles): each
    is found by text and by word, and deleting them empties both indexes cleanly."""
    write_files(tmp_path / "in", ARTICLES)
    outcomes = import_paths(library, [tmp_path / "in"])
    ids = [o.article_id or 0 for o in outcomes]
    database = library.database
    assert [hit.article_id for hit in search_paragraphs(database, "乡村振兴")] == [ids[0], ids[2]]
    assert articles_with_word(database, "第一书记") == [ids[0], ids[1]]
    assert articles_with_word(database, "产业") == [ids[0], ids[2]]
    for article_id in ids:
        delete_article(database, article_id)
    assert list(search_paragraphs(database, "乡村振兴")) == []
    assert articles_with_word(database, "产业") == []
    for index in ("paragraph_index", "word_index"):
        database.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 0)")


def test_an_article_written_in_parts_is_indexed_once(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "PARAGRAPH_BATCH", 1)
    monkeypatch.setattr(library_module, "STREAM_CHARS", 10)  # this article is "long"
    article_id = library.import_text(ARTICLES[0], "long.txt").article_id or 0
    database = library.database
    assert len(load_paragraphs(database, article_id)) == 2
    assert [hit.article_id for hit in search_paragraphs(database, "乡村振兴")] == [article_id]
    assert articles_with_word(database, "第一书记") == [article_id]
    delete_article(database, article_id)
    assert articles_with_word(database, "第一书记") == []
    database.execute("INSERT INTO paragraph_index (paragraph_index) VALUES ('integrity-check')")


def test_an_older_zhreader_writing_beside_this_one_still_indexes(library: Library) -> None:
    """A zhreader from before migration 7 still running (an import, a reader left open over
    the upgrade) writes paragraphs and relies on a trigger to index them: it still fires for
    it, and never for this version's writers, which index their own rows once."""
    database = library.database
    ours = library.import_text("新\n\n新版本写入的段落。", "new.txt").article_id
    with database.atomic():  # as the older version writes an article
        old = insert_article(
            database, NewArticle("旧", "", "", "", "", "2026-01-01", "old-hash", 9, 0)
        )
        database.execute(
            "INSERT INTO paragraphs (article_id, position, text, token_ends, readings) "
            "VALUES (?, 0, '旧版本写入的段落。', '9', '')",
            [old],
        )
        database.execute(
            "INSERT INTO article_words (article_id, word, occurrences) VALUES (?, '段落', 1)",
            [old],
        )
    assert [hit.article_id for hit in search_paragraphs(database, "旧版本写入")] == [old]
    assert [hit.article_id for hit in search_paragraphs(database, "版本写入的段落")] == [ours, old]
    assert (
        database.execute("SELECT count(*) FROM meta WHERE key = 'writer_indexes'").fetchone()[0]
        == 0
    )


def test_search_finds_two_character_terms_and_longer_text(library: Library) -> None:
    for number, text in enumerate(ARTICLES):
        library.import_text(text, f"{number}.txt")
    result = search_library(library.database, "两委")
    assert [hit.article_id for hit in result.hits] == [1, 2]
    hit = result.hits[0]
    assert hit.sentence == "村两委开会研究修路。"
    assert hit.sentence[hit.start : hit.end] == "两委"
    assert len(search_library(library.database, "乡村振兴").hits) == 2
    assert search_library(library.database, "不存在的文字").hits == ()
    assert search_library(library.database, "  ").hits == ()


def test_articles_with_short_text_include_matches_across_word_boundaries(
    library: Library,
) -> None:
    library.import_text("甲\n\n他们研究修路方案。", "a.txt")
    library.import_text("乙\n\n今天天气很好。", "b.txt")
    cuts = [p.tokens for p in load_paragraphs(library.database, 1)]
    assert not any("究修" in token for tokens in cuts for token in tokens)
    assert articles_with_text(library.database, "究修") == [1]  # 研究|修路
    assert articles_with_text(library.database, "修路方案") == [1]
    assert articles_with_text(library.database, "天气") == [2]


def test_search_command_prints_json_and_exits_0_without_matches(
    dictionary_template: Path, tmp_path: Path
) -> None:
    from tests.conftest import copy_database

    db_path = copy_database(dictionary_template, tmp_path / "z.db")
    files = write_files(tmp_path / "in", ARTICLES)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(db_path), *map(str, files)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["search", "--db", str(db_path), "两委", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert sorted(rows[0]) == [
        "article_id", "end", "paragraph", "sentence", "start", "title",
    ]  # fmt: skip
    assert all(row["sentence"][row["start"] : row["end"]] == "两委" for row in rows)
    result = runner.invoke(cli, ["search", "--db", str(db_path), "没有这个"])
    assert result.exit_code == 0 and "No sentence" in result.output
    result = runner.invoke(cli, ["search", "--db", str(db_path), "没有这个", "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_a_batch_keeps_each_article_whole_and_names_the_failed_file(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_files(tmp_path / "in", ARTICLES)
    original = library_module.write_word_counts
    calls = []

    def failing(
        database: Database, article_id: int, counts: object, *rest: object, **named: bool
    ) -> None:
        calls.append(article_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        original(database, article_id, counts, *rest, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "write_word_counts", failing)
    outcomes = import_paths(library, [tmp_path / "in"])
    assert [o.status for o in outcomes] == ["imported", "failed", "imported"]
    assert outcomes[1].name == str(files[1])
    titles = [s.title for s in list_articles(library.database)]
    assert titles == ["村里的故事", "产业"]
    for summary in list_articles(library.database):
        assert load_paragraphs(library.database, summary.id)
    orphans = library.database.execute(
        "SELECT count(*) FROM paragraphs WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()[0]
    assert orphans == 0
    assert [hit.article_id for hit in search_paragraphs(library.database, "两委")] == [1]
    vocabulary = [w for (w,) in library.database.execute("SELECT word FROM vocabulary")]
    stored_words = {w for (w,) in library.database.execute("SELECT word FROM article_words")}
    assert len(vocabulary) == len(set(vocabulary)) and set(vocabulary) == stored_words


def test_a_failed_commit_reports_every_article_of_the_batch(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "in", ARTICLES)
    original = library_module.Library.write_prepared

    def write_then_break_the_commit(
        self: Library,
        article: library_module.PreparedArticle,
        statuses: dict[str, str],
        index: bool = True,
    ) -> library_module.ImportOutcome:
        outcome = original(self, article, statuses, index=index)
        # a deferred foreign-key violation is only detected by COMMIT
        self.database.execute("PRAGMA defer_foreign_keys = ON")
        self.database.execute(
            "INSERT INTO article_words (article_id, word, occurrences) VALUES (999, '坏', 1)"
        )
        return outcome

    tuned = library_module.tuned_for_import

    @contextmanager
    def tuned_but_checking_foreign_keys(database: Database, *args: int) -> Iterator[None]:
        with tuned(database, *args):  # the import turns the checks off; the break needs them
            database.execute("PRAGMA foreign_keys = ON")
            yield

    monkeypatch.setattr(library_module.Library, "write_prepared", write_then_break_the_commit)
    monkeypatch.setattr(library_module, "tuned_for_import", tuned_but_checking_foreign_keys)
    outcomes = import_paths(library, [tmp_path / "in"])
    assert [o.status for o in outcomes] == ["failed"] * 3
    assert all(o.message.startswith("not saved") for o in outcomes)
    assert list_articles(library.database) == []
    assert not library.database.conn.in_transaction


def test_foreign_keys_are_checked_again_after_an_import(library: Library, tmp_path: Path) -> None:
    write_files(tmp_path / "in", ARTICLES)
    import_paths(library, [tmp_path / "in"])
    assert library.database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        library.database.execute(
            "INSERT INTO article_words (article_id, word, occurrences) VALUES (999, '坏', 1)"
        )


def test_text_stored_by_another_process_after_the_cut_is_a_duplicate(
    library: Library, tmp_path: Path
) -> None:
    from reader.formats import parse_text

    prepared = library.prepare(parse_text(ARTICLES[0], "a.txt"), "a.txt")
    assert isinstance(prepared, library_module.PreparedArticle)
    other = open_db(tmp_path / "zhreader.db")  # the cedict_db file: another process's view
    stored = Library(other).import_text(ARTICLES[0], "same.txt").article_id
    other.close()
    outcome = library.write_prepared(prepared)
    assert (outcome.status, outcome.article_id) == ("duplicate", stored)
    assert len(list_articles(library.database)) == 1


def test_identical_files_in_one_batch_are_imported_once(library: Library, tmp_path: Path) -> None:
    write_files(tmp_path / "in", [ARTICLES[0], ARTICLES[0]])
    outcomes = import_paths(library, [tmp_path / "in"])
    assert [o.status for o in outcomes] == ["imported", "duplicate"]


def test_reading_position_gives_progress_and_continue_reading(library: Library) -> None:
    first = library.import_text(ARTICLES[0], "a.txt").article_id or 0
    second = library.import_text(ARTICLES[1], "b.txt").article_id or 0
    assert last_read_article(library.database) is None
    save_position(library.database, first, 1, 0, at="2026-01-01T00:00:00+00:00")
    save_position(library.database, second, 0, 3, at="2026-01-02T00:00:00+00:00")
    assert last_read_article(library.database) == second
    summary = next(s for s in list_articles(library.database) if s.id == first)
    first_length = len(load_paragraphs(library.database, first)[0].text)
    assert summary.read_chars == first_length
    assert 0 < summary.progress < 1


def test_upgrade_from_version_2_backfills_counts_and_indexes(
    dictionary_template: Path, tmp_path: Path, segmenter: Segmenter
) -> None:
    """A database written before the indexes existed, with articles and statuses in it."""
    from tests.conftest import copy_database

    path = copy_database(dictionary_template, tmp_path / "new.db")
    database = open_db(path)
    library = Library(database, Annotator(database, segmenter))
    for number, text in enumerate(ARTICLES):
        library.import_text(text, f"{number}.txt")
    rows = database.execute(
        "SELECT article_id, position, text, token_ends, readings FROM paragraphs"
    ).fetchall()
    words = database.execute("SELECT article_id, word, occurrences FROM article_words").fetchall()
    articles = database.execute(
        "SELECT id, title, imported_at, content_hash, char_count, cut_revision FROM articles"
    ).fetchall()
    database.close()

    old_path = tmp_path / "old.db"
    old = sqlite3.connect(str(old_path), isolation_level=None)
    for migration in MIGRATIONS[:2]:
        migration.apply(old)
    old.execute("PRAGMA user_version = 2")
    old.executemany(
        "INSERT INTO articles (id, title, imported_at, content_hash, char_count, cut_revision) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        articles,
    )
    old.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?)", rows)
    old.executemany("INSERT INTO article_words VALUES (?, ?, ?)", words)
    old.execute("INSERT INTO word_status VALUES ('产业', 'known', 'x'), ('群众', 'ignored', 'x')")
    old.execute("UPDATE articles SET position_paragraph = 1, position_char = 2 WHERE id = 1")
    old.close()

    upgraded = open_db(old_path)
    assert schema_version(upgraded) == MIGRATIONS[-1].version
    assert stored(upgraded) == recomputed(upgraded)
    assert any(row[3] > 0 for row in stored(upgraded))
    assert [hit.article_id for hit in search_paragraphs(upgraded, "乡村振兴")] == [1, 3]
    assert {hit.article_id for hit in search_paragraphs(upgraded, "两委")} == {1, 2}
    summary = list_articles(upgraded)[0]
    assert summary.read_chars == len(rows[0][2]) + 2
    Glossary(upgraded).set_status(["两委"], "known")
    assert stored(upgraded) == recomputed(upgraded)
    assert apply_migrations(upgraded, old_path) == MIGRATIONS[-1].version
    upgraded.close()


def test_concordance_finds_a_two_character_term(library: Library) -> None:
    for number, text in enumerate(ARTICLES):
        library.import_text(text, f"{number}.txt")
    found = Glossary(library.database).concordance("两委")
    assert [sentence for _, _, sentence in found] == [
        "村两委开会研究修路。",
        "暴雨中，村两委成员挨家挨户通知转移。",
    ]


def test_import_reports_progress_per_file_with_rate_and_time_left(
    library: Library, tmp_path: Path
) -> None:
    import io

    from reader.progress import ImportProgress, ProgressTracker, import_bar

    write_files(tmp_path / "in", ARTICLES)
    seen: list[ImportProgress] = []
    import_paths(library, [tmp_path / "in"], progress=ProgressTracker(3, seen.append))
    assert [p.files_done for p in seen] == [1, 2, 3]
    assert seen[-1].done_bytes == seen[-1].total_bytes and seen[-1].share == 1.0
    assert "3/3 files · 100%" in seen[-1].describe() and "MB/s" in seen[-1].describe()
    quiet = io.StringIO()  # not a terminal, few files: nothing is shown
    with import_bar(10_000_000, 3, quiet) as progress:
        assert progress is None
    assert quiet.getvalue() == ""

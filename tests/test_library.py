from __future__ import annotations

from pathlib import Path

import pytest

import reader.library as library_module
from db import Database
from db.articles import article_count, list_articles, load_paragraphs
from db.terms import bump_glossary_revision, now_utc, set_status
from glossary.segment import Annotator, Segmenter
from reader.library import ImportOptions, Library, import_paths, seed_demo_library

ARTICLE = "村里的故事\n\n第一书记来到村里。他去银行办事，又步行回家。\n\n村两委开会研究修路。"


@pytest.fixture
def library(cedict_db: Database, segmenter: Segmenter) -> Library:
    return Library(cedict_db, Annotator(cedict_db, segmenter))


def test_import_stores_tokens_that_give_the_text_back(library: Library) -> None:
    outcome = library.import_text(ARTICLE, "story.txt")
    assert outcome.status == "imported" and outcome.title == "村里的故事"
    paragraphs = load_paragraphs(library.database, outcome.article_id or 0)
    assert [p.text for p in paragraphs] == [
        "第一书记来到村里。他去银行办事，又步行回家。",
        "村两委开会研究修路。",
    ]
    for paragraph in paragraphs:
        assert "".join(paragraph.tokens) == paragraph.text
        assert len(paragraph.readings) == len(paragraph.tokens)


def test_readings_come_from_cc_cedict_and_pypinyin_only_for_unknown(library: Library) -> None:
    outcome = library.import_text(ARTICLE, "story.txt")
    paragraph = load_paragraphs(library.database, outcome.article_id or 0)[0]
    readings = dict(zip(paragraph.tokens, paragraph.readings, strict=True))
    assert readings["银行"] == "yin2 hang2"  # CC-CEDICT's one reading
    assert readings["步行"] == "bu4 xing2"
    assert readings["。"] == ""
    assert readings["第一书记"] == "di4 yi1 shu1 ji1" or readings["第一书记"].startswith("di4 yi1")


def test_the_same_content_twice_is_one_article(library: Library) -> None:
    first = library.import_text(ARTICLE, "a.txt")
    second = library.import_text(ARTICLE, "copy.txt")
    assert second.status == "duplicate"
    assert second.article_id == first.article_id
    assert "already in the library as #" in second.message
    assert article_count(library.database) == 1


def test_a_failure_mid_article_leaves_nothing(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.import_text("旧文章\n\n保留这篇。\n\n第二段。", "old.txt")

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")  # after every paragraph of the new article was written

    monkeypatch.setattr(library_module, "write_word_counts", failing)
    with pytest.raises(OSError):
        library.import_text(ARTICLE, "story.txt")
    assert article_count(library.database) == 1
    count = library.database.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    assert count == 2


def test_known_share_counts_running_words(library: Library) -> None:
    outcome = library.import_text(ARTICLE, "story.txt")
    (summary,) = list_articles(library.database)
    assert summary.known_share == 0.0
    assert summary.new_words == summary.distinct_words > 5
    counts = dict(
        library.database.execute(
            "SELECT word, occurrences FROM article_words WHERE article_id = ?", (summary.id,)
        ).fetchall()
    )
    assert counts["村里"] == 1 and sum(counts.values()) == summary.running_words
    ignored = next(w for w in counts if w not in {"村里"} and counts[w] == 1)
    set_status(library.database, ["村里"], "known")
    set_status(library.database, [ignored], "ignored")
    (summary,) = list_articles(library.database)
    assert summary.running_words == sum(counts.values()) - 1
    assert summary.known_running_words == 1
    assert summary.new_words == summary.distinct_words - 2
    assert outcome.article_id == summary.id


def add_road_plan_term(database: Database) -> None:
    """A user term 修路方案 written straight to the table, then the glossary revision bumped:
    every article cut before it is stale."""
    database.execute(
        "INSERT INTO terms (simplified, traditional, pinyin, definition, origin, created_at, "
        "updated_at) VALUES ('修路方案', '修路方案', 'xiu1 lu4 fang1 an4', 'road plan', 'user', "
        "?, ?)",
        (now_utc(), now_utc()),
    )
    bump_glossary_revision(database)


def test_resegment_cuts_stale_articles_with_new_terms(cedict_db: Database) -> None:
    library = Library(cedict_db, Annotator(cedict_db, Segmenter()))
    outcome = library.import_text("标题\n\n我们研究修路方案。", "a.txt")
    assert library.resegment() == 0
    add_road_plan_term(cedict_db)
    assert library.stale_articles() == [outcome.article_id]
    library_after = Library(cedict_db)  # a new annotator learns the glossary
    assert library_after.resegment() == 1
    paragraph = load_paragraphs(cedict_db, outcome.article_id or 0)[0]
    assert "修路方案" in paragraph.tokens
    assert library_after.stale_articles() == []


def test_a_cancelled_resegment_stops_between_articles_and_leaves_the_rest_stale(
    cedict_db: Database,
) -> None:
    """The TUI's background pass stops when the app quits; what it did not reach stays stale
    for the next pass."""
    library = Library(cedict_db, Annotator(cedict_db, Segmenter()))
    ids = [
        library.import_text(f"标题{n}\n\n我们研究修路方案{n}。", f"{n}.txt").article_id
        for n in range(3)
    ]
    add_road_plan_term(cedict_db)
    asked: list[int] = []

    def after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert Library(cedict_db).resegment(cancelled=after_one) == 1
    assert library.stale_articles() == ids[1:]
    assert Library(cedict_db).resegment() == 2
    assert library.stale_articles() == []


def test_demo_library_is_seeded_once(library: Library) -> None:
    outcomes = seed_demo_library(library)
    assert [o.status for o in outcomes] == ["imported"] * 3
    titles = {s.title for s in list_articles(library.database)}
    assert "第一书记的三本笔记" in titles
    library.database.execute("DELETE FROM articles")
    assert seed_demo_library(library) == []


def test_import_paths_reports_every_bad_file(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "utf8.txt").write_text("标题一\n\n第一篇文章的内容。", encoding="utf-8")
    (folder / "gb.txt").write_bytes("标题二\n\n第二篇文章用国标编码。".encode("gb18030"))
    (folder / "sub" / "big5.txt").write_bytes("標題三\n\n第三篇文章用繁體編碼。".encode("big5"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "english.md").write_text("# Hello\n\nNo Chinese here.", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")  # not a known extension: not collected
    outcomes = import_paths(library, [folder, tmp_path / "missing.txt"])
    by_name = {Path(o.name).name: o for o in outcomes}
    assert {n for n, o in by_name.items() if o.status == "imported"} == {
        "utf8.txt",
        "gb.txt",
        "big5.txt",
    }
    assert "empty" in by_name["empty.txt"].message
    assert "not a text file" in by_name["binary.txt"].message
    assert "no Chinese text" in by_name["english.md"].message
    assert "no such file" in by_name["missing.txt"].message
    assert "image.png" not in by_name
    titles = {s.title for s in list_articles(library.database)}
    assert titles == {"标题一", "标题二", "標題三"}


def test_a_path_that_cannot_be_looked_at_fails_alone(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder inside one without permission cannot even be stat'ed: it fails with the
    reason and the other files still import (root ignores permissions, hence the patch)."""
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked" / "sub"
    real_stat = Path.stat

    def stat(path: Path, *, follow_symlinks: bool = True) -> object:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(Path, "stat", stat)
    outcomes = import_paths(library, [locked, good])
    assert [(o.name, o.status, o.message) for o in outcomes] == [
        (str(locked), "failed", "cannot read: Permission denied"),
        (str(good), "imported", ""),
    ]


def test_import_options_override_and_tag(library: Library) -> None:
    outcome = library.import_text(
        ARTICLE, "a.txt", ImportOptions("我的标题", "人民网", ("新闻 时政",))
    )
    row = library.database.execute(
        "SELECT title, source, tags FROM articles WHERE id = ?", (outcome.article_id,)
    ).fetchone()
    assert row == ("我的标题", "人民网", "新闻_时政")


def test_import_the_seeds(library: Library, seeds: Path) -> None:
    outcomes = import_paths(library, [seeds])
    assert [o.status for o in outcomes] == ["imported"] * 5
    again = import_paths(library, [seeds])
    assert [o.status for o in again] == ["duplicate"] * 5
    for outcome in outcomes:
        for paragraph in load_paragraphs(library.database, outcome.article_id or 0):
            assert paragraph.token_ends[-1] == len(paragraph.text)


def test_a_very_long_file_is_imported_in_parts_cut_at_paragraph_ends(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A novel in one file opened in tens of seconds and held the write lock for its whole
    import: above SPLIT_ABOVE_CHARS it becomes parts of about PART_CHARS, in order, titled
    with their number; importing it again skips every part."""
    import reader.formats as formats

    monkeypatch.setattr(formats, "SPLIT_ABOVE_CHARS", 3_000)
    monkeypatch.setattr(formats, "PART_CHARS", 1_000)
    paragraphs = [f"第{n}段：我们在村里修路，大家都很高兴。" * 20 for n in range(12)]
    novel = tmp_path / "novel.txt"
    novel.write_text("长篇小说\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    outcomes = library.import_file(novel)
    assert [o.status for o in outcomes] == ["imported"] * len(outcomes)
    count = len(outcomes)
    assert count > 1
    assert [o.title for o in outcomes] == [f"长篇小说 ({k}/{count})" for k in range(1, count + 1)]
    stored = [
        p.text for o in outcomes for p in load_paragraphs(library.database, o.article_id or 0)
    ]
    assert stored == paragraphs
    assert all(
        sum(len(p.text) for p in load_paragraphs(library.database, o.article_id or 0)) <= 1_000
        or len(load_paragraphs(library.database, o.article_id or 0)) == 1
        for o in outcomes
    )
    assert {o.status for o in library.import_file(novel)} == {"duplicate"}
    novel.write_text("另一部\n\n" + "\n\n".join(p + "！" for p in paragraphs), encoding="utf-8")
    titled = library.import_file(novel, ImportOptions(title="我的书"))
    assert [o.title for o in titled][:2] == [
        f"我的书 (1/{len(titled)})",
        f"我的书 (2/{len(titled)})",
    ]


def test_articles_cut_by_an_older_method_are_cut_again(library: Library) -> None:
    """A change to how text is cut (CUT_METHOD_REVISION) makes every article stale, and a
    re-cut applies it: 他长得很高 was stored as 他长 / 得, it is now 他 / 长 / 得."""
    from db.articles import rewrite_cuts
    from db.meta import set_meta
    from glossary.terms import sync_cut_method

    database = library.database
    sync_cut_method(database)
    article_id = library.import_text("他\n\n他长得很高。", "tall.txt").article_id or 0
    assert load_paragraphs(database, article_id)[0].tokens[:3] == ["他", "长", "得"]
    with database.atomic():  # as an older method stored it
        rewrite_cuts(database, article_id, [(0, "他长得很高。", [2, 3, 4, 5, 6], [""] * 5)])
        set_meta(database, "cut_method_revision", "0")
    assert library.stale_articles() == []
    assert sync_cut_method(database) and not sync_cut_method(database)
    assert library.stale_articles() == [article_id]
    library.resegment()
    assert load_paragraphs(database, article_id)[0].tokens[:3] == ["他", "长", "得"]


def test_the_demo_is_offered_only_to_an_empty_library(library: Library) -> None:
    from reader.session import prepare_store

    library.import_text(ARTICLE, "story.txt")  # imported from the command line first
    told: list[str] = []
    prepare_store(library.database, told.append, seed_demo=True)
    assert not any("demo" in message for message in told)
    assert article_count(library.database) == 1


def test_a_re_cut_skips_an_article_another_process_deleted(library: Library) -> None:
    """resegment stopped with 'FOREIGN KEY constraint failed' when an article it listed
    was deleted before its turn."""
    from db.articles import delete_article

    article_id = library.import_text(ARTICLE, "story.txt").article_id or 0
    with library.database.atomic():
        delete_article(library.database, article_id)
    library.recut(article_id)
    assert article_count(library.database) == 0
    rows = library.database.execute("SELECT count(*) FROM article_words").fetchone()[0]
    assert rows == 0


def test_an_article_id_is_never_given_twice(library: Library) -> None:
    """SQLite gave the deleted newest article's id to the next import, so `--article 2`,
    reading logs and lookups that meant the old #2 named a different text."""
    from db.articles import delete_article

    first = library.import_text("一\n\n第一篇文章。", "1.txt").article_id or 0
    second = library.import_text("二\n\n第二篇文章。", "2.txt").article_id or 0
    with library.database.atomic():
        delete_article(library.database, second)
        delete_article(library.database, first)
    third = library.import_text("三\n\n第三篇文章。", "3.txt").article_id
    assert third == second + 1

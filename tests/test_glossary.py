from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from db import Database, open_db
from db.articles import load_paragraphs
from db.terms import TermFields, glossary_revision, statuses_of, term_by_word
from glossary.lookup import Dictionary
from glossary.segment import Annotator, Segmenter
from glossary.terms import (
    SENTENCE_REACH,
    ContextRef,
    Glossary,
    GlossaryError,
    normalise_pinyin,
    read_pack,
    sentence_around,
    sync_builtin_pack,
)
from reader.library import Library


def tokens_of_article(database: Database, article_id: int) -> list[str]:
    return [token for p in load_paragraphs(database, article_id) for token in p.tokens]


def test_pack_has_the_required_terms_with_checked_forms(cedict_db: Database) -> None:
    version, pack = read_pack()
    assert version >= 1 and len(pack) >= 200
    words = {t.simplified: t for t in pack}
    for required in (
        "第一书记",
        "两委",
        "村两委",
        "驻村",
        "党支部",
        "党总支",
        "党工委",
        "脱贫攻坚",
        "乡村振兴",
        "网格员",
        "积分超市",
        "三区三州",
        "六中全会",
        "一票否决",
        "帮扶",
    ):
        assert required in words, required
    assert words["第一书记"].definition == (
        "first secretary: an official posted by a higher-level body "
        "to lead a village's Party branch"
    )
    characters = sorted({c for t in pack for c in t.simplified})
    rows = Dictionary(cedict_db).readings_for(characters)
    for term in pack:
        assert len(term.pinyin.split()) == len(term.simplified), term.simplified
        assert term.tags, term.simplified
        for simplified, traditional in zip(term.simplified, term.traditional, strict=True):
            known = {r.traditional for r in rows.get(simplified, ()) if r.simplified == simplified}
            assert traditional in known, (term.simplified, simplified, traditional)


def test_pack_sync_is_versioned_and_keeps_user_copies(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    builtin = term_by_word(cedict_db, "驻村", "builtin")
    assert builtin is not None
    assert sync_builtin_pack(cedict_db) == 0  # already current
    edited, _ = glossary.edit(builtin.id, TermFields("驻村", "駐村", "zhu4 cun1", "my gloss"))
    assert edited.origin == "user"
    # A newer pack changes the built-in row but never the user's copy.
    cedict_db.execute("UPDATE terms SET definition = 'old' WHERE id = ?", (builtin.id,))
    cedict_db.execute("UPDATE meta SET value = '0' WHERE key = 'builtin_pack_version'")
    assert sync_builtin_pack(cedict_db) >= 1
    assert term_by_word(cedict_db, "驻村", "builtin").definition != "old"  # type: ignore[union-attr]
    assert glossary.visible_term("驻村").definition == "my gloss"  # type: ignore[union-attr]
    assert Dictionary(cedict_db).lookup("驻村").readings[0].source == "glossary (yours)"


def test_hidden_builtin_stays_hidden_after_pack_update(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    term = glossary.visible_term("两会")
    assert term is not None
    glossary.delete(term.id)
    assert glossary.visible_term("两会") is None
    cedict_db.execute("UPDATE meta SET value = '0' WHERE key = 'builtin_pack_version'")
    sync_builtin_pack(cedict_db)
    assert glossary.visible_term("两会") is None


def test_add_validates_and_keeps_context_and_status(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    with pytest.raises(GlossaryError, match="needs a definition"):
        glossary.add(TermFields("修路", "修路", "xiu1 lu4", ""))
    with pytest.raises(GlossaryError, match="1 syllables for 2 characters"):
        glossary.add(TermFields("修路", "修路", "xiu1", "road building"))
    with pytest.raises(GlossaryError, match="is not pinyin"):
        glossary.add(TermFields("修路", "修路", "xiu1 lu4ZZZ", "road building"))
    term, _ = glossary.add(
        TermFields("修路队", "", "xiū lù duì", "road crew", tags="rural, work"),
        ContextRef(None, "修路队来了。"),
    )
    assert (term.traditional, term.pinyin, term.tags) == ("修路队", "xiu1 lu4 dui4", "rural work")
    assert statuses_of(cedict_db, ["修路队"]) == {"修路队": "learning"}
    (entry,) = glossary.search("修路队")
    assert entry.contexts == ("修路队来了。",)


@pytest.mark.parametrize(
    ("text", "numbered"),
    [
        ("di4 yi1", "di4 yi1"),
        ("di4yi1", "di4 yi1"),
        ("dì yī", "di4 yi1"),
        ("lü4", "lu:4"),
        ("nu:3", "nu:3"),
    ],
)
def test_pinyin_input_forms(text: str, numbered: str) -> None:
    assert normalise_pinyin(text) == numbered


def test_search_by_hanzi_pinyin_english_and_filters(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    assert [e.term.simplified for e in glossary.search("diyi shuji")] == ["第一书记"]
    assert [e.term.simplified for e in glossary.search("第一書記")] == ["第一书记"]
    assert "积分超市" in [e.term.simplified for e in glossary.search("points supermarket")]
    rural = glossary.search("tag:rural")
    assert rural and all("rural" in e.term.tag_list for e in rural)
    glossary.add(TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "road crew"))
    assert [e.term.simplified for e in glossary.search("origin:user")] == ["修路队"]
    assert [e.term.simplified for e in glossary.search("status:learning")] == ["修路队"]


def test_sentence_and_concordance(demo_db_path: Path) -> None:
    text = "“群众的小事，就是我们的大事。”这是他说的话。"
    assert sentence_around(text, 3, 5) == "“群众的小事，就是我们的大事。”"
    endless = "群众的小事就是我们的大事" * 10_000  # no punctuation: no sentence to find
    middle = len(endless) // 2
    around = sentence_around(endless, middle, middle + 2)
    assert len(around) == 2 * SENTENCE_REACH + 2
    assert endless[middle - SENTENCE_REACH : middle + 2 + SENTENCE_REACH] == around
    database = open_db(demo_db_path)
    lines = Glossary(database).concordance("第一书记")
    assert lines and all("第一书记" in sentence for _, _, sentence in lines)
    assert lines[0][1] == "第一书记的三本笔记"


def test_segmentation_follows_the_glossary(demo_db_path: Path) -> None:
    database = open_db(demo_db_path)
    library = Library(database, Annotator(database, Segmenter()))
    outcome = library.import_text("标题\n\n我们讨论了修路队的问题。修路队很辛苦。", "a.txt")
    article_id = outcome.article_id or 0
    assert "修路队" not in tokens_of_article(database, article_id)
    revision = glossary_revision(database)
    _, affected = Glossary(database).add(TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "crew"))
    assert affected == [article_id]
    assert glossary_revision(database) == revision + 1
    assert library.stale_articles() == [article_id]  # the demo articles stayed current
    Library(database).resegment()
    assert tokens_of_article(database, article_id).count("修路队") == 2


def test_only_a_change_of_forms_or_pinyin_makes_articles_stale(demo_db_path: Path) -> None:
    """The cut and the readings take a term's forms and pinyin, never its definition, notes
    or tags: changing those re-cuts nothing."""
    database = open_db(demo_db_path)
    glossary, library = Glossary(database), Library(database)
    builtin = glossary.visible_term("第一书记")
    assert builtin is not None and library.stale_articles() == []
    revision = glossary_revision(database)
    own_words = replace(builtin.fields, definition="my gloss", notes="my note", tags="mine")
    copy, affected = glossary.edit(builtin.id, own_words)
    assert (copy.origin, affected, glossary_revision(database)) == ("user", [], revision)
    _, affected = glossary.add(replace(own_words, definition="my other gloss"))
    assert affected == [] and glossary.delete(copy.id) == []  # the built-in shows again
    assert library.stale_articles() == []
    _, affected = glossary.edit(builtin.id, replace(builtin.fields, pinyin="Di4 yi1 shu1 ji4"))
    assert affected == [1] and library.stale_articles() == [1]


def test_builtin_terms_are_single_tokens_in_the_seeds(cedict_db: Database, seeds: Path) -> None:
    library = Library(cedict_db)
    outcome = library.import_file(seeds / "003_470e56a3171ce0f6.txt")[0]
    tokens = tokens_of_article(cedict_db, outcome.article_id or 0)
    assert "第一书记" in tokens
    text = "".join(tokens)
    assert tokens.count("六中全会") >= text.count("六中全会") - text.count("十九届六中全会")


def test_unknown_compounds_are_cut_into_dictionary_words(cedict_db: Database) -> None:
    library = Library(cedict_db, Annotator(cedict_db, Segmenter()))
    outcome = library.import_text("标题\n\n这是一个好消息，乡亲们都很高兴。", "a.txt")
    tokens = tokens_of_article(cedict_db, outcome.article_id or 0)
    assert "一个" not in tokens and tokens[tokens.index("一") : tokens.index("一") + 2] == [
        "一",
        "个",
    ]
    assert "乡亲们" not in tokens and "乡亲" in tokens


def test_names_jieba_invented_stay_whole(cedict_db: Database) -> None:
    library = Library(cedict_db, Annotator(cedict_db, Segmenter()))
    outcome = library.import_text("标题\n\n东湾镇党委立即启动防汛应急预案。", "a.txt")
    tokens = tokens_of_article(cedict_db, outcome.article_id or 0)
    assert tokens[:2] == ["东湾", "镇党委"]


def test_tsv_round_trip_is_lossless(demo_db_path: Path, tmp_path: Path) -> None:
    source = open_db(demo_db_path)
    glossary = Glossary(source)
    glossary.add(
        TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "road crew\twith a tab", "note", "rural"),
        ContextRef(None, "修路队来了。"),
    )
    builtin = glossary.visible_term("驻村")
    assert builtin is not None
    glossary.edit(builtin.id, TermFields("驻村", "駐村", "zhu4 cun1", "my own gloss"))
    glossary.set_status(["第一书记"], "known")
    exported = io.StringIO()
    glossary.export_tsv(exported)
    target = open_db(tmp_path / "empty.db")
    sync_builtin_pack(target)
    report = Glossary(target).import_tsv(io.StringIO(exported.getvalue()))
    assert report.bad == [] and report.added == 2
    again = io.StringIO()
    Glossary(target).export_tsv(again)
    assert again.getvalue() == exported.getvalue()


def test_tsv_import_reports_every_bad_row_and_imports_nothing(cedict_db: Database) -> None:
    rows = [
        [
            "simplified",
            "traditional",
            "pinyin",
            "definition",
            "notes",
            "tags",
            "origin",
            "status",
            "contexts",
        ],
        ["修路队", "修路隊", "xiu1 lu4 dui4", "road crew", "", "", "user", "learning", "[]"],
        ["修路队", "修路隊", "xiu1 lu4 dui4", "again", "", "", "user", "new", "[]"],
        ["坏行", "", "huai4", "bad pinyin", "", "", "user", "new", "[]"],
        ["没意思", "", "mei2 yi4 si5", "", "", "", "user", "new", "[]"],
        ["状态", "", "zhuang4 tai4", "state", "", "", "user", "sleeping", "[]"],
        ["上下文", "", "shang4 xia4 wen2", "context", "", "", "user", "new", "not json"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t").writerows(rows)
    report = Glossary(cedict_db).import_tsv(io.StringIO(buffer.getvalue()))
    assert report.added == 0
    assert [n for n, _ in report.duplicates] == [3]
    assert [n for n, _ in report.bad] == [4, 5, 6, 7]
    assert Glossary(cedict_db).visible_term("修路队") is None  # all or nothing
    good = io.StringIO()
    csv.writer(good, delimiter="\t").writerows(rows[:3])
    report = Glossary(cedict_db).import_tsv(io.StringIO(good.getvalue()))
    assert (report.added, [n for n, _ in report.duplicates], report.bad) == (1, [3], [])
    with pytest.raises(GlossaryError, match="not a zhreader glossary TSV"):
        Glossary(cedict_db).import_tsv(io.StringIO("word\tmeaning\n"))


def test_pinyin_typed_without_tones_takes_the_dictionary_tones(cedict_db: Database) -> None:
    """`xian` for 西安 was stored xi5 an5 (all light) and shown xi'an beside CC-CEDICT's
    Xī'ān; tones typed as digits or marks are kept as typed."""
    glossary = Glossary(cedict_db)
    term, _ = glossary.add(TermFields("西安", "", "xian", "Xi'an"))
    assert term.pinyin == "Xi1 an1"
    term, _ = glossary.add(TermFields("驻村", "", "zhu cun", "stationed in a village"))
    assert term.pinyin == "zhu4 cun1"  # not in CC-CEDICT: pypinyin's tones
    term, _ = glossary.add(TermFields("方案", "", "fangan", "plan"))
    assert term.pinyin == "fang1 an4"  # by its letters: not fan + gan
    term, _ = glossary.add(TermFields("西安", "", "xi5 an5", "Xi'an"))
    assert term.pinyin == "xi5 an5"

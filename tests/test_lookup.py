from __future__ import annotations

import pytest

from db import Database
from db.terms import now_utc
from glossary.lookup import MAX_LOOKUP_CHARS, Dictionary, answer


def _add_term(
    database: Database, simplified: str, pinyin: str, definition: str, origin: str
) -> None:
    database.execute(
        "INSERT INTO terms (simplified, traditional, pinyin, definition, origin, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (simplified, simplified, pinyin, definition, origin, now_utc(), now_utc()),
    )


def test_every_reading_of_a_polyphone(cedict_db: Database) -> None:
    result = Dictionary(cedict_db).lookup("行")
    marked = [r.marked for r in result.readings]
    assert "xíng" in marked and "háng" in marked
    walk = next(r for r in result.readings if r.marked == "xíng")
    assert "to walk" in walk.definitions
    assert all(r.source == "CC-CEDICT" for r in result.readings)


def test_traditional_form_finds_the_same_entry(cedict_db: Database) -> None:
    result = Dictionary(cedict_db).lookup("黨員")
    assert result.found
    assert result.readings[0].simplified == "党员"
    assert result.readings[0].marked == "dǎngyuán"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("党员大会", ["党员", "大会"]),
        ("支部会议", ["支部", "会议"]),
        ("村里的路", ["村里", "的", "路"]),
    ],
)
def test_unknown_compounds_break_into_known_words(
    cedict_db: Database, word: str, parts: list[str]
) -> None:
    result = Dictionary(cedict_db).lookup(word)
    assert not result.found
    assert [p.text for p in result.breakdown] == parts
    assert all(p.readings for p in result.breakdown)
    assert [p.text for p in result.characters] == list(word)
    assert result.guessed_pinyin.split()[0] in {"dang3", "zhi1", "cun1"}


def test_domain_terms_come_from_the_builtin_pack(cedict_db: Database) -> None:
    for word in ("党支部", "第一书记", "村两委", "驻村", "党员干部"):
        result = Dictionary(cedict_db).lookup(word)
        assert result.readings[0].source == "glossary (built-in)", word
    result = Dictionary(cedict_db).lookup("第一书记")
    assert result.readings[0].definitions[0].startswith("first secretary: an official posted")
    assert result.readings[0].traditional == "第一書記"


def test_names_get_a_hint(cedict_db: Database) -> None:
    dictionary = Dictionary(cedict_db)
    assert dictionary.lookup("刘一学").name_hint == "person's name? (surname 刘)"
    assert dictionary.lookup("西关村").name_hint == "place name (村: village)"
    assert dictionary.lookup("刘一学").glossed


def test_common_senses_come_before_surnames(cedict_db: Database) -> None:
    part = Dictionary(cedict_db).lookup("党员大会").characters[0]
    assert part.readings[0].pinyin == "dang3"
    assert "party" in " ".join(part.readings[0].definitions)


def test_glossary_terms_take_precedence(cedict_db: Database) -> None:
    _add_term(cedict_db, "支部", "zhi1 bu4", "party branch (glossary)", "builtin")
    result = Dictionary(cedict_db).lookup("支部")
    assert result.readings[0].definitions == ("party branch (glossary)",)
    assert result.readings[0].source == "glossary (built-in)"
    assert result.readings[1].source == "CC-CEDICT"
    _add_term(cedict_db, "支部", "zhi1 bu4", "my own gloss", "user")
    result = Dictionary(cedict_db).lookup("支部")
    assert result.readings[0].definitions == ("my own gloss",)
    assert [r.source for r in result.readings].count("glossary (built-in)") == 0


def test_display_reading_follows_pypinyin_among_several(cedict_db: Database) -> None:
    dictionary = Dictionary(cedict_db)
    assert (
        dictionary.reading_for_display("银行", dictionary.lookup("银行").readings) == "yin2 hang2"
    )
    assert dictionary.reading_for_display("行", dictionary.lookup("行").readings) == "xing2"
    assert dictionary.reading_for_display("驻村", ()) == "zhu4 cun1"


def test_answer_takes_hanzi_pinyin_and_english(cedict_db: Database) -> None:
    """The one function behind `zhreader lookup` and the reader's look-up box."""
    dictionary = Dictionary(cedict_db)
    pinyin = answer(dictionary, "diyi shuji")
    assert pinyin.kind == "pinyin" and pinyin.entries[0].simplified == "第一书记"
    english = answer(dictionary, "village")
    assert english.kind == "english" and "村" in [e.simplified for e in english.entries]
    hanzi = answer(dictionary, "第一書記")
    assert hanzi.kind == "hanzi" and hanzi.result is not None and hanzi.result.found


@pytest.mark.parametrize(
    "query", ["!!!", "\x1b[31m\x07", "'", "%_", "a'", "diyi'", "x" * MAX_LOOKUP_CHARS, "第一" * 100]
)
def test_answer_copes_with_odd_input(cedict_db: Database, query: str) -> None:
    found = answer(Dictionary(cedict_db), query)
    assert found.kind in {"hanzi", "pinyin", "english"}
    assert all(isinstance(e.simplified, str) for e in found.entries)


def test_an_empty_query_matches_nothing_and_u_umlaut_is_its_own_vowel(cedict_db: Database) -> None:
    """`lookup ''` listed twenty arbitrary words; ü (typed ü, v or u:) is not u: lü is 绿,
    and lu is not."""
    from glossary.lookup import answer

    dictionary = Dictionary(cedict_db)
    for nothing in ("", "   ", "!!!"):
        assert answer(dictionary, nothing).entries == ()
    for green in ("lü", "lv", "lüse", "lvse"):
        assert "绿" in {entry.simplified[:1] for entry in answer(dictionary, green).entries}
    assert all(":" not in entry.pinyin for entry in answer(dictionary, "lu").entries)
    assert answer(dictionary, "nü er").entries[0].simplified == "女儿"


def test_a_character_read_its_unusual_way_comes_after_the_usual_ones(cedict_db: Database) -> None:
    """`xing`: 省 is common as shěng, so its xǐng follows 星, 行 and 醒; a surname-only
    entry (兴 Xīng) follows the words too."""
    entries = answer(Dictionary(cedict_db), "xing").entries
    order = [(e.simplified, e.pinyin) for e in entries]
    assert order.index(("醒", "xing3")) < order.index(("省", "xing3"))
    assert order.index(("星", "xing1")) < order.index(("兴", "Xing1"))
    assert order[0] == ("行", "xing2")

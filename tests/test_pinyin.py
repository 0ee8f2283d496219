from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import Database
from db.terms import TermFields
from glossary.pinyin import (
    NO_TONE,
    mark_syllable,
    marked_to_numbered,
    numbered_to_marked,
    pinyin_syllables,
    split_pinyin,
    syllables,
    toneless,
)
from glossary.terms import Glossary, GlossaryError, normalise_pinyin

INITIALS = [
    "",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "zh",
    "ch",
    "sh",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
]
FINALS = [
    "a",
    "o",
    "e",
    "ai",
    "ei",
    "ao",
    "ou",
    "an",
    "en",
    "ang",
    "eng",
    "ong",
    "er",
    "i",
    "ia",
    "ie",
    "iao",
    "iu",
    "ian",
    "in",
    "iang",
    "ing",
    "iong",
    "u",
    "ua",
    "uo",
    "uai",
    "ui",
    "uan",
    "un",
    "uang",
    "u:",
    "u:e",
    "u:an",
]
MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}

syllable_strategy = st.tuples(st.sampled_from(INITIALS), st.sampled_from(FINALS)).map("".join)


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("hao3", "hǎo"),
        ("zhong1 guo2", "zhōng guó"),
        ("nu:3", "nǚ"),
        ("lv4", "lǜ"),
        ("lu:e4", "lüè"),
        ("gui4", "guì"),
        ("liu2", "liú"),
        ("zou3", "zǒu"),
        ("er2", "ér"),
        ("Xi2 Jin4 ping2", "Xí Jìn píng"),
        ("wan2 r5", "wán r"),
        ("de5", "de"),
        ("ng2", "ńg"),
        ("san1 C", "sān C"),
        ("E2", "É"),
    ],
)
def test_known_conversions(numbered: str, marked: str) -> None:
    assert numbered_to_marked(numbered) == marked


def test_compact_form_follows_orthography() -> None:
    assert numbered_to_marked("Xi1 an1", compact=True) == "Xī'ān"
    assert numbered_to_marked("Xi2 Jin4 ping2", compact=True) == "Xí Jìnpíng"
    assert numbered_to_marked("di4 yi1 shu1 ji4", compact=True) == "dìyīshūjì"


def test_tones_for_colouring() -> None:
    assert [s.tone for s in syllables("hao3 ma5 , A")] == [3, 5, NO_TONE, NO_TONE]


@given(syllable_strategy, st.integers(min_value=1, max_value=4), st.booleans())
def test_marked_syllable_has_exactly_one_mark_on_the_right_vowel(
    letters: str, tone: int, capital: bool
) -> None:
    if capital:
        letters = letters[:1].upper() + letters[1:]
    result = mark_syllable(f"{letters}{tone}")
    marks = [MARKS[c] for c in unicodedata.normalize("NFD", result.text) if c in MARKS]
    assert marks == [tone]
    assert result.tone == tone
    # Strip the tone mark from each composed character to find which vowel carries it.
    plain = []
    marked_index = -1
    for index, char in enumerate(result.text):
        parts = unicodedata.normalize("NFD", char)
        if any(c in MARKS for c in parts):
            marked_index = index
        plain.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in MARKS)))
    lowered = "".join(plain).lower()
    vowel = lowered[marked_index]
    if "a" in lowered:
        assert vowel == "a"
    elif "e" in lowered:
        assert vowel == "e"
    elif "ou" in lowered:
        assert vowel == "o"
    else:
        assert vowel in "iouü"
        assert all(c not in "aeiouü" for c in lowered[marked_index + 1 :])


@given(syllable_strategy, st.integers(min_value=1, max_value=5))
def test_numbered_marked_round_trip(letters: str, tone: int) -> None:
    marked = mark_syllable(f"{letters}{tone}").text
    assert marked_to_numbered(marked) == f"{letters}{tone}"
    assert numbered_to_marked(marked_to_numbered(marked)) == marked


@given(st.lists(st.tuples(syllable_strategy, st.integers(1, 5)), min_size=1, max_size=5))
def test_toneless_strips_marks_and_digits(parts: list[tuple[str, int]]) -> None:
    numbered = " ".join(f"{s}{t}" for s, t in parts)
    expected = " ".join(s.replace("u:", "u") for s, _ in parts)
    assert toneless(numbered_to_marked(numbered)) == expected
    assert toneless(numbered) == expected


# --- splitting pinyin written joined by words ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "count", "numbered"),
    [
        ("yòngxīn yòngqíng", 4, "yong4 xin1 yong4 qing2"),
        ("Zhōnghuá mínzú", 4, "Zhong1 hua2 min2 zu2"),
        ("yong4xin1 yong4qing2", 4, "yong4 xin1 yong4 qing2"),
        ("ta1men", 2, "ta1 men5"),  # a syllable with no digit is read neutral
        ("dìyī shūjì", 4, "di4 yi1 shu1 ji4"),
        ("diyi shuji", 4, "di5 yi5 shu5 ji5"),
        ("Xī'ān", 2, "Xi1 an1"),
        ("Xī’ān", 2, "Xi1 an1"),  # a typographic apostrophe
        ("Xi1'an1", 2, "Xi1 an1"),
        ("Tiān'ānmén", 3, "Tian1 an1 men2"),
        ("nǚ'ér", 2, "nu:3 er2"),
        ("lve4", 1, "lu:e4"),
        ("wánr", 2, "wan2 r5"),  # CC-CEDICT's erhua syllable
        ("yìdiǎnr", 3, "yi4 dian3 r5"),
        ("Dèng Wéinà", 3, "Deng4 Wei2 na4"),
    ],
)
def test_split_pinyin_joined_by_words(typed: str, count: int, numbered: str) -> None:
    assert split_pinyin(typed, count) == numbered.split()


@pytest.mark.parametrize(
    ("typed", "count", "numbered"),
    [
        ("xian", 1, "xian5"),  # orthography: one syllable ...
        ("xian", 2, "xi5 an5"),  # ... unless the word has two characters
        ("xīān", 2, "xi1 an1"),  # two tone marks cannot share a syllable
        ("fangan", 2, "fan5 gan5"),  # fang'an would need the apostrophe
        ("fāng'àn", 2, "fang1 an4"),
        ("tiananmen", 3, "tian5 an5 men5"),
    ],
)
def test_ambiguous_splits_follow_the_character_count(typed: str, count: int, numbered: str) -> None:
    assert split_pinyin(typed, count) == numbered.split()


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("yongxin yong", 4),  # three syllables
        ("yòngxīn", 3),
        ("huai4", 2),  # a tone digit ends one syllable
        ("huài", 2),  # not hu + ài: a marked text marks both sides of a split vowel
        ("xiān", 2),
        ("yong", 2),  # not yo + ng: syllabic nasals stand alone only
        ("xyz", 1),
        ("第一", 2),
        ("di4 4", 2),  # a tone digit with no syllable
        ("hao7", 1),
        ("ni3 hao3 ☺", 2),
        ("", 1),
        ("a" * 400, 400),  # longer than any term's reading
    ],
)
def test_split_pinyin_refuses_what_cannot_be_split(typed: str, count: int) -> None:
    assert split_pinyin(typed, count) is None


def test_split_pinyin_without_a_count_follows_orthography() -> None:
    assert split_pinyin("xian") == ["xian5"]
    assert split_pinyin("Xī'ān") == ["Xi1", "an1"]
    assert split_pinyin("yongxin yong") == ["yong5", "xin5", "yong5"]
    assert split_pinyin("hello world") is None


def test_syllables_come_from_pypinyin_data() -> None:
    syllables_known = pinyin_syllables()
    assert {"zhuang", "lü", "lüe", "nü", "er", "ng", "xian"} <= syllables_known
    assert "xyz" not in syllables_known and 400 < len(syllables_known) < 450


real_syllables = st.deferred(
    lambda: st.sampled_from(sorted(pinyin_syllables() - {"m", "n", "ng", "hm", "hng", "ê"}))
)


@given(st.lists(st.tuples(real_syllables, st.integers(1, 4)), min_size=1, max_size=5))
def test_zhreaders_own_joined_pinyin_splits_back(parts: list[tuple[str, int]]) -> None:
    """What zhreader shows (compact: zhōngguó, Xī'ān) is accepted back as typed input."""
    numbered = " ".join(f"{s.replace('ü', 'u:')}{tone}" for s, tone in parts)
    joined = numbered_to_marked(numbered, compact=True)
    assert split_pinyin(joined, len(parts)) == numbered.split()


def test_normalise_pinyin_splits_only_when_the_count_needs_it() -> None:
    assert normalise_pinyin("yòngxīn yòngqíng", 4) == "yong4 xin1 yong4 qing2"
    assert normalise_pinyin("dì yī", 2) == "di4 yi1"
    assert normalise_pinyin("ka3 la1 OK", 2) == "ka3 la1 OK"  # Latin letters stay as typed
    assert normalise_pinyin("yòngxīn yòngqíng") == "yongxin1 yongqing2"  # no count: as before


def test_glossary_takes_joined_pinyin_and_refuses_a_wrong_count(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    term, _ = glossary.add(TermFields("用心用情", "", "yòngxīn yòngqíng", "with heart and soul"))
    assert term.pinyin == "yong4 xin1 yong4 qing2"
    with pytest.raises(GlossaryError) as error:
        glossary.add(TermFields("用心用情", "", "yongxin yong", "with heart and soul"))
    assert str(error.value) == "用心用情: pinyin 'yongxin yong' has 3 syllables for 4 characters"
    with pytest.raises(GlossaryError, match="is not pinyin"):
        glossary.add(TermFields("用心用情", "", "xyz", "with heart and soul"))

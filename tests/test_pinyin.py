from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.pinyin import (
    NO_TONE,
    mark_syllable,
    marked_to_numbered,
    numbered_to_marked,
    syllables,
    toneless,
)

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

"""The learner's corrections in the store, and the Annotator honouring them."""

from __future__ import annotations

import pytest

from db import Database
from db.corrections import add_split, choose_reading, split_rules
from glossary.corrections import split_token
from glossary.segment import Annotator, Segmenter
from glossary.terms import GlossaryError


def test_splits_and_everywhere_readings_change_the_cut(
    cedict_db: Database, segmenter: Segmenter
) -> None:
    text = "洪江区桂花园乡的乡亲说，区桂不是词。"
    assert "区桂" in Annotator(cedict_db, segmenter).cut(text).tokens
    add_split(cedict_db, "区桂", 1)
    add_split(cedict_db, "区桂", 1)  # twice is once
    choose_reading(cedict_db, "说", "shui4")
    assert split_rules(cedict_db) == {"区桂": (1,)}
    cut = Annotator(cedict_db, segmenter).cut(text)
    assert "区桂" not in cut.tokens and "".join(cut.tokens) == text
    assert cut.readings[cut.tokens.index("说")] == "shui4"


def test_an_occurrence_choice_wins_at_its_place_only(
    cedict_db: Database, segmenter: Segmenter
) -> None:
    text = "他说：我说了。"
    cut = Annotator(cedict_db, segmenter).cut(text, {1: ("说", "shui4"), 0: ("它", "x")})
    readings = [r for t, r in zip(cut.tokens, cut.readings, strict=True) if t == "说"]
    assert readings == ["shui4", "shuo1"]
    assert cut.readings[0] == "ta1"  # a choice for another word at that place is ignored


def test_only_a_chinese_word_can_be_split_inside(cedict_db: Database) -> None:
    for word, offset in (("区桂", 0), ("区桂", 2), ("ab", 1)):
        with pytest.raises(GlossaryError):
            split_token(cedict_db, word, offset)
    assert split_rules(cedict_db) == {}

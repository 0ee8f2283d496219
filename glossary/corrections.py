"""The learner's corrections of a cut or a reading, made from the reader (`b`, `r`)."""

from __future__ import annotations

from db import Database
from db.corrections import (
    ReadingPlace,
    add_split,
    choose_reading,
    forget_reading,
    remove_split,
    split_rules,
)
from glossary.script import has_han
from glossary.terms import GlossaryError, _segmentation_changed


def split_token(database: Database, word: str, offset: int) -> list[int]:
    """Cut `word` before its character `offset` from now on; return the articles to re-cut."""
    if not has_han(word) or not 0 < offset < len(word):
        raise GlossaryError(f"cannot split {word} there: move to a character inside the word")
    with database.atomic():
        add_split(database, word, offset)
        return _segmentation_changed(database, [word])


def split_at(text: str, position: int, rules: dict[str, tuple[int, ...]]) -> tuple[str, int] | None:
    """The learner's split (word, offset) that cuts `text` just before `position`, if any."""
    for word, offsets in rules.items():
        for offset in offsets:
            start = position - offset
            if start >= 0 and text[start : start + len(word)] == word:
                return word, offset
    return None


def join_split(database: Database, text: str, position: int) -> tuple[str, list[int]] | None:
    """Undo the learner's split that cuts `text` before `position`: the word joined again,
    and the articles to re-cut; None when no split of theirs is there."""
    with database.atomic():
        found = split_at(text, position, split_rules(database))
        if found is None:
            return None
        word, offset = found
        remove_split(database, word, offset)
        return word, _segmentation_changed(database, [word])


def set_reading(
    database: Database, word: str, pinyin: str, place: ReadingPlace | None = None
) -> list[int]:
    """Read `word` as `pinyin` at one place or everywhere (with `pinyin` empty: as context
    decides again, the learner's choice forgotten); return the articles to re-cut."""
    if not has_han(word):
        raise GlossaryError("only Chinese words have readings")
    with database.atomic():
        if pinyin:
            choose_reading(database, word, pinyin, place)
        elif not forget_reading(database, word, place):
            return []
        if place is not None:
            return [place.article_id]
        return _segmentation_changed(database, [word])

"""Check the cut against a hand-checked list of names, non-names and units (tests/data/).

Shared by the tests and `bench/run.py`, so the figure and the guard count the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glossary.names import is_name_reading
from glossary.segment import Annotator


@dataclass(frozen=True)
class Entry:
    """One line of the list: `kind` is name, not_name or whole."""

    kind: str
    word: str
    sentence: str


@dataclass(frozen=True)
class Audit:
    false_name_hints: list[str]
    missed_names: list[str]
    over_splits: list[str]


def read_entries(path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, word, sentence = line.split("\t")
        entries.append(Entry(kind, word, sentence))
    return entries


def audit(annotator: Annotator, entries: list[Entry]) -> Audit:
    """Cut each sentence and compare the tokens covering the entry's word with the list.

    A word is shown as a name when one token is exactly the word and its reading is written
    as a name; it is over-split when token edges fall on both its ends and inside it.
    """
    false_hints: list[str] = []
    missed: list[str] = []
    over_splits: list[str] = []
    for entry in entries:
        cut = annotator.cut(entry.sentence)
        start = entry.sentence.index(entry.word)
        end = start + len(entry.word)
        starts = {e - len(t) for e, t in zip(cut.token_ends, cut.tokens, strict=True)}
        edges = starts | set(cut.token_ends)
        readings = {
            (e - len(t), e): r
            for e, t, r in zip(cut.token_ends, cut.tokens, cut.readings, strict=True)
        }
        shown_as_name = is_name_reading(readings.get((start, end), ""))
        if entry.kind == "name" and not shown_as_name:
            missed.append(entry.word)
        elif entry.kind == "not_name" and shown_as_name:
            false_hints.append(entry.word)
        elif entry.kind == "whole":
            inside = any(start < edge < end for edge in edges)
            if inside and start in edges and end in edges:
                over_splits.append(entry.word)
    return Audit(false_hints, missed, over_splits)

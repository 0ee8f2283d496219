"""Known (and learning, ignored) words as a first-class list: list, export, import.

Importing a list marks every word in one transaction. A list is one word a line or a TSV
whose first column holds the word; `#` comments, a header row and blank lines are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from db import Database, ZhreaderError
from db.terms import STATUSES, Status, set_status, statuses_of
from db.words import StatusRow, status_rows
from glossary.levels import BAND, DEFAULT_STANDARD, hsk_words, level_label
from glossary.script import could_be_word

HEADER_WORDS = {"word", "simplified", "hanzi", "词", "词语", "单词"}
TSV_COLUMNS = ("word", "status", "hsk_level", "pinyin", "definition", "term", "changed_at")


class WordsError(ZhreaderError):
    """A word list or an option the user gave cannot be used."""


@dataclass(frozen=True)
class WordRow:
    """One word with a status, as `zhreader words` lists it."""

    word: str
    status: str
    changed_at: str
    is_term: bool
    hsk_level: int | None
    pinyin: str
    definition: str

    def to_json(self, standard: str) -> dict[str, object]:
        return {
            "word": self.word,
            "status": self.status,
            "hsk_level": self.hsk_level,
            "hsk_label": level_label(self.hsk_level, standard),
            "pinyin": self.pinyin,
            "definition": self.definition,
            "term": self.is_term,
            "changed_at": self.changed_at,
        }


@dataclass
class WordImport:
    """What an import did: words marked, already so, and lines refused (number, reason)."""

    marked: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def parse_levels(text: str, standard: str = DEFAULT_STANDARD) -> set[int]:
    """`3`, `1-3` or `7-9` → the levels they name (7-9 is the one band, carried as 7)."""
    top = 6 if standard == "2.0" else BAND
    cleaned = text.strip().lower().removeprefix("hsk").strip()
    if cleaned == "7-9" and standard != "2.0":
        return {BAND}
    low, dash, high = cleaned.partition("-")
    try:
        first = int(low)
        last = int(high) if dash else first
    except ValueError:
        raise WordsError(f"HSK levels look like 3, 1-3 or 7-9, not {text!r}") from None
    last = min(last, top) if last >= BAND else last
    if not 1 <= first <= last <= top:
        raise WordsError(f"HSK levels go from 1 to {top} in this standard, not {text!r}")
    return set(range(first, last + 1))


def list_words(
    database: Database,
    status: str | None = None,
    levels: set[int] | None = None,
    standard: str = DEFAULT_STANDARD,
) -> list[WordRow]:
    """Every word with a status (terms or not), with its level and primary sense (the one
    `primary_sense` gives, CC-CEDICT's markup made readable)."""
    if status is not None and status not in STATUSES:
        raise WordsError(f"status must be one of {', '.join(STATUSES)}")
    rows: list[StatusRow] = status_rows(database, status)
    table = hsk_words(standard)
    if levels is not None:
        rows = [r for r in rows if table.get(r.word) in levels]
    from glossary.cedict_display import readable_definitions
    from glossary.lookup import Dictionary
    from glossary.pinyin import pypinyin_numbered
    from glossary.senses import default_reading, primary_sense

    dictionary = Dictionary(database)
    readings = dictionary.readings_for([r.word for r in rows]) if rows else {}
    senses = {}
    numbered = []  # the pinyin each word is listed with; pypinyin's for a word nobody knows
    for row in rows:
        found = readings.get(row.word, ())
        senses[row.word] = reading = primary_sense(found, default_reading(row.word, found))
        pinyin = reading.pinyin if reading else " ".join(pypinyin_numbered(row.word))
        numbered.append((row.word, pinyin))
    written = dictionary.written_pinyin(numbered)  # word by word, as the reader writes it
    result = []
    for row in rows:
        reading = senses[row.word]
        result.append(
            WordRow(
                row.word,
                row.status,
                row.changed_at,
                row.is_term,
                table.get(row.word),
                written[row.word],
                "; ".join(readable_definitions(reading.definitions[:3])) if reading else "",
            )
        )
    return result


def write_words_tsv(rows: Iterable[WordRow], stream: TextIO, standard: str) -> int:
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                row.word,
                row.status,
                level_label(row.hsk_level, standard).removeprefix("HSK "),
                row.pinyin,
                row.definition,
                "yes" if row.is_term else "",
                row.changed_at,
            ]
        )
        count += 1
    return count


def words_from_lines(lines: Iterable[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Words from a list (one a line, or a TSV's first column) and the lines refused."""
    words: list[str] = []
    refused: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        word = text.split("\t", 1)[0].strip()
        if number == 1 and word.lower() in HEADER_WORDS:
            continue
        if not could_be_word(word):
            refused.append((number, f"not a Chinese word: {word[:20]!r}"))
            continue
        words.append(word)
    return list(dict.fromkeys(words)), refused


def mark_words(database: Database, words: list[str], status: str) -> WordImport:
    """Give every word `status` in one transaction; words already so are left alone."""
    if status not in STATUSES:
        raise WordsError(f"status must be one of {', '.join(STATUSES)}")
    current = statuses_of(database, words)
    changing = [w for w in words if current.get(w, "new") != status]
    with database.atomic():
        set_status(database, changing, Status(status))
    return WordImport(marked=len(changing), unchanged=len(words) - len(changing))


def import_word_list(database: Database, stream: TextIO, status: str) -> WordImport:
    words, refused = words_from_lines(stream)
    report = mark_words(database, words, status)
    report.refused = refused
    return report


def hsk_word_list(levels: set[int], standard: str = DEFAULT_STANDARD) -> list[str]:
    """Every word of the given levels, for "I know HSK 1–3"."""
    return sorted(word for word, level in hsk_words(standard).items() if level in levels)

"""The learner's corrections from the reader: where to split a token, and which reading a word
has (at one place, or everywhere). The segmenter honours both on every cut."""

from __future__ import annotations

from dataclasses import dataclass

from db import Database
from db.store import sql
from db.terms import now_utc


@dataclass(frozen=True)
class ReadingPlace:
    """One occurrence of a word: the paragraph and character offset in an article."""

    article_id: int
    paragraph: int
    start: int


def add_split(database: Database, word: str, offset: int) -> None:
    """From now on, cut the token `word` before its character `offset` (1 … len-1)."""
    if not 0 < offset < len(word):
        raise ValueError(f"cannot split {word!r} at {offset}")
    with database.atomic():
        sql(database).execute(
            "INSERT OR IGNORE INTO cut_splits (word, offset, created_at) VALUES (?, ?, ?)",
            (word, offset, now_utc()),
        )


def remove_split(database: Database, word: str, offset: int) -> bool:
    """Forget the learner's split of `word` before its character `offset`; whether it was."""
    with database.atomic():
        cursor = sql(database).execute(
            "DELETE FROM cut_splits WHERE word = ? AND offset = ?", (word, offset)
        )
    return bool(cursor.rowcount)


def split_rules(database: Database) -> dict[str, tuple[int, ...]]:
    """Every split the learner made: token → the offsets to cut it at, ascending."""
    rules: dict[str, list[int]] = {}
    for word, offset in sql(database).execute(
        "SELECT word, offset FROM cut_splits ORDER BY word, offset"
    ):
        rules.setdefault(word, []).append(offset)
    return {word: tuple(offsets) for word, offsets in rules.items()}


def _place_columns(place: ReadingPlace | None) -> tuple[int | None, int | None, int | None]:
    """(article_id, paragraph, start) as stored: all NULL for a choice that holds everywhere."""
    return (place.article_id, place.paragraph, place.start) if place else (None, None, None)


def choose_reading(
    database: Database, word: str, pinyin: str, place: ReadingPlace | None = None
) -> None:
    """Read `word` as `pinyin` (numbered) at `place`, or everywhere when `place` is None."""
    with database.atomic():
        forget_reading(database, word, place)
        sql(database).execute(
            "INSERT INTO reading_choices (word, pinyin, article_id, paragraph, start, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (word, pinyin, *_place_columns(place), now_utc()),
        )


def forget_reading(database: Database, word: str, place: ReadingPlace | None = None) -> bool:
    """Drop the learner's reading of `word` at `place` (or everywhere): context decides it
    again. Returns whether there was one."""
    with database.atomic():
        cursor = sql(database).execute(
            "DELETE FROM reading_choices WHERE word = ? AND article_id IS ? "
            "AND paragraph IS ? AND start IS ?",
            (word, *_place_columns(place)),
        )
    return bool(cursor.rowcount)


def chosen_readings(database: Database, word: str, place: ReadingPlace) -> tuple[str, str]:
    """The learner's readings of `word`: (at `place`, everywhere), '' where none was chosen."""
    here = everywhere = ""
    for pinyin, article_id in sql(database).execute(
        "SELECT pinyin, article_id FROM reading_choices WHERE word = ? AND ("
        "article_id IS NULL OR (article_id = ? AND paragraph = ? AND start = ?))",
        (word, place.article_id, place.paragraph, place.start),
    ):
        if article_id is None:
            everywhere = pinyin
        else:
            here = pinyin
    return here, everywhere


def readings_everywhere(database: Database) -> dict[str, str]:
    """Word → the reading the learner chose for it everywhere."""
    rows = (
        sql(database)
        .execute("SELECT word, pinyin FROM reading_choices WHERE article_id IS NULL")
        .fetchall()
    )
    return {word: pinyin for word, pinyin in rows}


def readings_in_article(
    database: Database, article_id: int
) -> dict[int, dict[int, tuple[str, str]]]:
    """Paragraph → start offset → (word, reading) chosen for single occurrences."""
    chosen: dict[int, dict[int, tuple[str, str]]] = {}
    for word, pinyin, paragraph, start in sql(database).execute(
        "SELECT word, pinyin, paragraph, start FROM reading_choices WHERE article_id = ?",
        (article_id,),
    ):
        chosen.setdefault(paragraph, {})[start] = (word, pinyin)
    return chosen

"""Word frequency ranks (for frequency bands), stored once per database."""

from __future__ import annotations

from collections.abc import Iterable

from db import Database
from db.meta import get_meta, set_meta
from db.store import sql

_BUILT_KEY = "frequency_source"


def frequency_built(database: Database) -> bool:
    return get_meta(database, _BUILT_KEY) is not None


def store_frequency_ranks(
    database: Database, ranks: Iterable[tuple[str, int]], source: str
) -> None:
    """Replace the stored ranks in one transaction."""
    with database.atomic():
        sql(database).execute("DELETE FROM word_frequency")
        sql(database).conn.executemany(
            "INSERT OR IGNORE INTO word_frequency (word, rank) VALUES (?, ?)", ranks
        )
        set_meta(database, _BUILT_KEY, source)


def frequency_ranks(database: Database, words: list[str]) -> dict[str, int]:
    """Rank of each word among the commonest (1 = commonest); absent words are rarer."""
    found: dict[str, int] = {}
    for start in range(0, len(words), 800):
        chunk = words[start : start + 800]
        marks = ",".join("?" * len(chunk))
        found.update(
            sql(database)
            .execute(f"SELECT word, rank FROM word_frequency WHERE word IN ({marks})", chunk)
            .fetchall()
        )
    return found

"""Which revision of the readings method each article's stored pinyin was decided with.

Kept apart from the glossary's cut revision: a new readings method re-decides every article,
a glossary change only those containing the changed word.
"""

from __future__ import annotations

from collections.abc import Iterable

from db import Database
from db.store import sql


def articles_with_old_readings(database: Database, revision: int) -> list[int]:
    rows = (
        sql(database)
        .execute("SELECT id FROM articles WHERE readings_revision < ? ORDER BY id", (revision,))
        .fetchall()
    )
    return [row[0] for row in rows]


def mark_readings(database: Database, article_ids: Iterable[int], revision: int) -> None:
    """Record the revision; call inside the transaction that wrote the readings."""
    sql(database).conn.executemany(
        "UPDATE articles SET readings_revision = ? WHERE id = ?",
        ((revision, article_id) for article_id in article_ids),
    )

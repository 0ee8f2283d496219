"""Small named values kept in the `meta` table (pack version, demo flag, revisions)."""

from __future__ import annotations

from db import Database
from db.store import sql


def get_meta(database: Database, key: str) -> str | None:
    row = sql(database).execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(database: Database, key: str, value: str) -> None:
    sql(database).execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

"""Every word with a status, glossary term or not."""

from __future__ import annotations

from dataclasses import dataclass

from db import Database
from db.store import sql


@dataclass(frozen=True)
class StatusRow:
    word: str
    status: str
    changed_at: str
    is_term: bool


def status_rows(database: Database, status: str | None = None) -> list[StatusRow]:
    """Words with a stored status (optionally one status), in character order."""
    where = "WHERE s.status = ?" if status else ""
    rows = (
        sql(database)
        .execute(
            "SELECT s.word, s.status, s.changed_at, EXISTS (SELECT 1 FROM terms t "
            "WHERE t.simplified = s.word AND t.hidden = 0) FROM word_status s "
            f"{where} ORDER BY s.word",
            (status,) if status else (),
        )
        .fetchall()
    )
    return [StatusRow(w, s, c, bool(t)) for w, s, c, t in rows]


def status_counts_over_time(database: Database) -> list[tuple[str, str, str]]:
    """(word, status, changed_at) for every status change, oldest first."""
    rows = (
        sql(database)
        .execute("SELECT word, status, changed_at FROM status_log ORDER BY changed_at")
        .fetchall()
    )
    return [(str(w), str(s), str(c)) for w, s, c in rows]

"""Study cards (FSRS state per term and direction), the review log, and settings.

Times are ISO-8601 UTC strings (`2026-01-02T03:04:05+00:00`), which sort as times.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from db import Database
from db.store import chunks_for_in, sql


class CardKind(StrEnum):
    """The two cards of a term: hanzi to meaning, and meaning to hanzi."""

    RECOGNITION = "recognition"
    PRODUCTION = "production"


CARD_KINDS = tuple(CardKind)
_CARD_COLUMNS = "c.id, c.term_id, c.kind, c.state, c.due, c.created_at"


@dataclass(frozen=True)
class CardRow:
    """A study card as stored, with its fsrs state."""

    id: int
    term_id: int
    kind: CardKind
    state: str  # fsrs Card JSON
    due: str
    created_at: str


def _card_row(row: Sequence[object]) -> CardRow:
    card_id, term_id, kind, state, due, created_at = row
    return CardRow(card_id, term_id, CardKind(kind), state, due, created_at)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReviewRow:
    id: int
    card_id: int
    rating: int
    reviewed_at: str
    duration_ms: int | None
    previous_state: str
    log: str


def learning_term_ids(database: Database) -> list[int]:
    """Visible terms whose word the learner is learning: the ones that get cards."""
    rows = (
        sql(database)
        .execute(
            "SELECT t.id FROM terms t JOIN word_status s ON s.word = t.simplified "
            "WHERE s.status = 'learning' AND t.hidden = 0 AND (t.origin = 'user' OR NOT EXISTS "
            "(SELECT 1 FROM terms u WHERE u.simplified = t.simplified AND u.origin = 'user')) "
            "ORDER BY s.changed_at, t.id"
        )
        .fetchall()
    )
    return [row[0] for row in rows]


def missing_cards(database: Database, term_ids: Sequence[int]) -> list[tuple[int, CardKind]]:
    """(term id, kind) pairs that have no card yet."""
    if not term_ids:
        return []
    existing = set()
    for chunk, marks in chunks_for_in(term_ids):
        existing.update(
            sql(database)
            .execute(f"SELECT term_id, kind FROM cards WHERE term_id IN ({marks})", chunk)
            .fetchall()
        )
    return [(t, k) for t in term_ids for k in CARD_KINDS if (t, k) not in existing]


def insert_card(
    database: Database, term_id: int, kind: CardKind, state: str, due: str, at: str
) -> int:
    cursor = sql(database).execute(
        "INSERT INTO cards (term_id, kind, state, due, created_at) VALUES (?, ?, ?, ?, ?)",
        (term_id, kind, state, due, at),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_card_state(database: Database, card_id: int, state: str, due: str) -> None:
    sql(database).execute("UPDATE cards SET state = ?, due = ? WHERE id = ?", (state, due, card_id))


def get_card(database: Database, card_id: int) -> CardRow | None:
    row = (
        sql(database)
        .execute(f"SELECT {_CARD_COLUMNS} FROM cards c WHERE c.id = ?", (card_id,))
        .fetchone()
    )
    return _card_row(row) if row else None


def _study_filter(tag: str | None, article_id: int | None) -> tuple[str, list[object]]:
    clauses = [
        "EXISTS (SELECT 1 FROM word_status s WHERE s.word = t.simplified "
        "AND s.status = 'learning')",
        "t.hidden = 0",
    ]
    params: list[object] = []
    if tag:
        clauses.append("(' ' || t.tags || ' ') LIKE ?")
        params.append(f"% {tag} %")
    if article_id is not None:
        clauses.append(
            "(EXISTS (SELECT 1 FROM contexts x WHERE x.term_id = t.id AND x.article_id = ?) "
            "OR EXISTS (SELECT 1 FROM article_words w WHERE w.article_id = ? "
            "AND w.word = t.simplified))"
        )
        params.extend([article_id, article_id])
    return " AND ".join(clauses), params


def due_cards(
    database: Database, now: str, tag: str | None = None, article_id: int | None = None
) -> list[CardRow]:
    """Cards already studied whose due time has come, most overdue first."""
    where, params = _study_filter(tag, article_id)
    rows = (
        sql(database)
        .execute(
            f"SELECT {_CARD_COLUMNS} FROM cards c JOIN terms t ON t.id = c.term_id WHERE {where} "
            "AND c.due <= ? AND EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id) "
            "ORDER BY c.due, c.id",
            [*params, now],
        )
        .fetchall()
    )
    return [_card_row(row) for row in rows]


def new_cards(
    database: Database, limit: int, tag: str | None = None, article_id: int | None = None
) -> list[CardRow]:
    """Cards never reviewed, oldest first; recognition before production for a term."""
    if limit <= 0:
        return []
    where, params = _study_filter(tag, article_id)
    rows = (
        sql(database)
        .execute(
            f"SELECT {_CARD_COLUMNS} FROM cards c JOIN terms t ON t.id = c.term_id WHERE {where} "
            "AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id) "
            "ORDER BY c.created_at, c.term_id, c.kind = 'production' LIMIT ?",
            [*params, limit],
        )
        .fetchall()
    )
    return [_card_row(row) for row in rows]


def new_cards_started_since(database: Database, since: str) -> int:
    """Cards whose first review happened at or after `since` (for the daily new limit)."""
    row = (
        sql(database)
        .execute(
            "SELECT count(*) FROM (SELECT card_id, min(reviewed_at) AS first FROM reviews "
            "GROUP BY card_id) WHERE first >= ?",
            (since,),
        )
        .fetchone()
    )
    return int(row[0])


def record_review(
    database: Database,
    card_id: int,
    new_state: str,
    due: str,
    rating: int,
    reviewed_at: str,
    duration_ms: int | None,
    previous_state: str,
    log: str,
) -> int:
    """Save a grade and the card's new state together, committed at once."""
    with database.atomic():
        cursor = sql(database).execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, duration_ms, previous_state, log) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (card_id, rating, reviewed_at, duration_ms, previous_state, log),
        )
        set_card_state(database, card_id, new_state, due)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def undo_review(database: Database, review_id: int) -> int | None:
    """Delete a review and restore the card's previous state; returns the card id."""
    row = (
        sql(database)
        .execute("SELECT card_id, previous_state FROM reviews WHERE id = ?", (review_id,))
        .fetchone()
    )
    if row is None:
        return None
    card_id, previous = row
    due = _seconds_iso(json.loads(previous).get("due", ""))
    with database.atomic():
        sql(database).execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        set_card_state(database, card_id, previous, due)
    return int(card_id)


def _seconds_iso(value: str) -> str:
    """The same UTC, second-precision form as every other stored time (they sort as text)."""
    if not value:
        return value
    return datetime.fromisoformat(value).astimezone(UTC).isoformat(timespec="seconds")


def due_times(database: Database) -> list[str]:
    """Due times of every studied card of a term still being learnt."""
    rows = (
        sql(database)
        .execute(
            "SELECT c.due FROM cards c JOIN terms t ON t.id = c.term_id "
            "JOIN word_status s ON s.word = t.simplified AND s.status = 'learning' "
            "WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id)"
        )
        .fetchall()
    )
    return [row[0] for row in rows]


def reviews_since(database: Database, since: str) -> list[ReviewRow]:
    rows = (
        sql(database)
        .execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, previous_state, log "
            "FROM reviews WHERE reviewed_at >= ? ORDER BY reviewed_at",
            (since,),
        )
        .fetchall()
    )
    return [ReviewRow(*row) for row in rows]


def get_setting(database: Database, key: str, default: str) -> str:
    row = sql(database).execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_setting(database: Database, key: str, value: str) -> None:
    with database.atomic():
        sql(database).execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
        )


def context_for(database: Database, term_id: int) -> tuple[str, int | None]:
    """The first saved context sentence of a term and its article (or '' and None)."""
    row = (
        sql(database)
        .execute(
            "SELECT sentence, article_id FROM contexts WHERE term_id = ? ORDER BY id LIMIT 1",
            (term_id,),
        )
        .fetchone()
    )
    return (str(row[0]), row[1]) if row else ("", None)

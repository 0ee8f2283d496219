"""Study cards (FSRS state per word and direction), the review log, and settings.

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
    """The two cards of a word: hanzi to meaning, and meaning to hanzi."""

    RECOGNITION = "recognition"
    PRODUCTION = "production"


CARD_KINDS = tuple(CardKind)
_CARD_COLUMNS = "c.id, c.word, c.kind, c.state, c.due, c.created_at"
_LEARNING = "EXISTS (SELECT 1 FROM word_status s WHERE s.word = c.word AND s.status = 'learning')"


@dataclass(frozen=True)
class CardRow:
    """A study card as stored, with its fsrs state."""

    id: int
    word: str
    kind: CardKind
    state: str  # fsrs Card JSON
    due: str
    created_at: str


def _card_row(row: Sequence[object]) -> CardRow:
    card_id, word, kind, state, due, created_at = row
    return CardRow(card_id, word, CardKind(kind), state, due, created_at)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReviewRow:
    id: int
    card_id: int
    rating: int
    reviewed_at: str
    duration_ms: int | None
    previous_state: str
    log: str


def learning_words(database: Database) -> list[str]:
    """Every word the learner is learning, term or CC-CEDICT word: the ones that get cards."""
    rows = (
        sql(database)
        .execute("SELECT word FROM word_status WHERE status = 'learning' ORDER BY changed_at, word")
        .fetchall()
    )
    return [row[0] for row in rows]


def learning_term_count(database: Database) -> int:
    """Learning words that are also visible glossary terms."""
    row = (
        sql(database)
        .execute(
            "SELECT count(*) FROM word_status s WHERE s.status = 'learning' AND EXISTS "
            "(SELECT 1 FROM terms t WHERE t.simplified = s.word AND t.hidden = 0)"
        )
        .fetchone()
    )
    return int(row[0])


def missing_cards(database: Database, words: Sequence[str]) -> list[tuple[str, CardKind]]:
    """(word, kind) pairs that have no card yet."""
    if not words:
        return []
    existing = set()
    for chunk, marks in chunks_for_in(words):
        existing.update(
            sql(database)
            .execute(f"SELECT word, kind FROM cards WHERE word IN ({marks})", chunk)
            .fetchall()
        )
    return [(w, k) for w in words for k in CARD_KINDS if (w, k) not in existing]


def insert_card(
    database: Database, word: str, kind: CardKind, state: str, due: str, at: str
) -> int:
    cursor = sql(database).execute(
        "INSERT INTO cards (word, kind, state, due, created_at) VALUES (?, ?, ?, ?, ?)",
        (word, kind, state, due, at),
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
    clauses = [_LEARNING]
    params: list[object] = []
    if tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM terms t WHERE t.simplified = c.word AND t.hidden = 0 "
            "AND (' ' || t.tags || ' ') LIKE ?)"
        )
        params.append(f"% {tag} %")
    if article_id is not None:
        clauses.append(
            "(EXISTS (SELECT 1 FROM article_words w WHERE w.article_id = ? AND w.word = c.word) "
            "OR EXISTS (SELECT 1 FROM word_contexts x WHERE x.word = c.word "
            "AND x.article_id = ?) "
            "OR EXISTS (SELECT 1 FROM contexts x JOIN terms t ON t.id = x.term_id "
            "WHERE t.simplified = c.word AND x.article_id = ?))"
        )
        params.extend([article_id, article_id, article_id])
    return " AND ".join(clauses), params


def due_cards(
    database: Database, now: str, tag: str | None = None, article_id: int | None = None
) -> list[CardRow]:
    """Cards already studied whose due time has come, most overdue first."""
    where, params = _study_filter(tag, article_id)
    rows = (
        sql(database)
        .execute(
            f"SELECT {_CARD_COLUMNS} FROM cards c WHERE {where} "
            "AND c.due <= ? AND EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id) "
            "ORDER BY c.due, c.id",
            [*params, now],
        )
        .fetchall()
    )
    return [_card_row(row) for row in rows]


def new_cards(
    database: Database, tag: str | None = None, article_id: int | None = None
) -> list[CardRow]:
    """Cards never reviewed, oldest first; recognition before production for a word."""
    where, params = _study_filter(tag, article_id)
    rows = (
        sql(database)
        .execute(
            f"SELECT {_CARD_COLUMNS} FROM cards c WHERE {where} "
            "AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id) "
            "ORDER BY c.created_at, c.id",
            params,
        )
        .fetchall()
    )
    return [_card_row(row) for row in rows]


def words_reviewed_since(database: Database, since: str) -> dict[str, set[int]]:
    """Word -> ids of its cards reviewed at or after `since` (to bury their siblings)."""
    found: dict[str, set[int]] = {}
    for word, card_id in (
        sql(database)
        .execute(
            "SELECT DISTINCT c.word, c.id FROM reviews r JOIN cards c ON c.id = r.card_id "
            "WHERE r.reviewed_at >= ?",
            (since,),
        )
        .fetchall()
    ):
        found.setdefault(word, set()).add(card_id)
    return found


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
            f"SELECT c.due FROM cards c WHERE {_LEARNING} "
            "AND EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = c.id)"
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


def save_word_context(
    database: Database, word: str, article_id: int | None, sentence: str, at: str
) -> None:
    """Remember the sentence the learner was reading; the newest one is shown on cards. An
    article deleted by another process meanwhile is not referred to: the sentence stays."""
    sql(database).execute(
        "INSERT INTO word_contexts (word, article_id, sentence, added_at) "
        "VALUES (?, (SELECT id FROM articles WHERE id = ?), ?, ?) "
        "ON CONFLICT(word, sentence) DO UPDATE SET added_at = excluded.added_at, "
        "article_id = coalesce(excluded.article_id, article_id)",
        (word, article_id, sentence, at),
    )


def delete_setting(database: Database, key: str) -> None:
    with database.atomic():
        sql(database).execute("DELETE FROM settings WHERE key = ?", (key,))


def context_for(database: Database, word: str) -> tuple[str, int | None]:
    """The sentence to show with a word's cards and its article, or ('', None).

    The sentence the learner was reading when they marked the word comes first, then a
    glossary term's saved context.
    """
    row = (
        sql(database)
        .execute(
            "SELECT sentence, article_id FROM word_contexts WHERE word = ? "
            "ORDER BY added_at DESC, id DESC LIMIT 1",
            (word,),
        )
        .fetchone()
    )
    if row is None:
        row = (
            sql(database)
            .execute(
                "SELECT x.sentence, x.article_id FROM contexts x "
                "JOIN terms t ON t.id = x.term_id WHERE t.simplified = ? AND t.hidden = 0 "
                "ORDER BY t.origin = 'builtin', x.id LIMIT 1",
                (word,),
            )
            .fetchone()
        )
    return (str(row[0]), row[1]) if row else ("", None)


def library_paragraph(database: Database, word: str) -> tuple[int, str] | None:
    """(article id, paragraph text) of a paragraph in the library holding `word`.

    The per-article word index is tried first, so usually only articles known to hold the
    word are scanned; a word the stored cut splits (a term added since) falls back to a scan.
    """
    row = (
        sql(database)
        .execute(
            "SELECT p.article_id, p.text FROM article_words w JOIN paragraphs p "
            "ON p.article_id = w.article_id WHERE w.word = ? AND instr(p.text, ?) > 0 "
            "ORDER BY w.article_id DESC, p.position LIMIT 1",
            (word, word),
        )
        .fetchone()
    )
    if row is None:
        row = (
            sql(database)
            .execute(
                "SELECT article_id, text FROM paragraphs WHERE instr(text, ?) > 0 LIMIT 1", (word,)
            )
            .fetchone()
        )
    return (int(row[0]), str(row[1])) if row else None

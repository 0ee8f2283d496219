from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from db import Database
from db.reviews import set_setting
from db.terms import TermFields
from glossary.study import StudySession, sparkline, stats
from glossary.terms import ContextRef, Glossary

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def learning_db(cedict_db: Database) -> Database:
    glossary = Glossary(cedict_db)
    for word, pinyin, meaning in [
        ("修路队", "xiu1 lu4 dui4", "road crew"),
        ("茶园", "cha2 yuan2", "tea garden"),
        ("积分", "ji1 fen1", "points"),
    ]:
        glossary.add(
            TermFields(word, "", pinyin, meaning, tags="rural"), ContextRef(None, f"{word}来了。")
        )
    return cedict_db


def session(database: Database, clock: Callable[[], datetime], **kwargs: object) -> StudySession:
    return StudySession(database, clock=clock, fuzzing=False, **kwargs)  # type: ignore[arg-type]


def test_each_learning_term_gets_two_cards(learning_db: Database) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    kinds = [(c.term.simplified, c.kind) for c in study.queue]
    assert kinds[:2] == [("修路队", "recognition"), ("修路队", "production")]
    assert len(kinds) == 6 and all(c.is_new for c in study.queue)
    assert study.queue[0].sentence == "修路队来了。"


def test_grading_is_saved_at_once_and_schedules_with_fsrs(learning_db: Database) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    first = study.current
    assert first is not None
    study.grade(4, duration_ms=1500)  # easy: graduates at once
    rows = learning_db.execute("SELECT rating, duration_ms, reviewed_at FROM reviews").fetchall()
    assert rows == [(4, 1500, "2026-03-02T09:00:00+00:00")]
    due = learning_db.execute("SELECT due FROM cards WHERE id = ?", (first.card_id,)).fetchone()[0]
    assert due > "2026-03-03"  # days away, not minutes
    # A new session (as after a crash) sees the review: the card is not new any more.
    again = session(learning_db, clock)
    assert first.card_id not in [c.card_id for c in again.queue]


def test_again_brings_the_card_back_and_undo_takes_it_back(learning_db: Database) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    first = study.current
    assert first is not None
    total = study.total
    study.grade(1)
    assert study.queue[-1].card_id == first.card_id and study.total == total + 1
    assert study.summary.reviewed == 1 and study.summary.again_rate == 1.0
    assert study.undo() == first
    assert study.total == total and study.summary.reviewed == 0
    assert learning_db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    state = learning_db.execute("SELECT state FROM cards WHERE id = ?", (first.card_id,)).fetchone()
    assert '"last_review": null' in state[0]


def test_due_cards_first_then_new_up_to_the_daily_limit(learning_db: Database) -> None:
    set_setting(learning_db, "new_cards_per_day", "2")
    clock = Clock()
    study = session(learning_db, clock)
    assert study.total == 2
    study.grade(4)
    study.grade(4)
    assert study.current is None
    clock.advance(hours=1)
    assert session(learning_db, clock).total == 0  # today's new cards are used up
    clock.advance(days=30)
    later = session(learning_db, clock)
    assert [c.is_new for c in later.queue] == [False, False, True, True]


def test_filter_by_tag(learning_db: Database) -> None:
    Glossary(learning_db).add(TermFields("党课", "黨課", "dang3 ke4", "Party lesson", tags="party"))
    clock = Clock()
    assert {c.term.simplified for c in session(learning_db, clock, tag="party").queue} == {"党课"}
    assert "党课" not in {c.term.simplified for c in session(learning_db, clock, tag="rural").queue}


def test_stats(learning_db: Database) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    study.grade(4)
    study.grade(3)
    clock.advance(days=1)
    figures = stats(learning_db, clock())
    assert figures.learning_terms == 3
    assert figures.reviews_per_day[-2] == ("2026-03-02", 2)
    assert figures.reviews_per_day[-1] == ("2026-03-03", 0)
    assert figures.due_today + sum(figures.due_next_days) == 2
    assert figures.retention is None  # no card in review state has been reviewed again
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"

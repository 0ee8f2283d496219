"""Progress over time: known words, words read, reviews and lookups per day, and a streak.

The streak is counted gently: one missed day between active days does not break it, and
nothing is ever reset; the per-day history stays whatever the streak says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from db import Database
from db.history import active_days, add_words_read, lookups_per_day, words_read_per_day
from db.reviews import reviews_since
from db.words import status_counts_over_time

DAYS = 30


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def record_words_read(
    database: Database, article_id: int, words: int, now: datetime | None = None
) -> None:
    day = _today(now or datetime.now(UTC)).isoformat()
    with database.atomic():
        add_words_read(database, day, article_id, words)


@dataclass(frozen=True)
class Progress:
    """Per-day figures for the last `DAYS` days, oldest first, and today's totals."""

    days: tuple[str, ...]
    known_words: tuple[int, ...]  # words known at the end of each day
    words_read: tuple[int, ...]
    reviews: tuple[int, ...]
    lookups: tuple[int, ...]
    streak: int  # active days in the current run (one missed day does not break it)
    active_days: int  # days with any activity among the last DAYS
    known_now: int

    def to_json(self) -> dict[str, object]:
        return {
            "days": list(self.days),
            "known_words": list(self.known_words),
            "words_read": list(self.words_read),
            "reviews_per_day": list(self.reviews),
            "lookups_per_day": list(self.lookups),
            "streak": self.streak,
            "active_days": self.active_days,
            "known_now": self.known_now,
        }


def known_per_day(database: Database, days: list[str]) -> list[int]:
    """How many words were known at the end of each day, from the status log."""
    status: dict[str, str] = {}
    known = 0
    result: list[int] = []
    changes = status_counts_over_time(database)
    index = 0
    for day in days:
        while index < len(changes) and changes[index][2][:10] <= day:
            word, new_status, _at = changes[index]
            old = status.get(word)
            known += (new_status == "known") - (old == "known")
            status[word] = new_status
            index += 1
        result.append(known)
    return result


def gentle_streak(active: set[str], today: date) -> int:
    """Active days in the run that reaches today (or yesterday); a run ends only at two
    missed days in a row."""
    streak = 0
    missed = 0
    day = today
    if day.isoformat() not in active:
        day -= timedelta(days=1)  # today is not over yet
    while missed < 2:
        if day.isoformat() in active:
            streak += 1
            missed = 0
        else:
            missed += 1
        day -= timedelta(days=1)
    return streak


def progress(database: Database, now: datetime | None = None, days: int = DAYS) -> Progress:
    now = now or datetime.now(UTC)
    today = _today(now)
    day_list = [(today - timedelta(days=days - 1 - n)).isoformat() for n in range(days)]
    since = day_list[0]
    read = words_read_per_day(database, since)
    looked = lookups_per_day(database, since)
    reviewed: dict[str, int] = {}
    for review in reviews_since(database, since):
        key = review.reviewed_at[:10]
        reviewed[key] = reviewed.get(key, 0) + 1
    known = known_per_day(database, day_list)
    active = active_days(database) | set(looked)
    return Progress(
        days=tuple(day_list),
        known_words=tuple(known),
        words_read=tuple(read.get(d, 0) for d in day_list),
        reviews=tuple(reviewed.get(d, 0) for d in day_list),
        lookups=tuple(looked.get(d, 0) for d in day_list),
        streak=gentle_streak(active, today),
        active_days=sum(1 for d in day_list if d in active),
        known_now=known[-1] if known else 0,
    )

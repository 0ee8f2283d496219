"""Study sessions over FSRS-6: a recognition and a production card per term being learnt.

Every grade is committed as it is made (card state and review log in one transaction), so a
crash mid-session loses nothing. All times are timezone-aware UTC.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from db import Database
from db.reviews import (
    CardRow,
    context_for,
    due_cards,
    due_times,
    get_card,
    get_setting,
    insert_card,
    learning_term_ids,
    missing_cards,
    new_cards,
    new_cards_started_since,
    record_review,
    reviews_since,
    set_card_state,
    undo_review,
)
from db.terms import Term, get_term

NEW_PER_DAY_KEY = "new_cards_per_day"
DEFAULT_NEW_PER_DAY = 20
GRADES = {1: "again", 2: "hard", 3: "good", 4: "easy"}

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _start_of_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class StudyCard:
    """One card as the study screen shows it."""

    card_id: int
    kind: str
    term: Term
    sentence: str
    article_id: int | None
    is_new: bool


@dataclass
class SessionSummary:
    reviewed: int = 0
    again: int = 0
    next_due: str = ""

    @property
    def again_rate(self) -> float:
        return self.again / self.reviewed if self.reviewed else 0.0


@dataclass
class _Done:
    review_id: int
    card: StudyCard
    rating: int


def make_scheduler(fuzzing: bool = True) -> object:
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=fuzzing)


def create_missing_cards(database: Database, now: datetime) -> int:
    """Give every term being learnt its recognition and production cards."""
    from fsrs import Card

    pairs = missing_cards(database, learning_term_ids(database))
    if not pairs:
        return 0
    with database.atomic():
        for term_id, kind in pairs:
            card_id = insert_card(database, term_id, kind, "{}", _iso(now), _iso(now))
            card = Card(card_id=card_id, due=now)
            set_card_state(database, card_id, card.to_json(), _iso(now))
    return len(pairs)


class StudySession:
    """Due cards first, then new cards up to the daily limit; filtered by tag or article."""

    def __init__(
        self,
        database: Database,
        *,
        tag: str | None = None,
        article_id: int | None = None,
        clock: Clock = utc_now,
        fuzzing: bool = True,
    ) -> None:
        self.database = database
        self.clock = clock
        self.scheduler = make_scheduler(fuzzing)
        self.tag = tag
        self.article_id = article_id
        self.summary = SessionSummary()
        self._history: list[_Done] = []
        now = clock()
        create_missing_cards(database, now)
        started_today = new_cards_started_since(database, _iso(_start_of_day(now)))
        limit = max(0, self.new_per_day(database) - started_today)
        rows = due_cards(database, _iso(now), tag, article_id)
        rows += new_cards(database, limit, tag, article_id)
        self.queue: list[StudyCard] = [self._card(row) for row in rows]
        self.total = len(self.queue)

    @staticmethod
    def new_per_day(database: Database) -> int:
        return int(get_setting(database, NEW_PER_DAY_KEY, str(DEFAULT_NEW_PER_DAY)))

    def _card(self, row: CardRow) -> StudyCard:
        term = get_term(self.database, row.term_id)
        assert term is not None
        sentence, article_id = context_for(self.database, row.term_id)
        is_new = json.loads(row.state).get("last_review") is None
        return StudyCard(row.id, row.kind, term, sentence, article_id, is_new)

    @property
    def current(self) -> StudyCard | None:
        return self.queue[0] if self.queue else None

    @property
    def done(self) -> int:
        return self.total - len(self.queue)

    def grade(self, rating: int, duration_ms: int | None = None) -> StudyCard | None:
        """Grade the current card (1 again … 4 easy), save it, and return the next card.

        A card graded 'again' (or still in learning steps due within the session) comes
        back at the end of the queue.
        """
        from fsrs import Card, Rating

        card = self.current
        if card is None:
            raise ValueError("no card to grade")
        if rating not in GRADES:
            raise ValueError("rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy)")
        row = get_card(self.database, card.card_id)
        assert row is not None
        fsrs_card = Card.from_json(row.state)
        now = self.clock()
        updated, log = self.scheduler.review_card(  # type: ignore[attr-defined]
            fsrs_card, Rating(rating), now, duration_ms
        )
        review_id = record_review(
            self.database,
            card.card_id,
            updated.to_json(),
            _iso(updated.due),
            rating,
            _iso(now),
            duration_ms,
            row.state,
            log.to_json(),
        )
        self.queue.pop(0)
        self._history.append(_Done(review_id, card, rating))
        self.summary.reviewed += 1
        if rating == 1:
            self.summary.again += 1
        if updated.due <= now + timedelta(minutes=20):
            self.queue.append(card)  # learning step: see it again this session
            self.total += 1
        self.summary.next_due = next_due(self.database, self.clock())
        return self.current

    def undo(self) -> StudyCard | None:
        """Take back the last grade: the review is deleted and its card shown again."""
        if not self._history:
            return None
        last = self._history.pop()
        undo_review(self.database, last.review_id)
        if self.queue and self.queue[-1].card_id == last.card.card_id and self.total > 0:
            self.queue.pop()
            self.total -= 1
        self.queue.insert(0, last.card)
        self.summary.reviewed -= 1
        if last.rating == 1:
            self.summary.again -= 1
        return self.current


def next_due(database: Database, now: datetime) -> str:
    future = sorted(t for t in due_times(database) if t > _iso(now))
    return future[0] if future else ""


@dataclass(frozen=True)
class Stats:
    due_today: int
    due_next_days: tuple[int, ...]  # due on each of the next 7 days
    reviews_per_day: tuple[tuple[str, int], ...]  # last 30 days, oldest first
    retention: float | None  # share of reviews of already-learnt cards not graded 'again'
    learning_terms: int
    total_reviews: int = 0
    ratings: dict[int, int] = field(default_factory=dict)


def stats(database: Database, now: datetime | None = None) -> Stats:
    now = now or utc_now()
    today = _start_of_day(now)
    tomorrow = today + timedelta(days=1)
    times = due_times(database)
    due_today = sum(1 for t in times if t < _iso(tomorrow))
    next_days = tuple(
        sum(
            1
            for t in times
            if _iso(tomorrow + timedelta(days=d)) <= t < _iso(tomorrow + timedelta(days=d + 1))
        )
        for d in range(7)
    )
    since = today - timedelta(days=29)
    reviews = reviews_since(database, _iso(since))
    per_day = Counter(r.reviewed_at[:10] for r in reviews)
    days = tuple(
        (
            (since + timedelta(days=d)).date().isoformat(),
            per_day.get((since + timedelta(days=d)).date().isoformat(), 0),
        )
        for d in range(30)
    )
    mature = [r for r in reviews if json.loads(r.previous_state).get("state") == 2]
    retention = (sum(1 for r in mature if r.rating > 1) / len(mature)) if mature else None
    return Stats(
        due_today=due_today,
        due_next_days=next_days,
        reviews_per_day=days,
        retention=retention,
        learning_terms=len(learning_term_ids(database)),
        total_reviews=len(reviews),
        ratings=dict(Counter(r.rating for r in reviews)),
    )


SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(values: tuple[int, ...] | list[int]) -> str:
    """A one-line bar chart: how the review counts of the last days compare."""
    top = max(values, default=0)
    if top == 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(8, round(v / top * 8))] if v else SPARK[0] for v in values)

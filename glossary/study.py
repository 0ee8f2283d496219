"""Study sessions over FSRS-6: a recognition and a production card per word being learnt.

Every word marked learning gets cards, glossary term or CC-CEDICT word alike. Siblings (the
two cards of one word) are never shown on the same day. Every grade is committed as it is
made (card state and review log in one transaction), so a crash mid-session loses nothing.
All times are timezone-aware UTC.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from db import Database
from db.reviews import (
    CardRow,
    context_for,
    due_cards,
    due_times,
    get_card,
    insert_card,
    learning_term_count,
    learning_words,
    library_paragraph,
    missing_cards,
    new_cards,
    new_cards_started_since,
    record_review,
    reviews_since,
    save_word_context,
    set_card_state,
    undo_review,
    words_reviewed_since,
)
from db.terms import find_terms

DEFAULT_NEW_PER_DAY = 20
GRADES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
FSRS_STAGES = {1: "learning", 2: "review", 3: "relearning"}

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _start_of_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class CardWord:
    """What a card says about its word: the glossary term if there is one, else CC-CEDICT."""

    simplified: str
    traditional: str
    pinyin: str  # numbered
    definition: str
    notes: str = ""
    tags: str = ""
    term_id: int | None = None
    in_dictionary: bool = True
    """False when no source has the word: the definition is what its parts mean."""


@dataclass(frozen=True)
class StudyCard:
    """One card as the study screen shows it."""

    card_id: int
    kind: str
    term: CardWord
    sentence: str
    article_id: int | None
    stage: str  # new, learning, review or relearning: see card_stage


def card_stage(state: str) -> str:
    """Where a card's FSRS state (JSON) is: new until its first review, then learning,
    review or relearning."""
    fields = json.loads(state)
    return "new" if fields.get("last_review") is None else FSRS_STAGES[fields["state"]]


def card_word(database: Database, word: str) -> CardWord:
    """The term's fields when the word is a visible term (the user's copy first), else the
    primary CC-CEDICT sense, else what its parts mean."""
    terms = find_terms(database, [word]).get(word, [])
    if terms:
        term = terms[0]
        return CardWord(
            term.simplified,
            term.traditional,
            _word_by_word(database, word, term.pinyin),
            term.definition,
            term.notes,
            term.tags,
            term.id,
        )
    from glossary.cedict_display import readable_definition, readable_definitions
    from glossary.lookup import Dictionary

    result = Dictionary(database).lookup(word)
    if result.readings:  # CC-CEDICT's markup made readable: cards and exports show it
        reading = result.readings[0]
        meaning = "; ".join(readable_definitions(reading.definitions))
        pinyin = _word_by_word(database, word, reading.pinyin)
        return CardWord(word, reading.traditional, pinyin, meaning)
    parts = result.breakdown or result.characters
    meaning = " + ".join(
        f"{p.text} ({readable_definition(p.readings[0].definitions[0])})" if p.readings else p.text
        for p in parts
    )
    return CardWord(
        word,
        result.traditional_form,
        result.pinyin,
        meaning or result.name_hint,
        in_dictionary=False,
    )


def _word_by_word(database: Database, word: str, numbered: str) -> str:
    """`numbered` with the word breaks the reader writes (dǎngyuán gànbù on the card)."""
    from glossary.lookup import Dictionary

    return Dictionary(database).grouped_pinyin([(word, numbered)])[0]


def remember_sentence(database: Database, word: str, article_id: int | None, sentence: str) -> None:
    """Keep the sentence a word was read in when the learner marked it; cards show it."""
    if sentence.strip():
        with database.atomic():
            save_word_context(database, word, article_id, sentence.strip(), _iso(utc_now()))


def card_sentence(database: Database, word: str) -> tuple[str, int | None]:
    """The sentence for a word's cards: the one being read when it was marked, a term's
    saved context, else one from the library."""
    sentence, article_id = context_for(database, word)
    if sentence:
        return sentence, article_id
    found = library_paragraph(database, word)
    if found is None:
        return "", None
    from glossary.terms import sentence_around

    article_id, text = found
    start = text.find(word)
    return sentence_around(text, start, start + len(word)), article_id


def interval_label(delta: timedelta) -> str:
    """A short, rounded interval for a grade button: 10m, 5h, 3d, 2mo, 1.4y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"


def due_label(due: datetime, now: datetime) -> str:
    """When a card is due, for people, in the time zone of `now` (the learner's local time):
    `today 14:18 (in 10m)`, `tomorrow 09:00 (in 20h)`, `Tue 8 Dec 14:08 (in 2d)`."""
    due = due.astimezone(now.tzinfo)
    days = (due.date() - now.date()).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "tomorrow"
    else:
        day = f"{due:%a} {due.day} {due:%b}" + (f" {due.year}" if due.year != now.year else "")
    return f"{day} {due:%H:%M} (in {interval_label(due - now)})"


@dataclass
class SessionSummary:
    reviewed: int = 0
    again: int = 0
    next_due: datetime | None = None

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
    """Give every word being learnt its recognition and production cards."""
    from fsrs import Card

    pairs = missing_cards(database, learning_words(database))
    if not pairs:
        return 0
    with database.atomic():
        for word, kind in pairs:
            card_id = insert_card(database, word, kind, "{}", _iso(now), _iso(now))
            card = Card(card_id=card_id, due=now)
            set_card_state(database, card_id, card.to_json(), _iso(now))
    return len(pairs)


def study_queue(
    database: Database,
    now: datetime,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    tag: str | None = None,
    article_id: int | None = None,
) -> list[CardRow]:
    """What a session studies now: due cards, then new ones up to today's limit.

    A card is buried for the day when a sibling (the other card of its word) was reviewed
    today or comes earlier in the queue.
    """
    since = _iso(_start_of_day(now))
    reviewed_today = words_reviewed_since(database, since)
    seen: set[str] = set()
    queue: list[CardRow] = []

    def take(row: CardRow) -> bool:
        others = reviewed_today.get(row.word, set()) - {row.id}
        if row.word in seen or others:
            return False
        seen.add(row.word)
        queue.append(row)
        return True

    for row in due_cards(database, _iso(now), tag, article_id):
        take(row)
    room = max(0, new_per_day - new_cards_started_since(database, since))
    for row in new_cards(database, tag, article_id):
        if room <= 0:
            break
        if take(row):
            room -= 1
    return queue


class StudySession:
    """Due cards first, then new cards up to the daily limit; filtered by tag or article.

    `total` stays the number of cards the session started with: a card graded 'again' comes
    back at the end of the queue without changing it.
    """

    def __init__(
        self,
        database: Database,
        *,
        tag: str | None = None,
        article_id: int | None = None,
        clock: Clock = utc_now,
        fuzzing: bool = True,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
    ) -> None:
        self.database = database
        self.clock = clock
        self.scheduler = make_scheduler(fuzzing)
        self.tag = tag
        self.article_id = article_id
        self.new_per_day = new_per_day
        self.summary = SessionSummary()
        self._history: list[_Done] = []
        self._preview: tuple[int, dict[int, tuple[Any, Any]]] | None = None
        now = clock()
        create_missing_cards(database, now)
        rows = study_queue(database, now, new_per_day, tag, article_id)
        self.queue: list[StudyCard] = [self._card(row) for row in rows]
        self.total = len(self.queue)
        # Each queued card's fsrs state, kept here so the buttons' intervals are computed
        # without the store: the UI thread may ask while the session's connection is busy.
        self._states = {row.id: row.state for row in rows}

    def _card(self, row: CardRow) -> StudyCard:
        sentence, article_id = card_sentence(self.database, row.word)
        word = card_word(self.database, row.word)
        return StudyCard(row.id, row.kind, word, sentence, article_id, card_stage(row.state))

    @property
    def current(self) -> StudyCard | None:
        return self.queue[0] if self.queue else None

    @property
    def done(self) -> int:
        return self.total - len(self.queue)

    def _outcomes(self) -> dict[int, tuple[Any, Any]]:
        """What each grade would do to the current card, computed once per showing so the
        intervals on the buttons are exactly the ones a grade applies (fuzz included)."""
        from fsrs import Card, Rating

        card = self.current
        if card is None:
            return {}
        if self._preview is not None and self._preview[0] == card.card_id:
            return self._preview[1]
        now = self.clock()
        outcomes = {
            rating: self.scheduler.review_card(  # type: ignore[attr-defined]
                Card.from_json(self._states[card.card_id]), Rating(rating), now
            )
            for rating in GRADES
        }
        self._preview = (card.card_id, outcomes)
        return outcomes

    def intervals(self) -> dict[int, str]:
        """The next interval each grade gives the current card, as button labels."""
        now = self.clock()
        return {
            rating: interval_label(updated.due - now)
            for rating, (updated, _log) in self._outcomes().items()
        }

    def grade(self, rating: int, duration_ms: int | None = None) -> StudyCard | None:
        """Grade the current card (1 again … 4 easy), save it, and return the next card.

        A card graded 'again' (or still in learning steps due within the session) comes
        back at the end of the queue.
        """
        card = self.current
        if card is None:
            raise ValueError("no card to grade")
        if rating not in GRADES:
            raise ValueError("rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy)")
        row = get_card(self.database, card.card_id)
        assert row is not None
        updated, log = self._outcomes()[rating]
        self._preview = None
        now = self.clock()
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
        self._states[card.card_id] = updated.to_json()
        graded = replace(card, stage=card_stage(self._states[card.card_id]))
        self._history.append(_Done(review_id, card, rating))
        self.summary.reviewed += 1
        if rating == 1:
            self.summary.again += 1
        if updated.due <= now + timedelta(minutes=20):
            self.queue.append(graded)  # learning step: see it again this session
        self.summary.next_due = next_due(self.database, self.clock())
        return self.current

    def undo(self) -> StudyCard | None:
        """Take back the last grade: the review is deleted and its card shown again."""
        if not self._history:
            return None
        last = self._history.pop()
        undo_review(self.database, last.review_id)
        restored = get_card(self.database, last.card.card_id)
        if restored is not None:
            self._states[last.card.card_id] = restored.state
        if self.queue and self.queue[-1].card_id == last.card.card_id:
            self.queue.pop()
        self.queue.insert(0, last.card)
        self._preview = None
        self.summary.reviewed -= 1
        if last.rating == 1:
            self.summary.again -= 1
        return self.current


def next_due(database: Database, now: datetime) -> datetime | None:
    """When the first card due after `now` is due; None when no card is."""
    future = min((t for t in due_times(database) if t > _iso(now)), default=None)
    return datetime.fromisoformat(future) if future else None


@dataclass(frozen=True)
class Stats:
    due_today: int
    due_next_days: tuple[int, ...]  # due on each of the next 7 days
    reviews_per_day: tuple[tuple[str, int], ...]  # last 30 days, oldest first
    retention: float | None  # share of reviews of already-learnt cards not graded 'again'
    learning_terms: int  # learning words that are also glossary terms
    total_reviews: int = 0
    ratings: dict[int, int] = field(default_factory=dict)
    learning_words: int = 0  # every word marked learning: each has cards
    study_now: int = 0  # cards a study session opened now would show


def stats(
    database: Database, now: datetime | None = None, new_per_day: int = DEFAULT_NEW_PER_DAY
) -> Stats:
    """Figures that agree with the study screen: same cards, same burying, same limit."""
    now = now or utc_now()
    # The cards a session opened now would have; a read-only database counts what is stored.
    with contextlib.suppress(sqlite3.OperationalError):
        create_missing_cards(database, now)

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
        learning_terms=learning_term_count(database),
        total_reviews=len(reviews),
        ratings=dict(Counter(r.rating for r in reviews)),
        learning_words=len(learning_words(database)),
        study_now=len(study_queue(database, now, new_per_day)),
    )


SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(values: tuple[int, ...] | list[int]) -> str:
    """A one-line bar chart: how the review counts of the last days compare."""
    top = max(values, default=0)
    if top == 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(8, round(v / top * 8))] if v else SPARK[0] for v in values)

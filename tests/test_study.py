from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from db import Database
from db.terms import TermFields
from glossary.study import (
    StudySession,
    due_label,
    interval_label,
    remember_sentence,
    sparkline,
    stats,
)
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


def test_each_learning_word_gets_two_cards_shown_on_different_days(
    learning_db: Database,
) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    kinds = [(c.term.simplified, c.kind) for c in study.queue]
    assert kinds == [("修路队", "recognition"), ("积分", "recognition"), ("茶园", "recognition")]
    assert learning_db.execute("SELECT count(*) FROM cards").fetchone()[0] == 6
    assert all(c.stage == "new" for c in study.queue)
    assert study.queue[0].sentence == "修路队来了。"
    for _ in range(3):
        study.grade(4)
    # Siblings are buried for the day, even in a new session.
    assert session(learning_db, clock).total == 0
    clock.advance(days=1)
    kinds = [(c.term.simplified, c.kind) for c in session(learning_db, clock).queue]
    assert kinds == [("修路队", "production"), ("积分", "production"), ("茶园", "production")]


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
    # The card comes back at the end; the count the learner sees does not grow.
    assert study.queue[-1].card_id == first.card_id and study.total == total
    assert study.done == 0
    assert study.summary.reviewed == 1 and study.summary.again_rate == 1.0
    assert study.undo() == first
    assert study.total == total and study.summary.reviewed == 0 and len(study.queue) == total
    assert learning_db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    state = learning_db.execute("SELECT state FROM cards WHERE id = ?", (first.card_id,)).fetchone()
    assert '"last_review": null' in state[0]


def test_a_card_back_within_the_session_shows_the_stage_it_is_in_now(
    learning_db: Database,
) -> None:
    clock = Clock()
    study = session(learning_db, clock)
    first = study.current
    assert first is not None and first.stage == "new"
    study.grade(3)  # good on a new card: a learning step, due again in minutes
    assert study.queue[-1].card_id == first.card_id and study.queue[-1].stage == "learning"
    assert study.undo() == first  # as it was before the grade


def test_the_next_due_time_reads_in_local_time() -> None:
    now = datetime(2026, 12, 6, 13, 8, tzinfo=UTC).astimezone(timezone(timedelta(hours=1)))
    assert [
        due_label(due, now)
        for due in (
            datetime(2026, 12, 6, 13, 18, tzinfo=UTC),
            datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
            datetime(2026, 12, 8, 13, 8, 8, tzinfo=UTC),
            datetime(2027, 1, 5, 9, 30, tzinfo=UTC),
        )
    ] == [
        "today 14:18 (in 10m)",
        "tomorrow 09:00 (in 19h)",
        "Tue 8 Dec 14:08 (in 2d)",
        "Tue 5 Jan 2027 10:30 (in 30d)",
    ]


def test_due_cards_first_then_new_up_to_the_daily_limit(learning_db: Database) -> None:
    clock = Clock()
    study = session(learning_db, clock, new_per_day=2)
    assert study.total == 2
    study.grade(4)
    study.grade(4)
    assert study.current is None
    clock.advance(hours=1)
    # today's new cards are used up
    assert session(learning_db, clock, new_per_day=2).total == 0
    clock.advance(days=30)
    later = session(learning_db, clock, new_per_day=2)
    # The two due cards bury their new siblings; the third word starts.
    assert [c.stage for c in later.queue] == ["review", "review", "new"]


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
    assert figures.learning_terms == 3 and figures.learning_words == 3
    assert figures.reviews_per_day[-2] == ("2026-03-02", 2)
    assert figures.reviews_per_day[-1] == ("2026-03-03", 0)
    assert figures.due_today + sum(figures.due_next_days) == 2
    assert figures.retention is None  # no card in review state has been reviewed again
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"


def test_a_cedict_word_marked_learning_is_studied_without_becoming_a_term(
    cedict_db: Database,
) -> None:
    remember_sentence(cedict_db, "汲取", None, "我们要汲取经验。")
    Glossary(cedict_db).set_status(["汲取", "喇叭"], "learning")
    clock = Clock()
    study = session(cedict_db, clock)
    cards = {c.term.simplified: c for c in study.queue}
    assert set(cards) == {"汲取", "喇叭"}
    assert cards["汲取"].term.term_id is None and "absorb" in cards["汲取"].term.definition
    assert cards["汲取"].term.pinyin == "ji2 qu3"
    assert (cards["汲取"].sentence, cards["汲取"].article_id) == ("我们要汲取经验。", None)
    assert cedict_db.execute("SELECT count(*) FROM terms WHERE origin = 'user'").fetchone()[0] == 0
    figures = stats(cedict_db, clock())
    assert (figures.learning_words, figures.learning_terms, figures.study_now) == (2, 0, 2)


def test_a_word_with_no_saved_sentence_takes_one_from_the_library(cedict_db: Database) -> None:
    from reader.library import Library

    outcome = Library(cedict_db).import_text("修路\n\n村里的修路队来了。大家都很高兴。", "a.txt")
    Glossary(cedict_db).add(TermFields("修路队", "", "xiu1 lu4 dui4", "road crew"))
    study = session(cedict_db, Clock())
    card = study.current
    assert card is not None and card.sentence == "村里的修路队来了。"
    assert card.article_id == outcome.article_id


def test_the_buttons_show_the_intervals_the_grades_apply(learning_db: Database) -> None:
    clock = Clock()
    study = StudySession(learning_db, clock=clock, fuzzing=True)
    for _ in range(3):
        study.grade(4)
    clock.advance(days=40)
    study = StudySession(learning_db, clock=clock, fuzzing=True)
    card = study.current
    assert card is not None and card.stage == "review"
    shown = study.intervals()
    assert shown[1] == "10m" and shown[4].endswith(("d", "mo"))
    study.grade(3)
    due = learning_db.execute("SELECT due FROM cards WHERE id = ?", (card.card_id,)).fetchone()[0]
    applied = datetime.fromisoformat(due) - clock()
    assert interval_label(applied) == shown[3]


def test_interval_labels() -> None:
    assert [
        interval_label(timedelta(seconds=s))
        for s in (5, 600, 7200, 86400 * 3, 86400 * 65, 86400 * 500)
    ] == ["<1m", "10m", "2h", "3d", "2mo", "1.4y"]


def test_cards_and_exports_show_cc_cedict_readably(cedict_db: Database) -> None:
    """Cards, Anki and TSV exports take the card's word from card_word: no raw markup."""
    from glossary.study import card_word

    table = card_word(cedict_db, "桌子").definition
    assert "CL:" not in table and "measure word: 张 zhāng" in table
    unknown = card_word(cedict_db, "桌子椅子们").definition  # read by its parts
    assert unknown and "CL:" not in unknown and "[" not in unknown


def test_marking_a_word_in_an_article_deleted_elsewhere_keeps_the_sentence(
    cedict_db: Database,
) -> None:
    """The reader stays open on an article another process deleted: marking a word or
    adding a term there failed with 'FOREIGN KEY constraint failed', forever."""
    from db.articles import delete_article
    from glossary.study import card_sentence, remember_sentence
    from reader.library import Library

    article_id = Library(cedict_db).import_text("红船\n\n红船精神。", "a.txt").article_id or 0
    with cedict_db.atomic():
        delete_article(cedict_db, article_id)
    remember_sentence(cedict_db, "红船", article_id, "红船精神。")
    assert card_sentence(cedict_db, "红船") == ("红船精神。", None)
    term, _ = Glossary(cedict_db).add(
        TermFields("红船精神", "紅船精神", "hong2 chuan2 jing1 shen2", "the Red Boat spirit"),
        ContextRef(article_id, "红船精神。"),
    )
    entry = next(e for e in Glossary(cedict_db).entries() if e.term.id == term.id)
    assert entry.contexts == ("红船精神。",)


def test_cards_write_long_words_word_by_word(cedict_db: Database) -> None:
    from glossary.pinyin import numbered_to_marked
    from glossary.study import card_word

    assert numbered_to_marked(card_word(cedict_db, "党员干部").pinyin, compact=True) == (
        "dǎngyuán gànbù"
    )
    assert numbered_to_marked(card_word(cedict_db, "中华民族").pinyin, compact=True) == (
        "Zhōnghuá mínzú"
    )

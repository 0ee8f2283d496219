from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from db import open_db
from db.terms import TermFields
from glossary.terms import ContextRef, Glossary
from reader.ui.app import ZhreaderApp
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.study import StudyScreen

from .tui_helpers import painted_text, settle


def add_learning_terms(path: Path) -> None:
    database = open_db(path)
    glossary = Glossary(database)
    glossary.add(
        TermFields("暴雨", "暴雨", "bao4 yu3", "torrential rain"),
        ContextRef(3, "7月的一个深夜，暴雨下了整整六个小时。"),
    )
    glossary.add(TermFields("冲锋舟", "衝鋒舟", "chong1 feng1 zhou1", "assault boat"))
    database.close()


def card_text(app: ZhreaderApp) -> str:
    return "\n".join(painted_text(w) for w in app.screen.query("#card-front, #card-back"))


async def open_study(pilot) -> StudyScreen:  # type: ignore[no-untyped-def]
    """The study screen `s` opens, its session loaded."""
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen) and screen.session is not None
    return screen


async def test_study_reveal_grade_undo_and_summary(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot)
        assert screen.session.total == 2  # one card per word today: siblings are buried
        if screen.session.queue[0].term.simplified != "暴雨":
            screen.session.queue.reverse()
            screen.show_card()
        text = card_text(app)
        assert "暴雨" in text and "暴雨下了整整六个小时" in text
        assert "torrential rain" not in text  # the answer is hidden
        await pilot.press("space")
        text = card_text(app)
        assert "torrential rain" in text and "bàoyǔ" in text
        # Each grade button says the interval it gives.
        assert "1 again 1m" in text and "3 good 10m" in text and "4 easy" in text
        await pilot.press("1")
        await settle(pilot)
        assert screen.session.summary.reviewed == 1
        assert app.database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
        assert "冲锋舟" in card_text(app) and "0/2" in painted_text(
            screen.query_one("#study-heading")
        )
        await pilot.press("u")
        await settle(pilot)
        assert app.database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
        assert "暴雨" in card_text(app) and "What does it mean" in card_text(app)
        for _ in range(12):
            if screen.session.current is None:
                break
            await pilot.press("space", "4")
            await settle(pilot)
        assert screen.session.current is None
        text = card_text(app)
        assert "Session finished" in text and "reviewed 2" in text and "retention" in text


@pytest.fixture
def utc_plus_8(monkeypatch: pytest.MonkeyPatch) -> Iterator[timezone]:
    """The learner's local time is UTC+8 (a POSIX TZ, which needs no time zone database)."""
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield timezone(timedelta(hours=8))
    monkeypatch.undo()
    time.tzset()


async def test_a_card_back_in_the_session_says_it_is_learning(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot)
        first = screen.session.current
        assert first is not None and "recognition · new" in card_text(app)
        await pilot.press("space", "3")  # good on a new card: back in minutes
        await settle(pilot)
        await pilot.press("space", "4")
        await settle(pilot)
        current = screen.session.current
        assert current is not None and current.card_id == first.card_id
        assert "recognition · learning" in card_text(app)


async def test_the_next_due_time_is_in_local_time(demo_db_path: Path, utc_plus_8: timezone) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot)
        for _ in range(12):
            if screen.session.current is None:
                break
            await pilot.press("space", "4")
            await settle(pilot)
        next_due = screen.session.summary.next_due
        assert next_due is not None
        text = card_text(app)
        assert f"{next_due.astimezone(utc_plus_8):%H:%M} (in " in text
        assert "+00:00" not in text and next_due.isoformat() not in text


async def test_jump_to_the_article_of_the_sentence(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == 3


async def test_a_card_opened_from_study_over_a_reader_returns_to_study(
    demo_db_path: Path,
) -> None:
    """Opening a search hit replaces the reader under the search; opening a card's article
    from a study session started in a reader must not end that session."""
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # a reader
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_nothing_to_study_says_how_to_start(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path, start_with_study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert "Nothing due" in card_text(app) and "Press 2 on a word in the reader" in card_text(
            app
        )


async def test_a_word_marked_learning_in_the_reader_is_studied_with_its_sentence(
    demo_db_path: Path,
) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 35)) as pilot:
        app.open_article(3)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        view = screen.view
        target = next(t for t in view.tokens if t.text == "深夜")
        view.cursor = view.tokens.index(target)
        await pilot.press("2")
        assert view.statuses["深夜"] == "learning"
        await pilot.press("escape", "s")
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen) and study.session is not None
        assert study.session.total == 1
        text = card_text(app)
        assert (
            "深夜" in text
            and "7月的一个深夜，暴雨下了整整六个小时，河水迅速上涨，漫过了河堤。" in text
        )
        await pilot.press("space")
        assert "late at night" in card_text(app)
    database = open_db(demo_db_path)
    assert database.execute("SELECT count(*) FROM terms WHERE origin = 'user'").fetchone()[0] == 0

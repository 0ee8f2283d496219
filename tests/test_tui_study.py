from __future__ import annotations

from pathlib import Path

from db import open_db
from db.terms import TermFields
from glossary.terms import ContextRef, Glossary
from reader.ui.app import ZhreaderApp
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.study import StudyScreen

from .tui_helpers import painted_text


def add_learning_terms(path: Path) -> None:
    database = open_db(path)
    glossary = Glossary(database)
    glossary.add(
        TermFields("暴雨", "暴雨", "bao4 yu3", "torrential rain"),
        ContextRef(3, "7月的一个深夜，暴雨下了整整六个小时。"),
    )
    glossary.add(TermFields("冲锋舟", "衝鋒舟", "chong1 feng1 zhou1", "assault boat"))
    database.close()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for writes (they run on the store thread) and the messages they post."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def card_text(app: ZhreaderApp) -> str:
    return "\n".join(painted_text(w) for w in app.screen.query("#card-front, #card-back"))


async def test_study_reveal_grade_undo_and_summary(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        assert screen.session.total == 4
        text = card_text(app)
        assert "暴雨" in text and "暴雨下了整整六个小时" in text
        assert "torrential rain" not in text  # the answer is hidden
        await pilot.press("space")
        assert "torrential rain" in card_text(app) and "bàoyǔ" in card_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert screen.session.summary.reviewed == 1
        assert app.database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
        text = card_text(app)
        assert "torrential rain" in text and "Write it in hanzi" in text  # production card
        await pilot.press("u")
        await settle(pilot)
        assert app.database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
        assert "What does it mean" in card_text(app)
        for _ in range(12):
            if screen.session.current is None:
                break
            await pilot.press("space", "4")
            await settle(pilot)
        assert screen.session.current is None
        text = card_text(app)
        assert "Session finished" in text and "reviewed 4" in text and "retention" in text


async def test_jump_to_the_article_of_the_sentence(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == 3


async def test_nothing_to_study_says_how_to_start(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path, start_with_study=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert "Nothing due" in card_text(app) and "from the reader (a)" in card_text(app)

"""What the TUI says to itself: messages captured with `run_test(message_hook=...)`, and
writes that meet a locked or read-only store (a notification, never a crash)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from textual.message import Message

from db import Database, open_db
from db.store import SqliteStore, sql
from db.terms import statuses_of
from reader.ui.app import ZhreaderApp
from reader.ui.messages import (
    ArticlesRecut,
    CardGraded,
    GlossaryChanged,
    StatusesChanged,
    StoreFailed,
)
from reader.ui.screens.study import StudyScreen
from reader.ui.screens.term_dialog import TermDialog
from reader.ui.store import StoreThread
from reader.ui.widgets.article_view import ArticleView

from .test_tui_study import add_learning_terms
from .tui_helpers import open_flood_story, settle

M = TypeVar("M", bound=Message)


def of_type(messages: list[Message], kind: type[M]) -> list[M]:
    """Messages of one kind, each once (the hook sees a bubbling message at every node)."""
    unique = {id(m): m for m in messages if isinstance(m, kind)}
    return list(unique.values())


def impatient_store(path: Path) -> StoreThread:
    """The app's store thread, but giving up on a lock after 0.2 s instead of seconds."""

    def opener() -> Database:
        database = open_db(path)
        sql(database).execute("PRAGMA busy_timeout = 200")
        return database

    return StoreThread(path, opener)


def read_only_store(path: Path) -> StoreThread:
    """A store thread whose connection SQLite opens read-only (root ignores chmod)."""

    def opener() -> Database:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        return SqliteStore(conn, execute_plugins=False)

    return StoreThread(path, opener)


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the write lock as another program (a CLI import) would."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


async def test_a_cursor_move_posts_one_message_and_repaints_only_its_lines(
    demo_db_path: Path,
) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        view = screen.view
        full_repaints: list[bool] = []
        refresh = view.refresh

        def spy(*regions, **kwargs):  # type: ignore[no-untyped-def]
            full_repaints.append(not regions)
            return refresh(*regions, **kwargs)

        view.refresh = spy  # type: ignore[method-assign]
        messages.clear()
        await pilot.press("l")
        moved = of_type(messages, ArticleView.CursorMoved)
        assert [m.token.text for m in moved] == [view.cursor_token.text]  # type: ignore[union-attr]
        assert full_repaints and not any(full_repaints)  # only the touched lines
        view.cursor = view.cursor  # setting the same place is not a move
        assert len(of_type(messages, ArticleView.CursorMoved)) == 1


async def test_adding_a_term_posts_glossary_changed_with_the_new_cut(demo_db_path: Path) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        screen.view.place_cursor("暴雨")
        await pilot.press("v", "l", "a")
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        await pilot.press(*"heavy rain fell", "ctrl+s")
        await settle(pilot)
        (changed,) = of_type(messages, GlossaryChanged)
        assert changed.article_id == screen.article.id and changed.paragraphs is not None
        assert "暴雨下" in changed.note
        assert any(t.text == "暴雨下" for t in screen.view.tokens)
        assert not of_type(messages, StoreFailed)


async def test_a_status_on_a_locked_store_notifies_and_the_same_key_retries(
    demo_db_path: Path,
) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path, store=impatient_store(demo_db_path))
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        screen.view.place_cursor("暴雨")
        with write_lock(demo_db_path):
            await pilot.press("3")
            await pilot.press("l")  # the screen is not waiting for the lock
            await settle(pilot)
            assert screen.view.cursor_token.text != "暴雨"  # type: ignore[union-attr]
        (failed,) = of_type(messages, StoreFailed)
        assert "locked" in failed.error and "暴雨" in failed.action
        assert statuses_of(app.database, ["暴雨"]) == {}
        assert app.is_running
        screen.view.place_cursor("暴雨")
        await pilot.press("3")
        await settle(pilot)
        assert of_type(messages, StatusesChanged)[-1].words == ("暴雨",)
        assert statuses_of(app.database, ["暴雨"]) == {"暴雨": "known"}


async def test_pressing_3_on_a_read_only_store_notifies(demo_db_path: Path) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path, store=read_only_store(demo_db_path))
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        screen.view.place_cursor("暴雨")
        await pilot.press("3")
        await settle(pilot)
        (failed,) = of_type(messages, StoreFailed)
        assert "cannot write" in failed.error
        assert app.is_running and app.screen is screen
        assert "暴雨" not in screen.view.statuses


async def test_grading_while_another_program_writes_keeps_the_card(demo_db_path: Path) -> None:
    add_learning_terms(demo_db_path)
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path, store=impatient_store(demo_db_path))
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        card = screen.session.current
        await pilot.press("space")
        with write_lock(demo_db_path):
            await pilot.press("3")
            await settle(pilot)
        assert of_type(messages, StoreFailed) and not of_type(messages, CardGraded)
        assert screen.session.current == card and screen.session.summary.reviewed == 0
        await pilot.press("3")  # retry: the same key, once the lock is gone
        await settle(pilot)
        assert of_type(messages, CardGraded)[-1].rating == 3
        assert screen.session.summary.reviewed == 1
        assert app.database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1


async def test_only_chinese_words_become_terms_or_get_statuses(demo_db_path: Path) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        await pilot.press("number_sign")  # digits become cursor stops
        assert screen.view.place_cursor("7").text == "7"
        await pilot.press("a", "2")
        await settle(pilot)
        assert app.screen is screen  # no term dialog for 6 or 7
        assert statuses_of(app.database, ["7"]) == {}
        assert not of_type(messages, StatusesChanged)
        await pilot.press("number_sign")
        assert screen.view.cursor_token.text == "月"  # type: ignore[union-attr]


async def test_the_connections_close_on_exit(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    try:
        app.database.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        pass
    else:
        raise AssertionError("the app's connection is still open")


async def test_a_term_that_could_not_be_saved_comes_back_with_what_was_typed(
    demo_db_path: Path,
) -> None:
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path, store=impatient_store(demo_db_path))
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        screen = await open_flood_story(pilot)
        screen.view.place_cursor("暴雨")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        with write_lock(demo_db_path):
            await pilot.press(*"my own words", "ctrl+s")
            await settle(pilot)
        assert of_type(messages, StoreFailed) and not of_type(messages, GlossaryChanged)
        await pilot.press("a")  # retry: the dialog comes back as it was left
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TermDialog)
        assert "my own words" in dialog.draft.fields.definition
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert of_type(messages, GlossaryChanged)


async def test_readings_of_an_older_method_are_redone_in_the_background(
    demo_db_path: Path,
) -> None:
    """After an upgrade of the readings method the app brings the library up to date by
    itself, redoing readings from the stored cuts, and says so."""
    from db.readings import articles_with_old_readings
    from glossary.readings import READINGS_REVISION

    database = open_db(demo_db_path)
    with database.atomic():
        database.execute("UPDATE articles SET readings_revision = 0")
    old = articles_with_old_readings(database, READINGS_REVISION)
    database.close()
    assert old
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30), message_hook=messages.append) as pilot:
        await settle(pilot, rounds=3)
        assert [m.count for m in of_type(messages, ArticlesRecut)] == [len(old)]
    database = open_db(demo_db_path)
    assert articles_with_old_readings(database, READINGS_REVISION) == []
    database.close()


async def test_articles_a_cli_glossary_change_left_stale_are_recut_at_start(
    demo_db_path: Path,
) -> None:
    """`zhreader glossary add` re-cuts nothing itself; the next start of the reader does, so
    the new term reaches the articles that contain it without a command."""
    from db.articles import load_paragraphs, stale_article_ids
    from db.terms import glossary_revision
    from glossary.terms import Glossary, TermFields

    database = open_db(demo_db_path)
    _, affected = Glossary(database).add(
        TermFields("连夜赶赴", "連夜趕赴", "lian2 ye4 gan3 fu4", "rush overnight to")
    )
    assert stale_article_ids(database, glossary_revision(database)) == affected != []
    database.close()
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30), message_hook=messages.append) as pilot:
        await settle(pilot, rounds=3)
        assert [m.count for m in of_type(messages, ArticlesRecut)] == [len(affected)]
    database = open_db(demo_db_path)
    assert stale_article_ids(database, glossary_revision(database)) == []
    tokens = [t for p in load_paragraphs(database, affected[0]) for t in p.tokens]
    database.close()
    assert "连夜赶赴" in tokens


def test_a_damaged_database_met_while_reading_stops_with_one_clear_line(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged page found by a read (opening an article) is not a bug of zhreader: the app
    says the database is damaged, as the CLI does, instead of 'an unexpected DatabaseError'."""
    monkeypatch.setattr(ZhreaderApp, "is_headless", property(lambda self: False))
    app = ZhreaderApp(demo_db_path)
    monkeypatch.setattr(app, "_close_messages_no_wait", lambda: None)
    app._handle_exception(sqlite3.DatabaseError("database disk image is malformed"))
    (line,) = app._exit_renderables
    assert str(line).startswith(f"error: the database ({demo_db_path}) is damaged")
    assert app.return_code == 1

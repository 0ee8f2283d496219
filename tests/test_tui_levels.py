"""Pilot tests: level, frequency and lookup history in the gloss panel; highlight modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import open_db
from reader.settings import load_settings
from reader.ui.app import ZhreaderApp
from reader.ui.widgets.gloss_panel import GlossPanel

from .test_tui_glossary import move_to
from .tui_helpers import open_flood_story, painted_text


async def test_the_panel_shows_level_frequency_and_lookups(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await move_to(pilot, screen, "深夜")
        panel = screen.query_one("#gloss", GlossPanel)
        lines = painted_text(panel).splitlines()
        assert lines[1].startswith("HSK 7-9 · top 10k")
        assert "looked up" not in lines[1]
        await pilot.pause(1.0)  # the cursor dwells: the word counts as looked up
        screen.show_token(screen.view.cursor_token)
        assert "looked up 1× in 1 article" in painted_text(panel)
        await pilot.press("escape")
        await pilot.pause()
    database = open_db(demo_db_path)
    rows = database.execute("SELECT word, article_id FROM lookups").fetchall()
    assert ("深夜", screen.article.id) in rows


async def test_u_cycles_the_highlight_and_remembers_it(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        assert screen.view.highlight == "new"
        await pilot.press("u", "u")
        assert screen.view.highlight == "above"
        assert load_settings().highlight == "above"
        token = next(t for t in screen.view.tokens if t.text == "深夜")
        above = screen.view.get_component_rich_style("article-view--above")
        style = screen.view._token_style(token, screen.view.rich_style)
        assert above.bgcolor is not None and style.bgcolor == above.bgcolor
        await pilot.press("u", "u")
        assert screen.view.highlight == "new"


async def test_pinyin_tones_and_latin_stops_are_remembered_for_the_next_session(
    demo_db_path: Path,
) -> None:
    """`p`, `t` and `#` are kept in the settings file like `u`: a reader who reads with
    pinyin does not press `p` every time."""
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_flood_story(pilot)
        await pilot.press("p", "t", "number_sign")
        await pilot.pause()
    saved = load_settings()
    assert saved.show_pinyin and not saved.tone_colours and saved.latin_stops
    again = ZhreaderApp(demo_db_path)
    async with again.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        view = screen.view
        assert view.show_pinyin and not view.tone_colours and view.latin_stops
        await pilot.press("p")
        await pilot.pause()
    assert not load_settings().show_pinyin


async def test_ctrl_l_lookups_and_reading_forward_are_logged(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press(*"汲取")
        await pilot.press("escape")
        assert screen.lookup_log.pending_words()["汲取"] == 1
        await pilot.press("l", "l", "l", "l")
        screen.save_position()
        await pilot.press("escape")
        await pilot.pause()
    database = open_db(demo_db_path)
    # The word under the cursor may be logged too, when a slow machine keeps it there past
    # the dwell time before ctrl+l.
    assert ("汲取",) in database.execute("SELECT word FROM lookups").fetchall()
    assert database.execute("SELECT sum(words) FROM reading_log").fetchone()[0] == 4


async def test_quitting_from_the_reader_keeps_the_last_lookups(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await move_to(pilot, screen, "深夜")
        await pilot.pause(1.0)
        assert screen.lookup_log.pending_words()["深夜"] == 1
        await pilot.press("ctrl+q")
        await pilot.pause()
    database = open_db(demo_db_path)
    assert ("深夜",) in database.execute("SELECT word FROM lookups").fetchall()


async def test_a_settings_file_that_cannot_be_written_is_said_once(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a read-only settings folder `p` still toggles pinyin for the session, and the
    learner is told once that it is not kept, instead of finding out next time."""
    import reader.settings

    def read_only(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(reader.settings, "save_settings", read_only)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert screen.view.show_pinyin
        await pilot.press("t")
        await pilot.pause()
        told = [n for n in app._notifications if n.title == "Settings not saved"]
        assert len(told) == 1 and "session only" in told[0].message

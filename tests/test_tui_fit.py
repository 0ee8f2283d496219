"""The library, key bar and help screen at the sizes users run them: 120x35 and 80x24."""

from __future__ import annotations

import re
from pathlib import Path

from rich.cells import cell_len

from db import open_db
from db.articles import NewArticle, insert_article, refresh_stats, save_position
from reader.ui.app import ZhreaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import COLUMNS, LibraryScreen, level_detail
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_table import ArticleTable, fit_columns, fit_text
from reader.ui.widgets.key_bar import KeyBar, fit_keys

from .tui_helpers import painted_text

LONG_TITLE = "始终同人民想在一起干在一起（深度关注·百年大党的成功密码·基层观察②）"
DATE = re.compile(r"\b2026-03-0[45]\b")


def add_long_title_read_article(path: Path) -> None:
    """A fourth article with a newspaper-length title, and a reading date on two rows."""
    database = open_db(path)
    article_id = insert_article(
        database, NewArticle(LONG_TITLE, "人民日报", "", "", "", "2026-03-01", "long", 40, 0)
    )
    refresh_stats(database, article_id)
    save_position(database, 1, 0, 0, at="2026-03-04T08:00:00+00:00")
    save_position(database, article_id, 0, 0, at="2026-03-05T08:00:00+00:00")
    database.close()


def library_table(app: ZhreaderApp) -> ArticleTable:
    assert isinstance(app.screen, LibraryScreen)
    return app.screen.query_one(ArticleTable)


async def test_at_120_columns_every_library_column_shows_and_the_title_gives_way(
    demo_db_path: Path,
) -> None:
    add_long_title_read_article(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        table = library_table(app)
        lines = painted_text(table).splitlines()
        header = lines[0]
        for label in (
            "#",
            "Title",
            "Date",
            "Source",
            "Length",
            "Known",
            "New words",
            "HSK · above",
            "Read",
            "Last read",
        ):
            assert label in header
        assert header.rstrip().endswith("Last read")
        assert len(DATE.findall(painted_text(table))) == 2  # both reading dates, whole
        long_row = next(line for line in lines if "始终同人民" in line)
        assert "…" in long_row and LONG_TITLE not in long_row
        assert DATE.search(long_row)
        assert all(cell_len(line) <= table.size.width for line in lines)
        assert not table.show_horizontal_scrollbar


async def test_at_80_columns_the_library_keeps_the_columns_that_choose_an_article(
    demo_db_path: Path,
) -> None:
    add_long_title_read_article(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = library_table(app)
        text = painted_text(table)
        header = text.splitlines()[0]
        for label in ("#", "Title", "Known", "New words", "HSK · above", "Read"):
            assert label in header  # the id stays: the command line takes it
        for hidden in ("Source", "Date", "Length", "Last read"):
            assert hidden not in header
        assert table.shown_keys == ["id", "title", "known", "new", "level", "progress"]
        assert not DATE.findall(text)
        assert "第一书记的三本笔记" in text
        assert not table.show_horizontal_scrollbar
        await pilot.resize_terminal(120, 35)  # widening brings the hidden columns back
        await pilot.pause()
        assert "Source" in painted_text(table).splitlines()[0]
        assert table.shown_keys[0] == "id"


async def test_clicking_a_heading_sorts_by_the_column_shown_there(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = library_table(app)
        header = painted_text(table).splitlines()[0]
        await pilot.click(ArticleTable, offset=(header.index("Known") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.sort_key == "known"


def test_columns_are_fitted_by_drop_rank_and_the_title_takes_the_rest() -> None:
    widths = {p.column.key: p.width for p in fit_columns(COLUMNS, 60)}
    assert "source" not in widths and "date" not in widths and "read" not in widths
    assert "id" in widths
    assert widths["title"] >= 24
    placed = fit_columns(COLUMNS, 200)
    assert [p.column.key for p in placed] == [c.key for c in COLUMNS]
    assert placed[1].width == 60  # the title's widest: the figures stay near it
    for width in (20, 50, 80, 118):
        placed = fit_columns(COLUMNS, width)
        assert placed[-1].x + placed[-1].width <= width


def test_fit_text_measures_hanzi_in_cells() -> None:
    assert fit_text("暴雨突袭", 8) == "暴雨突袭"
    assert fit_text("暴雨突袭", 7) == "暴雨突…"
    assert fit_text("暴雨突袭", 6) == "暴雨… "  # a hanzi is never cut in half
    assert fit_text("12%", 5, right=True) == "  12%"
    for cells in range(0, 10):
        assert cell_len(fit_text(LONG_TITLE, cells)) == cells


def test_new_words_by_level_reads_beyond_hsk_as_a_count() -> None:
    counts = {"HSK 1": 151, "HSK 2": 144, "HSK 6": 66, "HSK 7-9": 99, "beyond HSK": 9}
    text = level_detail(counts, 200).plain
    assert text == (
        "new words by level: HSK 1: 151 · HSK 2: 144 · HSK 6: 66 · HSK 7-9: 99 · beyond HSK: 9"
    )
    lines = level_detail(counts, 60).plain.splitlines()
    assert len(lines) == 2 and all(cell_len(line) <= 60 for line in lines)
    entries = [entry for line in lines for entry in line.split(" · ")]
    assert "beyond HSK: 9" in entries and "HSK 7-9: 99" in entries  # never broken inside
    assert level_detail({}, 80).plain == "new words by level: none"


async def test_the_library_shows_new_words_by_level_with_counts_after_colons(
    demo_db_path: Path,
) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = painted_text(app.screen.query_one("#library-level-detail"))
        assert re.search(r"HSK 1: \d+ · HSK 2: \d+", text)
        assert not re.search(r"HSK \d \d", text)


def test_fit_keys_drops_whole_keys_from_the_end_and_keeps_help() -> None:
    keys = [("⏎", "Open"), ("r", "Continue"), ("g", "Glossary"), ("^q", "Quit")]
    assert fit_keys(keys, ("?", "Help"), 200).plain == (
        "⏎ Open  r Continue  g Glossary  ^q Quit  ? Help"
    )
    assert fit_keys(keys, ("?", "Help"), 30).plain == "⏎ Open  r Continue  ? Help"


async def test_help_is_in_the_key_bar_at_80_columns(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = painted_text(app.screen.query_one(KeyBar)).strip()
        assert bar.startswith("⏎ Open") and bar.endswith("? Help")
        assert "…" not in bar
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        bar = painted_text(app.screen.query_one(KeyBar)).strip()
        assert bar.startswith("tab Gloss") and bar.endswith("? Help")
        assert "…" not in bar


async def test_help_lists_only_zhreaders_keys_capitalised(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        for opened in ("library", "reading"):
            if opened == "reading":
                await pilot.press("enter")
                await pilot.pause()
            keys = app.keys_for(app.screen)
            descriptions = [description for _key, description in keys]
            for builtin in ("Scroll Left", "Page Left", "Focus Previous", "Copy selected text"):
                assert builtin not in descriptions
            for own in ("Help", "Quit", "Command palette", "Study"):
                assert own in descriptions
            assert all(d[:1].isupper() for d in descriptions)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = "\n".join(painted_text(w) for w in app.screen.query("Static"))
            assert "Command palette" in text and "Focus Next" not in text
            await pilot.press("escape")

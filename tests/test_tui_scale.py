"""The library screen at scale and the library search, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from db import open_db
from db.articles import NewArticle, insert_article, refresh_stats
from reader.ui.app import ZhreaderApp
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.widgets.article_table import ArticleTable
from tests.tui_helpers import painted_text


def add_empty_articles(path: Path, count: int) -> None:
    database = open_db(path)
    with database.atomic():
        for number in range(count):
            article_id = insert_article(
                database,
                NewArticle(f"文章{number:04d}", "bench", "", "", "", "2026", f"h{number}", 10, 0),
            )
            refresh_stats(database, article_id)
    database.close()


async def test_a_long_library_pages_sorts_and_filters(demo_db_path: Path) -> None:
    add_empty_articles(demo_db_path, 1_000)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(ArticleTable)
        assert table.row_count == 1_003
        await pilot.press("end")
        await pilot.pause()
        assert "文章0999" in painted_text(table)
        await pilot.click(ArticleTable, offset=(10, 0))  # the Title heading
        await pilot.pause()
        assert screen.sort_key == "title"
        assert table.selected is not None and table.selected.title == "文章0999"
        await pilot.press("home")
        await pilot.pause()
        assert table.selected is not None and table.selected.title == "文章0000"
        await pilot.press("slash", *"0123")
        await pilot.pause()
        assert table.row_count == 1 and "文章0123" in painted_text(table)


async def test_continue_reading_reopens_the_last_article(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("r")  # nothing read yet: a notice, no screen change
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        opened = app.screen.article.id
        await pilot.press("pagedown", "q")
        await pilot.pause()
        assert "20" in painted_text(app.screen.query_one(ArticleTable))  # the last-read date
        await pilot.press("home", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == opened


async def test_ctrl_f_lists_sentences_with_the_match_highlighted(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"两委", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.result is not None and screen.result.hits
        text = painted_text(screen.query_one("#search-results"))
        assert "两委" in text
        first = screen.result.hits[0]
        prompt = screen.query_one("#search-results").get_option_at_index(0).prompt  # type: ignore[attr-defined]
        spans = [prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)]
        assert spans == ["两委"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == first.article_id
        token = app.screen.view.cursor_token  # the reader opens at the match, not the start
        assert token is not None and token.paragraph == first.paragraph > 0
        assert token.start <= first.offset < token.start + len(token.text)
        assert "两委" in painted_text(app.screen.view)


async def test_down_from_the_search_box_highlights_the_first_result(demo_db_path: Path) -> None:
    """↓ moved into the results with nothing highlighted, so the enter after it did
    nothing; it opens the first result now."""
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+f", *"两委")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for _ in range(40):  # the search runs once typing pauses
            await pilot.pause(0.05)
            if screen.result is not None:
                break
        assert screen.result is not None
        first = screen.result.hits[0]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.article.id == first.article_id


async def test_opening_a_search_hit_from_a_reader_leaves_one_reader(demo_db_path: Path) -> None:
    """A reader left under the search came back stale (a term added in the newer one not
    cut in it), and every search from a reader added a level of Esc."""
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        for _ in range(2):
            await pilot.press("ctrl+f", *"两委", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen) and app.screen.result is not None
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReadingScreen)
        readers = [s for s in app.screen_stack if isinstance(s, ReadingScreen)]
        assert readers == [app.screen]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)

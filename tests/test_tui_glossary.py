"""Pilot tests of glossary work from the reader and the glossary screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from db.terms import statuses_of
from glossary.terms import Glossary
from reader.ui.app import ZhreaderApp
from reader.ui.screens.dialogs import LOOKUP_DELAY, LookupDialog
from reader.ui.screens.glossary import GlossaryScreen, TermDetails
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.term_dialog import TermDialog
from reader.ui.widgets.gloss_panel import GlossPanel

from .tui_helpers import open_flood_story, painted_text, settle


async def move_to(pilot, screen: ReadingScreen, word: str) -> None:  # type: ignore[no-untyped-def]
    """Place the cursor by API: pressing `l` up to 200 times made these tests slow."""
    screen.view.place_cursor(word)
    await pilot.pause()


async def add_dialog_for_storm(pilot) -> tuple[ReadingScreen, TermDialog]:  # type: ignore[no-untyped-def]
    """In the flood story, the term dialog `a` opens on 暴雨."""
    screen = await open_flood_story(pilot)
    await move_to(pilot, screen, "暴雨")
    await pilot.press("a")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, TermDialog)
    return screen, dialog


async def test_select_characters_across_tokens_and_add_a_term(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await move_to(pilot, screen, "暴雨")
        await pilot.press("v", "l", "l")  # 暴雨 + 下了 → 暴雨下了 (crosses a token boundary)
        assert screen.view.selected_text == "暴雨下了"
        assert "暴雨下了" in painted_text(screen.query_one("#gloss", GlossPanel)).splitlines()[0]
        await pilot.press("h")
        assert screen.view.selected_text == "暴雨下"
        await pilot.press("shift+right", "shift+left")  # as → and ←: a character at a time
        assert screen.view.selected_text == "暴雨下"
        await pilot.press("shift+right")
        assert screen.view.selected_text == "暴雨下了"
        await pilot.press("shift+left")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        await pilot.press(*"a heavy rain fell")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert screen.view.selection is None
        assert any(t.text == "暴雨下" for t in screen.view.tokens)  # re-cut at once
        assert screen.view.cursor_token is not None
        term = Glossary(app.database).visible_term("暴雨下")
        assert term is not None and term.definition == "a heavy rain fell"
        (entry,) = Glossary(app.database).search("暴雨下")
        assert entry.contexts == (
            "7月的一个深夜，暴雨下了整整六个小时，河水迅速上涨，漫过了河堤。",
        )


async def test_status_keys_and_paragraph_known(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await move_to(pilot, screen, "暴雨")
        await pilot.press("3")
        await settle(pilot)
        assert statuses_of(app.database, ["暴雨"]) == {"暴雨": "known"}
        assert "[known]" in painted_text(screen.query_one("#gloss", GlossPanel))
        await pilot.press("0")
        await settle(pilot)
        assert statuses_of(app.database, ["暴雨"]) == {"暴雨": "ignored"}
        await pilot.press("K")
        await settle(pilot)
        paragraph = screen.view.cursor_token.paragraph  # type: ignore[union-attr]
        words = {t.text for t in screen.view.tokens if t.paragraph == paragraph and t.reading}
        statuses = statuses_of(app.database, words)
        assert statuses["暴雨"] == "ignored"  # K only touches still-new words
        assert all(statuses[w] == "known" for w in words - {"暴雨"})
        await pilot.press("u")
        assert screen.view.highlight == "learning"


async def test_edit_and_delete_from_the_reader(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await move_to(pilot, screen, "党员突击队")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TermDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        term = Glossary(app.database).visible_term("党员突击队")
        assert term is not None and term.origin == "user"
        await pilot.press("x", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        visible = Glossary(app.database).visible_term("党员突击队")
        assert visible is not None and visible.origin == "builtin"  # the shipped term remains


async def test_glossary_screen_search_and_details(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        assert len(screen.entries) >= 200
        await pilot.press("slash", *"diyi shuji")
        await pilot.pause()
        assert [e.term.simplified for e in screen.entries] == ["第一书记"]
        assert "first secretary" in painted_text(screen.query_one("#terms"))
        heading = painted_text(screen.query_one("#glossary-heading"))
        assert "Glossary  1 term matching 'diyi shuji'" in heading
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TermDetails)
        text = "\n".join(painted_text(w) for w in app.screen.query("Static"))
        assert "In your library" in text and "当上了驻村第一书记" in text
        await pilot.press("escape")
        await pilot.press("3")
        await settle(pilot)
        assert statuses_of(app.database, ["第一书记"]) == {"第一书记": "known"}


async def test_export_to_anki_from_the_glossary_screen(demo_db_path: Path, tmp_path: Path) -> None:
    import zipfile

    from db import open_db
    from db.terms import TermFields

    target = tmp_path / "from-screen.apkg"
    database = open_db(demo_db_path)  # the screen exports your terms: add one first
    Glossary(database).add(TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "road crew"))
    database.close()
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert zipfile.is_zipfile(target)


async def test_deleting_on_the_glossary_screen_is_a_write_that_posts_a_message(
    demo_db_path: Path,
) -> None:
    from textual.message import Message

    from db import open_db
    from db.terms import TermFields
    from reader.ui.messages import GlossaryChanged

    database = open_db(demo_db_path)
    Glossary(database).add(TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "road crew"))
    database.close()
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        await pilot.press("slash", *"修路队", "enter")
        await pilot.pause()
        assert [e.term.simplified for e in screen.entries] == ["修路队"]
        await pilot.press("x", "y")
        await settle(pilot)
        changed = {id(m): m for m in messages if isinstance(m, GlossaryChanged)}
        assert [m.note for m in changed.values()] == ["Deleted 修路队"]
        assert screen.entries == [] and Glossary(app.database).visible_term("修路队") is None


async def wait_for_lookup(pilot) -> None:  # type: ignore[no-untyped-def]
    """Past the look-up box's typing pause, then its worker and the message it posts."""
    await pilot.pause(LOOKUP_DELAY + 0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lookup_dialog_answers_pinyin_and_english(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_flood_story(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LookupDialog)
        result = dialog.query_one("#lookup-result", GlossPanel)
        await pilot.press(*"diyi shuji")
        assert "Looking up 'diyi shuji'" in painted_text(result)  # waits for a pause in typing
        await wait_for_lookup(pilot)
        text = painted_text(result)
        assert "Pinyin · 1 word" in text
        assert "第一书记 第一書記  dìyīshūjì  glossary  first secretary" in text
        dialog.query_one("#lookup-input", Input).value = "village"
        await pilot.press("enter")  # enter looks up without waiting
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = painted_text(result).splitlines()
        assert lines[0].startswith("English · 20 words")
        assert any(line.startswith("村  cūn  village") for line in lines)
        await pilot.press("escape")
        assert app.screen is screen
        pending = screen.lookup_log.pending_words()
        assert "第一书记" not in pending and "村" not in pending  # a list is not one word's lookup


async def test_lookup_dialog_copes_with_odd_input(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_flood_story(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LookupDialog)
        field = dialog.query_one("#lookup-input", Input)
        result = dialog.query_one("#lookup-result", GlossPanel)
        for value, shown in [
            ("[bold]x[/] \x1b[31m\x07", "Nothing matches '[bold]x[/] ␛[31m␇'"),
            ("!!!", "Nothing matches '!!!'"),
            ("x" * 500, "Too long for a word"),
            ("第一" * 101, "Too long for a word"),
            ("   ", ""),
            ("第一书记", "first secretary"),
        ]:
            field.value = value
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is dialog
            text = painted_text(result)
            assert shown in text and "\x1b" not in text
        field.value = "diyi"
        await pilot.pause()
        dialog.post_message(LookupDialog.Answered("diy", None, "stale"))  # typed on since
        await pilot.pause()
        assert "stale" not in painted_text(result)


async def test_term_dialog_takes_pinyin_joined_by_words(demo_db_path: Path) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        _, dialog = await add_dialog_for_storm(pilot)
        dialog.query_one("#term-pinyin", Input).value = "bàoyǔ"
        await pilot.press("ctrl+s")
        await settle(pilot)
        term = Glossary(app.database).visible_term("暴雨")
        assert term is not None and term.pinyin == "bao4 yu3"


async def test_a_selection_of_whole_words_starts_with_the_pinyin_shown(
    demo_db_path: Path,
) -> None:
    """挨家挨户地走访: the text shows 地 as de; a term made of 地 + 走访 starts with de5, not
    the dictionary's first reading of the new word (di4)."""
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")  # the first demo article
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        await move_to(pilot, screen, "地")
        assert screen.view.cursor_token is not None
        assert screen.view.cursor_token.reading == "de5"
        await pilot.press("v", "l", "l")  # a character at a time
        assert screen.view.selected_text == "地走访"
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TermDialog)
        assert dialog.draft.fields.pinyin == "de5 zou3 fang3"


async def test_term_dialog_keeps_what_was_typed_when_the_pinyin_does_not_fit(
    demo_db_path: Path,
) -> None:
    """Pinyin that is not two syllables for 暴雨 keeps the dialog open, says why, focuses
    the pinyin field; typing into the meaning adds to the prefilled text, not over it."""
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, dialog = await add_dialog_for_storm(pilot)
        prefilled = dialog.query_one("#term-definition", Input).value
        assert prefilled
        await pilot.press(*"; mine")
        dialog.query_one("#term-pinyin", Input).value = "qqq9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "not pinyin" in painted_text(dialog.query_one("#term-error"))
        assert app.focused is dialog.query_one("#term-pinyin", Input)
        assert dialog.query_one("#term-definition", Input).value == prefilled + "; mine"
        assert Glossary(app.database).visible_term("暴雨") is None
        dialog.query_one("#term-pinyin", Input).value = "bao4 yu3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        term = Glossary(app.database).visible_term("暴雨")
        assert term is not None and term.definition == prefilled + "; mine"


async def test_term_dialog_fits_an_80_by_24_terminal_with_its_buttons_and_error(
    demo_db_path: Path,
) -> None:
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        _, dialog = await add_dialog_for_storm(pilot)
        dialog.query_one("#term-pinyin", Input).value = "qqq9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        for part in ("#save", "#cancel", "#term-error", ".term-dialog"):
            region = dialog.query_one(part).region
            assert region.bottom <= 24 and region.right <= 80, part

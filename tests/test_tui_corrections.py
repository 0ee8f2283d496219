"""Corrections from the reader: `b` splits at the cursor character, `v` selects from it,
`r` chooses a reading here or everywhere; the store keeps them and re-cuts honour them."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from db import open_db
from db.articles import load_paragraphs
from db.corrections import readings_everywhere, split_rules
from db.terms import statuses_of
from reader.library import Library
from reader.ui.app import ZhreaderApp
from reader.ui.messages import ArticlesRecut, StoreFailed
from reader.ui.screens.dialogs import ReadingDialog
from reader.ui.screens.reading import ReadingScreen

from .tui_helpers import painted_text, settle

TOWNSHIP = "在危难之时凸显党员干部的担当。"
ELSEWHERE = "标题\n\n区长说，时凸显不是一个词。"


def import_article(path: Path, text: str) -> int:
    """One article of `text` imported into the database at `path`: its id."""
    database = open_db(path)
    try:
        article = Library(database).import_text(text, "article.txt").article_id
    finally:
        database.close()
    assert article is not None
    return article


def import_articles(path: Path) -> tuple[int, int]:
    database = open_db(path)
    library = Library(database)
    first = library.import_text(f"乡里\n\n{TOWNSHIP}", "township.txt").article_id
    second = library.import_text(ELSEWHERE, "elsewhere.txt").article_id
    database.close()
    assert first is not None and second is not None
    return first, second


async def open_article(pilot, article_id: int) -> ReadingScreen:  # type: ignore[no-untyped-def]
    pilot.app.open_article(article_id)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


def texts(screen: ReadingScreen) -> list[str]:
    return [t.text for t in screen.view.tokens]


async def test_split_at_the_cursor_character_then_select_from_it(demo_db_path: Path) -> None:
    township, elsewhere = import_articles(demo_db_path)
    messages: list[Message] = []
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_article(pilot, township)
        screen.view.place_cursor("时凸显")  # jieba's junk token
        await pilot.press("b")  # at the first character: nothing to split before
        await settle(pilot, 3)
        assert "时凸显" in texts(screen)
        await pilot.press("L", "b")  # move to 凸, split before it
        await settle(pilot, 3)
        assert "时凸显" not in texts(screen) and {"时", "凸显"} <= set(texts(screen))
        assert screen.view.cursor_token.text == "凸显"  # type: ignore[union-attr]
        assert split_rules(app.database) == {"时凸显": (1,)}
        await pilot.press("v", "l", "l", "l")  # 凸显 + 党员干, from the cursor character
        assert screen.view.selected_text == "凸显党员干"
        await pilot.press("escape")
        screen.view.place_cursor("危难")
        await pilot.press("K")
        await settle(pilot, 3)
        assert statuses_of(app.database, ["时凸显"]) == {}  # K never marks the split-away token
        assert statuses_of(app.database, ["危难"]) == {"危难": "known"}
        for _ in range(100):  # the other article is re-cut by a background worker
            if any(isinstance(m, ArticlesRecut) for m in messages):
                break
            await pilot.pause(0.05)
        assert not [m for m in messages if isinstance(m, StoreFailed)]
    database = open_db(demo_db_path)
    try:
        other = [p.tokens for p in load_paragraphs(database, elsewhere)]
        assert "时凸显" not in other[-1]  # the other article was re-cut in the background
        Library(database).recut(township)  # a later re-read keeps the split
        assert "时凸显" not in load_paragraphs(database, township)[-1].tokens
    finally:
        database.close()


async def choose(pilot, here_only: bool, pinyin: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ReadingDialog)
    index = next(
        i for i, c in enumerate(dialog.choices) if c.here_only == here_only and c.pinyin == pinyin
    )
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot, 3)


async def test_choose_a_reading_here_then_everywhere(demo_db_path: Path) -> None:
    _, elsewhere = import_articles(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot, elsewhere)
        screen.view.place_cursor("区长")  # one reading: no dialog
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen
        screen.view.place_cursor("说")
        assert screen.view.cursor_token.reading == "shuo1"  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReadingDialog)
        assert "shuì" in painted_text(dialog.query_one("#readings"))
        await pilot.press("escape")  # cancelling changes nothing
        await pilot.pause()
        assert app.screen is screen

        await choose(pilot, here_only=False, pinyin="shui4")
        token = screen.view.cursor_token
        assert token is not None and token.text == "说" and token.reading == "shui4"
        assert readings_everywhere(app.database) == {"说": "shui4"}

        await choose(pilot, here_only=True, pinyin="shuo1")  # this occurrence wins
        assert screen.view.cursor_token.reading == "shuo1"  # type: ignore[union-attr]
        assert readings_everywhere(app.database) == {"说": "shui4"}
    database = open_db(demo_db_path)
    try:
        library = Library(database)
        library.recut(elsewhere)  # re-reads honour both choices
        paragraph = load_paragraphs(database, elsewhere)[-1]
        assert paragraph.readings[paragraph.tokens.index("说")] == "shuo1"
        other = library.import_text("又一篇\n\n他说：好。", "third.txt").article_id
        assert other is not None
        paragraph = load_paragraphs(database, other)[-1]
        assert paragraph.readings[paragraph.tokens.index("说")] == "shui4"
    finally:
        database.close()


async def test_a_word_shown_in_its_own_tone_offers_the_dictionary_light_tone(
    demo_db_path: Path,
) -> None:
    """知识 reads zhi1 shi2 (readings.lexical_tones); CC-CEDICT's zhi1 shi5 can be chosen
    instead, and both lines carry the word's meaning."""
    article = import_article(demo_db_path, "标题\n\n他很有知识。")
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot, article)
        screen.view.place_cursor("知识")
        assert screen.view.cursor_token.reading == "zhi1 shi2"  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReadingDialog)
        shown = painted_text(dialog.query_one("#readings"))
        assert "zhī shí  this place only  (now)  knowledge" in shown
        assert "zhī shi  this place only  knowledge" in shown
        assert {c.pinyin for c in dialog.choices} == {"zhi1 shi2", "zhi1 shi5"}
        assert all("knowledge" in label.plain for label in dialog.labels)
        await pilot.press("escape")
        await pilot.pause()
        await choose(pilot, here_only=False, pinyin="zhi1 shi5")
        assert screen.view.cursor_token.reading == "zhi1 shi5"  # type: ignore[union-attr]


async def test_a_reading_chosen_everywhere_can_be_forgotten(demo_db_path: Path) -> None:
    """为 chosen wèi everywhere overrode 以…为 wéi in every article; the dialog marks that
    choice and offers `automatic`, which gives the reading back to context."""
    article = import_article(demo_db_path, "标题\n\n他以老师为榜样。")
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot, article)
        screen.view.place_cursor("为")
        assert screen.view.cursor_token.reading == "wei2"  # type: ignore[union-attr]
        await choose(pilot, here_only=False, pinyin="wei4")
        assert screen.view.cursor_token.reading == "wei4"  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReadingDialog)
        await settle(pilot)  # the list is laid out again for its fifth line
        shown = painted_text(dialog.query_one("#readings"))
        assert "wèi  everywhere  (your choice everywhere)" in shown
        assert "automatic  everywhere  forget your wèi for every 为" in shown
        await pilot.press("escape")
        await pilot.pause()
        await choose(pilot, here_only=False, pinyin="")
        assert screen.view.cursor_token.reading == "wei2"  # type: ignore[union-attr]
        assert readings_everywhere(app.database) == {}


async def test_b_on_the_second_part_of_a_split_joins_it_again(demo_db_path: Path) -> None:
    """A split applies to every article, and a learner who made one by mistake had no way
    back: `b` at the first character of its second part undoes it."""
    township, _ = import_articles(demo_db_path)
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_article(pilot, township)
        screen.view.place_cursor("时凸显")
        await pilot.press("L", "b")
        await settle(pilot, 3)
        assert split_rules(app.database) == {"时凸显": (1,)}
        assert screen.view.cursor_token.text == "凸显"  # type: ignore[union-attr]
        assert screen.view.cursor_char == 0
        await pilot.press("b")
        await settle(pilot, 3)
        assert split_rules(app.database) == {}
        assert "时凸显" in texts(screen)

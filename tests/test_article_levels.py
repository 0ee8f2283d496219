"""Each article's level: stored per article, sorted easiest first, shown in the library."""

from __future__ import annotations

from pathlib import Path

from db import Database
from glossary.article_levels import (
    ArticleLevel,
    article_levels,
    new_words_by_level,
    reading_level,
)
from glossary.terms import Glossary
from reader.library import Library
from reader.settings import Settings, save_settings
from reader.ui.app import ZhreaderApp
from reader.ui.screens.library import LibraryScreen

from .tui_helpers import painted_text


def test_reading_levels_fall_back_to_the_hardest_character() -> None:
    assert reading_level("我们") == 1
    assert reading_level("深夜") == 7  # listed as a word
    assert reading_level("党支部书记") == max(reading_level(c) for c in "党支部书记")
    assert reading_level("㐀") == 0


def test_levels_are_stored_per_article_and_follow_recuts(cedict_db: Database) -> None:
    library = Library(cedict_db)
    easy = library.import_text("我们\n\n我们是学生。我们喜欢学习。", "easy.txt").article_id
    hard = library.import_text("深夜\n\n深夜，党支部书记汲取经验。", "hard.txt").article_id
    assert easy is not None and hard is not None
    levels = article_levels(cedict_db)
    assert levels[easy].needed is not None and levels[easy].needed <= 2
    assert levels[hard].needed is None or levels[hard].needed >= 5
    assert levels[easy].above_share(3) == 0.0 and levels[hard].above_share(3) > 0.5
    ranked = sorted(levels.values(), key=lambda lv: lv.sort_key(3))
    assert [lv.article_id for lv in ranked] == [easy, hard]
    before = new_words_by_level(cedict_db, hard)
    assert before["HSK 7-9"] >= 1 and list(before)[-1] in {"HSK 7-9", "beyond HSK"}
    Glossary(cedict_db).set_status(["深夜"], "known")
    assert new_words_by_level(cedict_db, hard).get("HSK 7-9", 0) == before["HSK 7-9"] - 1
    stored = "SELECT count(*) FROM article_levels WHERE article_id = ?"
    assert cedict_db.execute(stored, [hard]).fetchone()[0] > 0
    library.recut(hard)  # the stored profile is forgotten with the article's old words
    assert cedict_db.execute(stored, [hard]).fetchone()[0] == 0
    assert cedict_db.execute(stored, [easy]).fetchone()[0] > 0
    assert article_levels(cedict_db)[hard].total == levels[hard].total
    assert ArticleLevel(9, {}).label() == "beyond HSK"


async def test_the_library_shows_and_sorts_by_level(demo_db_path: Path) -> None:
    save_settings(Settings(hsk_level=4))
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table_text = painted_text(screen.query_one("#articles"))
        assert "HSK · above" in table_text and " · " in table_text and "%" in table_text
        assert "new words by level:" in painted_text(screen.query_one("#library-level-detail"))
        seen = set()
        for _ in range(len(screen.columns)):  # `o` reaches every column, the level one too
            await pilot.press("o")
            seen.add(screen.sort_key)
        assert seen == {column.key for column in screen.columns}
        while screen.sort_key != "level":
            await pilot.press("o")
        shown = screen.visible_summaries()
        keys = [screen._level(s).sort_key(4) for s in shown]
        assert keys == sorted(keys)
    save_settings(Settings())

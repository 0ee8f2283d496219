from __future__ import annotations

from rich.console import Console

from db import Database
from glossary.lookup import Dictionary
from reader.ui.widgets.gloss_panel import render_lookup


def plain(renderable: object) -> str:
    console = Console(width=60, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_the_reading_shown_in_the_text_comes_first(cedict_db: Database) -> None:
    result = Dictionary(cedict_db).lookup("行")
    walk_first = plain(render_lookup(result, pinyin="xing2"))
    row_first = plain(render_lookup(result, pinyin="hang2"))
    assert walk_first.index("xíng") < walk_first.index("háng")
    assert row_first.index("háng") < row_first.index("xíng")


def test_a_reading_no_entry_writes_heads_the_panel(cedict_db: Database) -> None:
    """The text reads 塞尔维亚 Sài (a second opinion); CC-CEDICT writes Sāi."""
    result = Dictionary(cedict_db).lookup("塞尔维亚")
    text = plain(render_lookup(result, pinyin="Sai4 er3 wei2 ya4"))
    assert text.index("Sài'ěrwéiyà  as read here") < text.index("Sāi'ěrwéiyà")
    as_written = plain(render_lookup(result, pinyin="Sai1 er3 wei2 ya4"))
    assert "as read here" not in as_written


def test_markup_in_glossary_text_is_shown_literally(cedict_db: Database) -> None:
    cedict_db.execute(
        "INSERT INTO terms (simplified, traditional, pinyin, definition, origin, created_at, "
        "updated_at) VALUES ('标记', '標記', 'biao1 ji4', '[bold]not bold[/] [link=x]y[/link]', "
        "'user', '', '')"
    )
    text = plain(render_lookup(Dictionary(cedict_db).lookup("标记")))
    assert "[bold]not bold[/] [link=x]y[/link]" in text

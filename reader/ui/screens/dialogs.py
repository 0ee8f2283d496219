"""Small modal dialogs: confirmation, a path prompt, and word look-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList

from db import Database
from glossary.lookup import Dictionary
from glossary.pinyin import numbered_to_marked
from glossary.script import has_han
from reader.display import safe_text
from reader.ui.widgets.gloss_panel import GlossPanel


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no question; y/enter confirm, n/escape cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PromptDialog(ModalScreen[str | None]):
    """One line of input; enter submits, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel")
    ]

    def __init__(self, question: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question))
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LookupDialog(ModalScreen[None]):
    """Type a word (hanzi, either script) and see its lookup as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="dialog.close")]

    def __init__(
        self,
        database: Database,
        tone_colours: bool = True,
        log_lookup: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.dictionary = Dictionary(database)
        self.tone_colours = tone_colours
        self.log_lookup = log_lookup
        self.looked_up = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lookup-dialog"):
            yield Label("Look up a word")
            yield Input(placeholder="第一书记", id="lookup-input")
            with VerticalScroll():
                yield GlossPanel(id="lookup-result")

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        panel = self.query_one("#lookup-result", GlossPanel)
        word = event.value.strip()
        if not has_han(word):
            panel.update(Text("Type Chinese characters." if word else ""))
            return
        result = self.dictionary.lookup(word)
        panel.show(result, tone_colours=self.tone_colours, status="", pinyin="")
        self.looked_up = word if result.glossed else ""

    def action_close(self) -> None:
        if self.looked_up and self.log_lookup is not None:
            self.log_lookup(self.looked_up)  # the word typed last counts, not every keystroke
        self.dismiss(None)


@dataclass(frozen=True)
class ReadingChoice:
    """The reading the learner picked, and whether it holds for this occurrence only."""

    pinyin: str
    here_only: bool


class ReadingDialog(ModalScreen[ReadingChoice | None]):
    """Pick a word's reading for this occurrence or everywhere; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel")
    ]

    def __init__(self, word: str, readings: list[tuple[str, str]], current: str) -> None:
        """`readings` are (numbered pinyin, what it means) pairs; `current` is shown now."""
        super().__init__()
        self.word = word
        self.choices = [
            ReadingChoice(pinyin, here_only)
            for here_only in (True, False)
            for pinyin, _ in readings
        ]
        self.labels = [
            Text.assemble(
                (numbered_to_marked(choice.pinyin), "bold"),
                "  " + ("this place only" if choice.here_only else "everywhere"),
                ("  (now)" if choice.pinyin == current and choice.here_only else "", "dim"),
                ("  " + dict(readings)[choice.pinyin], "dim"),
            )
            for choice in self.choices
        ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text.assemble("Read ", (safe_text(self.word), "bold"), " as:"))
            yield OptionList(*self.labels, id="readings")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Small modal dialogs: confirmation, a path prompt, and word look-up."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, OptionList

from db import Database, ZhreaderError
from glossary.cedict_display import readable_definition
from glossary.lookup import MAX_LOOKUP_CHARS, Answer, Dictionary, answer
from glossary.pinyin import numbered_to_marked
from glossary.script import has_han
from reader.display import inert, safe_line, safe_text
from reader.ui.services import services
from reader.ui.store import on_own_connection
from reader.ui.widgets.gloss_panel import GlossPanel, pinyin_text


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
            yield Label(Text(safe_line(self.question)))
            yield Input(
                value=safe_line(self.value), placeholder=self.placeholder, id="prompt-input"
            )

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


LOOKUP_DELAY = 0.2
"""Seconds of quiet typing before a pinyin or English lookup: each scans the dictionary
(about 0.1 s), so it runs once the learner pauses, in a worker."""


def _senses_shown(found: Answer, definitions: tuple[str, ...]) -> list[str]:
    """The first sense; for an English query also the sense it matched, when that is a
    later one (屯 tún: to station (soldiers) … village), so every line shows why it is there."""
    senses = [readable_definition(d) for d in definitions]
    if found.kind != "english" or not senses:
        return senses[:1]
    query = found.query.lower()
    matched = [s for s in senses if re.search(rf"(?<![a-z]){re.escape(query)}(?![a-z])", s.lower())]
    return senses[:1] if not matched or matched[0] == senses[0] else [senses[0], matched[0]]


def render_entries(found: Answer, tone_colours: bool) -> Group:
    """A pinyin or English answer: one line per word, commonest first, with its pinyin and
    first sense, as `zhreader lookup` lists them. Built as Text, never markup."""
    if not found.entries:
        return Group(
            Text(
                f"Nothing matches {safe_line(found.query)!r} in hanzi, pinyin or English.",
                Style(italic=True, dim=True),
            )
        )
    count = len(found.entries)
    lines: list[Text] = [
        Text(
            f"{'Pinyin' if found.kind == 'pinyin' else 'English'} · {count} "
            f"word{'s' if count != 1 else ''}, commonest first",
            Style(dim=True),
        )
    ]
    for reading in found.entries:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(reading.simplified, Style(bold=True))
        if reading.traditional != reading.simplified:
            line.append(f" {reading.traditional}", Style(dim=True))
        line.append("  ")
        line.append_text(pinyin_text(reading.syllables, tone_colours))
        if reading.is_glossary:
            line.append("  glossary", Style(italic=True, dim=True))
        senses = _senses_shown(found, reading.definitions)
        if senses:
            line.append("  " + senses[0])
        if len(senses) > 1:
            line.append(" … ", Style(dim=True))
            line.append(senses[1])
        lines.append(line)
    return Group(*lines)


class LookupDialog(ModalScreen[None]):
    """Type hanzi (either script), pinyin (`diyi shuji`, `dì yī`, `di4 yi1`) or English
    (`village`) and see what `zhreader lookup` finds, as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="dialog.close")]

    @dataclass
    class Answered(Message):
        """The worker's answer to a pinyin or English query, or the error that stopped it."""

        query: str
        found: Answer | None
        error: str = ""

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
        self.query_text = ""  # the query on show: a worker's answer to an older one is dropped
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lookup-dialog"):
            yield Label("Look up a word: hanzi, pinyin or English")
            yield Input(placeholder="第一书记 · diyi shuji · village", id="lookup-input")
            with VerticalScroll():
                yield GlossPanel(id="lookup-result")

    @on(Input.Changed, "#lookup-input")
    def changed(self, event: Input.Changed) -> None:
        self._stop_timer()
        panel = self.query_one("#lookup-result", GlossPanel)
        query = event.value.strip()
        self.query_text = query
        self.looked_up = ""
        if not query:
            panel.update(Text(""))
        elif len(query) > MAX_LOOKUP_CHARS:
            panel.update(
                Text(
                    f"Too long for a word: a lookup takes at most {MAX_LOOKUP_CHARS} characters.",
                    Style(italic=True, dim=True),
                )
            )
        elif has_han(query):
            self._show(answer(self.dictionary, query))  # indexed reads: well inside a frame
        else:
            panel.update(Text(f"Looking up {safe_line(query)!r}…", Style(dim=True)))
            self._timer = self.set_timer(LOOKUP_DELAY, lambda: self._look_up(query))

    @on(Input.Submitted, "#lookup-input")
    def submitted(self, event: Input.Submitted) -> None:
        """Enter looks up at once, without waiting for the pause."""
        if self._timer is not None:
            self._stop_timer()
            self._look_up(event.value.strip())

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _look_up(self, query: str) -> None:
        self._timer = None
        self.answer_in_background(query, services(self).db_path)

    @work(thread=True, exclusive=True, group="lookup-dialog", exit_on_error=False)
    def answer_in_background(self, query: str, db_path: Path | None) -> None:
        """Answer a pinyin or English query on a connection of this thread (the scan takes
        about 0.1 s); never touches a widget, posts `Answered`."""
        try:
            found = on_own_connection(db_path, lambda database: answer(Dictionary(database), query))
        except ZhreaderError as error:
            self.post_message(self.Answered(query, None, str(error)))
            return
        self.post_message(self.Answered(query, found))

    @on(Answered)
    def answered(self, event: LookupDialog.Answered) -> None:
        if event.query != self.query_text:
            return  # typed on since: a newer answer is coming
        if event.found is None:
            panel = self.query_one("#lookup-result", GlossPanel)
            panel.update(Text(f"Lookup failed: {safe_line(event.error)}", Style(italic=True)))
            return
        self._show(event.found)

    def _show(self, found: Answer) -> None:
        """Hanzi as the gloss panel shows a word; pinyin and English as a list of words."""
        panel = self.query_one("#lookup-result", GlossPanel)
        if found.result is not None:
            panel.show(found.result, tone_colours=self.tone_colours, status="", pinyin="")
            self.looked_up = found.query if found.result.glossed else ""
            return
        panel.update(inert(render_entries(found, self.tone_colours)))
        panel.word = ""
        self.looked_up = ""

    def action_close(self) -> None:
        self._stop_timer()
        if self.looked_up and self.log_lookup is not None:
            self.log_lookup(self.looked_up)  # the word typed last counts, not every keystroke
        self.dismiss(None)


@dataclass(frozen=True)
class ReadingChoice:
    """The reading the learner picked, and whether it holds for this occurrence only. An
    empty `pinyin` forgets the learner's earlier choice: context decides again."""

    pinyin: str
    here_only: bool


class ReadingDialog(ModalScreen[ReadingChoice | None]):
    """Pick a word's reading for this occurrence or everywhere, or forget an earlier choice;
    escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel")
    ]

    def __init__(
        self,
        word: str,
        readings: list[tuple[str, str]],
        current: str,
        chosen: tuple[str, str] = ("", ""),
    ) -> None:
        """`readings` are (numbered pinyin, what it means) pairs; `current` is shown now;
        `chosen` the learner's earlier readings (here, everywhere), '' where none."""
        super().__init__()
        self.word = word
        here, everywhere = chosen
        self.choices = [
            ReadingChoice(pinyin, here_only)
            for here_only in (True, False)
            for pinyin, _ in readings
        ]
        meanings = dict(readings)
        self.labels = [
            Text.assemble(
                (numbered_to_marked(choice.pinyin), "bold"),
                "  " + ("this place only" if choice.here_only else "everywhere"),
                (_mark(choice, current, here, everywhere), "dim"),
                ("  " + meanings[choice.pinyin], "dim"),
            )
            for choice in self.choices
        ]
        for where, here_only in ((here, True), (everywhere, False)):
            if where:
                self.choices.append(ReadingChoice("", here_only))
                scope = "this place" if here_only else f"every {word}"
                self.labels.append(
                    Text.assemble(
                        ("automatic", "bold"),
                        "  " + ("this place only" if here_only else "everywhere"),
                        (f"  forget your {numbered_to_marked(where)} for {scope}", "dim"),
                    )
                )

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


def _mark(choice: ReadingChoice, current: str, here: str, everywhere: str) -> str:
    """What a line of the reading dialog says of itself: the learner's choice, or the
    reading shown now."""
    if choice.here_only and choice.pinyin == here:
        return "  (your choice here)"
    if not choice.here_only and choice.pinyin == everywhere:
        return "  (your choice everywhere)"
    if choice.here_only and choice.pinyin == current and not here:
        return "  (now)"
    return ""

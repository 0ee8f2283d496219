"""Add or edit a glossary term: fields prefilled from the lookup, the context sentence kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from db.terms import Term, TermFields
from glossary.terms import GlossaryError, checked_fields
from reader.display import safe_line


@dataclass(frozen=True)
class TermDraft:
    """What the dialog returns: the fields and the sentence to save as context."""

    fields: TermFields
    sentence: str


def draft_from_term(term: Term, sentence: str = "") -> TermDraft:
    return TermDraft(term.fields, sentence)


class TermDialog(ModalScreen[TermDraft | None]):
    """Ctrl+S or Enter in any field saves; Escape cancels. Fields that cannot be saved
    (pinyin that does not fit the hanzi, no meaning) keep the dialog open, with the reason
    shown and the field focused, so nothing typed is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="term.cancel"),
        Binding("ctrl+s", "save", "Save", id="term.save"),
    ]

    def __init__(self, title: str, draft: TermDraft, hint: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.draft = draft
        self.hint = hint

    def compose(self) -> ComposeResult:
        fields = self.draft.fields
        with Vertical(classes="dialog term-dialog"):
            yield Label(Text(safe_line(self.dialog_title), style="bold"))
            if self.hint:
                yield Label(Text(safe_line(self.hint), style="dim"))
            yield Label("Hanzi (simplified / traditional)")
            with Horizontal(classes="term-row"):
                yield _field(fields.simplified, "simplified")
                yield _field(fields.traditional, "traditional")
            yield Label("Pinyin (di4 yi1 or dì yī)")
            yield _field(fields.pinyin, "pinyin", "di4 yi1 shu1 ji4")
            yield Label("Meaning")
            yield _field(fields.definition, "definition", "English gloss")
            yield Label("Tags (space separated) and notes")
            with Horizontal(classes="term-row"):
                yield _field(fields.tags, "tags", "party rural")
                yield _field(fields.notes, "notes", "notes")
            yield Label("Context sentence")
            yield _field(self.draft.sentence, "sentence")
            error = Label(id="term-error")
            error.display = False  # a row only when there is something to say
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#term-definition", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#term-{name}", Input).value

    def action_save(self) -> None:
        fields = TermFields(
            simplified=self._value("simplified"),
            traditional=self._value("traditional"),
            pinyin=self._value("pinyin"),
            definition=self._value("definition"),
            notes=self._value("notes"),
            tags=self._value("tags"),
        )
        try:
            checked_fields(fields)
        except GlossaryError as error:
            message = self.query_one("#term-error", Label)
            message.update(Text(safe_line(str(error)), "bold red"))
            message.display = True
            if error.field:
                self.query_one(f"#term-{error.field}", Input).focus()
            return
        self.dismiss(TermDraft(fields, self._value("sentence")))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)


def _field(value: str, name: str, placeholder: str = "") -> Input:
    """One line of the form, `#term-{name}`. Its value passes `safe_line` (an Input paints
    it raw, and the sentence comes from the article); typing adds to it, as the cursor
    starts at its end instead of selecting it."""
    return Input(
        safe_line(value), id=f"term-{name}", placeholder=placeholder, select_on_focus=False
    )

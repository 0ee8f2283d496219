"""The glossary screen: every term, searchable, with contexts and a concordance."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from db import Database
from db.terms import Origin
from glossary.lookup import Dictionary
from glossary.terms import Glossary, GlossaryEntry
from reader.display import inert, safe_line
from reader.session import recut_open_article
from reader.ui.messages import GlossaryChanged, StatusesChanged, StoreFailed, Written
from reader.ui.screens.dialogs import ConfirmDialog, PromptDialog
from reader.ui.screens.term_dialog import TermDialog, TermDraft, draft_from_term
from reader.ui.services import services
from reader.ui.widgets.key_bar import KeyBar
from reader.wording import counted

CONCORDANCE_LIMIT = 100  # sentences of the library shown with a term: a sample, not a count
SEARCH_HELP = "hanzi, pinyin (diyi shuji) or English · tag:party status:learning origin:user"


class GlossaryScreen(Screen[None]):
    """Terms of the glossary; the search box filters as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/", id="glossary.search"),
        Binding(
            "enter",
            "details",
            "Contexts",
            id="glossary.details",
            tooltip="Context sentences and every sentence in the library with the term",
        ),
        Binding("e", "edit", "Edit", id="glossary.edit"),
        Binding("x", "delete", "Delete", id="glossary.delete"),
        Binding(
            "A",
            "export_anki",
            "Anki export",
            id="glossary.export-anki",
            tooltip="Write an Anki package of your terms",
        ),
        Binding("1", "status('new')", "New", show=False, id="glossary.status-new"),
        Binding("2", "status('learning')", "Learning", show=False, id="glossary.status-learning"),
        Binding("3", "status('known')", "Known", show=False, id="glossary.status-known"),
        Binding("0", "status('ignored')", "Ignored", show=False, id="glossary.status-ignored"),
        Binding("escape,q", "close", "Back", id="glossary.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[GlossaryEntry] = []

    @property
    def database(self) -> Database:
        return services(self).database

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="glossary-heading")
            yield Input(placeholder=SEARCH_HELP, id="glossary-search")
            yield DataTable(id="terms", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (
            ("Hanzi", "hanzi"),
            ("Pinyin", "pinyin"),
            ("Meaning", "meaning"),
            ("Tags", "tags"),
            ("Status", "status"),
            ("Origin", "origin"),
            ("Ctx", "contexts"),
        ):
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def reload(self) -> None:
        query = self.query_one("#glossary-search", Input).value
        self.entries = Glossary(self.database).search(query)
        table = self.query_one(DataTable)
        table.clear()
        written = Dictionary(self.database).written_pinyin(
            [(e.term.simplified, e.term.pinyin) for e in self.entries]
        )
        for entry in self.entries:
            term = entry.term
            hanzi = term.simplified
            if term.traditional != term.simplified:
                hanzi += f" ({term.traditional})"
            table.add_row(
                Text(safe_line(hanzi)),
                Text(safe_line(written[term.simplified])),
                Text(safe_line(term.definition[:60] + ("…" if len(term.definition) > 60 else ""))),
                Text(safe_line(term.tags)),
                Text(entry.status),
                Text(term.origin),
                Text(str(len(entry.contexts)), justify="right"),
                key=str(term.id),
            )
        heading = Text("Glossary", style="bold")
        heading.append(f"  {counted(len(self.entries), 'term')}", style="dim")
        if query.strip():
            heading.append(f" matching {safe_line(repr(query.strip()))}", style="dim")
        self.query_one("#glossary-heading", Static).update(heading)

    def selected(self) -> GlossaryEntry | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((e for e in self.entries if str(e.term.id) == row_key.value), None)

    @on(Input.Changed, "#glossary-search")
    def search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#glossary-search")
    def search_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_details()

    def action_search(self) -> None:
        self.query_one("#glossary-search", Input).focus()

    def action_details(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(TermDetails(self.database, entry))

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        term = entry.term
        services(self).warm_segmenter()
        segmenter = services(self).segmenter_now

        def job(database: Database, draft: TermDraft) -> GlossaryChanged:
            edited, affected = Glossary(database).edit(term.id, draft.fields)
            removed = [term.simplified] if edited.simplified != term.simplified else []
            _, others = recut_open_article(database, segmenter(), None, affected, removed)
            return GlossaryChanged(f"Saved {edited.simplified}", others=others)

        def saved(draft: TermDraft | None) -> None:
            if draft is not None:
                services(self).write(lambda db: job(db, draft), self, f"save {term.simplified}")

        self.app.push_screen(TermDialog(f"Edit {term.simplified}", draft_from_term(term)), saved)

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        term = entry.term
        what = "Hide the built-in term" if term.origin == Origin.BUILTIN else "Delete"
        segmenter = services(self).segmenter_now

        def job(database: Database) -> GlossaryChanged:
            glossary = Glossary(database)
            affected = glossary.delete(term.id)
            removed = [] if glossary.visible_term(term.simplified) else [term.simplified]
            _, others = recut_open_article(database, segmenter(), None, affected, removed)
            note = f"{'Hid' if term.origin == Origin.BUILTIN else 'Deleted'} {term.simplified}"
            return GlossaryChanged(note, others=others)

        def answered(yes: bool | None) -> None:
            if yes:
                services(self).write(job, self, f"delete {term.simplified}")

        self.app.push_screen(ConfirmDialog(f"{what} {term.simplified}?"), answered)

    @on(GlossaryChanged)
    def glossary_changed(self, event: GlossaryChanged) -> None:
        if event.others:
            services(self).recut_in_background(list(event.others))
        self.reload()
        if event.note:
            self.notify(event.note, markup=False)

    def action_status(self, status: str) -> None:
        entry = self.selected()
        if entry is None:
            return
        word = entry.term.simplified

        def job(database: Database) -> StatusesChanged:
            Glossary(database).set_status([word], status)
            return StatusesChanged((word,), status)

        services(self).write(job, self, f"mark {word} {status}")

    @on(StatusesChanged)
    def statuses_changed(self) -> None:
        self.reload()

    def action_export_anki(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.export_in_background(Path(path).expanduser())

        self.app.push_screen(
            PromptDialog("Export to Anki package:", value=str(Path.home() / "zhreader.apkg")),
            chosen,
        )

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_in_background(self, target: Path) -> None:
        """Export on a connection of the worker's own; the UI stays responsive."""
        from db import ZhreaderError, open_db
        from glossary.anki import export_apkg

        try:
            database = open_db(services(self).db_path)
            try:
                count = export_apkg(database, target)
            finally:
                database.close()
        except ZhreaderError as error:
            self.post_message(StoreFailed("export to Anki", str(error)))
            return
        self.post_message(Written(f"Exported {counted(count, 'note')} to {target}"))

    @on(Written)
    def written(self, event: Written) -> None:
        if event.note:
            self.notify(event.note, markup=False)

    def action_close(self) -> None:
        if self.focused is self.query_one("#glossary-search", Input):
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)


class TermDetails(ModalScreen[None]):
    """A term's saved context sentences and its concordance across the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="details.close")
    ]

    def __init__(self, database: Database, entry: GlossaryEntry) -> None:
        super().__init__()
        self.database = database
        self.entry = entry

    def compose(self) -> ComposeResult:
        term = self.entry.term
        head = Text(term.simplified, style="bold")
        if term.traditional != term.simplified:
            head.append(f" ({term.traditional})")
        written = Dictionary(self.database).written_pinyin([(term.simplified, term.pinyin)])
        head.append(f"  {written[term.simplified]}")
        head.append(f"  [{term.origin}, {self.entry.status}]", style="dim")
        body: list[Text | Table] = [head, Text(term.definition)]
        if term.notes:
            body.append(Text(term.notes, style="italic"))
        body.append(Text("\nYour context sentences", style="bold underline"))
        if self.entry.contexts:
            body.append(_bulleted([Text(sentence) for sentence in self.entry.contexts]))
        else:
            body.append(Text("none yet (add the term from the reader to keep one)", style="dim"))
        concordance = Glossary(self.database).concordance(term.simplified, CONCORDANCE_LIMIT)
        count = len(concordance)
        shown = f"the first {count}" if count == CONCORDANCE_LIMIT else str(count)
        body.append(Text(f"\nIn your library ({shown})", style="bold underline"))
        lines = []
        for _, title, sentence in concordance:
            line = Text(sentence)
            line.append(f"  — {title}", style="dim")
            line.highlight_words([term.simplified], style="bold reverse")
            lines.append(line)
        if lines:
            body.append(_bulleted(lines))
        with VerticalScroll(classes="dialog help-dialog"):
            yield Static(Group(*(inert(part) for part in body)))

    def action_close(self) -> None:
        self.dismiss(None)


def _bulleted(lines: list[Text]) -> Table:
    """A list with a hanging indent: a sentence without spaces wraps under itself, not onto
    a line of its own below a lone bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", inert(line))
    return grid

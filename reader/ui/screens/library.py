"""The first screen: the article library as a sortable, filterable table."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, ProgressBar, Static

from db.articles import ArticleSummary, delete_article, list_articles
from glossary.article_levels import ArticleLevel, article_levels, new_words_by_level
from reader.display import safe_line, safe_text
from reader.formats import shorten
from reader.ui.messages import ImportFinished, ImportProgress, Written
from reader.ui.screens.dialogs import ConfirmDialog, PromptDialog
from reader.ui.services import services
from reader.ui.widgets.key_bar import KeyBar

TITLE_CELLS = 44  # long newspaper titles would push the numbers off screen

SORT_KEYS = {
    "title": lambda s: s.title,
    "date": lambda s: s.published,
    "source": lambda s: s.source,
    "length": lambda s: s.char_count,
    "known": lambda s: s.known_share,
    "new": lambda s: s.new_words,
    "id": lambda s: s.id,
    "level": lambda s: s.id,  # sorted by the screen, which knows the levels
}
COLUMNS = [
    ("#", "id"),
    ("Title", "title"),
    ("Date", "date"),
    ("Source", "source"),
    ("Length", "length"),
    ("Known", "known"),
    ("New words", "new"),
    ("HSK · above", "level"),
]


class LibraryScreen(Screen[None]):
    """Articles with their length and how much of each the learner already knows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open", tooltip="Open the selected article"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="library.filter",
            tooltip="Filter articles by title",
        ),
        Binding(
            "i",
            "import",
            "Import",
            id="library.import",
            tooltip="Import a file or folder of articles",
        ),
        Binding(
            "d", "delete", "Delete", id="library.delete", tooltip="Delete the selected article"
        ),
        Binding("o", "cycle_sort", "Sort", id="library.sort", tooltip="Sort by the next column"),
        Binding(
            "g",
            "app.glossary",
            "Glossary",
            id="library.glossary",
            tooltip="Your glossary (ctrl+g from anywhere)",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[ArticleSummary] = []
        self.sort_key = "id"
        self.sort_reverse = False
        self.title_filter = ""
        self.levels: dict[int, ArticleLevel] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="library-heading")
            yield Input(placeholder="filter by title", id="library-filter", classes="-hidden")
            yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
            yield Static(id="library-level-detail")
            yield ProgressBar(id="import-progress", show_eta=False, classes="-hidden")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.summaries = list_articles(services(self).database)
        self.levels = article_levels(services(self).database, services(self).settings.hsk_standard)
        self.render_table()

    def visible_summaries(self) -> list[ArticleSummary]:
        wanted = self.title_filter.lower()
        shown = [s for s in self.summaries if wanted in s.title.lower()]
        if self.sort_key == "level":  # easiest first: the next article just above you
            own = services(self).settings.hsk_level
            return sorted(
                shown, key=lambda s: self._level(s).sort_key(own), reverse=self.sort_reverse
            )
        return sorted(shown, key=SORT_KEYS[self.sort_key], reverse=self.sort_reverse)

    def _level(self, summary: ArticleSummary) -> ArticleLevel:
        return self.levels.get(summary.id) or ArticleLevel(summary.id, {})

    def level_cell(self, summary: ArticleSummary) -> Text:
        """`4 · 6%`: the HSK level covering 95% of running words, and the share above yours."""
        settings = services(self).settings
        level = self._level(summary)
        above = level.above_share(settings.hsk_level)
        needed = level.label(settings.hsk_standard).removeprefix("HSK ")
        return Text(f"{needed} · {above:.0%}", justify="right")

    def render_table(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_id()
        table.clear()
        for summary in self.visible_summaries():
            table.add_row(
                Text(str(summary.id)),
                Text(shorten(safe_line(summary.title), TITLE_CELLS)),
                Text(safe_line(summary.published[:10])),
                Text(safe_line(summary.source)),
                Text(f"{summary.char_count:,}", justify="right"),
                Text(f"{summary.known_share:.0%}", justify="right"),
                Text(f"{summary.new_words:,}", justify="right"),
                self.level_cell(summary),
                key=str(summary.id),
            )
        if selected is not None and str(selected) in {str(s.id) for s in self.visible_summaries()}:
            table.move_cursor(row=table.get_row_index(str(selected)))
        arrow = "↓" if self.sort_reverse else "↑"
        heading = Text("Library", style="bold")
        heading.append(
            f"  {len(self.summaries)} articles · sorted by {self.sort_key} {arrow}", style="dim"
        )
        if self.title_filter:
            heading.append(f" · filter: {safe_line(self.title_filter)}", style="dim")
        self.query_one("#library-heading", Static).update(heading)

    def selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Under the table: the highlighted article's new words by level."""
        if event.row_key.value is None:
            return
        settings = services(self).settings
        counts = new_words_by_level(
            services(self).database, int(event.row_key.value), settings.hsk_standard
        )
        line = Text("new words by level: ", style="dim")
        line.append(" · ".join(f"{label} {n}" for label, n in counts.items()) or "none")
        self.query_one("#library-level-detail", Static).update(line)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    @on(DataTable.HeaderSelected)
    def header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.render_table()

    def action_cycle_sort(self) -> None:
        keys = [key for _, key in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = self.sort_key in {"known", "new", "length", "date"}
        self.render_table()

    def action_open(self) -> None:
        article_id = self.selected_id()
        if article_id is not None:
            services(self).open_article(article_id)

    def action_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        box.remove_class("-hidden")
        box.focus()

    @on(Input.Changed, "#library-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.title_filter = event.value.strip()
        self.render_table()

    @on(Input.Submitted, "#library-filter")
    def filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        box.value = ""
        box.add_class("-hidden")
        self.title_filter = ""
        self.render_table()
        self.query_one(DataTable).focus()

    def action_delete(self) -> None:
        article_id = self.selected_id()
        if article_id is None:
            return
        title = safe_line(next((s.title for s in self.summaries if s.id == article_id), ""))

        def answered(yes: bool | None) -> None:
            if yes:
                services(self).write(
                    lambda db: (
                        Written(f"Deleted #{article_id} {title}")
                        if delete_article(db, article_id)
                        else None
                    ),
                    self,
                    f"delete #{article_id}",
                )

        self.app.push_screen(ConfirmDialog(f"Delete #{article_id} {title}?"), answered)

    def action_import(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.import_in_background(Path(path).expanduser())

        self.app.push_screen(
            PromptDialog("Import a file or folder:", placeholder="~/articles/news.txt"), chosen
        )

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_in_background(self, path: Path) -> None:
        """Import in a worker thread with its own connection; it posts progress messages."""
        from db import ZhreaderError, open_db
        from reader.library import Library, collect_files, import_paths

        files = [p for p, problem in collect_files([path]) if problem is None]
        self.post_message(ImportProgress(0, max(len(files), 1)))
        outcomes = []
        try:
            database = open_db(services(self).db_path)
            try:
                library = Library(database)
                for done, file in enumerate(files or [path], start=1):
                    outcomes.extend(import_paths(library, [file]))
                    self.post_message(ImportProgress(done, max(len(files), 1)))
            finally:
                database.close()
        except ZhreaderError as error:
            self.post_message(ImportFinished(f"Import stopped: {error}", True))
            return
        imported = sum(1 for o in outcomes if o.status == "imported")
        skipped = sum(1 for o in outcomes if o.status == "duplicate")
        failures = [o for o in outcomes if o.status == "failed"]
        summary = f"{imported} imported, {skipped} already in the library, {len(failures)} failed"
        if failures:
            summary += "\n" + "\n".join(f"{o.name}: {o.message}" for o in failures[:5])
        self.post_message(ImportFinished(summary, bool(failures) and not imported))

    @on(Written)
    def written(self, event: Written) -> None:
        self.notify(event.note, markup=False)
        self.reload()

    @on(ImportProgress)
    def import_progress(self, event: ImportProgress) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.remove_class("-hidden")
        bar.update(total=event.total, progress=event.done)

    @on(ImportFinished)
    def import_finished(self, event: ImportFinished) -> None:
        self.query_one("#import-progress", ProgressBar).add_class("-hidden")
        self.notify(
            safe_text(event.summary),
            severity="error" if event.failed else "information",
            timeout=8,
            markup=False,
        )
        self.reload()

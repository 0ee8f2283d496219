"""The first screen: the article library as a sortable, filterable table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from db.articles import ArticleSummary, delete_article, last_read_article, list_articles
from db.store import data_version
from glossary.article_levels import ArticleLevel, article_levels, new_words_by_level
from reader.display import safe_line, safe_text
from reader.ui.messages import ImportFinished, ImportProgress, Written
from reader.ui.screens.dialogs import ConfirmDialog, PromptDialog
from reader.ui.services import services
from reader.ui.widgets.article_table import ArticleTable, Column
from reader.ui.widgets.key_bar import KeyBar
from reader.wording import counted

# The title takes what the figures leave, between these widths (cells; a hanzi is two).
TITLE_MIN_CELLS = 24
TITLE_MAX_CELLS = 60

SORT_KEYS: dict[str, Callable[[ArticleSummary], Any]] = {
    "title": lambda s: s.title,
    "date": lambda s: s.published,
    "source": lambda s: s.source,
    "length": lambda s: s.char_count,
    "known": lambda s: s.known_share,
    "new": lambda s: s.new_words,
    "progress": lambda s: s.progress,
    "read": lambda s: s.last_read_at,
    "id": lambda s: s.id,
}
DESCENDING_FIRST = {"known", "new", "length", "date", "progress", "read"}


def _clean(text: str) -> str:
    return safe_line(text)


# Narrow screens hide the highest `drop_rank` first: source, date, length and the last
# reading say least about what to read next; the figures that do (HSK · above, new words,
# known) go last, and the id stays long, for the command line (`zhreader show 12`).
# At 120 columns every column fits; at 80, Date Source Length and Last read are hidden.
COLUMNS = [
    Column("#", "id", 6, lambda s: str(s.id), drop_rank=5),
    Column(
        "Title",
        "title",
        TITLE_MAX_CELLS,
        lambda s: _clean(s.title),  # the table cuts it to the cells it gets
        min_width=TITLE_MIN_CELLS,
    ),
    Column("Date", "date", 10, lambda s: _clean(s.published[:10]), drop_rank=8),
    Column("Source", "source", 10, lambda s: _clean(s.source), drop_rank=9),
    Column("Length", "length", 8, lambda s: f"{s.char_count:,}", right=True, drop_rank=7),
    Column("Known", "known", 5, lambda s: f"{s.known_share:.0%}", right=True, drop_rank=3),
    Column("New words", "new", 9, lambda s: f"{s.new_words:,}", right=True, drop_rank=2),
    Column(
        "Read",
        "progress",
        5,
        lambda s: f"{s.progress:.0%}" if s.last_read_at else "",
        right=True,
        drop_rank=4,
    ),
    Column("Last read", "read", 10, lambda s: s.last_read_at[:10], drop_rank=6),
]


def level_detail(counts: dict[str, int], width: int) -> Text:
    """`new words by level: HSK 1: 151 · … · beyond HSK: 9`, the line broken between
    entries, never inside one (`HSK` / `7-9: 99` would misread), when wider than `width`."""
    line = Text("new words by level: ", style="dim")
    entries = [f"{label}: {count:,}" for label, count in counts.items()] or ["none"]
    used = line.cell_len
    for index, entry in enumerate(entries):
        piece = entry if index == 0 else f" · {entry}"
        if index and width and used + cell_len(piece) > width:
            line.append("\n")
            used, piece = 0, entry
        line.append(piece)
        used += cell_len(piece)
    return line


class LibraryScreen(Screen[None]):
    """Articles with their length and how much of each the learner already knows.

    The counts are stored per article and kept current by the store, and the table renders
    only the rows on screen, so a library of 10,000 articles opens as fast as one of ten.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open", tooltip="Open the selected article"),
        Binding(
            "r",
            "continue_reading",
            "Continue",
            id="library.continue",
            tooltip="Open the article you read last, where you left it",
        ),
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
            "ctrl+f",
            "app.search",
            "Search",
            id="library.search",
            tooltip="Full-text search of the library (ctrl+f from anywhere)",
        ),
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
        self._loaded_version = -1  # data_version when the rows were loaded
        self.levels: dict[int, ArticleLevel] = {}
        self.level_counts: dict[str, int] | None = None
        """New words by level of the highlighted article, kept to re-wrap on resize."""
        self.columns = [
            *COLUMNS[:7],
            Column("HSK · above", "level", 11, self.level_cell, right=True, drop_rank=1),
            *COLUMNS[7:],
        ]
        self.sort_key = "id"
        self.sort_reverse = False
        self.title_filter = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="library-heading")
            yield Input(placeholder="filter by title", id="library-filter", classes="-hidden")
            yield ArticleTable(self.columns, id="articles")
            yield Static(id="library-level-detail")
            yield ProgressBar(id="import-progress", show_eta=True, classes="-hidden")
            yield Static(id="import-status", classes="-hidden")
        yield KeyBar()

    CHANGE_CHECK_SECONDS = 2.0

    def on_mount(self) -> None:
        self.query_one(ArticleTable).focus()
        self.set_interval(self.CHANGE_CHECK_SECONDS, self.reload_if_changed)

    def on_screen_resume(self) -> None:
        """Load the rows each time the screen is shown (first push included): statuses and
        positions change while reading."""
        self.reload()

    def reload_if_changed(self) -> None:
        """Reload when another process (the command line) has committed since the last
        load: an article deleted there must not stay listed here. Only while this screen is
        on top, and not while the app's own re-cut commits article after article: reloading
        (levels regraded) every two seconds then stalled the reader above for up to a
        second; the list reloads once the re-cut is over."""
        app = services(self)
        if self.app.screen is not self or app.recutting():
            return
        if data_version(app.database) != self._loaded_version:
            self.reload()

    def reload(self) -> None:
        database, settings = services(self).database, services(self).settings
        self._loaded_version = data_version(database)
        self.summaries = list_articles(database)
        self.levels = article_levels(database, settings.hsk_standard)
        self.render_table()

    def _level(self, summary: ArticleSummary) -> ArticleLevel:
        return self.levels.get(summary.id) or ArticleLevel(summary.id, {})

    def level_cell(self, summary: ArticleSummary) -> str:
        """`4 · 6%`: the HSK level covering 95% of running words, and the share above yours."""
        settings = services(self).settings
        level = self._level(summary)
        above = level.above_share(settings.hsk_level)
        needed = level.label(settings.hsk_standard).removeprefix("HSK ")
        return f"{needed} · {above:.0%}"

    def visible_summaries(self) -> list[ArticleSummary]:
        wanted = self.title_filter.lower()
        shown = (
            [s for s in self.summaries if wanted in s.title.lower()] if wanted else self.summaries
        )
        if self.sort_key == "level":  # easiest first: the next article just above you
            own = services(self).settings.hsk_level
            return sorted(
                shown, key=lambda s: self._level(s).sort_key(own), reverse=self.sort_reverse
            )
        return sorted(shown, key=SORT_KEYS[self.sort_key], reverse=self.sort_reverse)

    def render_table(self) -> None:
        table = self.query_one(ArticleTable)
        table.set_rows(self.visible_summaries(), keep_id=self.selected_id())
        arrow = "↓" if self.sort_reverse else "↑"
        heading = Text("Library", style="bold")
        heading.append(
            f"  {counted(len(self.summaries), 'article')} · sorted by {self.sort_key} {arrow}",
            style="dim",
        )
        if self.title_filter:
            heading.append(f" · filter: {self.title_filter} ({table.row_count:,})", style="dim")
        self.query_one("#library-heading", Static).update(heading)

    def selected_id(self) -> int | None:
        selected = self.query_one(ArticleTable).selected
        return selected.id if selected is not None else None

    @on(ArticleTable.Highlighted)
    def row_highlighted(self, event: ArticleTable.Highlighted) -> None:
        """Under the table: the highlighted article's new words by level, each count after a
        colon so `beyond HSK: 9` cannot read as a level "HSK 9"."""
        settings = services(self).settings
        self.level_counts = new_words_by_level(
            services(self).database, event.article_id, settings.hsk_standard
        )
        self.show_level_detail()

    def on_resize(self) -> None:
        self.show_level_detail()

    def show_level_detail(self) -> None:
        if self.level_counts is not None:
            line = level_detail(self.level_counts, self.size.width)
            self.query_one("#library-level-detail", Static).update(line)

    @on(ArticleTable.Selected)
    def row_selected(self, event: ArticleTable.Selected) -> None:
        services(self).open_article(event.article_id)

    @on(ArticleTable.HeaderClicked)
    def header_selected(self, event: ArticleTable.HeaderClicked) -> None:
        key = event.key
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
        self.render_table()

    def action_cycle_sort(self) -> None:
        keys = [column.key for column in self.columns]  # the level column included
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = self.sort_key in DESCENDING_FIRST
        self.render_table()

    def action_open(self) -> None:
        article_id = self.selected_id()
        if article_id is not None:
            services(self).open_article(article_id)

    def action_continue_reading(self) -> None:
        article_id = last_read_article(services(self).database)
        if article_id is None:
            self.notify("Nothing read yet: open an article with enter")
            return
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
        self.query_one(ArticleTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        box.value = ""
        box.add_class("-hidden")
        self.title_filter = ""
        self.render_table()
        self.query_one(ArticleTable).focus()

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
        """Import in a worker thread with its own connection, in batch transactions; the
        worker posts messages with the progress (rate and time left) and never touches
        a widget."""
        from db import ZhreaderError, open_db
        from reader.library import Library, collect_files, import_paths
        from reader.progress import ImportProgress as Progress
        from reader.progress import ProgressTracker

        def show(progress: Progress) -> None:
            self.post_message(ImportProgress(round(progress.share * 100), progress.describe()))

        self.post_message(ImportProgress(0, "starting…"))
        try:
            database = open_db(services(self).db_path)
            try:
                files = sum(1 for _, problem in collect_files([path]) if problem is None)
                tracker = ProgressTracker(files, show)
                outcomes = import_paths(Library(database), [path], progress=tracker)
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
        self.post_message(ImportFinished(summary, bool(failures)))

    @on(Written)
    def written(self, event: Written) -> None:
        self.notify(event.note, markup=False)
        self.reload()

    @on(ImportProgress)
    def import_progress(self, event: ImportProgress) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        status = self.query_one("#import-status", Static)
        bar.remove_class("-hidden")
        status.remove_class("-hidden")
        bar.update(total=100, progress=event.percent)
        status.update(Text(event.description, style="dim"))

    @on(ImportFinished)
    def import_finished(self, event: ImportFinished) -> None:
        self.query_one("#import-progress", ProgressBar).add_class("-hidden")
        self.query_one("#import-status", Static).add_class("-hidden")
        self.notify(
            safe_text(event.summary),
            severity="error" if event.failed else "information",
            timeout=8,
            markup=False,
        )
        self.reload()

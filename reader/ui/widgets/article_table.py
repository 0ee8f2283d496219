"""A virtual table of articles: only the rows on screen are ever rendered.

A DataTable measures and stores every cell of every row when rows are added, which costs
seconds for a library of 10,000 articles. This widget keeps the summaries as they are and
renders the visible lines on demand (Textual's line API), so painting 10,000 rows costs what
painting one screen costs, and re-sorting or filtering is a list operation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.articles import ArticleSummary

GAP = 2


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    width: int
    cell: Callable[[ArticleSummary], str]
    right: bool = False


class ArticleTable(ScrollView, can_focus=True):
    """Rows of article summaries with a fixed header, a row cursor and mouse support."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--header",
        "article-table--cursor",
        "article-table--odd",
    }
    DEFAULT_CSS = """
    ArticleTable { height: 1fr; }
    ArticleTable > .article-table--header { text-style: bold; background: $panel; }
    ArticleTable > .article-table--cursor { background: $accent 50%; }
    ArticleTable:focus > .article-table--cursor { background: $accent; }
    ArticleTable > .article-table--odd { background: $surface-lighten-1 30%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="articles.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="articles.down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="articles.page-up"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False, id="articles.page-down"),
        Binding("home", "first", "First", show=False, id="articles.first"),
        Binding("end", "last", "Last", show=False, id="articles.last"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row within `rows`."""

    @dataclass
    class Selected(Message):
        """Enter (or a click on the highlighted row) on an article."""

        article_id: int

    @dataclass
    class Highlighted(Message):
        """The row cursor moved to an article."""

        article_id: int

    @dataclass
    class HeaderClicked(Message):
        """A click on a column heading: sort by it."""

        key: str

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.rows: list[ArticleSummary] = []
        self._line_width = sum(c.width for c in self.columns) + GAP * len(self.columns)

    # --- data -------------------------------------------------------------------------------

    def set_rows(self, rows: list[ArticleSummary], keep_id: int | None = None) -> None:
        """Show `rows`; the cursor stays on `keep_id` when it is still among them."""
        self.rows = rows
        self.virtual_size = Size(self._line_width, len(rows) + 1)
        index = 0
        if keep_id is not None:
            index = next((i for i, row in enumerate(rows) if row.id == keep_id), 0)
        self.cursor_row = index
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def selected(self) -> ArticleSummary | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    # --- cursor -----------------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, row: int) -> None:
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)
        self.refresh()
        if self.selected is not None:
            self.post_message(self.Highlighted(self.selected.id))

    def action_cursor(self, delta: int) -> None:
        self.cursor_row += delta

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(self.size.height - 2, 1)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_select(self) -> None:
        if self.selected is not None:
            self.post_message(self.Selected(self.selected.id))

    async def _on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x + int(self.scroll_x)
            for column in self.columns:
                if x < column.width + GAP:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x -= column.width + GAP
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            if row == self.cursor_row:
                self.action_select()
            self.cursor_row = row

    # --- painting ---------------------------------------------------------------------------

    def _cells(self, texts: Sequence[str], style: Style) -> Strip:
        segments = []
        for column, text in zip(self.columns, texts, strict=True):
            if column.right:
                padded = " " * max(column.width - cell_len(text), 0) + text
                padded = set_cell_size(padded, column.width)
            else:
                padded = set_cell_size(text, column.width)
            segments.append(Segment(padded + " " * GAP, style))
        return Strip(segments, self._line_width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("article-table--header")
            strip = self._cells([c.label for c in self.columns], style)
        else:
            index = int(self.scroll_y) + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            summary = self.rows[index]
            style = self.rich_style
            if index == self.cursor_row:
                style = style + self.get_component_rich_style("article-table--cursor")
            elif index % 2:
                style = style + self.get_component_rich_style("article-table--odd")
            strip = self._cells([c.cell(summary) for c in self.columns], style)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

"""A virtual table of articles: only the rows on screen are ever rendered.

A DataTable measures and stores every cell of every row when rows are added, which costs
seconds for a library of 10,000 articles. This widget keeps the summaries as they are and
renders the visible lines on demand (Textual's line API), so painting 10,000 rows costs what
painting one screen costs, and re-sorting or filtering is a list operation.

The columns are fitted to the widget's width, not scrolled: the flexible column (the title)
takes the room the others leave, and on narrow screens the least useful columns are hidden,
so every visible figure can be read without scrolling sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
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
from reader.formats import shorten

GAP = 2


@dataclass(frozen=True)
class Column:
    """A column of `width` cells; one with `min_width` is flexible and takes what is left
    between `min_width` and `width`. On a narrow screen the column with the highest
    `drop_rank` is hidden first; rank 0 is never hidden."""

    label: str
    key: str
    width: int
    cell: Callable[[ArticleSummary], str]
    right: bool = False
    min_width: int | None = None
    drop_rank: int = 0


@dataclass(frozen=True)
class PlacedColumn:
    """A column as laid out for one width: the cells it gets and where it starts."""

    column: Column
    width: int
    x: int


def fit_columns(columns: Sequence[Column], width: int) -> list[PlacedColumn]:
    """Lay `columns` out in `width` cells: hide columns by `drop_rank` until the rest fit at
    their narrowest, then give the spare cells to the flexible columns. O(columns): it runs
    on resize, never per row."""
    shown = list(columns)

    def narrowest(cols: list[Column]) -> int:
        return sum(c.min_width or c.width for c in cols) + GAP * max(len(cols) - 1, 0)

    while narrowest(shown) > width:
        droppable = [c for c in shown if c.drop_rank > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda c: c.drop_rank))
    spare = width - narrowest(shown)
    placed: list[PlacedColumn] = []
    x = 0
    for column in shown:
        cells = column.width
        if column.min_width is not None:
            grow = max(min(spare, column.width - column.min_width), 0)
            spare -= grow
            # Nothing left to hide and still too wide: the flexible column gives way.
            cells = max(column.min_width + grow + min(spare, 0), 1)
        placed.append(PlacedColumn(column, cells, x))
        x += cells + GAP
    return placed


def fit_text(text: str, cells: int, right: bool = False) -> str:
    """`text` padded to exactly `cells` cells, or cut with an ellipsis when longer
    (`shorten`: a hanzi is never split, so the cut may be a cell short and padding fills it)."""
    if cell_len(text) > cells:
        text = shorten(text, cells) if cells > 0 else ""
    padding = " " * max(cells - cell_len(text), 0)
    return padding + text if right else text + padding


class ArticleTable(ScrollView, can_focus=True):
    """Rows of article summaries with a fixed header, a row cursor and mouse support."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--header",
        "article-table--cursor",
        "article-table--odd",
    }
    DEFAULT_CSS = """
    ArticleTable { height: 1fr; overflow-x: hidden; }
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
        self.placed: list[PlacedColumn] = []
        """The columns shown at the current width, with their cells; set on resize."""
        self._fitted_width = -1

    # --- data -------------------------------------------------------------------------------

    def set_rows(self, rows: list[ArticleSummary], keep_id: int | None = None) -> None:
        """Show `rows`; the cursor stays on `keep_id` when it is still among them."""
        self.rows = rows
        self.virtual_size = Size(0, len(rows) + 1)  # the lines are fitted, never wider
        self._fit()
        index = 0
        if keep_id is not None:
            index = next((i for i, row in enumerate(rows) if row.id == keep_id), 0)
        self.cursor_row = index
        self.refresh()

    def _fit(self) -> None:
        """Fit the columns to the width beside the vertical scrollbar (which comes and goes
        with the row count), so no line needs scrolling sideways."""
        width = self.scrollable_content_region.width
        if width > 0 and width != self._fitted_width:
            self._fitted_width = width
            self.placed = fit_columns(self.columns, width)
            self.refresh()

    def on_resize(self) -> None:
        self._fit()

    @property
    def shown_keys(self) -> list[str]:
        """The keys of the columns shown at the current width, left to right."""
        return [placed.column.key for placed in self.placed]

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
            for placed in self.placed:
                if x < placed.x + placed.width + GAP:
                    self.post_message(self.HeaderClicked(placed.column.key))
                    return
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            if row == self.cursor_row:
                self.action_select()
            self.cursor_row = row

    # --- painting ---------------------------------------------------------------------------

    def _cells(self, texts: Sequence[str], style: Style) -> Strip:
        line = (" " * GAP).join(
            fit_text(text, placed.width, placed.column.right)
            for placed, text in zip(self.placed, texts, strict=True)
        )
        return Strip([Segment(line, style)], cell_len(line))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.scrollable_content_region.width != self._fitted_width:
            self._fit()
        scroll_x = int(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("article-table--header")
            strip = self._cells([p.column.label for p in self.placed], style)
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
            strip = self._cells([p.column.cell(summary) for p in self.placed], style)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

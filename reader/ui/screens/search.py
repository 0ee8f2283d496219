"""Full-text search of the library (ctrl+f): matching sentences, grouped by article, with
the match highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.display import safe_line
from reader.formats import shorten
from reader.search import SearchResult, found_sentences, search_library
from reader.ui.services import services
from reader.ui.widgets.key_bar import KeyBar

SEARCH_DELAY = 0.25  # seconds of quiet typing before searching
TITLE_CELLS = 60


def hit_options(result: SearchResult) -> list[Option]:
    """One option per sentence; the first of each article carries its title. The text is
    styled through Text spans, never markup, so article text cannot inject styles, and
    passes `safe_line`, whose stand-ins keep the match offsets."""
    options: list[Option] = []
    current = None
    for number, hit in enumerate(result.hits):
        line = Text()
        if hit.article_id != current:
            current = hit.article_id
            line.append(f"#{hit.article_id} ", style="dim")
            line.append(shorten(safe_line(hit.title), TITLE_CELLS), style="bold")
            line.append("\n")
        sentence = safe_line(hit.sentence)
        line.append("  " + sentence[: hit.start])
        line.append(sentence[hit.start : hit.end], style="bold reverse")
        line.append(sentence[hit.end :])
        options.append(Option(line, id=f"{number}"))
    return options


class SearchScreen(Screen[None]):
    """Type to search every paragraph of the library; enter opens the article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="search.close", tooltip="Back to where you were"),
        Binding(
            "down",
            "results",
            "Results",
            show=False,
            id="search.results",
            tooltip="Move into the results",
        ),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.result: SearchResult | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Search the library", style="bold"), id="search-heading")
            yield Input(
                value=safe_line(self.initial_query),  # the word the reader was on
                placeholder="text to find, e.g. 两委 or 乡村振兴",
                id="search-input",
            )
            yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.initial_query:
            self.run_search(self.initial_query)

    @on(Input.Changed, "#search-input")
    def query_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.run_search(value))

    @on(Input.Submitted, "#search-input")
    def query_submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.run_search(event.value)
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    def run_search(self, query: str) -> None:
        """Search in the UI thread: the indexes answer in milliseconds."""
        result = search_library(services(self).database, query)
        self.result = result
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(hit_options(result))
        heading = Text("Search the library", style="bold")
        if result.query:
            heading.append(f"  {found_sentences(result)}", style="dim")
        self.query_one("#search-heading", Static).update(heading)

    @on(OptionList.OptionSelected, "#search-results")
    def hit_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.result is None or event.option.id is None:
            return
        hit = self.result.hits[int(event.option.id)]
        services(self).open_article(hit.article_id, (hit.paragraph, hit.offset))

    def action_results(self) -> None:
        """Into the results with the first one highlighted, so enter opens it."""
        results = self.query_one("#search-results", OptionList)
        if results.option_count and results.highlighted is None:
            results.highlighted = 0
        results.focus()

    def action_close(self) -> None:
        self.dismiss()

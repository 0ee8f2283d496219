"""The progress screen: what to study, how the known words grow, and what to learn next."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from db.history import most_looked_up
from glossary.progress import Progress, progress
from glossary.study import Stats, sparkline, stats
from glossary.terms import Glossary
from reader.display import safe_line
from reader.ui.services import services
from reader.ui.widgets.key_bar import KeyBar
from reader.wording import counted

NEXT_WORDS = 30


def progress_text(figures: Stats, growth: Progress) -> RenderableType:
    """Terminal sparklines of the last 30 days, each with the figure it ends on."""

    def chart(label: str, values: tuple[int, ...], note: str) -> Text:
        line = Text(f"{label:<22}")
        line.append(sparkline(list(values)), style="bold")
        line.append(f"  {note}", style="dim")
        return line

    retention = f"{figures.retention:.0%}" if figures.retention is not None else "n/a"
    return Group(
        Text("Progress, last 30 days", style="bold"),
        Text(
            f"to study now: {counted(figures.study_now, 'card')} · words being learnt: "
            f"{figures.learning_words} · retention: {retention}"
        ),
        Text(),
        chart("known words", growth.known_words, f"{growth.known_now} known"),
        chart("words read per day", growth.words_read, f"{sum(growth.words_read)} in all"),
        chart("reviews per day", growth.reviews, f"{sum(growth.reviews)} in all"),
        chart("lookups per day", growth.lookups, f"{sum(growth.lookups)} in all"),
        Text(),
        Text(
            f"streak: {counted(growth.streak, 'day')} · active {growth.active_days} of 30 days "
            "(a missed day does not reset anything)",
            style="italic",
        ),
    )


class StatsScreen(Screen[None]):
    """Figures and charts; below, the most looked-up words not yet learning (2 adds one)."""

    DEFAULT_CSS = """
    StatsScreen #stats-figures { height: auto; margin: 1 2; }
    StatsScreen Label { padding: 0 2; text-style: bold; }
    StatsScreen #next-words { height: 1fr; margin: 0 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "2",
            "learn",
            "Learn it",
            id="stats.learn",
            tooltip="Mark the highlighted word learning: it gets study cards",
        ),
        Binding("escape,q", "close", "Back", id="stats.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="stats-figures")
            yield Label("Looked up most, not learning yet — 2 learns the highlighted word")
            yield OptionList(id="next-words")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_figures()
        self.query_one("#next-words", OptionList).focus()

    def refresh_figures(self) -> None:
        app = services(self)
        database = app.database
        figures = stats(database, new_per_day=app.settings.new_cards_per_day)
        self.query_one("#stats-figures", Static).update(progress_text(figures, progress(database)))
        words = self.query_one("#next-words", OptionList)
        words.clear_options()
        for row in most_looked_up(database, NEXT_WORDS):
            label = Text(safe_line(row.word), style="bold")
            plural = "s" if row.articles != 1 else ""
            label.append(f"  looked up {row.times}× in {row.articles} article{plural}", style="dim")
            words.add_option(Option(label, id=row.word))
        if words.option_count:
            words.highlighted = 0

    def action_learn(self) -> None:
        words = self.query_one("#next-words", OptionList)
        if words.highlighted is None:
            return
        word = words.get_option_at_index(words.highlighted).id
        if word is None:
            return
        Glossary(services(self).database).set_status([word], "learning")
        self.notify(f"{word}: learning (it gets study cards)", markup=False)
        self.refresh_figures()

    def action_close(self) -> None:
        self.dismiss(None)

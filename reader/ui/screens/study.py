"""The study screen: FSRS reviews of the glossary, one card at a time."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from db import Database
from glossary.pinyin import syllables
from glossary.study import GRADES, StudyCard, StudySession, due_label, sparkline, stats
from reader.display import inert
from reader.ui.messages import CardGraded, StoreFailed, StudyReady
from reader.ui.screens.dialogs import PromptDialog
from reader.ui.services import services
from reader.ui.widgets.gloss_panel import pinyin_text
from reader.ui.widgets.key_bar import KeyBar


def highlighted_sentence(sentence: str, word: str) -> Text:
    text = Text(sentence)
    text.highlight_words([word], style="bold reverse")
    return text


def card_front(card: StudyCard) -> RenderableType:
    term = card.term
    if card.kind == "recognition":
        parts: list[RenderableType] = [Text(term.simplified, style="bold", justify="center")]
        if card.sentence:
            parts += [Text(), highlighted_sentence(card.sentence, term.simplified)]
        parts += [Text("\nWhat does it mean, and how is it read?", style="dim")]
        return Group(*parts)
    pinyin = pinyin_text(syllables(term.pinyin), True)
    pinyin.justify = "center"
    return Group(
        Text(term.definition, style="bold", justify="center"),
        pinyin,
        Text("\nWrite it in hanzi (in your head or on paper).", style="dim"),
    )


def grade_buttons(intervals: dict[int, str]) -> Text:
    """`1 again 10m   2 hard 1d …`: what each grade does, with the interval it gives."""
    line = Text(justify="center")
    for rating, name in GRADES.items():
        if rating > 1:
            line.append("   ")
        line.append(f"{rating} {name}", style="bold")
        if rating in intervals:
            line.append(f" {intervals[rating]}", style="dim")
    return line


def card_back(card: StudyCard, intervals: dict[int, str] | None = None) -> RenderableType:
    term = card.term
    pinyin = pinyin_text(syllables(term.pinyin), True)
    pinyin.justify = "center"
    parts: list[RenderableType] = [Text("─" * 40, style="dim", justify="center")]
    if card.kind == "recognition":
        parts += [pinyin, Text(term.definition, justify="center")]
    else:
        parts += [Text(term.simplified, style="bold", justify="center")]
        if card.sentence:
            parts.append(highlighted_sentence(card.sentence, term.simplified))
    if term.traditional != term.simplified:
        parts.append(Text(f"traditional: {term.traditional}", style="dim", justify="center"))
    if term.notes:
        parts.append(Text(term.notes, style="italic", justify="center"))
    parts += [Text(), grade_buttons(intervals or {})]
    return Group(*parts)


class StudyScreen(Screen[None]):
    """Space reveals, 1-4 grade, u undoes; each grade is saved when it is made."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal", id="study.reveal", tooltip="Show the answer"),
        Binding("1", "grade(1)", "Again", id="study.again"),
        Binding("2", "grade(2)", "Hard", id="study.hard"),
        Binding("3", "grade(3)", "Good", id="study.good"),
        Binding("4", "grade(4)", "Easy", id="study.easy"),
        Binding("u", "undo", "Undo", id="study.undo", tooltip="Take back the last grade"),
        Binding(
            "o",
            "open_article",
            "Article",
            id="study.article",
            tooltip="Open the article the sentence comes from",
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            id="study.filter",
            tooltip="Study only a tag (tag:party) or an article (article:3)",
        ),
        Binding("escape,q", "close", "Back", id="study.close"),
    ]

    def __init__(self, tag: str | None = None, article_id: int | None = None) -> None:
        super().__init__()
        self.tag = tag
        self.article_id = article_id
        self.revealed = False
        self.shown_at = time.monotonic()
        self.session: StudySession | None = None
        self.busy = False
        """A grade or undo is being saved: keys wait for it, so a grade lands on its card."""

    @property
    def database(self) -> Database:
        return services(self).database

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="study-heading")
            yield ProgressBar(id="study-progress", show_eta=False, show_percentage=False)
            with VerticalScroll(id="study-card"):
                yield Static(id="card-front")
                yield Static(id="card-back")
        yield KeyBar()

    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        """Build the session on the store thread (it creates missing cards)."""
        tag, article_id = self.tag, self.article_id
        new_per_day = services(self).settings.new_cards_per_day

        def job(database: Database) -> StudyReady:
            return StudyReady(
                StudySession(database, tag=tag, article_id=article_id, new_per_day=new_per_day)
            )

        self.busy = True
        services(self).write(job, self, "start studying")

    @on(StudyReady)
    def study_ready(self, event: StudyReady) -> None:
        self.busy = False
        self.session = event.session
        self.show_card()

    @on(StoreFailed)
    def store_failed(self, event: StoreFailed) -> None:
        self.busy = False  # the card stays where it was; the same key tries again

    def show_card(self) -> None:
        session = self.session
        assert session is not None
        self.revealed = False
        self.shown_at = time.monotonic()
        bar = self.query_one("#study-progress", ProgressBar)
        bar.update(total=max(session.total, 1), progress=session.done)
        heading = Text("Study", style="bold")
        scope = f" · tag {self.tag}" if self.tag else ""
        scope += f" · article #{self.article_id}" if self.article_id is not None else ""
        heading.append(f"  {session.done}/{session.total} cards{scope}", style="dim")
        self.query_one("#study-heading", Static).update(heading)
        front = self.query_one("#card-front", Static)
        back = self.query_one("#card-back", Static)
        card = session.current
        back.update("")
        if card is None:
            front.update(self.summary())
            return
        label = Text(f"{card.kind} · {card.stage}", style="dim italic")
        front.update(inert(Group(label, Text(), card_front(card))))

    def summary(self) -> RenderableType:
        assert self.session is not None
        summary = self.session.summary
        figures = stats(self.database, new_per_day=services(self).settings.new_cards_per_day)
        lines = [Text("Session finished" if summary.reviewed else "Nothing due", style="bold")]
        if summary.reviewed:
            lines.append(
                Text(
                    f"reviewed {summary.reviewed}, again {summary.again} ({summary.again_rate:.0%})"
                )
            )
        if summary.next_due is not None:
            now = self.session.clock().astimezone()  # the learner's local time
            lines.append(Text(f"next due: {due_label(summary.next_due, now)}"))
        elif figures.due_today:
            lines.append(Text("next due: today"))
        lines += [
            Text(),
            Text(
                f"due today {figures.due_today} · next 7 days "
                f"{' '.join(str(n) for n in figures.due_next_days)}"
            ),
            Text("reviews, last 30 days: ")
            + Text(sparkline([n for _, n in figures.reviews_per_day]), style="bold"),
            Text(
                "retention: "
                + (
                    f"{figures.retention:.0%}"
                    if figures.retention is not None
                    else "not enough reviews yet"
                )
            ),
            Text(f"words being learnt: {figures.learning_words}"),
        ]
        if not figures.learning_words:
            lines.append(
                Text(
                    "\nPress 2 on a word in the reader (or a in the reader to add a term) "
                    "to study it here.",
                    style="dim",
                )
            )
        return Group(*lines)

    def action_reveal(self) -> None:
        if self.session is None:
            return
        card = self.session.current
        if card is None or self.revealed:
            return
        self.revealed = True
        intervals = self.session.intervals()
        self.query_one("#card-back", Static).update(inert(card_back(card, intervals)))

    def action_grade(self, rating: int) -> None:
        session = self.session
        if session is None or self.busy or session.current is None:
            return
        if not self.revealed:
            self.action_reveal()
            return
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)

        def job(database: Database) -> CardGraded:
            session.grade(rating, duration_ms)  # the session writes on the store connection
            return CardGraded(rating)

        self.busy = True
        services(self).write(job, self, f"save the grade {GRADES[rating]}")

    def action_undo(self) -> None:
        session = self.session
        if session is None or self.busy:
            return

        def job(database: Database) -> CardGraded:
            session.undo()
            return CardGraded(0)

        self.busy = True
        services(self).write(job, self, "undo the last grade")

    @on(CardGraded)
    def card_graded(self, event: CardGraded) -> None:
        self.busy = False
        if event.rating:
            self.notify(GRADES[event.rating], timeout=1)
        self.show_card()

    def action_open_article(self) -> None:
        if self.session is None:
            return
        card = self.session.current
        if card is None or card.article_id is None:
            self.notify("This card has no article", markup=False)
            return
        services(self).open_article(card.article_id)

    def action_filter(self) -> None:
        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.tag, self.article_id = None, None
            for part in value.split():
                key, _, rest = part.partition(":")
                if key == "tag" and rest:
                    self.tag = rest
                elif key == "article" and rest.isdigit():
                    self.article_id = int(rest)
            self.start()

        self.app.push_screen(
            PromptDialog("Study only (empty for everything):", "tag:party or article:3"), chosen
        )

    def action_close(self) -> None:
        self.dismiss(None)

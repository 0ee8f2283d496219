"""The reading screen: the article, a word cursor, and the gloss panel."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from db import Database
from db.articles import Article, get_article, load_paragraphs, save_position
from db.terms import statuses_of
from glossary.lookup import Dictionary
from reader.layout import Token
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.gloss_panel import GlossPanel
from reader.ui.widgets.key_bar import KeyBar

POSITION_SAVE_DELAY = 0.5


class ReadingScreen(Screen[None]):
    """One article; the gloss panel follows the cursor, or the mouse while it hovers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "toggle_panel",
            "Gloss",
            id="reader.toggle-panel",
            tooltip="Show or hide the gloss panel",
        ),
        Binding(
            "p",
            "toggle_pinyin",
            "Pinyin",
            id="reader.toggle-pinyin",
            tooltip="Pinyin above every word",
        ),
        Binding(
            "t", "toggle_tones", "Tones", id="reader.toggle-tones", tooltip="Colour pinyin by tone"
        ),
        Binding(
            "escape,q",
            "close",
            "Library",
            id="reader.close",
            tooltip="Back to the library (the position is saved)",
        ),
    ]

    def __init__(self, database: Database, article_id: int) -> None:
        super().__init__()
        self.database = database
        self.dictionary = Dictionary(database)
        article = get_article(database, article_id)
        if article is None:
            raise LookupError(f"no article #{article_id}")
        self.article: Article = article
        paragraphs = load_paragraphs(database, article_id)
        words = {text for p in paragraphs for text in _token_texts(p.text, p.token_ends)}
        self.view = ArticleView(paragraphs, statuses=statuses_of(database, words), id="article")
        self._save_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        heading = Text(self.article.title, style="bold")
        details = " · ".join(x for x in (self.article.author, self.article.published[:10]) if x)
        if details:
            heading.append(f"  {details}", style="dim")
        yield Static(heading, id="article-heading")
        with Horizontal(id="reading-body"):
            yield self.view
            with VerticalScroll(id="gloss-scroll"):
                yield GlossPanel(id="gloss")
        yield KeyBar()

    NARROW_WIDTH = 100

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_WIDTH, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < self.NARROW_WIDTH, "-narrow")
        view = self.view
        view.cursor = view.token_at_offset(
            self.article.position_paragraph, self.article.position_char
        )
        view.show_pinyin = bool(getattr(self.app, "show_pinyin", False))
        view.tone_colours = bool(getattr(self.app, "tone_colours", True))
        view.focus()
        self.call_after_refresh(view.scroll_to_cursor)
        self.show_token(view.cursor_token)

    # --- the gloss panel ---------------------------------------------------------------------

    def show_token(self, token: Token | None) -> None:
        panel = self.query_one("#gloss", GlossPanel)
        if token is None or not token.is_word:
            panel.clear()
            return
        result = self.dictionary.lookup(token.text, known_pinyin=token.reading)
        panel.show(
            result,
            tone_colours=self.view.tone_colours,
            status=self.view.statuses.get(token.text, "new"),
            pinyin=token.reading,
        )

    @on(ArticleView.CursorMoved)
    def cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        if self.view.hover is None:
            self.show_token(event.token)
        self._schedule_position_save()

    @on(ArticleView.Hovered)
    def hovered(self, event: ArticleView.Hovered) -> None:
        self.show_token(event.token if event.token is not None else self.view.cursor_token)

    # --- reading position --------------------------------------------------------------------

    def _schedule_position_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(POSITION_SAVE_DELAY, self.save_position)

    def save_position(self) -> None:
        token = self.view.cursor_token
        if token is not None:
            save_position(self.database, self.article.id, token.paragraph, token.start)

    # --- actions -----------------------------------------------------------------------------

    def action_toggle_panel(self) -> None:
        self.query_one("#gloss-scroll").toggle_class("-hidden")

    def action_toggle_pinyin(self) -> None:
        self.view.show_pinyin = not self.view.show_pinyin
        self.app.show_pinyin = self.view.show_pinyin  # type: ignore[attr-defined]

    def action_toggle_tones(self) -> None:
        self.view.tone_colours = not self.view.tone_colours
        self.app.tone_colours = self.view.tone_colours  # type: ignore[attr-defined]
        self.show_token(self.view.cursor_token)

    def action_close(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save_position()
        self.dismiss(None)


def _token_texts(text: str, ends: tuple[int, ...]) -> list[str]:
    starts = (0, *ends[:-1])
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]

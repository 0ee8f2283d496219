"""The reading screen: the article, a word cursor, and the gloss panel."""

from __future__ import annotations

from collections.abc import Sequence
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
from glossary.segment import Annotator
from glossary.terms import ContextRef, Glossary, GlossaryError, sentence_around
from reader.display import safe_line
from reader.layout import Token
from reader.library import Library
from reader.ui.screens.dialogs import ConfirmDialog
from reader.ui.screens.term_dialog import TermDialog, TermDraft, draft_from_lookup, draft_from_term
from reader.ui.services import services
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
            "a",
            "add_term",
            "Add term",
            id="reader.add-term",
            tooltip="Add the cursor word (or the selection) to your glossary",
        ),
        Binding(
            "v",
            "select",
            "Select",
            id="reader.select",
            tooltip="Select characters (then ←/→) to make a term of them",
        ),
        Binding("e", "edit_term", "Edit term", show=False, id="reader.edit-term"),
        Binding("x", "delete_term", "Delete term", show=False, id="reader.delete-term"),
        Binding("1", "status('new')", "Mark new", show=False, id="reader.status-new"),
        Binding(
            "2", "status('learning')", "Mark learning", show=False, id="reader.status-learning"
        ),
        Binding("3", "status('known')", "Mark known", show=False, id="reader.status-known"),
        Binding("0", "status('ignored')", "Mark ignored", show=False, id="reader.status-ignored"),
        Binding(
            "K",
            "paragraph_known",
            "Paragraph known",
            show=False,
            id="reader.paragraph-known",
            tooltip="Mark every still-new word here known",
        ),
        Binding("u", "toggle_new", "Highlight new", show=False, id="reader.toggle-new"),
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
        self.view = ArticleView(load_paragraphs(database, article_id), id="article")
        words = {token.text for token in self.view.tokens if token.reading}
        self.view.statuses = statuses_of(database, words)
        self._save_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        heading = Text(safe_line(self.article.title), style="bold")
        details = " · ".join(
            safe_line(x) for x in (self.article.author, self.article.published[:10]) if x
        )
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
        services(self).show_pinyin = self.view.show_pinyin

    def action_toggle_tones(self) -> None:
        self.view.tone_colours = not self.view.tone_colours
        services(self).tone_colours = self.view.tone_colours
        self.show_token(self.view.cursor_token)

    # --- glossary ----------------------------------------------------------------------------

    def _target(self) -> tuple[str, int, int, int] | None:
        """(text, paragraph, start, end) of the selection, else of the cursor word."""
        view = self.view
        if view.selection is not None:
            paragraph, start, end = view.selection
            return view.selected_text, paragraph, start, end
        token = view.cursor_token
        if token is None or not token.is_word:
            return None
        return token.text, token.paragraph, token.start, token.end

    def action_select(self) -> None:
        services(self).warm_segmenter()
        self.view.toggle_selection()

    @on(ArticleView.SelectionChanged)
    def selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        if event.text:
            panel = self.query_one("#gloss", GlossPanel)
            result = self.dictionary.lookup(event.text)
            panel.show(result, tone_colours=self.view.tone_colours, status="", pinyin="")
        else:
            self.show_token(self.view.cursor_token)

    def action_add_term(self) -> None:
        target = self._target()
        if target is None:
            return
        services(self).warm_segmenter()
        word, paragraph, start, end = target
        sentence = sentence_around(self.view.paragraph_texts[paragraph], start, end)
        existing = Glossary(self.database).visible_term(word)
        hint = ""
        if existing is not None and existing.origin == "user":
            draft = draft_from_term(existing, sentence)
        else:
            token = self.view.cursor_token
            reading = token.reading if token is not None and token.text == word else ""
            result = self.dictionary.lookup(word, known_pinyin=reading or None)
            draft = draft_from_lookup(word, result, reading or result.pinyin, sentence)
            if existing is None and result.breakdown:
                hint = "made of " + " + ".join(
                    f"{p.text} ({p.readings[0].definitions[0]})" if p.readings else p.text
                    for p in result.breakdown
                )
        self.app.push_screen(
            TermDialog(f"Add {word} to your glossary", draft, hint), self._save_new
        )

    def _save_new(self, draft: TermDraft | None) -> None:
        if draft is None:
            return
        try:
            term, affected = Glossary(self.database).add(
                draft.fields, ContextRef(self.article.id, draft.sentence)
            )
        except GlossaryError as error:
            self.notify(safe_line(str(error)), severity="error", markup=False)
            return
        self.view.clear_selection()
        self.view.statuses[term.simplified] = statuses_of(self.database, [term.simplified]).get(
            term.simplified, "learning"
        )
        self.after_glossary_change(affected)
        self.notify(f"Added {safe_line(term.simplified)} to your glossary", markup=False)

    def action_edit_term(self) -> None:
        target = self._target()
        if target is None:
            return
        term = Glossary(self.database).visible_term(target[0])
        if term is None:
            self.notify("Not in your glossary yet: press a to add it", markup=False)
            return
        services(self).warm_segmenter()

        def saved(draft: TermDraft | None) -> None:
            if draft is None:
                return
            try:
                edited, affected = Glossary(self.database).edit(term.id, draft.fields)
            except GlossaryError as error:
                self.notify(safe_line(str(error)), severity="error", markup=False)
                return
            removed = [term.simplified] if edited.simplified != term.simplified else []
            self.after_glossary_change(affected, removed)

        self.app.push_screen(TermDialog(f"Edit {term.simplified}", draft_from_term(term)), saved)

    def action_delete_term(self) -> None:
        target = self._target()
        if target is None:
            return
        term = Glossary(self.database).visible_term(target[0])
        if term is None:
            self.notify("Not in your glossary", markup=False)
            return
        what = "Hide the built-in term" if term.origin == "builtin" else "Delete"

        def answered(yes: bool | None) -> None:
            if yes:
                affected = Glossary(self.database).delete(term.id)
                still_visible = Glossary(self.database).visible_term(term.simplified)
                removed = [] if still_visible else [term.simplified, term.traditional]
                self.after_glossary_change(affected, removed)

        self.app.push_screen(ConfirmDialog(f"{what} {term.simplified}?"), answered)

    def after_glossary_change(self, affected: list[int], removed: Sequence[str] = ()) -> None:
        """Re-cut this article now and the other affected ones in the background.

        A fresh Annotator teaches the segmenter every current term; removed ones are unlearnt.
        """
        segmenter = services(self).segmenter_now()
        for word in removed:
            segmenter.remove_term(word)
        annotator = Annotator(self.database, segmenter)
        if self.article.id in affected:
            Library(self.database, annotator).recut(self.article.id)
            self.view.replace_paragraphs(load_paragraphs(self.database, self.article.id))
        others = [article_id for article_id in affected if article_id != self.article.id]
        if others:
            services(self).recut_in_background(others)
        self.show_token(self.view.cursor_token)

    # --- statuses ----------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        target = self._target()
        if target is None:
            return
        self._set_status([target[0]], status)

    def action_paragraph_known(self) -> None:
        token = self.view.cursor_token
        if token is None:
            return
        words = {
            t.text
            for t in self.view.tokens
            if t.paragraph == token.paragraph
            and t.reading
            and self.view.statuses.get(t.text, "new") == "new"
        }
        self._set_status(sorted(words), "known")
        self.notify(f"Marked {len(words)} words known", markup=False)

    def _set_status(self, words: list[str], status: str) -> None:
        if not words:
            return
        Glossary(self.database).set_status(words, status)
        for word in words:
            self.view.statuses[word] = status
        self.view.refresh()
        self.show_token(self.view.cursor_token)

    def action_toggle_new(self) -> None:
        self.view.highlight_new = not self.view.highlight_new

    def action_close(self) -> None:
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save_position()
        self.dismiss(None)

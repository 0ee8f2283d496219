"""The reading screen: the article, a word cursor, and the gloss panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from db import Database
from db.articles import Article, save_position
from db.corrections import ReadingPlace, chosen_readings, split_rules
from db.terms import Origin, Status, statuses_of
from glossary.cedict_display import readable_definition
from glossary.corrections import split_at
from glossary.levels import Levels, WordFacts, level_label
from glossary.lookup import Dictionary
from glossary.pinyin import numbered_to_marked
from glossary.progress import record_words_read
from glossary.script import has_han
from glossary.senses import reads_as
from glossary.study import remember_sentence
from glossary.terms import ContextRef, Glossary, sentence_around
from reader.display import safe_line
from reader.history import LookupLog
from reader.layout import Token
from reader.session import (
    choose_reading,
    join_token,
    open_article,
    recut_open_article,
    split_token,
    term_prefill,
)
from reader.ui.messages import GlossaryChanged, StatusesChanged
from reader.ui.screens.dialogs import ConfirmDialog, ReadingChoice, ReadingDialog
from reader.ui.screens.term_dialog import TermDialog, TermDraft, draft_from_term
from reader.ui.services import services
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.gloss_panel import GlossPanel
from reader.ui.widgets.key_bar import KeyBar

POSITION_SAVE_DELAY = 0.5
LOOKUP_DWELL = 0.8  # seconds a word stays in the panel before it counts as looked up
LOOKUP_FLUSH_INTERVAL = 5.0
HIGHLIGHT_MODES = ("new", "learning", "above", "off")
HIGHLIGHT_NAMES = {
    "new": "new and learning words",
    "learning": "learning words",
    "above": "words above your HSK level",
    "off": "nothing",
}


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
        Binding(
            "b",
            "split",
            "Split",
            show=False,
            id="reader.split",
            tooltip=(
                "Split the word before the cursor character (shift+←/→ moves it); "
                "on a split you made, join it again"
            ),
        ),
        Binding(
            "r",
            "choose_reading",
            "Reading",
            show=False,
            id="reader.choose-reading",
            tooltip="Choose the word's reading, here or everywhere",
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
        Binding(
            "u",
            "cycle_highlight",
            "Highlight",
            show=False,
            id="reader.cycle-highlight",
            tooltip="Tint new words, learning words, words above your HSK level, or none",
        ),
        Binding(
            "number_sign",
            "toggle_latin_stops",
            "Digit stops",
            key_display="#",
            show=False,
            id="reader.toggle-latin-stops",
            tooltip="Let the cursor stop on digits and Latin words too",
        ),
        Binding(
            "escape,q",
            "close",
            "Library",
            id="reader.close",
            tooltip="Back to the library (the position is saved)",
        ),
    ]

    def __init__(
        self, database: Database, article_id: int, at: tuple[int, int] | None = None
    ) -> None:
        """`at` (paragraph, character) places the cursor there instead of where the learner
        left the article."""
        super().__init__()
        self.start_at = at
        self.database = database
        self.dictionary = Dictionary(database)
        opened = open_article(database, article_id)
        self.article: Article = opened.article
        self.view = ArticleView(opened.paragraphs, id="article")
        self.view.statuses = opened.statuses
        self._save_timer: Timer | None = None
        self._unsaved_draft: TermDraft | None = None
        """A new term whose write failed; `a` on the same word offers it again."""
        self._dwell_timer: Timer | None = None
        self._read_upto: int | None = None
        self.levels = Levels(database)
        self.lookup_log = LookupLog(database)

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
        paragraph, char = self.start_at or (
            self.article.position_paragraph,
            self.article.position_char,
        )
        start = view.token_at_offset(paragraph, char)
        view.set_reactive(ArticleView.cursor, start)  # restoring is not a move: nothing to save
        view.show_pinyin = bool(getattr(self.app, "show_pinyin", False))
        view.tone_colours = bool(getattr(self.app, "tone_colours", True))
        settings = services(self).settings
        self.levels = Levels(self.database, settings.hsk_standard)
        view.levels = self.levels.levels_of({t.text for t in view.tokens if t.reading})
        view.own_level = settings.hsk_level
        view.highlight = settings.highlight
        view.latin_stops = settings.latin_stops
        self._read_upto = view.cursor
        self.set_interval(LOOKUP_FLUSH_INTERVAL, self.flush_lookups)
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
            # digits and Latin have no status: they are never [new]
            status=self.view.statuses.get(token.text, "new") if token.reading else "",
            pinyin=token.reading,
            facts=self.word_facts(token.text) if token.reading else None,
        )
        if token.reading:  # Chinese words only: digits and Latin are not looked up
            self._start_dwell(token.text)

    def word_facts(self, word: str) -> WordFacts:
        """Level, frequency band and how often the learner has looked the word up."""
        times, articles = self.lookup_log.counts(word)
        facts = self.levels.facts(word)
        return replace(facts, times_looked_up=times, articles_looked_up=articles)

    # --- lookup history ----------------------------------------------------------------------

    def _start_dwell(self, word: str) -> None:
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
        self._dwell_timer = self.set_timer(LOOKUP_DWELL, lambda: self.log_lookup(word))

    def log_lookup(self, word: str) -> None:
        self.lookup_log.add(word, self.article.id)

    def on_unmount(self) -> None:
        """Quitting from the reader keeps the last lookups (written here: the store thread
        may already be closing)."""
        self.lookup_log.flush()

    def flush_lookups(self) -> None:
        """Hand the pending lookups to the store thread, behind the other writes; an
        in-memory database is written here, since its connection cannot cross threads."""
        app = services(self)
        if app.db_path is None:
            self.lookup_log.flush()
        elif batch := self.lookup_log.take():

            def record(database: Database) -> None:
                self.lookup_log.write(database, batch)

            app.write(record, self, "keep the lookup history", quiet=True)

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

    def position_job(self) -> Callable[[Database], None] | None:
        """The write that saves where the cursor is (None before there is a cursor)."""
        token = self.view.cursor_token
        if token is None:
            return None
        article_id, paragraph, char = self.article.id, token.paragraph, token.start
        words_read = self._words_read_since_last()

        def job(database: Database) -> None:
            save_position(database, article_id, paragraph, char)
            if words_read:
                record_words_read(database, article_id, words_read)

        return job

    def save_position(self) -> None:
        job = self.position_job()
        if job is not None:
            services(self).write(job, self, "save the reading position", quiet=True)

    def _words_read_since_last(self) -> int:
        """Words passed by moving forward since the last save count as read today."""
        cursor = self.view.cursor
        if self._read_upto is None or cursor <= self._read_upto:
            self._read_upto = cursor if self._read_upto is None else self._read_upto
            return 0
        passed = self.view.tokens[self._read_upto + 1 : cursor + 1]
        self._read_upto = cursor
        return sum(1 for t in passed if t.is_word and t.reading)

    # --- actions -----------------------------------------------------------------------------

    def action_toggle_panel(self) -> None:
        self.query_one("#gloss-scroll").toggle_class("-hidden")

    def action_toggle_pinyin(self) -> None:
        self.view.show_pinyin = not self.view.show_pinyin
        services(self).show_pinyin = self.view.show_pinyin
        self._remember(show_pinyin=self.view.show_pinyin)

    def action_toggle_tones(self) -> None:
        self.view.tone_colours = not self.view.tone_colours
        services(self).tone_colours = self.view.tone_colours
        self._remember(tone_colours=self.view.tone_colours)
        self.show_token(self.view.cursor_token)

    def _remember(self, **changes: Any) -> None:
        services(self).remember_settings(**changes)

    # --- glossary ----------------------------------------------------------------------------

    def _target(self) -> tuple[str, int, int, int] | None:
        """(text, paragraph, start, end) of the selection, else of the cursor word."""
        view = self.view
        if view.selection is not None:
            paragraph, start, end = view.selection
            return view.selected_text, paragraph, start, end
        token = view.cursor_token
        if token is None or not token.reading:  # only Chinese words become terms
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
        self.log_lookup(word)
        sentence = sentence_around(self.view.paragraph_texts[paragraph], start, end)
        existing = Glossary(self.database).visible_term(word)
        hint = ""
        if existing is not None and existing.origin == Origin.USER:
            draft = draft_from_term(existing, sentence)
        else:
            reading = self.view.shown_reading(paragraph, start, end)  # 评为县: wei2, as shown
            draft = TermDraft(term_prefill(self.database, word, reading or None), sentence)
            result = self.dictionary.lookup(word, known_pinyin=reading or None)
            if existing is None and result.breakdown:
                hint = "made of " + " + ".join(
                    f"{p.text} ({readable_definition(p.readings[0].definitions[0])})"
                    if p.readings
                    else p.text
                    for p in result.breakdown
                )
        unsaved = self._unsaved_draft
        if unsaved is not None and unsaved.fields.simplified == word:
            draft, hint = unsaved, "not saved last time: press ctrl+s to try again"
        self.app.push_screen(
            TermDialog(f"Add {word} to your glossary", draft, hint), self._save_new
        )

    def _save_new(self, draft: TermDraft | None) -> None:
        if draft is None:
            return
        article_id, segmenter = self.article.id, services(self).segmenter_now
        self._unsaved_draft = draft  # until the store says it is saved: `a` brings it back

        def job(database: Database) -> GlossaryChanged:
            term, affected = Glossary(database).add(
                draft.fields, ContextRef(article_id, draft.sentence)
            )
            word = term.simplified
            status = statuses_of(database, [word]).get(word, Status.LEARNING)
            paragraphs, others = recut_open_article(database, segmenter(), article_id, affected)
            note = f"Added {word} to your glossary"
            return GlossaryChanged(note, article_id, paragraphs, others, {word: status})

        services(self).write(job, self, f"add {draft.fields.simplified}")

    def action_edit_term(self) -> None:
        target = self._target()
        if target is None:
            return
        term = Glossary(self.database).visible_term(target[0])
        if term is None:
            self.notify("Not in your glossary yet: press a to add it", markup=False)
            return
        services(self).warm_segmenter()
        article_id, segmenter = self.article.id, services(self).segmenter_now

        def job(database: Database, draft: TermDraft) -> GlossaryChanged:
            edited, affected = Glossary(database).edit(term.id, draft.fields)
            removed = [term.simplified] if edited.simplified != term.simplified else []
            paragraphs, others = recut_open_article(
                database, segmenter(), article_id, affected, removed
            )
            return GlossaryChanged(f"Saved {edited.simplified}", article_id, paragraphs, others)

        def saved(draft: TermDraft | None) -> None:
            if draft is not None:
                services(self).write(lambda db: job(db, draft), self, f"save {term.simplified}")

        self.app.push_screen(TermDialog(f"Edit {term.simplified}", draft_from_term(term)), saved)

    def action_delete_term(self) -> None:
        target = self._target()
        if target is None:
            return
        term = Glossary(self.database).visible_term(target[0])
        if term is None:
            self.notify("Not in your glossary", markup=False)
            return
        what = "Hide the built-in term" if term.origin == Origin.BUILTIN else "Delete"
        article_id, segmenter = self.article.id, services(self).segmenter_now

        def job(database: Database) -> GlossaryChanged:
            glossary = Glossary(database)
            affected = glossary.delete(term.id)
            still_visible = glossary.visible_term(term.simplified)
            removed = [] if still_visible else [term.simplified, term.traditional]
            paragraphs, others = recut_open_article(
                database, segmenter(), article_id, affected, removed
            )
            note = f"{'Hid' if term.origin == Origin.BUILTIN else 'Deleted'} {term.simplified}"
            return GlossaryChanged(note, article_id, paragraphs, others)

        def answered(yes: bool | None) -> None:
            if yes:
                services(self).write(job, self, f"delete {term.simplified}")

        self.app.push_screen(ConfirmDialog(f"{what} {term.simplified}?"), answered)

    # --- corrections ---------------------------------------------------------------------------

    def action_split(self) -> None:
        """Split the cursor word before its cursor character; the article is re-cut at once.
        On the first character of a word a split of the learner's made, join it again."""
        token = self.view.cursor_token
        offset = self.view.cursor_char
        if token is not None and offset == 0 and self._join_here(token.paragraph, token.start):
            return
        if token is None or not token.reading or len(token.text) < 2:
            self.notify("Nothing to split here", markup=False)
            return
        if offset == 0:
            self.notify(
                "Move to the character to split before with shift+→ (or L), then press b",
                markup=False,
            )
            return
        services(self).warm_segmenter()
        word, article_id, segmenter = token.text, self.article.id, services(self).segmenter_now
        shown = f"{word[:offset]} | {word[offset:]}"

        def job(database: Database) -> GlossaryChanged:
            paragraphs, others = split_token(database, segmenter(), article_id, word, offset)
            return GlossaryChanged(f"Split {shown}", article_id, paragraphs, others)

        services(self).write(job, self, f"split {shown}")

    def _join_here(self, paragraph: int, position: int) -> bool:
        """If a split of the learner's cuts the text before `position`, undo it (a write)."""
        text = self.view.paragraph_texts[paragraph]
        if split_at(text, position, split_rules(self.database)) is None:
            return False
        services(self).warm_segmenter()
        article_id, segmenter = self.article.id, services(self).segmenter_now

        def job(database: Database) -> GlossaryChanged | None:
            joined = join_token(database, segmenter(), article_id, text, position)
            if joined is None:
                return None
            word, paragraphs, others = joined
            return GlossaryChanged(f"Joined {word} again", article_id, paragraphs, others)

        services(self).write(job, self, "join the split")
        return True

    def action_choose_reading(self) -> None:
        token = self.view.cursor_token
        if token is None or not token.reading:
            return
        result = self.dictionary.lookup(token.text, known_pinyin=token.reading)
        readings: dict[str, str] = {}
        for reading in result.readings:
            if reading.simplified == token.text or reading.traditional == token.text:
                meaning = reading.definitions[0] if reading.definitions else ""
                readings.setdefault(reading.pinyin, meaning)
        # 知识 shown zhi1 shi2 (readings.lexical_tones) also offers CC-CEDICT's light zhi1 shi5.
        same = (meaning for pinyin, meaning in readings.items() if reads_as(pinyin, token.reading))
        readings.setdefault(token.reading, next(same, ""))
        if len(readings) < 2:
            shown = numbered_to_marked(token.reading)
            self.notify(f"{token.text} has one reading ({shown}): nothing to choose", markup=False)
            return
        services(self).warm_segmenter()
        word, article_id, segmenter = token.text, self.article.id, services(self).segmenter_now
        place = ReadingPlace(article_id, token.paragraph, token.start)

        def job(database: Database, choice: ReadingChoice) -> GlossaryChanged:
            paragraphs, others = choose_reading(
                database,
                segmenter(),
                article_id,
                word,
                choice.pinyin,
                place if choice.here_only else None,
            )
            where = "here" if choice.here_only else "everywhere"
            if choice.pinyin:
                note = f"{word} reads {numbered_to_marked(choice.pinyin)} {where}"
            else:
                note = f"{word} {where}: your reading forgotten, context decides"
            return GlossaryChanged(note, article_id, paragraphs, others)

        def chosen(choice: ReadingChoice | None) -> None:
            if choice is not None:
                action = f"choose a reading for {word}"
                services(self).write(lambda db: job(db, choice), self, action)

        chosen_before = chosen_readings(self.database, word, place)
        dialog = ReadingDialog(word, list(readings.items()), token.reading, chosen_before)
        self.app.push_screen(dialog, chosen)

    @on(GlossaryChanged)
    def glossary_changed(self, event: GlossaryChanged) -> None:
        """Show the new cut of this article; other affected ones are re-cut in the background."""
        self._unsaved_draft = None
        self.view.clear_selection()
        self.view.statuses.update(event.statuses)
        if event.paragraphs is not None and event.article_id == self.article.id:
            self.view.replace_paragraphs(event.paragraphs)
        else:
            self.view.refresh()
        if event.others:
            services(self).recut_in_background(list(event.others))
        self.show_token(self.view.cursor_token)
        if event.note:
            self.notify(event.note, markup=False)

    # --- statuses ----------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        target = self._target()
        if target is None:
            return
        word, paragraph, start, end = target
        sentence = None
        if status == "learning":  # its cards show the sentence being read now
            sentence = sentence_around(self.view.paragraph_texts[paragraph], start, end)
        self._set_status([word], status, sentence)

    def action_paragraph_known(self) -> None:
        token = self.view.cursor_token
        if token is None:
            return
        split_away = split_rules(self.database)  # never mark a token the learner split
        words = {
            t.text
            for t in self.view.tokens
            if t.paragraph == token.paragraph
            and t.reading
            and t.text not in split_away
            and self.view.statuses.get(t.text, "new") == "new"
        }
        self._set_status(sorted(words), "known")

    def _set_status(self, words: list[str], status: str, sentence: str | None = None) -> None:
        words = [word for word in words if has_han(word)]  # only Chinese words get statuses
        if not words:
            return
        article_id = self.article.id

        def job(database: Database) -> StatusesChanged:
            with database.atomic():
                if sentence is not None:
                    for word in words:
                        remember_sentence(database, word, article_id, sentence)
                Glossary(database).set_status(words, status)
            return StatusesChanged(tuple(words), status)

        shown = words[0] if len(words) == 1 else f"{len(words)} words"
        services(self).write(job, self, f"mark {shown} {status}")

    @on(StatusesChanged)
    def statuses_changed(self, event: StatusesChanged) -> None:
        for word in event.words:
            self.view.statuses[word] = Status(event.status)
        self.view.refresh()
        self.show_token(self.view.cursor_token)
        if len(event.words) > 1:
            self.notify(f"Marked {len(event.words)} words {event.status}", markup=False)

    def action_toggle_latin_stops(self) -> None:
        self.view.latin_stops = not self.view.latin_stops
        self._remember(latin_stops=self.view.latin_stops)
        state = "stops on" if self.view.latin_stops else "skips"
        self.notify(f"The cursor {state} digits and Latin words", markup=False)

    def action_cycle_highlight(self) -> None:
        """new → learning → above my level → off; the choice is kept in the settings file."""
        current = self.view.highlight
        index = HIGHLIGHT_MODES.index(current) if current in HIGHLIGHT_MODES else -1
        mode = HIGHLIGHT_MODES[(index + 1) % len(HIGHLIGHT_MODES)]
        self.view.highlight = mode
        self._remember(highlight=mode)
        label = HIGHLIGHT_NAMES[mode]
        if mode == "above":
            label += f" ({level_label(self.view.own_level, self.levels.standard) or 'HSK 0'})"
        self.notify(f"Highlight: {label}", timeout=2, markup=False)

    def action_close(self) -> None:
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.leave()

    def leave(self) -> None:
        """Leave the article, its position and lookups saved."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
        self.save_position()
        self.flush_lookups()
        self.dismiss(None)

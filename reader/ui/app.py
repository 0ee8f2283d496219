"""The zhreader Textual application: screens, global keys and the command palette."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from db import Database, ZhreaderError, open_db, translate_sqlite_error
from db.articles import list_articles
from reader.crashlog import record_crash
from reader.display import safe_line, safe_text
from reader.ui.messages import ArticlesRecut, StoreFailed
from reader.ui.screens.dialogs import LookupDialog
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.services import AppServices
from reader.ui.store import StoreThread, on_own_connection

if TYPE_CHECKING:
    from glossary.segment import Segmenter


class ArticleCommands(Provider):
    """`Open: <title>` for every article in the library."""

    async def discover(self) -> Hits:
        app = self.app
        assert isinstance(app, ZhreaderApp)
        for summary in list_articles(app.database)[:20]:
            label = f"Open: {safe_line(summary.title)}"
            yield DiscoveryHit(Content(label), partial(app.open_article, summary.id), text=label)

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, ZhreaderApp)
        matcher = self.matcher(query)
        for summary in list_articles(app.database):
            label = f"Open: {safe_line(summary.title)}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, label),
                    partial(app.open_article, summary.id),
                    text=label,
                )


def _highlight(matcher: Matcher, label: str) -> Content:
    """The label as plain Content with the matched characters styled.

    Textual's `Matcher.highlight` parses its argument as markup, so a title such as
    `[@click=app.quit]` would become an action and `[/bold]` would never be found.
    """
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


BIG_UPDATE = 100
"""Stale articles from which the start-up pass is announced (about a second's work)."""


class ZhreaderApp(App[None]):
    """Library first; Enter opens an article in the reader."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "zhreader"
    COMMANDS = App.COMMANDS | {ArticleCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="app.help",
            tooltip="Every key on this screen, and the credits",
        ),
        Binding(
            "slash,ctrl+l",
            "lookup",
            "Look up",
            show=False,
            id="app.lookup",
            tooltip="Look up any word",
        ),
        Binding("s", "study", "Study", id="app.study", tooltip="Review your glossary (FSRS)"),
        Binding(
            "S",
            "progress",
            "Progress",
            show=False,
            id="app.progress",
            tooltip="Known words over time, words read, reviews, streak; words to learn next",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            show=False,  # shown in the library's footer; the reader's has no room
            id="app.search",
            tooltip="Full-text search of the library: sentences with the text",
        ),
        Binding(
            "ctrl+g",
            "glossary",
            "Glossary",
            show=False,
            id="app.glossary",
            tooltip="Your glossary: search, edit, contexts",
        ),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit", tooltip="Quit zhreader"),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast passes the sanitiser: messages quote words, titles, file names and
        errors that come from content."""
        super().notify(
            safe_text(message),
            title=safe_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def __init__(
        self,
        db_path: Path | None = None,
        database: Database | None = None,
        start_with_study: bool = False,
        store: StoreThread | None = None,
    ) -> None:
        super().__init__()
        self._told_settings_unsaved = False  # a read-only settings folder is said once
        self.start_with_study = start_with_study
        self.db_path = db_path
        self.database = database if database is not None else open_db(db_path)
        self.store = store if store is not None else StoreThread(db_path)
        from reader.settings import load_settings

        self.settings = load_settings()
        self.show_pinyin = self.settings.show_pinyin
        self.tone_colours = self.settings.tone_colours
        self._segmenter: Segmenter | None = None
        self._segmenter_lock = threading.Lock()

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self.start_with_study:
            self.action_study()
        self.call_after_refresh(self._freeze_startup_objects)
        # Open the store thread's connection while the user looks at the library, so the
        # first write does not open it in the middle of opening an article.
        self.call_after_refresh(self.store.submit, lambda database: None)
        self.call_after_refresh(self._update_stale_articles)
        self.run_worker(self._warm_levels, thread=True, group="warm-levels")

    def _warm_levels(self) -> None:
        """Load the HSK lists while the user looks at the library: the first article opened
        would otherwise pay for it (tens of milliseconds)."""
        from glossary.levels import reading_level

        reading_level("的", self.settings.hsk_standard)

    def _update_stale_articles(self) -> None:
        """Articles whose pinyin an older readings method decided, and articles a glossary
        change left to re-cut (by `zhreader glossary add`, or a re-cut the last session
        did not finish), are brought up to date in the background without a command."""
        from db.articles import stale_article_ids
        from db.readings import articles_with_old_readings
        from db.terms import glossary_revision
        from glossary.readings import READINGS_REVISION

        if self.db_path is None:
            return
        stale = set(articles_with_old_readings(self.database, READINGS_REVISION))
        stale.update(stale_article_ids(self.database, glossary_revision(self.database)))
        if stale:
            if len(stale) >= BIG_UPDATE:  # minutes of work: say so, or the wait is a mystery
                self.notify(
                    f"Bringing {len(stale):,} articles up to date in the background "
                    "(a newer zhreader reads them better); you can read meanwhile",
                    timeout=8,
                )
            self.resegment_in_background()

    @staticmethod
    def _freeze_startup_objects() -> None:
        """Move everything alive after start-up out of the collector's view.

        Without this, full collections re-scan Textual's and our long-lived objects and add
        pauses of tens of milliseconds to opening an article.
        """
        gc.collect()
        gc.freeze()
        # Opening an article allocates tens of thousands of small objects; fewer young
        # collections in the middle of that keep the first paint steady.
        gc.set_threshold(50_000, 20, 20)

    def open_article(self, article_id: int, at: tuple[int, int] | None = None) -> None:
        """Open an article where it was left, or `at` (paragraph, character): a search hit."""
        try:
            screen = ReadingScreen(self.database, article_id, at)
        except ZhreaderError as error:  # deleted by another process since it was listed
            self.notify(str(error), title="Not opened", severity="error", markup=False)
            if isinstance(self.screen, LibraryScreen):
                self.screen.reload()
            return
        from reader.ui.screens.search import SearchScreen

        stack = self.screen_stack
        below = len(stack) - 1
        while below > 0 and isinstance(stack[below], SearchScreen):
            below -= 1
        if isinstance(stack[below], ReadingScreen):
            # The reader on top, or under a search, is replaced: left there it would come
            # back stale (a term added in the new one not cut, statuses old), and Esc history
            # would pile up. A study session in between stays (Esc returns to it).
            for _ in range(len(stack) - 1 - below):
                self.pop_screen()
            cast(ReadingScreen, self.screen).leave()
        self.push_screen(screen)

    # --- segmentation for glossary changes ------------------------------------------------------

    def segmenter_now(self) -> Segmenter:
        """The app's one segmenter (shared with re-cut workers), loading it if needed."""
        with self._segmenter_lock:
            if self._segmenter is None:
                from glossary.segment import Segmenter

                self._segmenter = Segmenter().load()
            return self._segmenter

    def warm_segmenter(self) -> None:
        """Load jieba in the background while the user types, so saving a term is quick."""
        if self._segmenter is None:
            self.run_worker(self.segmenter_now, thread=True, group="warm", exclusive=True)

    def recutting(self) -> bool:
        """True while a background re-cut runs: it commits article after article."""
        return any(worker.group == "recut" and not worker.is_finished for worker in self.workers)

    @work(thread=True, group="recut", exit_on_error=False)
    def recut_in_background(self, article_ids: list[int]) -> None:
        """Re-cut other articles after a glossary change, on a connection of this thread."""
        from reader.session import recut_articles

        worker = get_current_worker()  # cancelled when the app quits: stop between articles
        self._bring_up_to_date(
            lambda database: recut_articles(
                database, article_ids, self.segmenter_now(), cancelled=lambda: worker.is_cancelled
            )
        )

    @work(thread=True, group="recut", exit_on_error=False)
    def resegment_in_background(self) -> None:
        """Redo the readings an older method decided (and re-cut what a glossary change left
        stale), as `zhreader resegment` does: without jieba for the readings."""
        from reader.session import resegment

        worker = get_current_worker()
        self._bring_up_to_date(
            lambda database: resegment(
                database, self.segmenter_now(), cancelled=lambda: worker.is_cancelled
            )
        )

    def _bring_up_to_date(self, job: Callable[[Database], int]) -> None:
        """Run `job` on a connection of this worker thread; post how many articles it
        brought up to date, or why it could not."""
        try:
            count = on_own_connection(self.db_path, job)
        except ZhreaderError as error:
            self.post_message(StoreFailed("re-cut the other articles", str(error)))
            return
        self.post_message(ArticlesRecut(count))

    @on(ArticlesRecut)
    def articles_recut(self, event: ArticlesRecut) -> None:
        self.notify(f"Brought {event.count} other article(s) up to date")

    # --- writes ---------------------------------------------------------------------------------

    def write(
        self,
        job: Callable[[Database], Message | None],
        target: MessagePump,
        action: str,
        quiet: bool = False,
    ) -> None:
        """Run `job` on the store thread, after every earlier write; post its message to
        `target`. A failure posts `StoreFailed` to `target` (it bubbles up to a notification)
        unless `quiet`, for writes that the next one repeats anyway (the reading position)."""
        future = self.store.submit(job)
        worker = self._deliver(future, target, action, quiet)
        self.run_worker(worker, group="store", exit_on_error=False)

    async def _deliver(
        self, future: Future[Message | None], target: MessagePump, action: str, quiet: bool
    ) -> None:
        try:
            message = await asyncio.wrap_future(future)
        except ZhreaderError as error:
            if not quiet:
                target.post_message(StoreFailed(action, str(error)))
            return
        except Exception as error:  # a bug: log it, keep the app alive
            log = record_crash(error)
            target.post_message(
                StoreFailed(action, f"unexpected {type(error).__name__}; details in {log}")
            )
            return
        if message is not None:
            target.post_message(message)

    @on(StoreFailed)
    def store_failed(self, event: StoreFailed) -> None:
        self.notify(  # hanzi go in the body: a notification title drops wide characters
            f"Could not {event.action}: {event.error}",
            title="Nothing was changed; try again",
            severity="error",
            timeout=8,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        """The last resort: the app stops with one line, never a traceback; a bug's details
        go to the log. (Store errors of writes never get here: see `store_failed`.)"""
        if self.is_headless:  # under test: let the test see the exception itself
            super()._handle_exception(error)
            return
        if isinstance(error, sqlite3.Error):
            error = translate_sqlite_error(error, self.db_path)  # a damaged page, met on a read
        if isinstance(error, ZhreaderError):
            line = f"error: {error}"
        else:
            log = record_crash(error)
            line = f"zhreader stopped on an unexpected {type(error).__name__}; details in {log}"
        self._return_code = 1
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        """Quit at once; the open article's reading position is queued first, and the store
        thread finishes every queued write before its connection closes."""
        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen) and (job := screen.position_job()):
                self.store.submit(job)
        self.exit()

    def on_unmount(self) -> None:
        """Finish queued writes and close both connections."""
        self.store.close()
        self.database.close()

    def action_study(self) -> None:
        from reader.ui.screens.study import StudyScreen

        if not isinstance(self.screen, StudyScreen):
            self.push_screen(StudyScreen())

    def action_progress(self) -> None:
        from reader.ui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_glossary(self) -> None:
        from reader.ui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_lookup(self) -> None:
        log = self.screen.log_lookup if isinstance(self.screen, ReadingScreen) else None
        self.push_screen(LookupDialog(self.database, self.tone_colours, log))

    def action_toggle_pinyin(self) -> None:
        if isinstance(self.screen, ReadingScreen):
            self.screen.action_toggle_pinyin()
        else:
            self.show_pinyin = not self.show_pinyin
            self.remember_settings(show_pinyin=self.show_pinyin)
            self.notify(f"Pinyin {'on' if self.show_pinyin else 'off'} when reading")

    def remember_settings(self, **changes: Any) -> None:
        """Keep display choices for the next session. If the settings file cannot be
        written (a read-only folder), they hold for this session and the learner is told,
        once."""
        from reader.settings import remember

        def unsaved(why: str) -> None:
            if not self._told_settings_unsaved:
                self._told_settings_unsaved = True
                self.notify(
                    f"Kept for this session only: {why}",
                    title="Settings not saved",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )

        self.settings = remember(self.settings, unsaved, **changes)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(f"Keys: {self.screen_title()}", self.keys_for(self.screen)))

    def screen_title(self) -> str:
        return {ReadingScreen: "reading", LibraryScreen: "library"}.get(type(self.screen), "")

    @staticmethod
    def keys_for(screen: Screen[object]) -> list[tuple[str, str]]:
        """zhreader's own bindings active on `screen` (focused widget, screen, app), once
        each, and the command palette. Textual's built-in keys (focus, sideways scrolling,
        copy) are left out: every zhreader binding has an id and theirs have none."""
        rows: dict[str, tuple[str, str]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action in {"command_palette", "app.command_palette"}:
                identity, description = "app.command-palette", "Command palette"
            elif binding.id and binding.description:
                identity, description = binding.id, binding.description
            else:
                continue
            description = description[:1].upper() + description[1:]
            shown = binding.key_display or screen.app.get_key_display(binding)
            if identity in rows:
                rows[identity] = (f"{rows[identity][0]}, {shown}", description)
            else:
                rows[identity] = (shown, description)
        return list(rows.values())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Look up a word", "Look up any word in the glossary and CC-CEDICT", self.action_lookup
        )
        yield SystemCommand("Toggle pinyin", "Pinyin above every word", self.action_toggle_pinyin)
        yield SystemCommand("Glossary", "Search and edit your glossary", self.action_glossary)
        yield SystemCommand("Study", "Review your glossary with FSRS", self.action_study)
        yield SystemCommand(
            "Progress", "Known words over time, streak, words to learn next", self.action_progress
        )
        yield SystemCommand(
            "Keys and credits", "Every key, and the CC-CEDICT licence", self.action_help
        )


def _satisfies_services(app: ZhreaderApp) -> AppServices:
    """Type-checked proof that the app provides what screens reach for via `services()`."""
    return app

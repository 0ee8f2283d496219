"""The zhreader Textual application: screens, global keys and the command palette."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from db import Database, open_db
from db.articles import list_articles
from reader.ui.screens.dialogs import LookupDialog
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.services import AppServices

if TYPE_CHECKING:
    from reader.segment import Segmenter


class ArticleCommands(Provider):
    """`Open: <title>` for every article in the library."""

    async def discover(self) -> Hits:
        app = self.app
        assert isinstance(app, ZhreaderApp)
        for summary in list_articles(app.database)[:20]:
            yield DiscoveryHit(
                Text(f"Open: {summary.title}"), partial(app.open_article, summary.id)
            )

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, ZhreaderApp)
        matcher = self.matcher(query)
        for summary in list_articles(app.database):
            label = f"Open: {summary.title}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(app.open_article, summary.id))


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

    def __init__(
        self,
        db_path: Path | None = None,
        database: Database | None = None,
        start_with_study: bool = False,
    ) -> None:
        super().__init__()
        self.start_with_study = start_with_study
        self.db_path = db_path
        self.database = database if database is not None else open_db(db_path)
        self.show_pinyin = False
        self.tone_colours = True
        self._segmenter: Segmenter | None = None
        self._segmenter_lock = threading.Lock()

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self.start_with_study:
            self.action_study()
        self.call_after_refresh(self._freeze_startup_objects)

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

    def open_article(self, article_id: int) -> None:
        if isinstance(self.screen, ReadingScreen):
            self.screen.action_close()
        self.push_screen(ReadingScreen(self.database, article_id))

    # --- segmentation for glossary changes ------------------------------------------------------

    def segmenter_now(self) -> Segmenter:
        """The app's one jieba tokenizer (shared with re-cut workers), loading it if needed."""
        with self._segmenter_lock:
            if self._segmenter is None:
                from reader.segment import Segmenter

                segmenter = Segmenter()
                segmenter.cut("预热")
                self._segmenter = segmenter
            return self._segmenter

    def warm_segmenter(self) -> None:
        """Load jieba in the background while the user types, so saving a term is quick."""
        if self._segmenter is None:
            self.run_worker(self.segmenter_now, thread=True, group="warm", exclusive=True)

    @work(thread=True, group="recut")
    def recut_in_background(self, article_ids: list[int]) -> None:
        """Re-cut other articles after a glossary change, on a connection of this thread."""
        from reader.library import Library
        from reader.segment import Annotator

        database = open_db(self.db_path)
        try:
            library = Library(database, Annotator(database, self.segmenter_now()))
            for article_id in article_ids:
                library.recut(article_id)
        finally:
            database.close()
        self.call_from_thread(
            self.notify, f"Re-cut {len(article_ids)} other article(s) with your glossary"
        )

    def action_study(self) -> None:
        from reader.ui.screens.study import StudyScreen

        if not isinstance(self.screen, StudyScreen):
            self.push_screen(StudyScreen())

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_glossary(self) -> None:
        from reader.ui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_lookup(self) -> None:
        self.push_screen(LookupDialog(self.database, self.tone_colours))

    def action_toggle_pinyin(self) -> None:
        if isinstance(self.screen, ReadingScreen):
            self.screen.action_toggle_pinyin()
        else:
            self.show_pinyin = not self.show_pinyin
            self.notify(f"Pinyin {'on' if self.show_pinyin else 'off'} when reading")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(f"Keys: {self.screen_title()}", self.keys_for(self.screen)))

    def screen_title(self) -> str:
        return {ReadingScreen: "reading", LibraryScreen: "library"}.get(type(self.screen), "")

    @staticmethod
    def keys_for(screen: Screen[object]) -> list[tuple[str, str]]:
        """Every binding active on `screen` (focused widget, screen, app), once each."""
        rows: dict[str, tuple[str, str]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            identity = binding.id or binding.action
            shown = binding.key_display or screen.app.get_key_display(binding)
            if identity in rows:
                rows[identity] = (f"{rows[identity][0]}, {shown}", binding.description)
            else:
                rows[identity] = (shown, binding.description)
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
            "Keys and credits", "Every key, and the CC-CEDICT licence", self.action_help
        )


def _satisfies_services(app: ZhreaderApp) -> AppServices:
    """Type-checked proof that the app provides what screens reach for via `services()`."""
    return app

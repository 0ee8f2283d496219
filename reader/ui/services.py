"""What screens need from the app, as a typed contract (screens cannot import the app
module, which imports them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump

from db import Database

if TYPE_CHECKING:
    from glossary.segment import Segmenter
    from reader.settings import Settings


class AppServices(Protocol):
    database: Database
    db_path: Path | None
    show_pinyin: bool
    tone_colours: bool
    settings: Settings

    def open_article(self, article_id: int, at: tuple[int, int] | None = None) -> None: ...

    def recut_in_background(self, article_ids: list[int]) -> object: ...

    def warm_segmenter(self) -> None: ...

    def recutting(self) -> bool: ...

    def remember_settings(self, **changes: Any) -> None: ...

    def segmenter_now(self) -> Segmenter: ...

    def write(
        self,
        job: Callable[[Database], Message | None],
        target: MessagePump,
        action: str,
        quiet: bool = False,
    ) -> None: ...


def services(node: DOMNode) -> AppServices:
    """The running zhreader app of a screen or widget."""
    return cast(AppServices, node.app)

"""Messages shared across screens. Workers post these; `@on` handlers change widgets.

A worker never touches a widget: it does its storage work and posts one of these, carrying
plain data (frozen dataclasses from the core), to the screen that asked for the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from db.articles import StoredParagraph
from db.terms import Status
from glossary.study import StudySession


@dataclass
class StoreFailed(Message):
    """A write failed with a user-facing error; nothing was changed and it can be retried."""

    action: str
    """What the user tried, e.g. "Mark 暴雨 known"."""
    error: str
    """The error's one-line message."""


@dataclass
class Written(Message):
    """A write finished; `note` (if any) is shown to the user."""

    note: str = ""


@dataclass
class StatusesChanged(Message):
    """`words` now have `status` in the store."""

    words: tuple[str, ...]
    status: str


@dataclass
class GlossaryChanged(Message):
    """A term was added, edited or deleted, or a cut or reading corrected.

    `paragraphs` is the open article's new cut when it was affected (re-cut at once);
    `others` are the other affected articles, for a background re-cut.
    """

    note: str
    article_id: int | None = None
    paragraphs: list[StoredParagraph] | None = None
    others: tuple[int, ...] = ()
    statuses: dict[str, Status] = field(default_factory=dict)


@dataclass
class ArticlesRecut(Message):
    """Articles were re-cut in the background after a glossary change."""

    count: int


@dataclass
class StudyReady(Message):
    """A study session was built (cards created on the store thread)."""

    session: StudySession


@dataclass
class CardGraded(Message):
    """The current card was graded (`rating` 1-4) or, with `rating` 0, the grade undone."""

    rating: int


@dataclass
class ImportProgress(Message):
    """An import from the library screen is `percent` done; `description` gives the rate
    and the time left."""

    percent: int
    description: str


@dataclass
class ImportFinished(Message):
    """An import from the library screen ended; `summary` is one line per problem."""

    summary: str
    failed: bool

"""The application core both front-ends call (growing): here, the re-cut policy after a
glossary change, so the TUI and the CLI apply one rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from db import Database
from db.articles import StoredParagraph, load_paragraphs
from db.corrections import ReadingPlace

if TYPE_CHECKING:
    from glossary.segment import Segmenter


def recut_open_article(
    database: Database,
    segmenter: Segmenter,
    open_article_id: int | None,
    affected: Iterable[int],
    removed: Sequence[str] = (),
) -> tuple[list[StoredParagraph] | None, tuple[int, ...]]:
    """Re-cut the open article now if the change affected it; return its new paragraphs
    (None if untouched) and the other affected articles, to re-cut in the background."""
    from glossary.segment import Annotator
    from reader.library import Library

    for word in removed:
        segmenter.remove_term(word)
    affected_ids = list(dict.fromkeys(affected))
    paragraphs = None
    if open_article_id is not None and open_article_id in affected_ids:
        Library(database, Annotator(database, segmenter)).recut(open_article_id)
        paragraphs = load_paragraphs(database, open_article_id)
    others = tuple(a for a in affected_ids if a != open_article_id)
    return paragraphs, others


def recut_articles(database: Database, segmenter: Segmenter, article_ids: Iterable[int]) -> int:
    """Re-cut articles with the current glossary, one transaction each; return how many."""
    from glossary.segment import Annotator
    from reader.library import Library

    library = Library(database, Annotator(database, segmenter))
    count = 0
    for article_id in article_ids:
        library.recut(article_id)
        count += 1
    return count


def split_token(
    database: Database, segmenter: Segmenter, article_id: int, word: str, offset: int
) -> tuple[list[StoredParagraph] | None, tuple[int, ...]]:
    """The learner's split (`b`): store it, re-cut the open article now; the others are
    returned for a background re-cut."""
    from glossary.corrections import split_token as store_split

    affected = store_split(database, word, offset)
    return recut_open_article(database, segmenter, article_id, [article_id, *affected])


def choose_reading(
    database: Database,
    segmenter: Segmenter,
    article_id: int,
    word: str,
    pinyin: str,
    place: ReadingPlace | None,
) -> tuple[list[StoredParagraph] | None, tuple[int, ...]]:
    """The learner's reading (`r`), at `place` or everywhere: store it, re-cut the open
    article now; the others are returned for a background re-cut."""
    from glossary.corrections import set_reading

    affected = set_reading(database, word, pinyin, place)
    return recut_open_article(database, segmenter, article_id, [article_id, *affected])

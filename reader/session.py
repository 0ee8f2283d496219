"""The application core: what the command line and the Textual UI both call.

Front-ends parse input and present output; every policy lives here once: how a store is
prepared at start, how an import is reported, how an article is opened, what a new term
is prefilled with, and which articles are re-cut after a glossary change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from db import Database, StoreError, ZhreaderError
from db.articles import Article, StoredParagraph
from db.corrections import ReadingPlace
from db.terms import Status, TermFields

if TYPE_CHECKING:
    from glossary.segment import Segmenter
    from reader.library import FilesProgress, ImportOptions, ImportOutcome

Notify = Callable[[str], None]


def prepare_store(database: Database, notify: Notify, *, seed_demo: bool = False) -> None:
    """Start-up preparation: sweep what killed processes left, build the dictionary on the
    first run, bring the built-in glossary pack up to date, and offer the demo articles once
    (the reader's first start only). Cheap when there is nothing to do."""
    from db.dictionary import dictionary_info
    from db.files import sweep_stale_partials
    from glossary.cedict import ensure_dictionary
    from glossary.terms import sync_builtin_pack, sync_cut_method

    sweep_stale_partials()
    if dictionary_info(database) is None:
        notify("First run: building the CC-CEDICT dictionary…")
        ensure_dictionary(database)
    sync_builtin_pack(database)
    sync_cut_method(database)
    if seed_demo:
        from db.articles import library_is_empty
        from db.meta import get_meta
        from reader.library import DEMO_SEEDED, Library, seed_demo_library

        if get_meta(database, DEMO_SEEDED) is None and library_is_empty(database):
            notify("First run: importing the demo articles…")
            seed_demo_library(Library(database))


def prepare_levels(database: Database, standard: str, notify: Notify) -> None:
    """Frequency ranks and each article's level, built once (and after a standard change)
    before the reader starts, so no screen waits for them."""
    from db.article_levels import articles_without_levels, stored_standard
    from db.levels import frequency_built
    from glossary.article_levels import ensure_article_levels
    from glossary.levels import ensure_frequency

    if not frequency_built(database):
        notify("First run: ranking word frequencies…")
        ensure_frequency(database)
    if stored_standard(database) != standard or len(articles_without_levels(database)) > 200:
        notify("Grading the library's articles by HSK level (once)…")
    ensure_article_levels(database, standard)


# --- opening an article --------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedArticle:
    """Everything a view needs to show an article, read in one transaction."""

    article: Article
    paragraphs: list[StoredParagraph]
    statuses: dict[str, Status]

    def han_words(self) -> set[str]:
        return {
            token
            for paragraph in self.paragraphs
            for token, reading in zip(paragraph.tokens, paragraph.readings, strict=True)
            if reading
        }


def open_article(database: Database, article_id: int) -> OpenedArticle:
    """The article, its stored cut and the statuses of its words; no jieba needed."""
    from db.articles import read_article
    from db.store import MAX_ROW_ID

    found = read_article(database, article_id) if 0 < article_id <= MAX_ROW_ID else None
    if found is None:
        raise ZhreaderError(f"no article #{article_id}")
    article, paragraphs, statuses = found
    return OpenedArticle(article, paragraphs, statuses)


# --- terms ---------------------------------------------------------------------------------


def term_prefill(database: Database, word: str, reading: str | None = None) -> TermFields:
    """What a new term starts with: the glossary's or the dictionary's first sense for the
    reading shown in the text, else the reading alone (the learner writes the meaning)."""
    from glossary.cedict_display import readable_definitions
    from glossary.lookup import Dictionary

    shown = " ".join(reading.split()) if reading else None  # two spaces mark word breaks
    result = Dictionary(database).lookup(word, known_pinyin=shown)
    readings = result.readings  # ordered by the sense of the reading shown
    if readings:
        first = readings[0]
        definition = "; ".join(readable_definitions(first.definitions[:4]))
        return TermFields(word, first.traditional, first.pinyin, definition)
    return TermFields(word, result.traditional_form, shown or result.guessed_pinyin, "")


@dataclass(frozen=True)
class RecutPlan:
    """After a glossary change: the open article is re-cut at once, the others later."""

    now: int | None
    later: tuple[int, ...]


def plan_recut(affected: Iterable[int], open_article_id: int | None) -> RecutPlan:
    """The one re-cut policy, for the CLI (which re-cuts nothing at once) and the reader."""
    ids = list(dict.fromkeys(affected))
    now = open_article_id if open_article_id in ids else None
    return RecutPlan(now, tuple(i for i in ids if i != now))


def recut_articles(
    database: Database,
    article_ids: Sequence[int],
    segmenter: Segmenter | None = None,
    removed_terms: Sequence[str] = (),
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Re-cut articles with the current glossary; terms that were removed are unlearnt.
    Stops between two articles once `cancelled` (the app is quitting); returns how many
    were re-cut."""
    from glossary.segment import Annotator
    from reader.library import Library

    annotator = Annotator(database, segmenter)
    for word in removed_terms:
        annotator.segmenter.remove_term(word)
    library = Library(database, annotator)
    done = 0
    for article_id in article_ids:
        if cancelled():
            break
        library.recut(article_id)
        done += 1
    return done


def resegment(
    database: Database,
    segmenter: Segmenter | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Bring every stale article up to date: re-cut those a glossary change affected, redo
    the readings of those an older method read (no jieba for those). Stops between two
    articles once `cancelled`; the rest stay stale for the next run."""
    from glossary.segment import Annotator
    from reader.library import Library

    return Library(database, Annotator(database, segmenter)).resegment(cancelled=cancelled)


# --- import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """The outcome of an import, file by file, and its one-line summary."""

    outcomes: list[ImportOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def summary(self) -> str:
        return (
            f"{self.count('imported')} imported, {self.count('duplicate')} skipped (already in "
            f"the library), {self.count('failed')} failed"
        )

    @property
    def failed(self) -> bool:
        """Partial success counts as failure for the exit status (CONTRACTS.md)."""
        return self.count("failed") > 0


def import_sources(
    database: Database,
    paths: Sequence[Path],
    options: ImportOptions,
    stdin_text: str | None = None,
    progress: FilesProgress | None = None,
    stdin_replaced: int = 0,
) -> ImportReport:
    """Import files and folders in batch transactions (and standard input's text, when
    given); `progress` is called with (bytes done, bytes in all, files done)."""
    from reader.library import ImportOutcome, Library, import_paths

    library = Library(database)
    report = ImportReport()
    if stdin_text is not None:
        try:
            outcome = library.import_text(stdin_text, "-", options)
            if stdin_replaced and outcome.status == "imported":
                note = f"{stdin_replaced} invalid byte sequence(s) shown as \ufffd"
                message = f"{outcome.message}; {note}" if outcome.message else note
                outcome = replace(outcome, message=message)
            report.outcomes.append(outcome)
        except StoreError as error:
            report.outcomes.append(ImportOutcome("-", "failed", str(error)))
    report.outcomes.extend(import_paths(library, paths, options, progress))
    return report


def import_size(paths: Sequence[Path]) -> tuple[int, int]:
    """(bytes, files) an import of `paths` will read, for a progress display."""
    from reader.library import collect_files, file_size

    sizes = [file_size(path) for path, problem in collect_files(paths) if problem is None]
    return sum(sizes), len(sizes)


# --- re-cutting from the reader ------------------------------------------------------------


def recut_open_article(
    database: Database,
    segmenter: Segmenter,
    open_article_id: int | None,
    affected: Iterable[int],
    removed: Sequence[str] = (),
) -> tuple[list[StoredParagraph] | None, tuple[int, ...]]:
    """Apply `plan_recut`: re-cut the open article now if the change affected it, and return
    its new paragraphs (None if untouched) and the others, for a background re-cut."""
    from db.articles import load_paragraphs

    plan = plan_recut(affected, open_article_id)
    if plan.now is None:
        for word in removed:
            segmenter.remove_term(word)
        return None, plan.later
    recut_articles(database, [plan.now], segmenter, removed)
    return load_paragraphs(database, plan.now), plan.later


def split_token(
    database: Database, segmenter: Segmenter, article_id: int, word: str, offset: int
) -> tuple[list[StoredParagraph] | None, tuple[int, ...]]:
    """The learner's split (`b`): store it, re-cut the open article now; the others are
    returned for a background re-cut."""
    from glossary.corrections import split_token as store_split

    affected = store_split(database, word, offset)
    return recut_open_article(database, segmenter, article_id, [article_id, *affected])


def join_token(
    database: Database, segmenter: Segmenter, article_id: int, text: str, position: int
) -> tuple[str, list[StoredParagraph] | None, tuple[int, ...]] | None:
    """Undo the learner's split before `position` of the paragraph `text` (`b` on the
    second part): the word joined, the open article re-cut now, the others returned."""
    from glossary.corrections import join_split

    joined = join_split(database, text, position)
    if joined is None:
        return None
    word, affected = joined
    paragraphs, others = recut_open_article(
        database, segmenter, article_id, [article_id, *affected]
    )
    return word, paragraphs, others


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

"""The article library: import files and folders, cut them once, re-cut when the glossary
changes. Each article is written in one transaction, so a failure leaves no half article."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from db import Database, StoreError, translate_sqlite_error
from db.articles import (
    EncodedWords,
    NewArticle,
    all_article_ids,
    encode_cut,
    encode_words,
    find_by_hash,
    get_article,
    index_new_articles,
    insert_article,
    library_is_empty,
    load_paragraphs,
    paragraph_texts,
    rewrite_cuts,
    set_cut_revision,
    stale_article_ids,
    tuned_for_import,
    vocabulary_words,
    write_encoded_paragraphs,
    write_paragraphs,
    write_word_counts,
)
from db.corrections import readings_in_article
from db.inputs import InputError, read_limited
from db.meta import get_meta, set_meta
from db.readings import articles_with_old_readings, mark_readings
from db.terms import all_statuses, glossary_revision, now_utc
from glossary.readings import READINGS_REVISION
from glossary.segment import Annotator, Choices, CutParagraph
from reader.formats import (
    TEXT_SUFFIXES,
    ArticleFormatError,
    ParsedArticle,
    decode_counted,
    in_parts,
    parse_epub,
    parse_text,
)

Progress = Callable[[int, int], None]
"""Called with (characters done, characters in all) for the article being written."""

MAX_FILE_BYTES = 200 * 1024 * 1024
PARAGRAPH_BATCH = 256  # rows per executemany: fewer round trips, bounded memory
# Articles whose readings are redone together: their words are looked up at once and written
# in one transaction (about a tenth of a second of work for articles of 1,000 characters).
READINGS_BATCH = 32


@dataclass(frozen=True)
class ImportOptions:
    title: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    epub_per_chapter: bool = True


@dataclass(frozen=True)
class ImportOutcome:
    name: str
    status: Literal["imported", "duplicate", "failed"]
    message: str
    article_id: int | None = None
    title: str = ""


def collect_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files to import, with an error message for paths that cannot be read.

    Folders are walked recursively for known extensions; named files are taken as given.
    Only regular files are imported: a FIFO (which would block), a device (/dev/zero), a
    socket, a broken symbolic link or a link loop is reported with its reason and skipped.
    """
    from db.inputs import regular_file_problem

    for path in paths:
        if _is_folder(path):
            errors: list[OSError] = []
            found = False
            for folder, dirs, files in os.walk(path, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in TEXT_SUFFIXES and not name.startswith("."):
                        found = True
                        candidate = Path(folder) / name
                        yield candidate, regular_file_problem(candidate)
            for error in errors:
                yield Path(error.filename or path), f"cannot read folder: {error.strerror}"
            if not found and not errors:
                yield path, "no .txt, .md, .html or .epub files in this folder"
        else:
            yield path, regular_file_problem(path)


def _is_folder(path: Path) -> bool:
    """Whether `path` is a folder; False when it cannot even be looked at (a name too long,
    a parent folder without permission), so that `regular_file_problem` says why."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _as_text(name: str) -> str:
    """A file name as storable text: bytes that were not UTF-8 become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def normalise_tag(tag: str) -> str:
    return "_".join(tag.split())


def content_hash(paragraphs: list[str]) -> str:
    digest = hashlib.sha256()
    for paragraph in paragraphs:
        digest.update(paragraph.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


BATCH_SECONDS = 30.0
"""Cut articles are written together once this long has passed since the first of them..."""
FIRST_BATCH_CHARS = 250_000
"""...or once they hold this many characters, adapted after each batch so that writing one
takes about WRITE_SECONDS: fewer, larger transactions write fewer pages twice."""
MIN_BATCH_CHARS, MAX_BATCH_CHARS = 50_000, 4_000_000
WRITE_SECONDS = 0.8
"""Aim for batch transactions this long: other writers wait well inside the busy timeout."""
IMPORT_CHECKPOINT_PAGES = 10_000  # about 40 MB of WAL between checkpoints while importing
IMPORT_CACHE_KIB = 65_536  # page cache while importing: a batch never spills mid-transaction
STREAM_CHARS = 1_000_000
"""Articles longer than this are cut and written paragraph batch by paragraph batch."""
CUT_CACHE_SIZE = 4_096
CUT_CACHE_MAX_CHARS = (
    120  # boilerplate (bylines, editors' notes) is short; long text rarely repeats
)


@dataclass(frozen=True)
class PreparedArticle:
    """An article cut in memory, ready to be written in a batch transaction."""

    name: str
    record: NewArticle
    rows: list[tuple[int, str, str, str]]
    """(position, text, encoded token ends, encoded readings)"""
    counts: EncodedWords
    message: str


@dataclass(frozen=True)
class _LongArticle:
    """An article too long to hold cut in memory: written on its own, streaming."""

    name: str
    parsed: ParsedArticle
    options: ImportOptions


class Library:
    """Imports and re-cuts against one database connection (one thread)."""

    def __init__(self, database: Database, annotator: Annotator | None = None) -> None:
        self.database = database
        self._annotator = annotator
        self._cuts: dict[str, CutParagraph] = {}
        self._cuts_revision = -1
        self._vocabulary: set[str] | None = None

    @property
    def vocabulary(self) -> set[str]:
        """The library's words as this connection last saw them (see write_word_counts)."""
        if self._vocabulary is None:
            self._vocabulary = vocabulary_words(self.database)
        return self._vocabulary

    def forget_vocabulary(self) -> None:
        """After a rollback: words added to the copy may not have been stored."""
        self._vocabulary = None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One article's transaction (a savepoint inside a batch)."""
        try:
            with self.database.atomic():
                yield
        except BaseException:
            self.forget_vocabulary()
            raise

    @property
    def annotator(self) -> Annotator:
        if self._annotator is None:  # jieba loads only when something is cut
            self._annotator = Annotator(self.database)
        return self._annotator

    def _cut_all(
        self, texts: list[str], revision: int, chosen: Mapping[int, Choices] | None = None
    ) -> list[CutParagraph]:
        """Cut paragraphs (indexed from 0), their readings decided in one batch. A paragraph
        identical to one cut before against the same glossary revision (news boilerplate,
        repeated headings) reuses that cut, unless the learner chose a reading in it."""
        if revision != self._cuts_revision:
            self._cuts.clear()
            self._cuts_revision = revision
        chosen = chosen or {}
        cuts: list[CutParagraph | None] = [
            None if index in chosen else self._cuts.get(text) for index, text in enumerate(texts)
        ]
        missing = [index for index, cut in enumerate(cuts) if cut is None]
        if missing:
            fresh = self.annotator.cut_many(
                [texts[i] for i in missing], [chosen.get(i) for i in missing]
            )
            for index, cut in zip(missing, fresh, strict=True):
                cuts[index] = cut
                if index not in chosen and len(cut.text) <= CUT_CACHE_MAX_CHARS:
                    if len(self._cuts) >= CUT_CACHE_SIZE:
                        self._cuts.clear()
                    self._cuts[cut.text] = cut
        return [cut for cut in cuts if cut is not None]

    # --- import ----------------------------------------------------------------------------

    def parse_file(
        self, path: Path, options: ImportOptions = ImportOptions()
    ) -> list[ParsedArticle] | ImportOutcome:
        """The articles in a file, or the outcome saying why it cannot be read."""
        name = str(path)
        try:
            if path.suffix.lower() == ".epub":
                books = parse_epub(path, options.epub_per_chapter)
                return [part for book in books for part in in_parts(book)]
            raw = read_limited(path, MAX_FILE_BYTES, name=path.name, refuse_binary=True)
            text, replaced = decode_counted(raw, path.name)
            article = parse_text(text, path.name)
            if replaced:
                note = f"{replaced} invalid byte sequence(s) shown as \ufffd"
                article = replace(article, warnings=(*article.warnings, note))
            return in_parts(article)
        except (ArticleFormatError, InputError) as error:
            return ImportOutcome(name, "failed", str(error))
        except OSError as error:
            return ImportOutcome(name, "failed", f"cannot read: {error.strerror or error}")

    def import_file(
        self, path: Path, options: ImportOptions = ImportOptions(), progress: Progress | None = None
    ) -> list[ImportOutcome]:
        parsed = self.parse_file(path, options)
        if isinstance(parsed, ImportOutcome):
            return [parsed]
        return [self.import_article(a, str(path), options, progress) for a in parsed]

    def import_text(
        self, text: str, name: str, options: ImportOptions = ImportOptions()
    ) -> ImportOutcome:
        try:
            parsed = parse_text(text, name)
        except ArticleFormatError as error:
            return ImportOutcome(name, "failed", str(error))
        return self.import_article(parsed, name, options)

    def _record(
        self, parsed: ParsedArticle, name: str, options: ImportOptions
    ) -> NewArticle | ImportOutcome:
        paragraphs = parsed.paragraphs
        digest = content_hash(paragraphs)
        existing = find_by_hash(self.database, digest)
        title = (options.title or parsed.title) + parsed.part
        if existing is not None:
            return ImportOutcome(
                name, "duplicate", f"already in the library as #{existing}", existing, title
            )
        tags = [normalise_tag(t) for t in (*parsed.tags, *options.tags) if t.strip()]
        return NewArticle(
            title=title,
            source=options.source or parsed.source or _as_text(Path(name).name),
            author=parsed.author,
            published=parsed.published,
            tags=" ".join(dict.fromkeys(tags)),
            imported_at=now_utc(),
            content_hash=digest,
            char_count=sum(len(p) for p in paragraphs),
            cut_revision=glossary_revision(self.database),
        )

    def prepare(
        self, parsed: ParsedArticle, name: str, options: ImportOptions = ImportOptions()
    ) -> PreparedArticle | _LongArticle | ImportOutcome:
        """Cut an article in memory, outside any transaction (no write lock held)."""
        record = self._record(parsed, name, options)
        if isinstance(record, ImportOutcome):
            return record
        if record.char_count > STREAM_CHARS:
            return _LongArticle(name, parsed, options)
        counts: Counter[str] = Counter()
        rows = []
        cuts = self._cut_all(parsed.paragraphs, record.cut_revision)
        for position, cut in enumerate(cuts):
            rows.append((position, cut.text, *encode_cut(cut.token_ends, cut.readings)))
            counts.update(cut.han_words())
        message = "; ".join(parsed.warnings)
        return PreparedArticle(name, record, rows, encode_words(counts), message)

    def write_prepared(
        self,
        article: PreparedArticle,
        statuses: Mapping[str, str] | None = None,
        *,
        index: bool = True,
    ) -> ImportOutcome:
        """Write one prepared article all or nothing (a savepoint inside a batch). Its text
        may have been stored since it was cut, by another process: then it is a duplicate.
        With `index=False` the caller indexes it (`index_new_articles`) in the same
        transaction, after the savepoints of the whole batch."""
        record = article.record
        with self._transaction():
            existing = find_by_hash(self.database, record.content_hash)
            if existing is not None:
                message = f"already in the library as #{existing}"
                return ImportOutcome(article.name, "duplicate", message, existing, record.title)
            article_id = insert_article(self.database, record)
            write_encoded_paragraphs(self.database, article_id, article.rows)
            write_word_counts(
                self.database, article_id, article.counts, self.vocabulary, statuses, indexed=False
            )
            mark_readings(self.database, [article_id], READINGS_REVISION)
            if index:
                index_new_articles(self.database, [article_id])
        return ImportOutcome(
            article.name, "imported", article.message, article_id, article.record.title
        )

    def import_article(
        self,
        parsed: ParsedArticle,
        name: str,
        options: ImportOptions = ImportOptions(),
        progress: Progress | None = None,
    ) -> ImportOutcome:
        """Import one article in its own transaction."""
        if sum(map(len, parsed.paragraphs)) <= STREAM_CHARS:
            prepared = self.prepare(parsed, name, options)
            if isinstance(prepared, PreparedArticle):
                outcome = self.write_prepared(prepared)
                if progress is not None:
                    progress(prepared.record.char_count, prepared.record.char_count)
                return outcome
        record = self._record(parsed, name, options)
        if isinstance(record, ImportOutcome):
            return record
        with self._transaction():
            article_id = insert_article(self.database, record)
            counts = self._write_cut(article_id, parsed.paragraphs, progress, insert=True)
            write_word_counts(self.database, article_id, counts, self.vocabulary, indexed=False)
            mark_readings(self.database, [article_id], READINGS_REVISION)
            index_new_articles(self.database, [article_id])
        message = "; ".join(parsed.warnings)
        return ImportOutcome(name, "imported", message, article_id, record.title)

    def _write_cut(
        self,
        article_id: int,
        paragraphs: list[str],
        progress: Progress | None,
        *,
        insert: bool,
    ) -> Counter[str]:
        counts: Counter[str] = Counter()
        total = sum(len(text) for text in paragraphs)
        revision = glossary_revision(self.database)
        write = write_paragraphs if insert else rewrite_cuts
        chosen = {} if insert else readings_in_article(self.database, article_id)
        done = 0
        for first in range(0, len(paragraphs), PARAGRAPH_BATCH):
            texts = paragraphs[first : first + PARAGRAPH_BATCH]
            here = {k: chosen[first + k] for k in range(len(texts)) if first + k in chosen}
            cuts = self._cut_all(texts, revision, here)  # the learner's `r` choices honoured
            write(
                self.database,
                article_id,
                [(first + k, cut.text, cut.token_ends, cut.readings) for k, cut in enumerate(cuts)],
            )
            for cut in cuts:
                counts.update(cut.han_words())
            done += sum(map(len, texts))
            if progress is not None:
                progress(done, total)
        return counts

    # --- re-cutting ------------------------------------------------------------------------

    def recut(self, article_id: int) -> None:
        """Cut an article again with the current glossary, in one transaction."""
        revision = glossary_revision(self.database)
        texts = paragraph_texts(self.database, article_id)
        self.annotator  # noqa: B018 - load jieba before the write transaction starts
        with self._transaction():
            if get_article(self.database, article_id) is None:
                return  # deleted by another process since its text was read
            counts = self._write_cut(article_id, texts, None, insert=False)
            write_word_counts(self.database, article_id, counts, self.vocabulary)
            set_cut_revision(self.database, article_id, revision)
            mark_readings(self.database, [article_id], READINGS_REVISION)

    def redo_readings(self, article_ids: Sequence[int]) -> None:
        """Decide articles' readings again from their stored cuts (the glossary is unchanged,
        only the readings method): no jieba, and the words of all of them are looked up
        at once. One transaction for them all; the learner's `r` choices are kept."""
        stored = {
            article_id: load_paragraphs(self.database, article_id) for article_id in article_ids
        }
        chosen = {
            article_id: readings_in_article(self.database, article_id) for article_id in article_ids
        }
        paragraphs = [(a, p) for a in article_ids for p in stored[a]]
        readings = self.annotator.read(
            [p.tokens for _, p in paragraphs], [chosen[a].get(p.position) for a, p in paragraphs]
        )
        decided = iter(readings)
        with self._transaction():
            for article_id in article_ids:
                rewrite_cuts(
                    self.database,
                    article_id,
                    [(p.position, p.text, p.token_ends, next(decided)) for p in stored[article_id]],
                )
            mark_readings(self.database, article_ids, READINGS_REVISION)

    def stale_articles(self, everything: bool = False) -> list[int]:
        """Articles cut before the last glossary change or read with an older method."""
        to_cut, to_read = self.stale_plan(everything)
        return sorted(to_cut + to_read)

    def stale_plan(self, everything: bool = False) -> tuple[list[int], list[int]]:
        """(articles to cut again: all, or those cut before the last glossary change;
        articles whose readings alone are redone: read with an older method)."""
        if everything:
            return all_article_ids(self.database), []
        uncut = stale_article_ids(self.database, glossary_revision(self.database))
        old = articles_with_old_readings(self.database, READINGS_REVISION)
        cut = set(uncut)
        return uncut, [article_id for article_id in old if article_id not in cut]

    def resegment(
        self,
        everything: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> int:
        """Bring stale articles up to date: re-cut those cut before the last glossary change
        (or all, with `everything`), redo only the readings of the others. Stops between
        two articles (or batches) once `cancelled`; returns how many were brought up."""
        to_cut, redo = self.stale_plan(everything)
        total = len(to_cut) + len(redo)
        done = 0
        for article_id in to_cut:
            if cancelled():
                return done
            self.recut(article_id)
            done += 1
            if progress is not None:
                progress(done, total)
        for start in range(0, len(redo), READINGS_BATCH):
            if cancelled():
                return done
            chunk = redo[start : start + READINGS_BATCH]
            self.redo_readings(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        return done


class _BatchWriter:
    """Collects cut articles and writes them in one transaction per batch.

    Cutting happens outside the transaction, so the write lock is held only while rows are
    written. Each article sits in its own savepoint: one that fails is rolled back alone. If
    the commit itself fails, every article of the batch is reported as not imported.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.pending: list[tuple[int, PreparedArticle]] = []
        self.pending_hashes: dict[str, str] = {}
        self.pending_chars = 0
        self.started = 0.0
        self.batch_chars = FIRST_BATCH_CHARS
        self.write_seconds: list[float] = []
        """How long each batch transaction took (for tests and the bench)."""

    def add(self, order: int, article: PreparedArticle) -> list[tuple[int, ImportOutcome]]:
        import time

        earlier = self.pending_hashes.get(article.record.content_hash)
        if earlier is not None:
            outcome = ImportOutcome(
                article.name, "duplicate", f"same text as {earlier}", None, article.record.title
            )
            return [(order, outcome)]
        if not self.pending:
            self.started = time.perf_counter()
        self.pending.append((order, article))
        self.pending_hashes[article.record.content_hash] = article.name
        self.pending_chars += article.record.char_count
        due = time.perf_counter() - self.started >= BATCH_SECONDS
        return self.flush() if due or self.pending_chars >= self.batch_chars else []

    def flush(self) -> list[tuple[int, ImportOutcome]]:
        import time

        if not self.pending:
            return []
        database = self.library.database
        results: list[tuple[int, ImportOutcome]] = []
        started = time.perf_counter()
        try:
            with database.atomic():
                statuses = all_statuses(database)  # no other writer until the commit
                for order, article in self.pending:
                    try:
                        outcome = self.library.write_prepared(article, statuses, index=False)
                    except (StoreError, sqlite3.Error) as error:
                        if not database.in_transaction:
                            raise
                        outcome = _failed(article.name, error)
                    results.append((order, outcome))
                written = [o.article_id for _, o in results if o.status == "imported"]
                index_new_articles(database, [a for a in written if a is not None])
        except (StoreError, sqlite3.Error) as error:
            self.library.forget_vocabulary()
            message = f"not saved: {_message(error)}"
            results = [(o, ImportOutcome(a.name, "failed", message)) for o, a in self.pending]
        finally:
            seconds = time.perf_counter() - started
            self.write_seconds.append(seconds)
            if self.pending_chars >= self.batch_chars / 2:  # a full batch: a fair sample
                rate = self.pending_chars / max(seconds, 1e-3)
                wanted = int(rate * WRITE_SECONDS)
                self.batch_chars = max(MIN_BATCH_CHARS, min(wanted, MAX_BATCH_CHARS))
            self.pending = []
            self.pending_hashes = {}
            self.pending_chars = 0
        return results


def _message(error: Exception) -> str:
    if isinstance(error, sqlite3.Error):
        return str(translate_sqlite_error(error))
    return str(error)


def _failed(name: str, error: Exception) -> ImportOutcome:
    return ImportOutcome(name, "failed", _message(error))


FilesProgress = Callable[[int, int, int], None]
"""Called with (bytes of files done, bytes of all files, files done) after each file."""


def _within_file(
    progress: FilesProgress | None, before: int, size: int, total: int, files_done: int
) -> Progress | None:
    """Progress through one long article, as a share of its file's bytes."""
    if progress is None:
        return None
    report = progress

    def within(done: int, of: int) -> None:
        report(before + size * done // max(of, 1), total, files_done - 1)

    return within


def file_size(path: Path) -> int:
    """Bytes of a file to import; 0 if it vanished since (its import will say so)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_paths(
    library: Library,
    paths: Iterable[Path],
    options: ImportOptions = ImportOptions(),
    progress: FilesProgress | None = None,
) -> list[ImportOutcome]:
    """Import every file under `paths`, in batch transactions; one bad file never stops the
    others, and the outcomes come back in file order."""
    found = list(collect_files(paths))
    sizes = {path: file_size(path) for path, problem in found if problem is None}
    # Each article's savepoint keeps the prior content of the pages it changes in a
    # sub-journal: in memory, not a temporary file written for every article.
    with tuned_for_import(library.database, IMPORT_CACHE_KIB, IMPORT_CHECKPOINT_PAGES):
        return _import_files(library, found, sizes, options, progress)


def _import_files(
    library: Library,
    found: list[tuple[Path, str | None]],
    sizes: dict[Path, int],
    options: ImportOptions,
    progress: FilesProgress | None,
) -> list[ImportOutcome]:
    total = sum(sizes.values())
    done_bytes = 0
    results: list[tuple[int, ImportOutcome]] = []
    writer = _BatchWriter(library)
    order = 0
    for files_done, (path, problem) in enumerate(found, start=1):
        if problem is not None:
            results.append((order, ImportOutcome(str(path), "failed", problem)))
            order += 1
            continue
        try:
            parsed = library.parse_file(path, options)
            if isinstance(parsed, ImportOutcome):
                results.append((order, parsed))
                order += 1
                parsed = []
            for article in parsed:
                prepared = library.prepare(article, str(path), options)
                if isinstance(prepared, PreparedArticle):
                    results.extend(writer.add(order, prepared))
                elif isinstance(prepared, _LongArticle):
                    results.extend(writer.flush())
                    outcome = library.import_article(
                        prepared.parsed,
                        prepared.name,
                        options,
                        _within_file(progress, done_bytes, sizes.get(path, 0), total, files_done),
                    )
                    results.append((order, outcome))
                else:
                    results.append((order, prepared))
                order += 1
        except (StoreError, sqlite3.Error) as error:
            results.append((order, _failed(str(path), error)))
            order += 1
        except (RecursionError, ValueError, LookupError, TypeError, AttributeError) as error:
            # A parser tripped on this file: it is reported (with a log), the rest still import.
            from reader.crashlog import record_crash

            message = f"unexpected {type(error).__name__} (details in {record_crash(error)})"
            results.append((order, ImportOutcome(str(path), "failed", message)))
            order += 1
        done_bytes += sizes.get(path, 0)
        if progress is not None:
            progress(done_bytes, total, files_done)
    results.extend(writer.flush())
    results.sort(key=lambda item: item[0])
    return [outcome for _, outcome in results]


DEMO_SEEDED = "demo_seeded"  # meta key: the demo articles were offered once


def seed_demo_library(library: Library) -> list[ImportOutcome]:
    """Import the demo articles shipped with zhreader, once, into an empty library.

    A meta flag remembers it, so a user who deletes them does not get them back.
    """
    from importlib.resources import files

    database = library.database
    if get_meta(database, DEMO_SEEDED) is not None or not library_is_empty(database):
        return []
    outcomes = []
    for resource in sorted(files("reader").joinpath("demo").iterdir(), key=lambda r: r.name):
        if resource.name.endswith((".md", ".txt")):
            text = resource.read_text(encoding="utf-8")
            outcomes.append(library.import_text(text, resource.name, ImportOptions(tags=("demo",))))
    with database.atomic():
        set_meta(database, DEMO_SEEDED, "1")
    return outcomes

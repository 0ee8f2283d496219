"""The article library: import files and folders, cut them once, re-cut when the glossary
changes. Each article is written in one transaction, so a failure leaves no half article."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from db import Database, StoreError, translate_sqlite_error
from db.articles import (
    NewArticle,
    all_article_ids,
    find_by_hash,
    insert_article,
    library_is_empty,
    load_paragraphs,
    paragraph_texts,
    set_cut_revision,
    stale_article_ids,
    write_paragraphs,
    write_word_counts,
)
from db.corrections import readings_in_article
from db.inputs import InputError, read_limited
from db.meta import get_meta, set_meta
from db.readings import articles_with_old_readings, mark_readings
from db.terms import glossary_revision, now_utc
from glossary.readings import READINGS_REVISION
from glossary.segment import Annotator
from reader.formats import (
    TEXT_SUFFIXES,
    ArticleFormatError,
    ParsedArticle,
    decode_counted,
    parse_epub,
    parse_text,
)

Progress = Callable[[int, int], None]
"""Called with (characters done, characters in all) for the article being written."""

MAX_FILE_BYTES = 200 * 1024 * 1024
PARAGRAPH_BATCH = 256  # rows per executemany: fewer round trips, bounded memory


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
        if path.is_dir():
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


class Library:
    """Imports and re-cuts against one database connection (one thread)."""

    def __init__(self, database: Database, annotator: Annotator | None = None) -> None:
        self.database = database
        self._annotator = annotator

    @property
    def annotator(self) -> Annotator:
        if self._annotator is None:  # jieba loads only when something is cut
            self._annotator = Annotator(self.database)
        return self._annotator

    # --- import ----------------------------------------------------------------------------

    def import_file(
        self, path: Path, options: ImportOptions = ImportOptions(), progress: Progress | None = None
    ) -> list[ImportOutcome]:
        name = str(path)
        try:
            if path.suffix.lower() == ".epub":
                articles = parse_epub(path, options.epub_per_chapter)
            else:
                raw = read_limited(path, MAX_FILE_BYTES, name=path.name, refuse_binary=True)
                text, replaced = decode_counted(raw, path.name)
                article = parse_text(text, path.name)
                if replaced:
                    note = f"{replaced} invalid byte sequence(s) shown as \ufffd"
                    article = replace(article, warnings=(*article.warnings, note))
                articles = [article]
        except (ArticleFormatError, InputError) as error:
            return [ImportOutcome(name, "failed", str(error))]
        except OSError as error:
            return [ImportOutcome(name, "failed", f"cannot read: {error.strerror or error}")]
        return [self.import_article(a, name, options, progress) for a in articles]

    def import_text(
        self, text: str, name: str, options: ImportOptions = ImportOptions()
    ) -> ImportOutcome:
        try:
            parsed = parse_text(text, name)
        except ArticleFormatError as error:
            return ImportOutcome(name, "failed", str(error))
        return self.import_article(parsed, name, options)

    def import_article(
        self,
        parsed: ParsedArticle,
        name: str,
        options: ImportOptions = ImportOptions(),
        progress: Progress | None = None,
    ) -> ImportOutcome:
        paragraphs = parsed.paragraphs
        digest = content_hash(paragraphs)
        existing = find_by_hash(self.database, digest)
        title = options.title or parsed.title
        if existing is not None:
            return ImportOutcome(
                name, "duplicate", f"already in the library as #{existing}", existing, title
            )
        tags = [normalise_tag(t) for t in (*parsed.tags, *options.tags) if t.strip()]
        record = NewArticle(
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
        annotator = self.annotator
        with self.database.atomic():
            article_id = insert_article(self.database, record)
            counts = self._write_cut(article_id, paragraphs, annotator, progress)
            write_word_counts(self.database, article_id, counts)
            mark_readings(self.database, [article_id], READINGS_REVISION)
        message = "; ".join(parsed.warnings)
        return ImportOutcome(name, "imported", message, article_id, title)

    def _write_cut(
        self,
        article_id: int,
        paragraphs: list[str],
        annotator: Annotator,
        progress: Progress | None,
    ) -> Counter[str]:
        counts: Counter[str] = Counter()
        total = sum(len(text) for text in paragraphs)
        done = 0
        chosen = readings_in_article(self.database, article_id)  # the learner's `r` choices
        for first in range(0, len(paragraphs), PARAGRAPH_BATCH):
            texts = paragraphs[first : first + PARAGRAPH_BATCH]
            here = [chosen.get(first + k) for k in range(len(texts))]
            cuts = annotator.cut_many(texts, here)  # one batch: readings decided together
            write_paragraphs(
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
        annotator = self.annotator
        with self.database.atomic():
            counts = self._write_cut(article_id, texts, annotator, None)
            write_word_counts(self.database, article_id, counts)
            set_cut_revision(self.database, article_id, revision)
            mark_readings(self.database, [article_id], READINGS_REVISION)

    def redo_readings(self, article_id: int) -> None:
        """Decide an article's readings again from its stored cut (the glossary is unchanged,
        only the readings method): about a third of a re-cut's time, as jieba is not run."""
        stored = load_paragraphs(self.database, article_id)
        readings = self.annotator.read([p.tokens for p in stored])
        with self.database.atomic():
            write_paragraphs(
                self.database,
                article_id,
                [
                    (p.position, p.text, p.token_ends, chosen)
                    for p, chosen in zip(stored, readings, strict=True)
                ],
            )
            mark_readings(self.database, [article_id], READINGS_REVISION)

    def stale_articles(self, everything: bool = False) -> list[int]:
        """Articles cut before the last glossary change or read with an older method."""
        if everything:
            return all_article_ids(self.database)
        stale = stale_article_ids(self.database, glossary_revision(self.database))
        old = articles_with_old_readings(self.database, READINGS_REVISION)
        return sorted(set(stale) | set(old))

    def resegment(self, everything: bool = False, progress: Progress | None = None) -> int:
        ids = self.stale_articles(everything)
        uncut = set(stale_article_ids(self.database, glossary_revision(self.database)))
        for done, article_id in enumerate(ids, start=1):
            if everything or article_id in uncut:
                self.recut(article_id)
            else:
                self.redo_readings(article_id)
            if progress is not None:
                progress(done, len(ids))
        return len(ids)


def import_paths(
    library: Library,
    paths: Iterable[Path],
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> list[ImportOutcome]:
    """Import every file under `paths`; one bad file never stops the others."""
    outcomes: list[ImportOutcome] = []
    for path, problem in collect_files(paths):
        if problem is not None:
            outcomes.append(ImportOutcome(str(path), "failed", problem))
            continue
        try:
            outcomes.extend(library.import_file(path, options, progress))
        except StoreError as error:
            outcomes.append(ImportOutcome(str(path), "failed", str(error)))
        except sqlite3.Error as error:
            outcomes.append(ImportOutcome(str(path), "failed", str(translate_sqlite_error(error))))
        except (RecursionError, ValueError, LookupError, TypeError, AttributeError) as error:
            # A parser tripped on this file: it is reported (with a log), the rest still import.
            from reader.crashlog import record_crash

            message = f"unexpected {type(error).__name__} (details in {record_crash(error)})"
            outcomes.append(ImportOutcome(str(path), "failed", message))
    return outcomes


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

"""Glossary terms, word statuses and context sentences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from db import Database
from db.meta import get_meta, set_meta
from db.store import chunks_for_in, sql


class Status(StrEnum):
    """What the learner says about a word. A word with no stored status is new."""

    NEW = "new"
    LEARNING = "learning"
    KNOWN = "known"
    IGNORED = "ignored"


class Origin(StrEnum):
    """Where a glossary term comes from: the shipped pack, or the learner. CEDICT marks a
    dictionary word being learnt, exported like a term but never stored as one."""

    BUILTIN = "builtin"
    USER = "user"
    CEDICT = "cedict"


STATUSES = tuple(Status)
_TERM_COLUMNS = (
    "id, simplified, traditional, pinyin, definition, notes, tags, origin, created_at, "
    "updated_at, hidden"
)


@dataclass(frozen=True)
class Term:
    """A glossary term as stored: the learner's or the pack's, perhaps hidden."""

    id: int
    simplified: str
    traditional: str
    pinyin: str
    definition: str
    notes: str
    tags: str
    origin: Origin
    created_at: str
    updated_at: str
    hidden: int = 0

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split() if tag]

    @property
    def fields(self) -> TermFields:
        """What the learner (or the pack) says about the term, without its bookkeeping."""
        return TermFields(
            self.simplified, self.traditional, self.pinyin, self.definition, self.notes, self.tags
        )


@dataclass(frozen=True)
class Context:
    id: int
    term_id: int
    article_id: int | None
    sentence: str


def terms_with_context_in(database: Database, article_id: int) -> set[int]:
    """Ids of the terms with a context sentence taken from the article."""
    rows = sql(database).execute("SELECT term_id FROM contexts WHERE article_id = ?", (article_id,))
    return {row[0] for row in rows.fetchall()}


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _term(values: Sequence[object]) -> Term:
    term = Term(*values)  # type: ignore[arg-type]
    return replace(term, origin=Origin(term.origin))


def find_terms(database: Database, words: Iterable[str]) -> dict[str, list[Term]]:
    """Terms whose simplified or traditional form is one of `words`; user copies first."""
    found: dict[str, list[Term]] = {}
    for chunk, marks in chunks_for_in(words):
        cursor = sql(database).execute(
            f"SELECT {_TERM_COLUMNS} FROM terms WHERE hidden = 0 AND (simplified IN ({marks}) "
            f"OR traditional IN ({marks})) ORDER BY origin = 'builtin', id",
            chunk + chunk,
        )
        wanted = set(chunk)
        for values in cursor.fetchall():
            term = _term(values)
            for key in {term.simplified, term.traditional} & wanted:
                found.setdefault(key, []).append(term)
    return found


def effective_terms(database: Database) -> list[Term]:
    """One term per headword: the user's copy where there is one, else the built-in."""
    cursor = sql(database).execute(
        f"SELECT {_TERM_COLUMNS} FROM terms t WHERE hidden = 0 AND (origin = 'user' OR NOT "
        "EXISTS (SELECT 1 FROM terms u WHERE u.simplified = t.simplified AND u.origin = 'user'))"
        " ORDER BY simplified"
    )
    return [_term(values) for values in cursor.fetchall()]


def hidden_builtin_terms(database: Database) -> list[Term]:
    """Built-in terms the learner deleted (hidden), so an export can carry them."""
    cursor = sql(database).execute(
        f"SELECT {_TERM_COLUMNS} FROM terms t WHERE hidden = 1 AND origin = 'builtin' "
        "ORDER BY simplified"
    )
    return [_term(values) for values in cursor.fetchall()]


def clear_status(database: Database, words: Iterable[str]) -> None:
    """Forget the status of `words` (they read as new again), keeping the stored counts of
    the articles they occur in current."""
    from db.articles import apply_status_change

    unique = list(dict.fromkeys(words))
    previous = statuses_of(database, unique)
    sql(database).conn.executemany("DELETE FROM word_status WHERE word = ?", ((w,) for w in unique))
    for word in unique:
        apply_status_change(database, word, previous.get(word), Status.NEW)


def glossary_revision(database: Database) -> int:
    """A counter bumped on every change that can alter segmentation."""
    return int(get_meta(database, "glossary_revision") or 0)


def bump_glossary_revision(database: Database) -> int:
    revision = glossary_revision(database) + 1
    set_meta(database, "glossary_revision", str(revision))
    return revision


def all_statuses(database: Database) -> dict[str, str]:
    """Every stored status, by word (a learner's few thousand rows: one quick scan)."""
    return dict(sql(database).execute("SELECT word, status FROM word_status").fetchall())


def statuses_of(database: Database, words: Iterable[str]) -> dict[str, Status]:
    """The stored status of each word that has one (absent words are new)."""
    found: dict[str, Status] = {}
    for chunk, marks in chunks_for_in(words):
        rows = (
            sql(database)
            .execute(f"SELECT word, status FROM word_status WHERE word IN ({marks})", chunk)
            .fetchall()
        )
        found.update((word, Status(status)) for word, status in rows)
    return found


@dataclass(frozen=True)
class TermFields:
    """What a user (or the pack) says about a term, in the terms table's column order."""

    simplified: str
    traditional: str
    pinyin: str
    definition: str
    notes: str = ""
    tags: str = ""


def get_term(database: Database, term_id: int) -> Term | None:
    row = (
        sql(database)
        .execute(f"SELECT {_TERM_COLUMNS} FROM terms WHERE id = ?", (term_id,))
        .fetchone()
    )
    return _term(row) if row else None


def term_by_word(database: Database, simplified: str, origin: Origin) -> Term | None:
    row = (
        sql(database)
        .execute(
            f"SELECT {_TERM_COLUMNS} FROM terms WHERE simplified = ? AND origin = ?",
            (simplified, origin),
        )
        .fetchone()
    )
    return _term(row) if row else None


def insert_term(database: Database, fields: TermFields, origin: Origin) -> int:
    stamp = now_utc()
    cursor = sql(database).execute(
        "INSERT INTO terms (simplified, traditional, pinyin, definition, notes, tags, origin, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*astuple(fields), origin, stamp, stamp),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_term(database: Database, term_id: int, fields: TermFields) -> None:
    sql(database).execute(
        "UPDATE terms SET simplified = ?, traditional = ?, pinyin = ?, definition = ?, "
        "notes = ?, tags = ?, updated_at = ?, hidden = 0 WHERE id = ?",
        (*astuple(fields), now_utc(), term_id),
    )


def delete_term_row(database: Database, term_id: int) -> None:
    sql(database).execute("DELETE FROM terms WHERE id = ?", (term_id,))


def set_hidden(database: Database, term_id: int, hidden: bool) -> None:
    sql(database).execute(
        "UPDATE terms SET hidden = ?, updated_at = ? WHERE id = ?",
        (int(hidden), now_utc(), term_id),
    )


def builtin_terms(database: Database) -> dict[str, Term]:
    rows = (
        sql(database)
        .execute(f"SELECT {_TERM_COLUMNS} FROM terms WHERE origin = 'builtin'")
        .fetchall()
    )
    return {term.simplified: term for term in map(_term, rows)}


def set_status(database: Database, words: Iterable[str], status: Status) -> None:
    """Store the status of `words` and update the counts of only the articles they occur in.

    Call inside a transaction, so the statuses and the stored counts change together.
    """
    from db.articles import apply_status_change

    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    stamp = now_utc()
    unique = list(dict.fromkeys(words))
    previous = statuses_of(database, unique)
    sql(database).conn.executemany(
        "INSERT INTO word_status (word, status, changed_at) VALUES (?, ?, ?) "
        "ON CONFLICT(word) DO UPDATE SET status = excluded.status, "
        "changed_at = excluded.changed_at",
        ((word, status, stamp) for word in unique),
    )
    for word in unique:
        apply_status_change(database, word, previous.get(word), status)


def add_context(database: Database, term_id: int, article_id: int | None, sentence: str) -> None:
    """Keep a term's context sentence; its article only while it exists (another process
    may have deleted the article the learner is still reading)."""
    sql(database).execute(
        "INSERT OR IGNORE INTO contexts (term_id, article_id, sentence) "
        "VALUES (?, (SELECT id FROM articles WHERE id = ?), ?)",
        (term_id, article_id, sentence),
    )


def contexts_of(database: Database, term_ids: Sequence[int]) -> dict[int, list[Context]]:
    found: dict[int, list[Context]] = {}
    if not term_ids:
        return found
    marks = ",".join("?" * len(term_ids))
    rows = (
        sql(database)
        .execute(
            f"SELECT id, term_id, article_id, sentence FROM contexts WHERE term_id IN ({marks}) "
            "ORDER BY id",
            list(term_ids),
        )
        .fetchall()
    )
    for row in rows:
        context = Context(*row)
        found.setdefault(context.term_id, []).append(context)
    return found


def copy_contexts(database: Database, from_term: int, to_term: int) -> None:
    sql(database).execute(
        "INSERT OR IGNORE INTO contexts (term_id, article_id, sentence) "
        "SELECT ?, article_id, sentence FROM contexts WHERE term_id = ?",
        (to_term, from_term),
    )


def paragraphs_containing(
    database: Database, text: str, limit: int = 200
) -> list[tuple[int, str, str]]:
    """(article id, article title, paragraph text) for paragraphs that contain `text`,
    found through the search index."""
    from itertools import islice

    from db.search import search_paragraphs

    hits = list(islice(search_paragraphs(database, text), limit))
    titles = article_titles(database, {hit.article_id for hit in hits})
    return [(hit.article_id, titles.get(hit.article_id, ""), hit.text) for hit in hits]


def article_titles(database: Database, article_ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk, marks in chunks_for_in(article_ids):
        found.update(
            sql(database).execute(f"SELECT id, title FROM articles WHERE id IN ({marks})", chunk)
        )
    return found

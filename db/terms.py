"""Glossary terms, word statuses and context sentences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from db import Database

STATUSES = ("new", "learning", "known", "ignored")
_TERM_COLUMNS = (
    "id, simplified, traditional, pinyin, definition, notes, tags, origin, created_at, updated_at"
)


@dataclass(frozen=True)
class Term:
    id: int
    simplified: str
    traditional: str
    pinyin: str
    definition: str
    notes: str
    tags: str
    origin: str
    created_at: str
    updated_at: str

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split() if tag]


@dataclass(frozen=True)
class Context:
    id: int
    term_id: int
    article_id: int | None
    sentence: str


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _term(values: Sequence[object]) -> Term:
    return Term(*values)  # type: ignore[arg-type]


def find_terms(database: Database, words: Iterable[str]) -> dict[str, list[Term]]:
    """Terms whose simplified or traditional form is one of `words`; user copies first."""
    unique = list(dict.fromkeys(words))
    found: dict[str, list[Term]] = {}
    for start in range(0, len(unique), 400):
        chunk = unique[start : start + 400]
        marks = ",".join("?" * len(chunk))
        cursor = database.execute(
            f"SELECT {_TERM_COLUMNS} FROM terms WHERE simplified IN ({marks}) "
            f"OR traditional IN ({marks}) ORDER BY origin = 'builtin', id",
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
    cursor = database.execute(
        f"SELECT {_TERM_COLUMNS} FROM terms t WHERE origin = 'user' OR NOT EXISTS "
        "(SELECT 1 FROM terms u WHERE u.simplified = t.simplified AND u.origin = 'user') "
        "ORDER BY simplified"
    )
    return [_term(values) for values in cursor.fetchall()]


def glossary_revision(database: Database) -> int:
    """A counter bumped on every change that can alter segmentation."""
    row = database.execute("SELECT value FROM meta WHERE key = 'glossary_revision'").fetchone()
    return int(row[0]) if row else 0


def bump_glossary_revision(database: Database) -> int:
    revision = glossary_revision(database) + 1
    database.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('glossary_revision', ?)", (str(revision),)
    )
    return revision


def statuses_of(database: Database, words: Iterable[str]) -> dict[str, str]:
    """The stored status of each word that has one (absent words are 'new')."""
    unique = list(dict.fromkeys(words))
    found: dict[str, str] = {}
    for start in range(0, len(unique), 800):
        chunk = unique[start : start + 800]
        marks = ",".join("?" * len(chunk))
        found.update(
            database.execute(
                f"SELECT word, status FROM word_status WHERE word IN ({marks})", chunk
            ).fetchall()
        )
    return found

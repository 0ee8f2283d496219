"""Articles, their paragraphs with stored tokens, word counts and reading positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db import Database
from db.store import sql

if TYPE_CHECKING:
    from db.terms import Status

_ARTICLE_COLUMNS = (
    "id, title, source, author, published, tags, imported_at, content_hash, char_count, "
    "cut_revision, position_paragraph, position_char"
)


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    source: str
    author: str
    published: str
    tags: str
    imported_at: str
    content_hash: str
    char_count: int
    cut_revision: int
    position_paragraph: int
    position_char: int


@dataclass(frozen=True)
class ArticleSummary:
    """A library row: the article plus what the learner knows of it."""

    id: int
    title: str
    published: str
    source: str
    char_count: int
    distinct_words: int
    running_words: int
    known_running_words: int
    new_words: int

    @property
    def known_share(self) -> float:
        return self.known_running_words / self.running_words if self.running_words else 0.0


@dataclass(frozen=True)
class StoredParagraph:
    position: int
    text: str
    token_ends: tuple[int, ...]
    readings: tuple[str, ...]

    @property
    def tokens(self) -> list[str]:
        """The stored cut as strings: joined, they give `text` back."""
        starts = (0, *self.token_ends[:-1])
        return [self.text[s:e] for s, e in zip(starts, self.token_ends, strict=True)]


@dataclass(frozen=True)
class NewArticle:
    title: str
    source: str
    author: str
    published: str
    tags: str
    imported_at: str
    content_hash: str
    char_count: int
    cut_revision: int


def words_of_article(database: Database, article_id: int) -> set[str]:
    """The distinct Han words of an article, from the word index."""
    rows = sql(database).execute(
        "SELECT word FROM article_words WHERE article_id = ?", (article_id,)
    )
    return {row[0] for row in rows.fetchall()}


def library_is_empty(database: Database) -> bool:
    return sql(database).execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None


def encode_ends(ends: Iterable[int]) -> str:
    return ",".join(map(str, ends))


def decode_ends(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",")) if text else ()


READING_SEPARATOR = "|"


def find_by_hash(database: Database, content_hash: str) -> int | None:
    row = (
        sql(database)
        .execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,))
        .fetchone()
    )
    return int(row[0]) if row else None


def insert_article(database: Database, article: NewArticle) -> int:
    """Insert the article row; call inside the transaction that also adds its paragraphs."""
    cursor = sql(database).execute(
        "INSERT INTO articles (title, source, author, published, tags, imported_at, "
        "content_hash, char_count, cut_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.title,
            article.source,
            article.author,
            article.published,
            article.tags,
            article.imported_at,
            article.content_hash,
            article.char_count,
            article.cut_revision,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def write_paragraphs(
    database: Database,
    article_id: int,
    rows: Iterable[tuple[int, str, Iterable[int], Iterable[str]]],
) -> None:
    """Store (position, text, token ends, readings) rows; call inside the article's
    transaction."""
    sql(database).conn.executemany(
        "INSERT OR REPLACE INTO paragraphs (article_id, position, text, token_ends, readings) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (article_id, position, text, encode_ends(ends), READING_SEPARATOR.join(readings))
            for position, text, ends, readings in rows
        ),
    )


def write_word_counts(database: Database, article_id: int, counts: Counter[str]) -> None:
    sql(database).execute("DELETE FROM article_words WHERE article_id = ?", (article_id,))
    sql(database).conn.executemany(
        "INSERT INTO article_words (article_id, word, occurrences) VALUES (?, ?, ?)",
        ((article_id, word, count) for word, count in counts.items()),
    )


def set_cut_revision(database: Database, article_id: int, revision: int) -> None:
    sql(database).execute(
        "UPDATE articles SET cut_revision = ? WHERE id = ?", (revision, article_id)
    )


def get_article(database: Database, article_id: int) -> Article | None:
    row = (
        sql(database)
        .execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        .fetchone()
    )
    return Article(*row) if row else None


def read_article(
    database: Database, article_id: int
) -> tuple[Article, list[StoredParagraph], dict[str, Status]] | None:
    """An article, its paragraphs and the statuses of its words, in one read transaction
    (a consistent snapshot even while another process writes)."""
    from db.terms import statuses_of

    with sql(database).atomic_read():
        article = get_article(database, article_id)
        if article is None:
            return None
        paragraphs = load_paragraphs(database, article_id)
        words = words_of_article(database, article_id)
        return article, paragraphs, statuses_of(database, words)


def load_paragraphs(database: Database, article_id: int) -> list[StoredParagraph]:
    """The stored cut of an article, in order: no jieba needed to show it."""
    rows = (
        sql(database)
        .execute(
            "SELECT position, text, token_ends, readings FROM paragraphs WHERE article_id = ? "
            "ORDER BY position",
            (article_id,),
        )
        .fetchall()
    )
    return [
        StoredParagraph(position, text, decode_ends(ends), tuple(readings.split(READING_SEPARATOR)))
        for position, text, ends, readings in rows
    ]


def paragraph_texts(database: Database, article_id: int) -> list[str]:
    rows = (
        sql(database)
        .execute(
            "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY position", (article_id,)
        )
        .fetchall()
    )
    return [text for (text,) in rows]


def list_articles(database: Database) -> list[ArticleSummary]:
    """Every article with its word statistics; 'ignored' words count on neither side."""
    rows = (
        sql(database)
        .execute(
            """
        SELECT a.id, a.title, a.published, a.source, a.char_count,
               count(w.word),
               coalesce(sum(CASE WHEN s.status = 'ignored' THEN 0 ELSE w.occurrences END), 0),
               coalesce(sum(CASE WHEN s.status = 'known' THEN w.occurrences ELSE 0 END), 0),
               coalesce(sum(CASE WHEN s.status IS NULL OR s.status = 'new' THEN 1 ELSE 0 END), 0)
        FROM articles a
        LEFT JOIN article_words w ON w.article_id = a.id
        LEFT JOIN word_status s ON s.word = w.word
        GROUP BY a.id
        ORDER BY a.id
        """
        )
        .fetchall()
    )
    return [ArticleSummary(*row) for row in rows]


def delete_article(database: Database, article_id: int) -> bool:
    with database.atomic():
        cursor = sql(database).execute("DELETE FROM articles WHERE id = ?", (article_id,))
    return cursor.rowcount > 0


def save_position(database: Database, article_id: int, paragraph: int, char: int) -> None:
    with database.atomic():
        sql(database).execute(
            "UPDATE articles SET position_paragraph = ?, position_char = ? WHERE id = ?",
            (paragraph, char, article_id),
        )


def stale_article_ids(database: Database, revision: int) -> list[int]:
    rows = (
        sql(database)
        .execute("SELECT id FROM articles WHERE cut_revision < ? ORDER BY id", (revision,))
        .fetchall()
    )
    return [row[0] for row in rows]


def all_article_ids(database: Database) -> list[int]:
    return [
        row[0] for row in sql(database).execute("SELECT id FROM articles ORDER BY id").fetchall()
    ]


def articles_containing(database: Database, text: str) -> list[int]:
    """Articles with `text` in any paragraph: the ones a new glossary term can re-cut."""
    rows = (
        sql(database)
        .execute(
            "SELECT DISTINCT article_id FROM paragraphs WHERE instr(text, ?) > 0 "
            "ORDER BY article_id",
            (text,),
        )
        .fetchall()
    )
    return [row[0] for row in rows]


def current_article_ids(database: Database, revision: int) -> list[int]:
    rows = (
        sql(database)
        .execute("SELECT id FROM articles WHERE cut_revision >= ? ORDER BY id", (revision,))
        .fetchall()
    )
    return [row[0] for row in rows]


def mark_current(database: Database, article_ids: Iterable[int], revision: int) -> None:
    sql(database).conn.executemany(
        "UPDATE articles SET cut_revision = ? WHERE id = ?",
        ((revision, article_id) for article_id in article_ids),
    )


def article_count(database: Database) -> int:
    return int(sql(database).execute("SELECT count(*) FROM articles").fetchone()[0])

"""Articles, their paragraphs with stored tokens, word counts and reading positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db import Database
from db.migrations import WRITER_INDEXES
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
    last_read_at: str = ""
    read_chars: int = 0

    @property
    def known_share(self) -> float:
        return self.known_running_words / self.running_words if self.running_words else 0.0

    @property
    def progress(self) -> float:
        """How far the learner has read: characters before the saved position, as a share."""
        return min(self.read_chars / self.char_count, 1.0) if self.char_count else 0.0


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


LAST_ARTICLE_ID = "last_article_id"
"""A `meta` key: the highest article id ever given. SQLite gives the deleted newest
article's id to the next one, and `--article 5`, reading logs and lookups that named the
old #5 would then name a different text."""


def insert_article(database: Database, article: NewArticle) -> int:
    """Insert the article row with an id never used before; call inside the transaction that
    also adds its paragraphs."""
    conn = sql(database).conn
    (article_id,) = conn.execute(
        "SELECT max(coalesce((SELECT max(id) FROM articles), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)) + 1",
        (LAST_ARTICLE_ID,),
    ).fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (LAST_ARTICLE_ID, article_id)
    )
    conn.execute(
        "INSERT INTO articles (id, title, source, author, published, tags, imported_at, "
        "content_hash, char_count, cut_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article_id,
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
    return int(article_id)


@contextmanager
def _writer_indexes(database: Database) -> Iterator[None]:
    """Mute the full-text trigger an older zhreader relies on (see migration 7) for the
    paragraphs written inside: this version indexes them itself. The key is removed
    before the caller's transaction ends; on an error the rollback removes it."""
    conn = sql(database).conn
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (WRITER_INDEXES,))
    yield
    conn.execute("DELETE FROM meta WHERE key = ?", (WRITER_INDEXES,))


def write_paragraphs(
    database: Database,
    article_id: int,
    rows: Iterable[tuple[int, str, Iterable[int], Iterable[str]]],
) -> None:
    """Insert (position, text, token ends, readings) rows of a new article; call inside the
    article's transaction, and `index_new_articles` before it ends."""
    write_encoded_paragraphs(
        database,
        article_id,
        ((position, text, *encode_cut(ends, readings)) for position, text, ends, readings in rows),
    )


def write_encoded_paragraphs(
    database: Database, article_id: int, rows: Iterable[tuple[int, str, str, str]]
) -> None:
    """Insert paragraphs whose token ends and readings are already encoded (`encode_cut`);
    `index_new_articles` must follow in the same transaction."""
    with _writer_indexes(database):
        sql(database).conn.executemany(
            "INSERT INTO paragraphs (article_id, position, text, token_ends, readings) "
            "VALUES (?, ?, ?, ?, ?)",
            ((article_id, *row) for row in rows),
        )


def encode_cut(ends: Iterable[int], readings: Iterable[str]) -> tuple[str, str]:
    """Token ends and readings as stored: compact strings to hold a batch in memory."""
    return encode_ends(ends), READING_SEPARATOR.join(readings)


def rewrite_cuts(
    database: Database,
    article_id: int,
    rows: Iterable[tuple[int, str, Iterable[int], Iterable[str]]],
) -> None:
    """Replace the stored cut of existing paragraphs; the text (and its index) is unchanged."""
    sql(database).conn.executemany(
        "UPDATE paragraphs SET token_ends = ?, readings = ? WHERE article_id = ? AND position = ?",
        (
            (encode_ends(ends), READING_SEPARATOR.join(readings), article_id, position)
            for position, _text, ends, readings in rows
        ),
    )


def word_token(word: str) -> str:
    """The prefix of a word's tokens in the word index, for prefix queries: its UTF-8 in hex,
    then `z` (the index stores the count after it; SQLite writes the rows, see
    write_word_counts)."""
    return word.encode("utf-8").hex() + "z"


# An article's word-index row, from its article_words rows: word_token's prefix (upper case,
# which the ascii tokenizer folds) and the occurrences. Given again with 'delete', it
# removes the row, so both sides must build it alike.
_INDEX_ROW = "group_concat(hex(word) || 'z' || occurrences, ' ')"


def index_new_articles(database: Database, article_ids: Sequence[int]) -> None:
    """Add new articles' paragraphs to the full-text index and their words to the word index
    (for words, only articles written with `indexed=False`).

    One statement per index for the lot: FTS5 writes out its pending rows at every
    savepoint, so indexing each article inside its own savepoint wrote one small segment
    per article and cost six times as much.
    """
    conn = sql(database).conn
    for first in range(0, len(article_ids), INDEX_CHUNK):
        chunk = list(article_ids[first : first + INDEX_CHUNK])
        marks = ", ".join("?" * len(chunk))
        conn.execute(
            "INSERT INTO paragraph_index (rowid, text) SELECT id, text FROM paragraphs "
            f"WHERE article_id IN ({marks}) ORDER BY id",
            chunk,
        )
        conn.execute(
            f"INSERT INTO word_index (rowid, words) SELECT article_id, {_INDEX_ROW} "
            f"FROM article_words WHERE article_id IN ({marks}) GROUP BY article_id",
            chunk,
        )


INDEX_CHUNK = 500  # article ids per statement, well under SQLite's limit on parameters


def word_query(words: Iterable[str]) -> str:
    """An FTS5 query for articles containing any of `words`."""
    return " OR ".join(f"{word_token(word)}*" for word in words)


@dataclass(frozen=True)
class EncodedWords:
    """An article's word counts ready to store: prepared outside the write transaction."""

    counts: tuple[tuple[str, int], ...]
    """(word, occurrences), in first-seen order: sorting them for the table's key order
    cost 0.1 s per 1M characters imported and made the inserts no faster"""


def encode_words(counts: Counter[str]) -> EncodedWords:
    return EncodedWords(tuple(counts.items()))


def vocabulary_words(database: Database) -> set[str]:
    """Every word of the library's vocabulary table."""
    return {word for (word,) in sql(database).execute("SELECT word FROM vocabulary")}


def write_word_counts(
    database: Database,
    article_id: int,
    counts: Counter[str] | EncodedWords,
    vocabulary: set[str] | None = None,
    statuses: Mapping[str, str] | None = None,
    *,
    indexed: bool = True,
) -> None:
    """Store an article's running Han words, its word-index row and its stored counts.

    A new article's index row may be left to `index_new_articles` (`indexed=False`), which
    a batch calls once after all its articles' savepoints.

    `vocabulary` is the caller's copy of the vocabulary table, kept across articles so only
    new words are appended (and added to it); without it the table is read. `statuses`,
    every stored status read in the same transaction (`all_statuses`), lets the counts be
    summed here instead of by a join over the rows just written (a batch import's case).
    """
    encoded = counts if isinstance(counts, EncodedWords) else encode_words(counts)
    conn = sql(database).conn
    # A contentless index forgets a row only when given its tokens again, as inserted.
    conn.execute(
        "INSERT INTO word_index (word_index, rowid, words) SELECT 'delete', ?, "
        f"{_INDEX_ROW} "
        "FROM article_words WHERE article_id = ? HAVING count(*) > 0",
        (article_id, article_id),
    )
    conn.execute("DELETE FROM article_words WHERE article_id = ?", (article_id,))
    # The per-level counts are derived from these rows: recounted on the next read.
    conn.execute("DELETE FROM article_levels WHERE article_id = ?", (article_id,))
    conn.executemany(
        "INSERT INTO article_words (article_id, word, occurrences) VALUES (?, ?, ?)",
        [(article_id, word, occurrences) for word, occurrences in encoded.counts],
    )
    if indexed and encoded.counts:
        # Built by SQLite from the rows just written: hex() there costs far less than
        # encoding every word in Python.
        conn.execute(
            "INSERT INTO word_index (rowid, words) SELECT ?, "
            f"{_INDEX_ROW} "
            "FROM article_words WHERE article_id = ?",
            (article_id, article_id),
        )
    known = vocabulary if vocabulary is not None else vocabulary_words(database)
    new_words = [word for word, _ in encoded.counts if word not in known]
    conn.executemany("INSERT INTO vocabulary (word) VALUES (?)", [(w,) for w in new_words])
    known.update(new_words)
    if statuses is None:
        refresh_stats(database, article_id)
    else:
        conn.execute(
            "INSERT OR REPLACE INTO article_stats (article_id, distinct_words, running_words, "
            "ignored_running, known_running, new_words) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, *_summed_stats(encoded.counts, statuses)),
        )


def _summed_stats(
    counts: Sequence[tuple[str, int]], statuses: Mapping[str, str]
) -> tuple[int, int, int, int, int]:
    """(distinct, running, ignored running, known running, new distinct), as refresh_stats
    computes them (no stored status means new)."""
    running = ignored = known = settled = 0
    status_of = statuses.get
    for word, occurrences in counts:
        running += occurrences
        status = status_of(word)
        if status is None or status == "new":
            continue
        settled += 1
        if status == "known":
            known += occurrences
        elif status == "ignored":
            ignored += occurrences
    return len(counts), running, ignored, known, len(counts) - settled


def refresh_stats(database: Database, article_id: int) -> None:
    """Recount one article's stored figures from its words and the current statuses."""
    sql(database).execute(
        """INSERT OR REPLACE INTO article_stats
           SELECT ?, count(*), coalesce(sum(w.occurrences), 0),
             coalesce(sum(CASE WHEN s.status = 'ignored' THEN w.occurrences ELSE 0 END), 0),
             coalesce(sum(CASE WHEN s.status = 'known' THEN w.occurrences ELSE 0 END), 0),
             coalesce(sum(CASE WHEN coalesce(s.status, 'new') = 'new' THEN 1 ELSE 0 END), 0)
           FROM article_words w LEFT JOIN word_status s ON s.word = w.word
           WHERE w.article_id = ?""",
        (article_id, article_id),
    )


def articles_with_word(database: Database, word: str) -> list[int]:
    """Articles whose cut contains `word` as a running word, from the word index."""
    rows = (
        sql(database)
        .execute(
            "SELECT rowid FROM word_index WHERE word_index MATCH ? ORDER BY rowid",
            (word_query([word]),),
        )
        .fetchall()
    )
    return [row[0] for row in rows]


def _status_class(status: str | None) -> tuple[int, int, int]:
    """(ignored, known, new) membership of a status; no stored status means new."""
    status = status or "new"
    return (int(status == "ignored"), int(status == "known"), int(status == "new"))


def apply_status_change(database: Database, word: str, old: str | None, new: str) -> int:
    """Update the stored counts of the articles containing `word` after its status changed
    from `old` to `new`; only those articles are touched. Returns how many were."""
    before, after = _status_class(old), _status_class(new)
    if before == after:
        return 0
    ignored, known, fresh = (b - a for a, b in zip(before, after, strict=True))
    # (article, occurrences) straight from the index's terms: no lookup per article
    head = word_token(word)
    cursor = sql(database).execute(
        """UPDATE article_stats SET
             ignored_running = ignored_running + w.occurrences * ?,
             known_running = known_running + w.occurrences * ?,
             new_words = new_words + ?
           FROM (SELECT doc AS article_id, CAST(substr(term, ?) AS INTEGER) AS occurrences
                 FROM word_instances WHERE term >= ? AND term < ?) AS w
           WHERE article_stats.article_id = w.article_id""",
        (ignored, known, fresh, len(head) + 1, head + "0", head + ":"),
    )
    return cursor.rowcount


def set_cut_revision(database: Database, article_id: int, revision: int) -> None:
    sql(database).execute(
        "UPDATE articles SET cut_revision = ? WHERE id = ?", (revision, article_id)
    )


def words_of_article(database: Database, article_id: int) -> set[str]:
    """The distinct Han words of an article, from the word index."""
    rows = sql(database).execute(
        "SELECT word FROM article_words WHERE article_id = ?", (article_id,)
    )
    return {row[0] for row in rows.fetchall()}


def library_is_empty(database: Database) -> bool:
    return sql(database).execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None


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


def get_article(database: Database, article_id: int) -> Article | None:
    row = (
        sql(database)
        .execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        .fetchone()
    )
    return Article(*row) if row else None


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
               coalesce(s.distinct_words, 0),
               coalesce(s.running_words - s.ignored_running, 0),
               coalesce(s.known_running, 0), coalesce(s.new_words, 0),
               a.last_read_at, a.read_chars
        FROM articles a LEFT JOIN article_stats s ON s.article_id = a.id
        ORDER BY a.id
        """
        )
        .fetchall()
    )
    return [ArticleSummary(*row) for row in rows]


def last_read_article(database: Database) -> int | None:
    """The article read most recently, for "continue reading"."""
    row = (
        sql(database)
        .execute(
            "SELECT id FROM articles WHERE last_read_at != '' ORDER BY last_read_at DESC, id DESC "
            "LIMIT 1"
        )
        .fetchone()
    )
    return int(row[0]) if row else None


def delete_article(database: Database, article_id: int) -> bool:
    with database.atomic():
        cursor = sql(database).execute("DELETE FROM articles WHERE id = ?", (article_id,))
    return cursor.rowcount > 0


def save_position(
    database: Database, article_id: int, paragraph: int, char: int, at: str | None = None
) -> None:
    """Remember where the learner is, when, and how many characters lie before it."""
    from datetime import UTC, datetime

    stamp = at or datetime.now(UTC).isoformat(timespec="seconds")
    with database.atomic():
        sql(database).execute(
            "UPDATE articles SET position_paragraph = ?, position_char = ?, last_read_at = ?, "
            "read_chars = ? + coalesce((SELECT sum(length(text)) FROM paragraphs "
            "WHERE article_id = ? AND position < ?), 0) WHERE id = ?",
            (paragraph, char, stamp, char, article_id, paragraph, article_id),
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
    from db.search import articles_with_text

    return articles_with_text(database, text)


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


@contextmanager
def tuned_for_import(database: Database, cache_kib: int, checkpoint_pages: int) -> Iterator[None]:
    """Settings for a large import, restored afterwards: each article's savepoint keeps the
    prior content of the pages it changes in memory (not a temporary file written for every
    article), a page cache large enough that a batch never spills, and checkpoints every few
    batches rather than after each, so pages every batch changes reach the file once.

    Foreign keys are not checked meanwhile, on this connection only: an import inserts
    nothing but an article and, in the same savepoint, rows that point to it, and the check
    of each word row's article doubled the cost of writing them (half of the import's
    write time). Deletes, which need the cascades, happen on other connections."""
    conn = sql(database).conn
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    previous = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint_pages)}")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(previous)}")

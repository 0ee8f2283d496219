"""Full-text search over paragraph text, and the articles a piece of text occurs in.

Queries of three characters or more go to `paragraph_index`, an FTS5 trigram index kept in
step with `paragraphs` by triggers. Trigrams cannot match shorter queries, and most terms
(两委, 驻村) have two characters: those are served from the word index. The words of the
library (`vocabulary`) that contain the query name the candidate articles (`word_index`), and
their paragraphs are then checked for the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from db import Database
from db.articles import word_query
from db.store import sql

TRIGRAM = 3
_WORDS_PER_QUERY = 200


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph that contains the query."""

    article_id: int
    position: int
    text: str


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def words_containing(database: Database, text: str) -> list[str]:
    """Library words that contain `text`, from the vocabulary table."""
    rows = (
        sql(database)
        .execute("SELECT DISTINCT word FROM vocabulary WHERE instr(word, ?) > 0", (text,))
        .fetchall()
    )
    return [word for (word,) in rows]


def _words_ending_with(database: Database, text: str) -> list[str]:
    rows = (
        sql(database)
        .execute(
            "SELECT DISTINCT word FROM vocabulary WHERE substr(word, -?) = ?", (len(text), text)
        )
        .fetchall()
    )
    return [word for (word,) in rows]


def _words_starting_with(database: Database, text: str) -> list[str]:
    rows = (
        sql(database)
        .execute(
            "SELECT DISTINCT word FROM vocabulary WHERE substr(word, 1, ?) = ?",
            (len(text), text),
        )
        .fetchall()
    )
    return [word for (word,) in rows]


def articles_with_any_word(database: Database, words: Iterable[str]) -> set[int]:
    """Articles whose cut contains any of `words`, from the word index."""
    unique = list(dict.fromkeys(words))
    found: set[int] = set()
    for start in range(0, len(unique), _WORDS_PER_QUERY):
        query = word_query(unique[start : start + _WORDS_PER_QUERY])
        found.update(
            row[0]
            for row in sql(database).execute(
                "SELECT rowid FROM word_index WHERE word_index MATCH ?", (query,)
            )
        )
    return found


def _indexed(text: str) -> bool:
    return len(text) >= TRIGRAM


def _paragraphs_of(
    database: Database, article_ids: Iterable[int], text: str
) -> Iterator[ParagraphHit]:
    for article_id in article_ids:
        rows = sql(database).execute(
            "SELECT position, text FROM paragraphs WHERE article_id = ? AND instr(text, ?) > 0 "
            "ORDER BY position",
            (article_id, text),
        )
        for position, paragraph in rows:
            yield ParagraphHit(article_id, position, paragraph)


def _trigram_query(text: str) -> str:
    """Every trigram of `text` (the index keeps no positions: the text is checked after)."""
    trigrams = dict.fromkeys(text[i : i + TRIGRAM] for i in range(len(text) - TRIGRAM + 1))
    return " AND ".join(_phrase(trigram) for trigram in trigrams)


def _trigram_hits(database: Database, text: str) -> Iterator[ParagraphHit]:
    cursor = sql(database).execute(
        "SELECT p.article_id, p.position, p.text FROM paragraph_index i "
        "JOIN paragraphs p ON p.id = i.rowid WHERE paragraph_index MATCH ? "
        "ORDER BY i.rowid",  # paragraph ids follow library order: no sort needed
        (_trigram_query(text),),
    )
    for article_id, position, paragraph in cursor:
        if text in paragraph:  # all trigrams somewhere, or another case: the text decides
            yield ParagraphHit(article_id, position, paragraph)


def search_paragraphs(database: Database, text: str) -> Iterator[ParagraphHit]:
    """Paragraphs containing `text`, in library order (article id, position), lazily."""
    text = text.strip()
    if not text:
        return iter(())
    if _indexed(text):
        return _trigram_hits(database, text)
    candidates = articles_with_any_word(database, words_containing(database, text))
    return _paragraphs_of(database, sorted(candidates), text)


def articles_matching(database: Database, text: str) -> list[int]:
    """Articles that `search_paragraphs` finds `text` in."""
    text = text.strip()
    if not text:
        return []
    return sorted({hit.article_id for hit in search_paragraphs(database, text)})


def articles_with_text(database: Database, text: str) -> list[int]:
    """Every article with `text` anywhere in its paragraphs.

    For short Han text the word index is complete: the text lies inside one word, or it
    straddles a boundary between a word ending with its head and one starting with its tail.
    """
    text = text.strip()
    if not text:
        return []
    if _indexed(text):
        return articles_matching(database, text)
    if not all(_has_han(c) for c in text):  # non-Han tokens are not in the word index
        rows = (
            sql(database)
            .execute("SELECT DISTINCT article_id FROM paragraphs WHERE instr(text, ?) > 0", (text,))
            .fetchall()
        )
        return sorted(row[0] for row in rows)
    certain = articles_with_any_word(database, words_containing(database, text))
    straddling: set[int] = set()
    for cut in range(1, len(text)):
        heads = articles_with_any_word(database, _words_ending_with(database, text[:cut]))
        if heads - certain:
            tails = articles_with_any_word(database, _words_starting_with(database, text[cut:]))
            straddling |= (heads & tails) - certain
    # a word containing the text settles it; a boundary pair only may: read those paragraphs
    confirmed = {hit.article_id for hit in _paragraphs_of(database, sorted(straddling), text)}
    return sorted(certain | confirmed)

"""Stored running-word counts per HSK level per article (the library's level column)."""

from __future__ import annotations

from collections.abc import Iterable

from db import Database
from db.meta import get_meta, set_meta
from db.store import sql

_STANDARD_KEY = "article_levels_standard"


def stored_standard(database: Database) -> str:
    return get_meta(database, _STANDARD_KEY) or ""


def reset_article_levels(database: Database, standard: str) -> None:
    """Forget every stored profile (the HSK standard changed)."""
    with database.atomic():
        sql(database).execute("DELETE FROM article_levels")
        set_meta(database, _STANDARD_KEY, standard)


def articles_without_levels(database: Database) -> list[int]:
    rows = (
        sql(database)
        .execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_levels l WHERE l.article_id = a.id) ORDER BY a.id"
        )
        .fetchall()
    )
    return [row[0] for row in rows]


def distinct_words_of_articles(database: Database, article_ids: list[int]) -> list[str]:
    if len(article_ids) > 2000:  # most of the library: one scan beats a long IN list
        rows = sql(database).execute("SELECT DISTINCT word FROM article_words").fetchall()
    else:
        marks = ",".join("?" * len(article_ids))
        rows = (
            sql(database)
            .execute(
                f"SELECT DISTINCT word FROM article_words WHERE article_id IN ({marks})",
                article_ids,
            )
            .fetchall()
        )
    return [str(row[0]) for row in rows]


def store_levels_from_words(
    database: Database, word_levels: Iterable[tuple[str, int]], article_ids: list[int]
) -> None:
    """Sum each article's running words per level, given every word's level, in SQL."""
    conn = sql(database).conn
    with database.atomic():
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS graded (word TEXT PRIMARY KEY, level INT)")
        conn.execute("DELETE FROM temp.graded")
        conn.executemany("INSERT OR REPLACE INTO temp.graded VALUES (?, ?)", word_levels)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.wanted")
        conn.executemany("INSERT INTO temp.wanted VALUES (?)", ((a,) for a in article_ids))
        conn.execute(
            "INSERT OR REPLACE INTO article_levels (article_id, level, running) "
            "SELECT w.article_id, coalesce(g.level, 0), sum(w.occurrences) "
            "FROM temp.wanted x JOIN article_words w ON w.article_id = x.id "
            "LEFT JOIN temp.graded g ON g.word = w.word GROUP BY 1, 2"
        )
        # Articles without words get an empty profile, so they are not graded again.
        conn.execute(
            "INSERT OR IGNORE INTO article_levels (article_id, level, running) "
            "SELECT id, 0, 0 FROM temp.wanted"
        )


def load_article_levels(database: Database) -> dict[int, dict[int, int]]:
    profiles: dict[int, dict[int, int]] = {}
    for article_id, level, running in (
        sql(database).execute("SELECT article_id, level, running FROM article_levels").fetchall()
    ):
        profiles.setdefault(article_id, {})[level] = running
    return profiles


def new_words_of_article(database: Database, article_id: int) -> list[str]:
    """Distinct words of an article the learner has not marked (status new)."""
    rows = (
        sql(database)
        .execute(
            "SELECT w.word FROM article_words w LEFT JOIN word_status s ON s.word = w.word "
            "WHERE w.article_id = ? AND coalesce(s.status, 'new') = 'new'",
            (article_id,),
        )
        .fetchall()
    )
    return [str(row[0]) for row in rows]

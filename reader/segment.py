"""Word segmentation with jieba (precise mode) that knows every glossary term.

jieba is imported only when text is first cut: opening a stored article never needs it. It
logs nothing, and keeps its prefix-dictionary cache in zhreader's own cache directory instead
of a temp file shared with every other jieba user on the machine.
"""

from __future__ import annotations

import array
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from db import Database
from db.terms import effective_terms
from glossary.lookup import Dictionary, Reading, has_han
from glossary.readings import (
    ReadingDecider,
    common_options,
    context_free,
    unknown_word_options,
)


def cache_dir() -> Path:
    """`ZHREADER_CACHE` if set, else the platform's user cache directory."""
    override = os.environ.get("ZHREADER_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("zhreader", appauthor=False))


class Segmenter:
    """A jieba tokenizer of our own; `add_terms` makes glossary terms single tokens."""

    def __init__(self) -> None:
        self._tokenizer: Any = None
        self._added: set[str] = set()

    def _jieba(self) -> Any:
        if self._tokenizer is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.ERROR)
            jieba.setLogLevel(logging.ERROR)
            folder = cache_dir()
            folder.mkdir(parents=True, exist_ok=True)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(folder)
            tokenizer.cache_file = "jieba.cache"
            if not _load_fast_cache(tokenizer, folder):
                tokenizer.initialize()
                _write_fast_cache(tokenizer, folder)
            self._tokenizer = tokenizer
        return self._tokenizer

    def add_terms(self, words: Iterable[str]) -> None:
        tokenizer = self._jieba()
        for word in words:
            if word not in self._added and len(word) > 1:
                tokenizer.add_word(word)
                self._added.add(word)

    def remove_term(self, word: str) -> None:
        if word in self._added:
            self._jieba().del_word(word)
            self._added.discard(word)

    def is_common(self, word: str) -> bool:
        """A word in jieba's dictionary that is not among its rarest entries (mostly place
        names) nor invented by its HMM (often a personal name)."""
        return int(self._jieba().FREQ.get(word) or 0) >= COMMON_WORD_FREQUENCY

    def cut(self, text: str) -> list[str]:
        """Precise-mode tokens; joined they give `text` back exactly."""
        tokens: list[str] = self._jieba().lcut(text, cut_all=False, HMM=True)
        return tokens


def _fast_cache_path(tokenizer: Any, folder: Path) -> Path:
    """Keyed on jieba's dictionary file, so a jieba upgrade rebuilds the cache."""
    source = Path(tokenizer.get_dict_file().name)
    stat = source.stat()
    return folder / f"jieba-prefix-{stat.st_size}-{int(stat.st_mtime)}.bin"


def _load_fast_cache(tokenizer: Any, folder: Path) -> bool:
    """Load jieba's prefix dictionary from our cache: ~5x faster than jieba's marshal file.

    The file holds the total, the count, the frequencies as an int64 array and the words
    joined by newlines; building the dict from two flat sequences is what makes it quick.
    """
    path = _fast_cache_path(tokenizer, folder)
    try:
        data = path.read_bytes()
    except OSError:
        return False
    header = array.array("q")
    header.frombytes(data[:16])
    total, count = header
    values = array.array("q")
    values.frombytes(data[16 : 16 + 8 * count])
    words = data[16 + 8 * count :].decode("utf-8").split("\n")
    if len(words) != count:
        return False
    tokenizer.FREQ = dict(zip(words, values, strict=True))
    tokenizer.total = total
    tokenizer.initialized = True
    return True


def _write_fast_cache(tokenizer: Any, folder: Path) -> None:
    path = _fast_cache_path(tokenizer, folder)
    frequencies: dict[str, int] = tokenizer.FREQ
    header = array.array("q", [tokenizer.total, len(frequencies)])
    values = array.array("q", frequencies.values())
    partial = path.with_suffix(".tmp")
    try:
        partial.write_bytes(
            header.tobytes() + values.tobytes() + "\n".join(frequencies).encode("utf-8")
        )
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)  # a cache is optional: a full disk only costs speed


# Function words, numerals and measure words: rare in names, common in jieba's mis-cuts.
FUNCTION_CHARACTERS = set(
    "的了和在就都也又还要说是而之已能更点地个们一二三四五六七八九十百千万亿几多两这那每各其全"
)
COMMON_WORD_FREQUENCY = 3  # jieba counts: rarer entries are mostly place names (东湾 2)


def _worth_splitting(token: str, segmenter: Segmenter) -> bool:
    """Split words jieba's dictionary knows (一个, 家访); the rarest entries and words its
    HMM invented only when they hold a function character (而生, 个村): the others are
    mostly names (东湾, 巧心)."""
    return segmenter.is_common(token) or any(c in FUNCTION_CHARACTERS for c in token)


@dataclass(frozen=True)
class CutParagraph:
    """A paragraph cut into tokens, with the pinyin to show over each token.

    A token has a reading exactly when it contains Han characters.
    """

    text: str
    tokens: list[str]
    token_ends: tuple[int, ...]
    readings: tuple[str, ...]

    def han_words(self) -> list[str]:
        return [token for token, reading in zip(self.tokens, self.readings, strict=True) if reading]


class Annotator:
    """Cuts paragraphs and picks each token's reading, caching per distinct word.

    One instance serves a whole import or re-cut, so each distinct word is looked up once.
    """

    def __init__(self, database: Database, segmenter: Segmenter | None = None) -> None:
        self.dictionary = Dictionary(database)
        self.segmenter = segmenter or Segmenter()
        terms = effective_terms(database)
        self.segmenter.add_terms(term.simplified for term in terms)
        self.segmenter.add_terms(term.traditional for term in terms)
        self._options: dict[str, tuple[str, ...]] = {}
        self._fixed: dict[str, str] = {}  # tokens read the same in any context
        self._pieces: dict[str, list[str]] = {}
        self.decider = ReadingDecider()

    def cut(self, text: str) -> CutParagraph:
        return self.cut_many([text])[0]

    def cut_many(self, texts: list[str]) -> list[CutParagraph]:
        """Cut several paragraphs; their readings are decided in one batch (see readings.py)."""
        pieces = self._pieces
        cuts = [self.segmenter.cut(text) for text in texts]
        unseen = list(dict.fromkeys(t for cut in cuts for t in cut if t not in pieces))
        if unseen:
            self._learn(unseen)
        token_lists = [[piece for token in cut for piece in pieces[token]] for cut in cuts]
        readings = self.decider.decide(token_lists, self._options.__getitem__, self._fixed)
        return [
            CutParagraph(text, tokens, tuple(accumulate(map(len, tokens))), tuple(chosen))
            for text, tokens, chosen in zip(texts, token_lists, readings, strict=True)
        ]

    def read(self, token_lists: list[list[str]]) -> list[list[str]]:
        """Readings for paragraphs already cut (stored tokens): no jieba, only the decision."""
        unseen = [
            t for t in dict.fromkeys(t for ts in token_lists for t in ts) if t not in self._options
        ]
        if unseen:
            self._learn(unseen)
        return self.decider.decide(token_lists, self._options.__getitem__, self._fixed)

    def forget(self) -> None:
        """Drop cached cuts and readings after the glossary changed."""
        self._options.clear()
        self._fixed.clear()
        self._pieces.clear()

    def _learn(self, tokens: list[str]) -> None:
        han = [t for t in tokens if has_han(t)]
        known: dict[str, tuple[Reading, ...]] = self.dictionary.readings_for(han) if han else {}
        unknown = [t for t in han if t not in known and _worth_splitting(t, self.segmenter)]
        splits = self.dictionary.split_unknown(unknown)
        pieces = sorted({p for cover in splits.values() for p in cover} - set(known))
        if pieces:
            known.update(self.dictionary.readings_for(pieces))
        nobody_knows = [t for t in han if t not in known and t not in splits]
        characters = sorted({c for t in nobody_knows for c in t if has_han(c)} - set(known))
        if characters:
            known.update(self.dictionary.readings_for(characters))
        for token in tokens:
            self._pieces[token] = splits.get(token, [token])
            for piece in self._pieces[token]:
                if piece not in self._options:
                    self._options[piece] = choices = self._piece_options(piece, known)
                    reading = context_free(piece, choices)
                    if reading is not None:
                        self._fixed[piece] = reading

    def _piece_options(self, piece: str, known: dict[str, tuple[Reading, ...]]) -> tuple[str, ...]:
        """A glossary term's reading alone; else the dictionary's readings; else, for a word
        nobody knows, its characters' readings with pypinyin's guess first."""
        if not has_han(piece):
            return ()
        readings = known.get(piece, ())
        if not readings:
            per_character = [[r.pinyin for r in known.get(c, ())] for c in piece]
            if all(per_character):  # each character's first common reading; the model decides
                guess = " ".join(common_options(c)[0] for c in per_character).lower()
            else:
                guess = self.dictionary.reading_for_display(piece, readings)
            return unknown_word_options(guess, per_character, piece)
        if readings[0].is_glossary:
            return (readings[0].pinyin,)
        return common_options([r.pinyin for r in readings])

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
from glossary.lookup import Dictionary, Reading
from glossary.script import has_han


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
        """Precise-mode tokens; joined they give `text` back exactly.

        Long text is cut in pieces of at most `MAX_CUT_CHARS`, ended at punctuation where
        possible: jieba's HMM copies its whole path at each character, so one run of 300,000
        characters it does not know took minutes. Real sentences are far shorter.
        """
        tokenizer = self._jieba()
        if len(text) <= MAX_CUT_CHARS:
            tokens: list[str] = tokenizer.lcut(text, cut_all=False, HMM=True)
            return tokens
        return [t for piece in _pieces(text) for t in tokenizer.lcut(piece, HMM=True)]


MAX_CUT_CHARS = 500
_PIECE_ENDS = "。！？；，、：\n!?;,. \t\u3000"


def _pieces(text: str) -> list[str]:
    """`text` in consecutive pieces of at most MAX_CUT_CHARS, ended after punctuation."""
    pieces = []
    start = 0
    while len(text) - start > MAX_CUT_CHARS:
        end = start + MAX_CUT_CHARS
        cut = max(text.rfind(mark, start, end) for mark in _PIECE_ENDS)
        stop = cut + 1 if cut > start else end
        pieces.append(text[start:stop])
        start = stop
    pieces.append(text[start:])
    return pieces


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
    try:  # a damaged or truncated file is only a missed cache: the caller rebuilds it
        header = array.array("q")
        header.frombytes(data[:16])
        total, count = header
        if count <= 0 or total <= 0 or 16 + 8 * count > len(data):
            return False
        values = array.array("q")
        values.frombytes(data[16 : 16 + 8 * count])
        words = data[16 + 8 * count :].decode("utf-8").split("\n")
        if len(words) != count or min(values) < 0:
            return False
        frequencies = dict(zip(words, values, strict=True))
    except (ValueError, UnicodeDecodeError, MemoryError):
        return False
    tokenizer.FREQ = frequencies
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
        self._readings: dict[str, str] = {}
        self._pieces: dict[str, list[str]] = {}

    def cut(self, text: str) -> CutParagraph:
        pieces = self._pieces
        jieba_tokens = self.segmenter.cut(text)
        unseen = [t for t in dict.fromkeys(jieba_tokens) if t not in pieces]
        if unseen:
            self._learn(unseen)
        tokens = [piece for token in jieba_tokens for piece in pieces[token]]
        readings = self._readings
        return CutParagraph(
            text,
            tokens,
            tuple(accumulate(map(len, tokens))),
            tuple([readings[t] for t in tokens]),
        )

    def forget(self) -> None:
        """Drop cached cuts and readings after the glossary changed."""
        self._readings.clear()
        self._pieces.clear()

    def _learn(self, tokens: list[str]) -> None:
        han = [t for t in tokens if has_han(t)]
        known: dict[str, tuple[Reading, ...]] = self.dictionary.readings_for(han) if han else {}
        unknown = [t for t in han if t not in known and _worth_splitting(t, self.segmenter)]
        splits = self.dictionary.split_unknown(unknown)
        pieces = sorted({p for cover in splits.values() for p in cover} - set(known))
        if pieces:
            known.update(self.dictionary.readings_for(pieces))
        for token in tokens:
            self._pieces[token] = splits.get(token, [token])
            for piece in self._pieces[token]:
                if piece in self._readings:
                    continue
                if has_han(piece):
                    readings = known.get(piece, ())
                    self._readings[piece] = self.dictionary.reading_for_display(piece, readings)
                else:
                    self._readings[piece] = ""

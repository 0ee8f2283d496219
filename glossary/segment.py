"""Word segmentation in jieba's precise mode, with every glossary term a single token.

The cutting is done by jieba-rs (`rjieba`, MIT), jieba's own algorithm and dictionary in
Rust: it gives the same tokens for Han text and is 13-18x faster than jieba's Python code
(CPP, the seeds and the bench library, measured), which left no room for readings within
the import throughput floor. It loads only when text is first cut: opening a stored article
never needs it. jieba's word counts, which the segmentation's own rules consult, are read
from jieba's dict.txt into a compact table cached in zhreader's cache directory.
"""

from __future__ import annotations

import array
import os
import re
import threading
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, chain, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from db import Database
from db.corrections import readings_everywhere, split_rules
from db.terms import effective_terms
from glossary.levels import jieba_dictionary_counts, jieba_dictionary_path
from glossary.lookup import GROUPED_LENGTH, Dictionary, Reading
from glossary.names import (
    ADMINISTRATIVE_UNITS,
    dictionary_surname,
    is_place_name,
    join_given_names,
    name_reading,
    place_reading,
    rejoin_known_names,
    rejoin_place_names,
    split_name,
)
from glossary.pinyin import group_words
from glossary.polyphone_model import available as model_available
from glossary.readings import (
    LIGHT_MORPHEMES,
    ReadingDecider,
    common_options,
    context_free,
    lexical_tones,
    light_tone,
    unknown_word_options,
)
from glossary.script import has_han
from glossary.second_opinion import doubtful_options
from glossary.traditional import map_back, to_simplified

if TYPE_CHECKING:
    import rjieba

Choices = Mapping[int, tuple[str, str]]
"""Readings the learner chose for single occurrences: start offset -> (word, reading)."""


def cache_dir() -> Path:
    """`ZHREADER_CACHE` if set, else the platform's user cache directory."""
    override = os.environ.get("ZHREADER_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("zhreader", appauthor=False))


class Segmenter:
    """jieba's precise mode (with its HMM for words it does not know); `add_glossary` makes
    glossary terms single tokens.

    One instance is shared by the reader and its re-cut worker. jieba-rs releases the GIL
    while it cuts and refuses a change to its dictionary meanwhile ("Already borrowed"), so
    every use of the tokenizer holds the lock.
    """

    def __init__(self) -> None:
        self._tokenizer: rjieba.Jieba | None = None
        self._counts: WordCounts | None = None
        self._added: dict[str, int] = {}  # glossary terms and the count jieba gave each
        self._lock = threading.Lock()

    def _jieba(self) -> rjieba.Jieba:
        """The tokenizer, built if needed; call with the lock held."""
        if self._tokenizer is None:
            tokenizer = jieba_rs_class()()
            for word in self._added:
                tokenizer.add_word(word, None, None)
            self._tokenizer = tokenizer
        return self._tokenizer

    def load(self) -> Segmenter:
        """Load jieba-rs and the counts now (~0.2 s), so that the first cut does not wait."""
        with self._lock:
            self._jieba()
        self.frequency("")
        return self

    def add_glossary(self, read_words: Callable[[], Iterable[str]]) -> None:
        """Add the glossary's words, read by `read_words` while the lock is held.

        A term deleted meanwhile is committed first and then removed with `remove_term`,
        which waits for the lock: read and added as one step, it cannot come back after its
        removal, as it could if another thread removed it between the read and the add.
        """
        with self._lock:
            self._add_unlocked(read_words())

    def _add_unlocked(self, words: Iterable[str]) -> None:
        tokenizer = self._jieba()
        for word in words:
            if word not in self._added and len(word) > 1:
                # Without a count, jieba gives the word one just high enough to be cut whole.
                self._added[word] = tokenizer.add_word(word, None, None)

    def remove_term(self, word: str) -> None:
        with self._lock:
            if self._added.pop(word, None) is not None:
                self._tokenizer = None  # jieba-rs cannot drop a word: rebuilt at the next cut

    def is_common(self, word: str) -> bool:
        """A word in jieba's dictionary that is not among its rarest entries (mostly place
        names) nor invented by its HMM (often a personal name)."""
        return self.frequency(word) >= COMMON_WORD_FREQUENCY

    def frequency(self, word: str) -> int:
        """jieba's count for a word of its dictionary (or a glossary term), else 0."""
        added = self._added.get(word)
        if added is not None:
            return added
        if self._counts is None:
            self._counts = load_word_counts(cache_dir())
        return self._counts.get(word)

    def cut(self, text: str) -> list[str]:
        """Precise-mode tokens; joined they give `text` back exactly."""
        with self._lock:
            tokenizer = self._jieba()
            try:
                return tokenizer.cut(text, True)
            except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot carry to Rust
                stand_in = LONE_SURROGATE.sub("\ufffd", text)  # same length: offsets hold
                return map_back(text, tokenizer.cut(stand_in, True))


def jieba_rs_class() -> type[rjieba.Jieba]:
    """jieba-rs's tokenizer class from rjieba's compiled module, loaded without running the
    package's __init__, which builds a default tokenizer at import that zhreader never uses
    (0.13 s and 30 MB per process, measured). If the module is not where rjieba 0.2 puts
    it, the package is imported after all."""
    import importlib.machinery
    import importlib.util
    import sys

    name = "rjieba.rjieba"
    module = sys.modules.get(name)
    package = importlib.util.find_spec("rjieba") if module is None else None
    if package is not None and package.submodule_search_locations:
        folder = Path(next(iter(package.submodule_search_locations)))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"rjieba{suffix}"
            spec = importlib.util.spec_from_file_location(name, path)
            if path.is_file() and spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                sys.modules[name] = module
                break
    if module is None:
        import rjieba

        return rjieba.Jieba
    jieba_class: type[rjieba.Jieba] = module.Jieba
    return jieba_class


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class WordCounts:
    """The counts of jieba's dictionary: its words sorted, searched by bisection. Built
    from two flat sequences, it loads in a few milliseconds where a dict took 0.2 s."""

    def __init__(self, words: list[str], counts: array.array[int]) -> None:
        self.words = words
        self.counts = counts

    def get(self, word: str) -> int:
        index = bisect_left(self.words, word)
        if index < len(self.words) and self.words[index] == word:
            return self.counts[index]
        return 0


def _counts_cache_path(folder: Path) -> Path:
    """Keyed on jieba's dictionary file, so a jieba upgrade rebuilds the cache."""
    stat = jieba_dictionary_path().stat()
    return folder / f"jieba-counts-{stat.st_size}-{int(stat.st_mtime)}.bin"


def load_word_counts(folder: Path) -> WordCounts:
    """From the cache file if it is whole (a checksum covers it), else from dict.txt, and
    the cache file written again."""
    path = _counts_cache_path(folder)
    try:
        cached = _read_counts(path.read_bytes())
    except OSError:
        cached = None
    if cached is not None:
        return cached
    found = jieba_dictionary_counts()
    words = sorted(found)
    counts = WordCounts(words, array.array("q", (found[w] for w in words)))
    _write_counts(path, counts)
    return counts


def _read_counts(data: bytes) -> WordCounts | None:
    """The table in `data`, or None if it is damaged in any way (the caller rebuilds it).

    Layout: checksum and count (int64 each), the counts (int64 each), the words joined by
    newlines; the CRC-32 covers everything after itself."""
    try:
        header = array.array("q")
        header.frombytes(data[:16])
        checksum, count = header
        if count <= 0 or 16 + 8 * count > len(data) or zlib.crc32(data[8:]) != checksum:
            return None
        counts = array.array("q")
        counts.frombytes(data[16 : 16 + 8 * count])
        words = data[16 + 8 * count :].decode("utf-8").split("\n")
    except (ValueError, UnicodeDecodeError, MemoryError):
        return None
    if len(words) != count:
        return None
    return WordCounts(words, counts)


def _write_counts(path: Path, table: WordCounts) -> None:
    payload = (
        array.array("q", [len(table.words)]).tobytes()
        + table.counts.tobytes()
        + "\n".join(table.words).encode("utf-8")
    )
    partial_path = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial_path.write_bytes(array.array("q", [zlib.crc32(payload)]).tobytes() + payload)
        partial_path.replace(path)
    except OSError:
        partial_path.unlink(missing_ok=True)  # a cache is optional: a full disk only costs speed


# Function words, numerals and measure words: rare in names, common in jieba's mis-cuts.
FUNCTION_CHARACTERS = set(
    "的了和在就都也又还要说是而之已能更点地个们一二三四五六七八九十百千万亿几多两这那每各其全"
    "他她它我你您咱"  # a pronoun starts no word the dictionaries lack: 他长 is 他 + 长
)
COMMON_WORD_FREQUENCY = 3  # jieba counts: rarer entries are mostly place names (东湾 2)


# A word of jieba's dictionary is broken only into a word and one of these at its edge, a
# grammatical construction (一/个, 最/大, 做/好, 县/里, 乡亲/们); lexical units (十五大,
# 股份制, 乡镇企业, 柔嘉) stay whole.
CONSTRUCTION_FIRST = set(
    "一二三四五六七八九十百千万亿几两这那每各哪该此第最很更太越都也又还就才再不没已全谁"
)
CONSTRUCTION_LAST = set(
    "个名位件份座户批项条场块次种年天们里上下中内外好起到去来过完着了的地得些元吨斤亩余多本趟岁在给"
)
# A number before a measure word or unit (三十/八/岁, 第一/本, 二十/分钟) is a construction.
NUMERAL_CHARACTERS = set("〇零一二三四五六七八九十百千万亿两几多余来第")
UNITS = {"分钟", "小时", "公里", "公斤", "周年", "平方米", "立方米", "万元", "亿元", "个月"}


def _worth_splitting(token: str, segmenter: Segmenter) -> bool:
    """Split words jieba's dictionary knows (一个, 家访); the rarest entries and words its
    HMM invented only when they hold a function character (而生, 个村): the others are
    mostly names (东湾, 巧心)."""
    return segmenter.is_common(token) or any(c in FUNCTION_CHARACTERS for c in token)


def _may_break(token: str, cover: list[str], segmenter: Segmenter) -> bool:
    """Never break a unit jieba's dictionary holds (even its phrase entries, 精神面貌), only a
    construction (see above)."""
    if not segmenter.frequency(token):
        return True
    if (
        len(cover) > 1
        and all(set(piece) <= NUMERAL_CHARACTERS for piece in cover[:-1])
        and (cover[-1] in CONSTRUCTION_LAST or cover[-1] in UNITS)
    ):
        return True  # 十五大 stays whole: 大 is no unit
    if len(cover) != 2:
        return False
    first, last = cover
    return (len(first) == 1 and first in CONSTRUCTION_FIRST) or (
        len(last) == 1 and last in CONSTRUCTION_LAST
    )


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


def glossary_words(database: Database) -> list[str]:
    """Every form (simplified and traditional) of the glossary's visible terms."""
    return [
        form for term in effective_terms(database) for form in (term.simplified, term.traditional)
    ]


class Annotator:
    """Cuts paragraphs and picks each token's reading, caching per distinct word.

    One instance serves a whole import or re-cut, so each distinct word is looked up once.
    """

    def __init__(self, database: Database, segmenter: Segmenter | None = None) -> None:
        self.dictionary = Dictionary(database, remember=True)
        self.segmenter = segmenter or Segmenter()
        self.segmenter.add_glossary(lambda: glossary_words(database))
        self._options: dict[str, tuple[str, ...]] = {}
        self._fixed: dict[str, str] = {}  # tokens read the same in any context
        self._pieces: dict[str, list[str]] = {}
        self._broken: set[str] = set()  # tokens whose pieces are several words
        self._short_names: set[str] = set()  # two-character names jieba may cut short
        self._unit_heads: set[str] = set()  # tokens like 镇西 that may hold a place's unit
        # Pieces read as personal names (Surname Given), with the dictionary's reading of
        # the surname where it has one (肖 Xiao1).
        self._names: dict[str, str | None] = {}
        self._places: set[str] = set()  # unknown words that name a place (龙兴镇)
        self._word_lengths: dict[str, list[int]] = {}  # long entries written word by word
        self._covers: dict[str, list[tuple[str, bool]]] = {}  # unknown words: their known words
        self._doubtful: set[str] = set()  # see glossary.second_opinion
        self.decider = ReadingDecider()
        # The learner's corrections from the reader (`b` and `r`), honoured on every cut; keyed
        # by the simplified mirror, which the character-level mapping keeps the same length.
        self._splits = {to_simplified(w): o for w, o in split_rules(database).items()}
        self._chosen = {to_simplified(w): r for w, r in readings_everywhere(database).items()}

    def cut(self, text: str, chosen: Choices | None = None) -> CutParagraph:
        """One paragraph; `chosen` maps a start offset to the (word, reading) the learner
        chose for that one occurrence."""
        return self.cut_many([text], [chosen])[0]

    def cut_many(
        self, texts: list[str], chosen: Sequence[Choices | None] | None = None
    ) -> list[CutParagraph]:
        """Cut several paragraphs; their readings are decided in one batch (see readings.py).

        Each paragraph is cut and read as its simplified mirror (same length, so offsets stay
        exact), and the tokens are mapped back to the original text.
        """
        pieces = self._pieces
        mirrors = [to_simplified(text) for text in texts]
        cuts = [self.segmenter.cut(mirror) for mirror in mirrors]
        if self._splits:
            cuts = [[piece for token in cut for piece in self._split(token)] for cut in cuts]
        self._learn_unseen(cuts)
        cuts = self._rejoin_names(cuts)
        cuts = self._rejoin_places(cuts)
        short_names = self._short_names
        with_names = [k for k, cut in enumerate(cuts) if not short_names.isdisjoint(cut)]
        if with_names:
            frequency = self.segmenter.frequency
            for k in with_names:
                cuts[k] = join_given_names(cuts[k], short_names, frequency)
            self._learn_unseen([cuts[k] for k in with_names])
        broken = self._broken
        token_lists = [
            cut
            if broken.isdisjoint(cut)
            else list(chain.from_iterable(map(pieces.__getitem__, cut)))
            for cut in cuts
        ]
        readings = self._decide(token_lists)
        results = []
        for index, (text, mirror, tokens, read) in enumerate(
            zip(texts, mirrors, token_lists, readings, strict=True)
        ):
            shown = tokens if mirror == text else map_back(text, tokens)
            ends = tuple(accumulate(map(len, tokens)))
            _honour_choices(shown, read, chosen[index] if chosen else None)
            results.append(CutParagraph(text, shown, ends, tuple(read)))
        return results

    def _rejoin_names(self, cuts: list[list[str]]) -> list[list[str]]:
        """Cuts where a three-character name read whole elsewhere was glued to a neighbour
        (刘一 / 学说) get it back."""
        names = [name for name in self._names if len(name) == 3]
        if not names:
            return cuts
        heads = {name[:2] for name in names}
        known = set(names)

        def holds_one(cut: list[str]) -> bool:
            return not heads.isdisjoint(cut) or any(len(t) > 3 and t[:3] in known for t in cut)

        return self._recut_where(cuts, holds_one, lambda cut: rejoin_known_names(cut, known))

    def _rejoin_places(self, cuts: list[list[str]]) -> list[list[str]]:
        """Cuts where jieba glued a place's unit to the next name (龙兴 / 镇西 / 关村) get it
        back (see names.rejoin_place_names)."""
        heads = self._unit_heads
        if not heads:
            return cuts
        frequency = self.segmenter.frequency
        return self._recut_where(
            cuts,
            lambda cut: not heads.isdisjoint(cut),
            lambda cut: rejoin_place_names(cut, frequency),
        )

    def _recut_where(
        self,
        cuts: list[list[str]],
        wanted: Callable[[list[str]], bool],
        recut: Callable[[list[str]], list[str]],
    ) -> list[list[str]]:
        """`cuts` with `recut` applied to those `wanted` picks (a cheap test: most paragraphs
        are never walked); the tokens it makes are learnt."""
        changed = []
        for k, cut in enumerate(cuts):
            if wanted(cut):
                rejoined = recut(cut)
                if rejoined != cut:
                    cuts[k] = rejoined
                    changed.append(rejoined)
        if changed:
            self._learn_unseen(changed)
        return cuts

    def _split(self, token: str) -> list[str]:
        """The token as the learner split it (`b`), or whole."""
        offsets = self._splits.get(token)
        if not offsets:
            return [token]
        bounds = [0, *(o for o in offsets if 0 < o < len(token)), len(token)]
        return [token[a:b] for a, b in pairwise(bounds) if b > a]

    def read(
        self, token_lists: list[list[str]], chosen: Sequence[Choices | None] | None = None
    ) -> list[list[str]]:
        """Readings for paragraphs already cut (stored tokens): no jieba, only the decision.
        `chosen`, per paragraph, as in cut_many."""
        mirrored = [[to_simplified(token) for token in tokens] for tokens in token_lists]
        unseen = [
            t for t in dict.fromkeys(t for ts in mirrored for t in ts) if t not in self._options
        ]
        if unseen:
            self._learn(unseen)
        readings = self._decide(mirrored)
        for index, (tokens, read) in enumerate(zip(token_lists, readings, strict=True)):
            _honour_choices(tokens, read, chosen[index] if chosen else None)
        return readings

    def _learn_unseen(self, cuts: list[list[str]]) -> None:
        pieces = self._pieces
        unseen = [t for t in dict.fromkeys(chain.from_iterable(cuts)) if t not in pieces]
        if unseen:
            self._learn(unseen)

    def _decide(self, token_lists: list[list[str]]) -> list[list[str]]:
        """The reading of every token in context; names then read as names, and long
        entries are written word by word (Zhōnghuá mínzú)."""
        decided = self.decider.decide(
            token_lists, self._options.__getitem__, self._fixed, self._doubtful
        )
        names, lengths, places = self._names, self._word_lengths, self._places
        for tokens, readings in zip(token_lists, decided, strict=True):
            if (
                names.keys().isdisjoint(tokens)
                and lengths.keys().isdisjoint(tokens)
                and places.isdisjoint(tokens)
            ):
                continue
            for index, token in enumerate(tokens):
                if token in names:
                    readings[index] = name_reading(token, readings[index], names[token])
                    continue
                if token in lengths:
                    readings[index] = group_words(readings[index], lengths[token])
                if token in places:
                    readings[index] = place_reading(token, readings[index])
        return decided

    def _learn(self, tokens: list[str]) -> None:
        han = [t for t in tokens if has_han(t)]
        self._unit_heads.update(t for t in han if len(t) == 2 and t[0] in ADMINISTRATIVE_UNITS)
        known: dict[str, tuple[Reading, ...]] = self.dictionary.readings_for(han) if han else {}
        unknown = [t for t in han if t not in known and _worth_splitting(t, self.segmenter)]
        splits = {
            token: cover
            for token, cover in self.dictionary.split_unknown(unknown).items()
            if _may_break(token, cover, self.segmenter)
        }
        glued = [t for t in han if t not in known and t not in splits and len(t) > 3]
        if glued:
            splits.update(self.dictionary.peel_names(glued))
        pieces = sorted({p for cover in splits.values() for p in cover} - set(known))
        if pieces:
            known.update(self.dictionary.readings_for(pieces))
        unread = [p for t in han for p in splits.get(t, [t]) if p not in known]
        names = self.dictionary.person_names(unread) if unread else set()
        self._names.update(self._surname_readings(names, known))
        for token in tokens:
            if token in names and len(token) == 2:
                self._short_names.add(token)
        nobody_knows = [t for t in han if t not in known and t not in splits]
        self._places.update(self._place_names([t for t in nobody_knows if t not in names]))
        # Pinyin orthography writes long entries word by word (Zhōnghuá mínzú, dìyī shūjì),
        # and jieba's words the dictionaries lack alike (动员大会: dòngyuán dàhuì).
        long_words = [t for t in known if len(t) >= GROUPED_LENGTH]
        long_words += [t for t in nobody_knows if len(t) >= GROUPED_LENGTH and t not in names]
        if long_words:
            lengths = self.dictionary.word_lengths(long_words, self.segmenter.frequency)
            self._word_lengths.update(lengths)
        long_unknown = [t for t in nobody_knows if len(t) > 2 and t not in self._covers]
        if long_unknown:  # read by the dictionary words inside them where there are any
            covers = self.dictionary.split_unknown(long_unknown)
            parts = sorted({p for cover in covers.values() for p in cover if len(p) > 1})
            known.update(self.dictionary.readings_for([p for p in parts if p not in known]))
            crossing = {c for word, cover in covers.items() for c in _crossing(word, cover)}
            words_across = (
                set(self.dictionary.readings_for(sorted(crossing))) if crossing else set()
            )
            for word, cover in covers.items():  # 手把手: 手把 or 把手? neither is sure
                self._covers[word] = _trusted_parts(word, cover, words_across)
        wanted = {c for t in nobody_knows for c in t if has_han(c)} | _light_characters(known)
        characters = sorted(wanted - set(known))
        if characters:
            known.update(self.dictionary.readings_for(characters))
        for token in tokens:
            self._pieces[token] = splits.get(token, [token])
            if token in splits:
                self._broken.add(token)
            for piece in self._pieces[token]:
                if piece in self._options:
                    continue
                if piece in self._chosen:  # the learner's reading, everywhere
                    self._options[piece] = (self._chosen[piece],)
                    self._fixed[piece] = self._chosen[piece]
                    continue
                self._options[piece] = choices = self._piece_options(piece, known)
                reading = context_free(piece, choices)
                doubted = self._doubted(piece, reading, known) if reading else ()
                if doubted:
                    self._options[piece] = doubted
                    self._doubtful.add(piece)
                elif reading is not None:
                    self._fixed[piece] = reading

    def _doubted(
        self, piece: str, reading: str, known: Mapping[str, tuple[Reading, ...]]
    ) -> tuple[str, ...]:
        """The options a second opinion chooses among (see glossary.second_opinion), for a
        CC-CEDICT word only (a glossary term's reading is someone's choice) and only with the
        model there to give it; () when the reading stands."""
        readings = known.get(piece, ())
        if len(piece) < 2 or not readings or readings[0].is_glossary:
            return ()
        if not self.decider.use_model or not model_available():
            return ()
        definitions = [d for r in readings for d in r.definitions]
        return doubtful_options(piece, reading, definitions)

    def _place_names(self, words: list[str]) -> set[str]:
        """The words (none in a dictionary) that name a place (see names.is_place_name)."""
        shaped = [w for w in words if len(w) >= 3 and w[-1] in ADMINISTRATIVE_UNITS]
        if not shaped:
            return set()
        pieces = sorted({piece for w in shaped for piece in (w[:-1], w[-2:], w[-3:])})
        known = self.dictionary.readings_for(pieces)
        return {w for w in shaped if is_place_name(w, known.__contains__)}

    def _surname_readings(
        self, names: set[str], known: dict[str, tuple[Reading, ...]]
    ) -> dict[str, str | None]:
        """Each name and the dictionary's reading of its surname (see names.dictionary_surname)."""
        surnames = {name: parts[0] for name in names if (parts := split_name(name)) is not None}
        missing = sorted(set(surnames.values()) - set(known))
        if missing:
            known.update(self.dictionary.readings_for(missing))
        return {
            name: dictionary_surname((r.pinyin, r.definitions) for r in known.get(surname, ()))
            for name, surname in surnames.items()
        }

    def _piece_options(self, piece: str, known: dict[str, tuple[Reading, ...]]) -> tuple[str, ...]:
        """A glossary term's reading alone; else the dictionary's readings; else, for a word
        nobody knows, its characters' readings with pypinyin's guess first."""
        if not has_han(piece):
            return ()
        readings = known.get(piece, ())
        if not readings:
            per_character = [tuple(r.pinyin for r in known.get(c, ())) for c in piece]
            start = 0
            for part, trusted in self._covers.get(piece, ()):  # 强降雨: 降雨 reads jiang4 yu3
                part_options = self._piece_options(part, known) if trusted else ()
                fixed = context_free(part, part_options) if part_options else None
                syllables = fixed.lower().split() if fixed else []  # 当家 stays to the 当 rule
                if len(syllables) == len(part):
                    per_character[start : start + len(part)] = [(s,) for s in syllables]
                start += len(part)
            if all(per_character):  # each character's first common reading; the model decides
                guess = " ".join(common_options(c)[0] for c in per_character).lower()
            else:
                guess = self.dictionary.reading_for_display(piece, readings)
            return unknown_word_options(guess, per_character, piece)
        if readings[0].is_glossary:
            return (readings[0].pinyin,)
        options = common_options(tuple(r.pinyin for r in readings))
        if len(piece) == 1:
            return options
        citation = partial(_citation, known)
        toned = [lexical_tones(piece, option, citation) for option in options]
        # Where giving the tone back would merge two entries, the light tone is what tells
        # them apart: it stays.
        merged = {t for t in toned if toned.count(t) > 1}
        return tuple(
            dict.fromkeys(t if t not in merged else o for t, o in zip(toned, options, strict=True))
        )


def _honour_choices(tokens: Sequence[str], readings: list[str], chosen: Choices | None) -> None:
    """Put the learner's reading over each occurrence they chose one for (`r`), where the
    token at that offset is still the word they chose it for."""
    if not chosen:
        return
    start = 0
    for position, token in enumerate(tokens):
        choice = chosen.get(start)
        if choice is not None and choice[0] == token:
            readings[position] = choice[1]
        start += len(token)


def _crossing(word: str, cover: list[str]) -> list[str]:
    """The two- to four-character stretches of `word` that cross a boundary of `cover`."""
    bounds = list(accumulate(map(len, cover)))[:-1]
    return [
        word[start:end]
        for cut in bounds
        for start in range(max(0, cut - 3), cut)
        for end in range(cut + 1, min(len(word), start + 4) + 1)
    ]


def _trusted_parts(word: str, cover: list[str], known: set[str]) -> list[tuple[str, bool]]:
    """Each part of `cover` and whether its reading may stand for those characters: a
    word of two or more characters that no other dictionary word crosses (强降雨: 降雨; but
    手把手 is 手把 + 手 or 手 + 把手, so neither reading stands)."""
    starts = [0, *accumulate(map(len, cover))]
    result = []
    for part, start in zip(cover, starts, strict=False):
        end = start + len(part)
        crossed = any(
            word[a:b] in known
            for a in range(max(0, start - 3), end)
            for b in range(a + 2, min(len(word), a + 4) + 1)
            if (a < start < b) or (a < end < b)
        )
        result.append((part, len(part) > 1 and not crossed))
    return result


def _light_syllables(known: Mapping[str, tuple[Reading, ...]]) -> set[tuple[str, int, str]]:
    """(word, index, letters) of each light syllable CC-CEDICT writes on a character that
    has a tone of its own inside a word (识 in 知识 zhi1 shi5); particles and suffixes
    (LIGHT_MORPHEMES) excepted."""
    found: set[tuple[str, int, str]] = set()
    for word, readings in known.items():
        if len(word) < 2:
            continue
        for reading in readings:
            if "5" in reading.pinyin and not reading.is_glossary:
                syllables = reading.pinyin.lower().split()
                if len(syllables) == len(word):
                    found.update(
                        (word, k, s[:-1])
                        for k, s in enumerate(syllables)
                        if s[-1] == "5" and word[k] not in LIGHT_MORPHEMES
                    )
    return found


def _light_characters(known: Mapping[str, tuple[Reading, ...]]) -> set[str]:
    """Characters CC-CEDICT reads with a light tone inside a word: their own readings give
    the tone back (see readings.lexical_tones)."""
    return {word[index] for word, index, _ in _light_syllables(known)}


def _toned_alike(
    known: Mapping[str, tuple[Reading, ...]], char: str, letters: str
) -> tuple[str, ...]:
    """The toned readings of `char` spelt `letters`, when the character is a polyphone."""
    syllables = dict.fromkeys(r.pinyin.lower() for r in known.get(char, ()))
    toned = [s for s in syllables if s[-1:] in ("1", "2", "3", "4")]
    return tuple(s for s in toned if s[:-1] == letters) if len(toned) > 1 else ()


def _citation(
    known: Mapping[str, tuple[Reading, ...]], word: str, index: int, letters: str
) -> str | None:
    """The toned syllable spelt `letters` of `word[index]` when the character is a polyphone
    (识 shi2 or zhi4) and only one of its syllables is spelt so, or the one two sources agree
    on where several are (服 fu2 in 衣服, see readings.light_tone); else None (see
    readings.lexical_tones)."""
    alike = _toned_alike(known, word[index], letters)
    if len(alike) == 1:
        return alike[0]
    return light_tone(word, index) if alike else None


def light_syllable_requests(
    dictionary: Dictionary, words: list[str]
) -> list[tuple[str, int, tuple[str, ...]]]:
    """(word, index, toned readings) for each light syllable of `words` whose character has
    several toned readings spelt alike (服 fu2 and fu4 in 衣服 yi1 fu5): what
    readings.light_tone answers, for bench/light_tones.py to build its table."""
    known = dict(dictionary.readings_for(words)) if words else {}
    characters = sorted(_light_characters(known) - set(known))
    if characters:
        known.update(dictionary.readings_for(characters))
    requests = []
    for word, index, letters in sorted(_light_syllables(known)):
        if index and word[index] == word[index - 1]:
            continue  # a doubled syllable keeps its light tone (see readings.lexical_tones)
        toned = _toned_alike(known, word[index], letters)
        if len(toned) > 1:
            requests.append((word, index, toned))
    return requests

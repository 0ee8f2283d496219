"""What the reader shows for a word: glossary entries over CC-CEDICT, every reading, and a
breakdown of compounds that neither knows into the longest known words that cover them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from math import log

from db import Database
from db.dictionary import DictionaryRow, find_many
from db.levels import frequency_ranks
from db.terms import Term, find_terms
from glossary.names import (
    AMBIGUOUS_SURNAMES,
    dictionary_surname,
    is_person_name,
    name_reading,
    split_name,
)
from glossary.pinyin import (
    Syllable,
    group_words,
    numbered_to_marked,
    pypinyin_numbered,
    syllables,
)
from glossary.script import has_han
from glossary.traditional import to_simplified

CEDICT_SOURCE = "CC-CEDICT"
PLACE_SUFFIXES = {
    "省": "province", "市": "city", "县": "county", "区": "district", "州": "prefecture",
    "镇": "town", "乡": "township", "村": "village", "社区": "community", "街道": "sub-district",
    "湾": "bay", "坝": "dam; flat", "河": "river", "山": "mountain", "岭": "ridge",
    "縣": "county", "區": "district", "鎮": "town", "鄉": "township", "社區": "community",
    "灣": "bay", "壩": "dam; flat", "嶺": "ridge",
}  # fmt: skip
ORIGIN_LABELS = {"builtin": "glossary (built-in)", "user": "glossary (yours)"}
MAX_PART_LENGTH = 8

GROUPED_LENGTH = 4
"""Words this long or longer are written word by word when they hold dictionary words."""
RARE_RANK = 100_000
"""The rank given to a word outside the stored frequency ranks (the commonest 50,000)."""
PHRASE_LENGTH = 5
"""Entries this long are phrases (以人民为中心): their one-character words stand apart too."""


@dataclass(frozen=True)
class Reading:
    """One way to read a word, from the glossary or one CC-CEDICT line."""

    simplified: str
    traditional: str
    pinyin: str  # numbered, CC-CEDICT style
    definitions: tuple[str, ...]
    source: str
    term_id: int | None = None

    @cached_property
    def marked(self) -> str:
        return numbered_to_marked(self.pinyin, compact=True)

    @cached_property
    def syllables(self) -> list[Syllable]:
        return syllables(self.pinyin)

    @property
    def is_glossary(self) -> bool:
        return self.term_id is not None


@dataclass(frozen=True)
class Part:
    """A piece of a word with the readings known for it (none for an unknown character)."""

    text: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Lookup:
    word: str
    readings: tuple[Reading, ...]
    breakdown: tuple[Part, ...] = ()
    characters: tuple[Part, ...] = ()
    guessed_pinyin: str = ""
    name_hint: str = ""

    @property
    def found(self) -> bool:
        return bool(self.readings)

    @property
    def glossed(self) -> bool:
        """True when the word gets some gloss: directly, as a name, or by its parts."""
        if self.found or self.name_hint:
            return True
        parts = self.breakdown or self.characters
        return bool(parts) and all(p.readings for p in parts)

    @property
    def traditional_form(self) -> str:
        """The traditional form: the first reading's, else built from the parts'."""
        if self.readings:
            return self.readings[0].traditional
        parts = self.breakdown or self.characters
        if not parts:
            return self.word
        covered = "".join(p.text for p in parts)
        if covered != self.word:  # characters skip non-Han: keep the word's own characters
            parts = tuple(
                Part(c, next((p.readings for p in parts if p.text == c), ())) for c in self.word
            )
        return "".join(p.readings[0].traditional if p.readings else p.text for p in parts)

    @property
    def pinyin(self) -> str:
        """Numbered pinyin for display: the first reading's, else pypinyin's guess."""
        return self.readings[0].pinyin if self.readings else self.guessed_pinyin


def _from_term(term: Term) -> Reading:
    return Reading(
        term.simplified,
        term.traditional,
        term.pinyin,
        (term.definition,),
        ORIGIN_LABELS.get(term.origin, term.origin),
        term.id,
    )


def _from_row(row: DictionaryRow) -> Reading:
    return Reading(row.simplified, row.traditional, row.pinyin, row.definitions, CEDICT_SOURCE)


PINYIN_QUERY = re.compile(
    r"^(?:[a-zü]+(?::)?[1-5]?['\s]*)+$", re.IGNORECASE
)  # after tone marks become numbers: letters, optional u:, an optional tone digit


@dataclass(frozen=True)
class Answer:
    """What `lookup` found for one query: its kind (hanzi, pinyin or english) and entries,
    the primary sense first; for hanzi nobody knows, the breakdown instead."""

    query: str
    kind: str
    entries: tuple[Reading, ...]
    result: Lookup | None = None  # the full hanzi lookup (breakdown, characters)

    @property
    def found(self) -> bool:
        if self.result is not None:
            return (
                self.result.found
                or bool(self.result.breakdown)
                or any(p.readings for p in self.result.characters)
            )
        return bool(self.entries)


MAX_LOOKUP_CHARS = 200
"""Longer input is not a word: `lookup` refuses it, and `Dictionary.lookup` finds nothing."""


REMEMBERED_WORDS = 300_000
"""A remembering Dictionary forgets everything past this many words (about 100 MB)."""


class Dictionary:
    """Lookups against one database: the glossary first, then CC-CEDICT.

    With `remember`, each word's readings (or their absence) are kept after the first query:
    cutting asks for the same characters and word pieces thousands of times, and an import
    of varied text spent most of its time asking again. Only for a snapshot that ends with
    its owner, like the Annotator's: a glossary change is not seen.
    """

    def __init__(self, database: Database, *, remember: bool = False) -> None:
        self.database = database
        self._remembered: dict[str, tuple[Reading, ...]] | None = {} if remember else None

    def readings_for(self, words: list[str]) -> dict[str, tuple[Reading, ...]]:
        """Direct readings for several words at once (two indexed queries)."""
        remembered = self._remembered
        if remembered is None:
            return self._query(words)
        asked = [word for word in dict.fromkeys(words) if word not in remembered]
        if asked:
            if len(remembered) + len(asked) > REMEMBERED_WORDS:
                remembered.clear()
                asked = list(dict.fromkeys(words))
            found = self._query(asked)
            for word in asked:
                remembered[word] = found.get(word, ())
        return {word: readings for word in words if (readings := remembered[word])}

    def _query(self, words: list[str]) -> dict[str, tuple[Reading, ...]]:
        terms = find_terms(self.database, words)
        rows = find_many(self.database, words)
        result: dict[str, tuple[Reading, ...]] = {}
        for word in words:
            readings = [_from_term(t) for t in _one_per_headword(terms.get(word, []))]
            # Proper-noun readings (surnames, places) are capitalised; common senses go first.
            cedict = sorted(rows.get(word, []), key=lambda r: r.pinyin[:1].isupper())
            readings += [_from_row(r) for r in cedict]
            if readings:
                result[word] = tuple(readings)
        missing = [w for w in words if w not in result and has_han(w)]
        if missing:
            result.update(self._by_simplified_form(missing))
        return result

    def _by_simplified_form(self, words: list[str]) -> dict[str, tuple[Reading, ...]]:
        """Traditional words whose exact form neither source holds (裡面, 拿著), found by their
        simplified mirror (里面, 拿着)."""
        mirrors = {word: to_simplified(word) for word in words}
        changed = {word: mirror for word, mirror in mirrors.items() if mirror != word}
        if not changed:
            return {}
        found = self._query(sorted(set(changed.values())))
        return {word: found[mirror] for word, mirror in changed.items() if mirror in found}

    def lookup(self, word: str, known_pinyin: str | None = None) -> Lookup:
        """`known_pinyin`, the reading stored with the text, saves asking pypinyin."""
        word = word.strip()
        if not word:
            return Lookup(word, ())
        if len(word) > MAX_LOOKUP_CHARS:  # no word is this long: do not search its pieces
            return Lookup(word, ())
        direct = self.readings_for([word]).get(word, ())
        if direct:
            from glossary.senses import default_reading, order_senses

            shown = known_pinyin or default_reading(word, direct)
            return Lookup(word, order_senses(direct, shown))
        return self._unknown(word, known_pinyin)

    def _unknown(self, word: str, known_pinyin: str | None) -> Lookup:
        pieces = {
            word[start:end]
            for start in range(len(word))
            for end in range(start + 1, min(len(word), start + MAX_PART_LENGTH) + 1)
        }
        known = self.readings_for(sorted(pieces))
        breakdown = _parts(_cover(word, known), known, known_pinyin)
        characters = _parts([char for char in word if has_han(char)], known, known_pinyin)
        hint = name_hint(word, _word_test(known))
        if known_pinyin is not None:
            guess = known_pinyin
        else:
            guess = " ".join(pypinyin_numbered(to_simplified(word))) if has_han(word) else ""
            parts = split_name(word)
            if hint.startswith(PERSON_HINT) and parts is not None:
                entries = known.get(parts[0], ())
                surname = dictionary_surname((r.pinyin, r.definitions) for r in entries)
                guess = name_reading(word, guess, surname)
        useful_breakdown = breakdown if len(breakdown) > 1 else ()
        return Lookup(word, (), useful_breakdown, characters, guess, hint)

    def split_unknown(self, words: list[str]) -> dict[str, list[str]]:
        """For words neither source knows, the fewest dictionary words that cover each.

        Only splits that use at least one real word (or cut a two-character word) are
        returned; names are left whole. Used by segmentation, so 一个 becomes 一 + 个 and
        广大党员 becomes 广大 + 党员, each with a direct gloss.
        """
        longer = [w for w in words if len(w) > 1]
        pieces = {
            w[start:end]
            for w in longer
            for start in range(len(w))
            for end in range(start + 1, min(len(w), start + MAX_PART_LENGTH) + 1)
        }
        known = self.readings_for(sorted(pieces)) if pieces else {}
        is_word = _word_test(known)
        splits: dict[str, list[str]] = {}
        for word in longer:
            if name_hint(word, is_word):
                continue
            cover = _cover(word, known)
            if len(cover) < 2 or not all(piece in known for piece in cover):
                continue
            if len(word) == 2 or any(len(piece) > 1 for piece in cover):
                splits[word] = cover
        return splits

    def person_names(self, words: list[str]) -> set[str]:
        """The words, none of them in a dictionary, that look like personal names."""
        shaped = [w for w in words if split_name(w) is not None]
        if not shaped:
            return set()
        pieces = {w[start:end] for w in shaped for start in range(len(w)) for end in
                  range(start + 2, len(w) + 1)}  # fmt: skip
        is_word = _word_test(self.readings_for(sorted(pieces)))
        return {w for w in shaped if name_hint(w, is_word).startswith(PERSON_HINT)}

    def peel_names(self, words: list[str]) -> dict[str, list[str]]:
        """Words jieba glued a name to (长马永菊: 村民小组长马永菊), cut before the name
        when what precedes it is a dictionary word."""
        shaped = [w for w in words if 4 <= len(w) <= 5]
        pieces = {w[start:end] for w in shaped for start in range(len(w))
                  for end in range(start + 1, len(w) + 1)}  # fmt: skip
        known = self.readings_for(sorted(pieces)) if pieces else {}
        is_word = _word_test(known)
        peeled: dict[str, list[str]] = {}
        for word in shaped:
            prefix, name = word[:-3], word[-3:]
            if (
                prefix in known
                and not is_word(word[:-2])  # 光荣传统, 亲戚朋友
                and not is_word(name[1:])
                and name[0] not in AMBIGUOUS_SURNAMES
                and is_person_name(name, is_word)
            ):
                peeled[word] = [prefix, name]
        return peeled

    def written_pinyin(self, terms: list[tuple[str, str]]) -> dict[str, str]:
        """Each (word, numbered pinyin) with tone marks, written word by word as the reader
        writes it over the text (dìyī shūjì, not dìyīshūjì)."""
        grouped = self.grouped_pinyin(terms)
        return {
            word: numbered_to_marked(pinyin, compact=True)
            for (word, _), pinyin in zip(terms, grouped, strict=True)
        }

    def grouped_pinyin(self, terms: list[tuple[str, str]]) -> list[str]:
        """Each (word, numbered pinyin) still numbered, with the word breaks the reader
        writes (`dang3 yuan2  gan4 bu4`); a word may come with several readings."""
        lengths = self.word_lengths(
            list({word for word, _ in terms if len(word) >= GROUPED_LENGTH})
        )
        return [group_words(pinyin, lengths.get(word, [])) for word, pinyin in terms]

    def word_lengths(
        self, words: list[str], frequency: Callable[[str], int] | None = None
    ) -> dict[str, list[int]]:
        """For words made of shorter dictionary words of two characters or more (中华民族 =
        中华 + 民族), the length of each, so their pinyin can be written word by word.

        A phrase of PHRASE_LENGTH characters or more may hold one-character words between
        two longer ones (以 人民 为 中心: yǐ rénmín wéi zhōngxīn, not yǐrénmínwéizhōngxīn);
        a shorter word made of single characters (两学一做) stays whole. Between two splits
        of as many pieces, the one of commoner words wins (为 人民 服务, not 为人 民 服务):
        by `frequency` (jieba's counts, which cutting has loaded), else by the stored ranks.
        """
        pieces = {
            w[start:end]
            for w in words
            for start in range(len(w))
            for end in range(start + 1, min(len(w), start + MAX_PART_LENGTH) + 1)
            if end - start < len(w)
        }
        known = self.readings_for(sorted(pieces)) if pieces else {}
        rarity = _rarity(frequency) if frequency else _rank_rarity(self.database, known)
        lengths: dict[str, list[int]] = {}
        for word in words:
            whole = known.pop(word, None)  # cover it by shorter words only
            cover = _cover(word, known, rarity)
            if whole is not None:
                known[word] = whole
            longer = sum(len(p) > 1 for p in cover)
            phrase = len(word) >= PHRASE_LENGTH and longer >= 2
            if (
                len(cover) > 1
                and all(p in known for p in cover)
                and (phrase or longer == len(cover))
            ):
                inner = self.word_lengths([p for p in cover if len(p) > 3], frequency)
                lengths[word] = [n for p in cover for n in inner.get(p, [len(p)])]
        return lengths

    def reading_for_display(self, word: str, readings: tuple[Reading, ...]) -> str:
        """The numbered pinyin to show over a word in running text.

        A glossary entry or a single CC-CEDICT reading wins; among several readings the one
        pypinyin's context choice matches; pypinyin alone for words nobody knows.
        """
        if not readings:
            return " ".join(pypinyin_numbered(word)) if has_han(word) else ""
        if readings[0].is_glossary or len({r.pinyin.lower() for r in readings}) == 1:
            return readings[0].pinyin
        guess = " ".join(pypinyin_numbered(word)).lower()
        lower_first = sorted(readings, key=lambda r: r.pinyin != r.pinyin.lower())
        for reading in lower_first:
            if reading.pinyin.lower() == guess:
                return reading.pinyin
        return lower_first[0].pinyin


PERSON_HINT = "person's name?"


def name_hint(word: str, is_word: Callable[[str], bool] = lambda _: False) -> str:
    """A guess for words no dictionary has: a person's name or a place name, else ''.

    `is_word` says whether a piece is a dictionary word: 金钥匙 and 成大器 are not names.
    """
    if not has_han(word):
        return ""
    for suffix, meaning in PLACE_SUFFIXES.items():
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return f"place name ({suffix}: {meaning})"
    if is_person_name(word, is_word):
        parts = split_name(word)
        assert parts is not None
        return f"{PERSON_HINT} (surname {parts[0]})"
    return ""


def _word_test(known: dict[str, tuple[Reading, ...]]) -> Callable[[str], bool]:
    """Whether a piece is a dictionary word (proper nouns count: 龙王 in 龙王庙)."""

    def is_word(piece: str) -> bool:
        return piece in known

    return is_word


def _one_per_headword(terms: list[Term]) -> list[Term]:
    """A user's copy hides the built-in term it was made from."""
    seen: set[str] = set()
    chosen = []
    for term in terms:  # user copies come first
        if term.simplified not in seen:
            seen.add(term.simplified)
            chosen.append(term)
    return chosen


def _parts(
    pieces: list[str], known: dict[str, tuple[Reading, ...]], shown: str | None
) -> tuple[Part, ...]:
    """Each piece with its readings, the primary sense first (船 'boat' before 舩, its
    variant): by the piece's syllables of the reading shown, else its default reading."""
    from glossary.senses import default_reading, order_senses

    syllables = shown.split() if shown else []
    if len(syllables) != sum(len(piece) for piece in pieces):
        syllables = []
    parts = []
    start = 0
    for piece in pieces:
        readings = known.get(piece, ())
        mine = " ".join(syllables[start : start + len(piece)]) or default_reading(piece, readings)
        parts.append(Part(piece, order_senses(readings, mine)))
        start += len(piece)
    return tuple(parts)


def _cover(
    word: str, known: Mapping[str, object], rarity: Callable[[str], float] | None = None
) -> list[str]:
    """Split `word` into the fewest known pieces (unknown characters stand alone).

    Dynamic programming over prefixes; among equal counts the split with the longer
    leading piece wins, which is how a reader parses 党支部 as 党 + 支部, unless `rarity`
    (a cost per piece, lower for commoner words) tells them apart first: 为 + 人民 + 服务,
    not 为人 + 民 + 服务. Each prefix keeps only its count, cost and where its last piece
    starts, so time and memory are linear in the length of `word` (copying whole splits
    made a 40,000-character lookup take gigabytes).
    """
    size = len(word)
    counts: list[int | None] = [None] * (size + 1)
    costs = [0.0] * (size + 1)
    starts = [0] * (size + 1)
    counts[0] = 0
    for end in range(1, size + 1):
        for start in range(max(0, end - MAX_PART_LENGTH), end):
            previous = counts[start]
            piece = word[start:end]
            if previous is None or (end - start > 1 and piece not in known):
                continue
            cost = costs[start] + (rarity(piece) if rarity else 0.0)
            current = counts[end]
            if (
                current is None
                or previous + 1 < current
                or (previous + 1 == current and cost <= costs[end])
            ):
                counts[end] = previous + 1
                costs[end] = cost
                starts[end] = start
    pieces: list[str] = []
    end = size
    while end > 0:
        pieces.append(word[starts[end] : end])
        end = starts[end]
    pieces.reverse()
    return pieces


def _rarity(frequency: Callable[[str], int]) -> Callable[[str], float]:
    """A piece's cost from its count: the negative log of its share, as jieba weighs a cut."""
    return lambda piece: -log(frequency(piece) + 1)


def _rank_rarity(database: Database, known: Mapping[str, object]) -> Callable[[str], float]:
    """A piece's cost from its stored frequency rank; every piece costs alike (so the
    longer leading piece decides) when the ranks are not stored yet."""
    ranks = frequency_ranks(database, sorted(known)) if known else {}
    return lambda piece: log(ranks.get(piece, RARE_RANK)) if ranks else 0.0


def answer(dictionary: Dictionary, query: str) -> Answer:
    """Look up hanzi, pinyin (`diyi shuji`, `dì yī`, `di4 yi1`) or English (`village`)."""
    from db.dictionary import find_by_english, find_by_pinyin
    from glossary.pinyin import MARK_TONES, marked_to_numbered

    query = query.strip()
    if has_han(query):
        result = dictionary.lookup(query)
        return Answer(query, "hanzi", result.readings, result)
    if not any(c.isalnum() for c in query):
        return Answer(query, "english", ())  # nothing to look for ('', '!!!')
    marked = any(c in MARK_TONES for c in unicodedata.normalize("NFD", query))  # not ü alone
    numbered = " ".join(
        part if part[-1:].isdigit() or not marked else marked_to_numbered(part)
        for part in query.replace("'", " ").split()
    )
    if any(c.isalpha() for c in query) and PINYIN_QUERY.match(numbered):
        with_tones = marked or any(c.isdigit() for c in query)
        key = (numbered if marked else query).lower().replace(" ", "").replace("'", "")
        key = key.replace("ü", "u:").replace("v", "u:")  # lü, lv and lu: are ü; lu is u
        database = dictionary.database
        found = [_from_term(t) for t in _terms_read_as(database, key, with_tones)]
        found += [_from_row(r) for r in find_by_pinyin(database, key, with_tones=with_tones)]
        if found:
            return Answer(query, "pinyin", tuple(_by_frequency(dictionary, found)))
    words = query.lower()
    pattern = re.compile(rf"(?<![a-z]){re.escape(words)}(?![a-z])")
    exact: list[Reading] = []
    partial: list[Reading] = []
    for row in find_by_english(dictionary.database, words):
        hits = [d.lower() for d in row.definitions if pattern.search(d.lower())]
        if hits:
            whole = any(d.removeprefix("to ") == words for d in hits)
            (exact if whole else partial).append(_from_row(row))
    ranked = _by_frequency(dictionary, exact) + _by_frequency(dictionary, partial)
    return Answer(query, "english", tuple(ranked[:20]))


def _terms_read_as(database: Database, key: str, with_tones: bool) -> list[Term]:
    """Glossary terms whose pinyin is `key` (see `answer`): 第一书记 for `diyishuji`."""
    from db.terms import effective_terms

    def spelled(pinyin: str) -> str:
        plain = pinyin.lower().replace(" ", "")
        return plain if with_tones else "".join(c for c in plain if not c.isdigit())

    return [t for t in effective_terms(database) if spelled(t.pinyin) == key]


def _by_frequency(dictionary: Dictionary, readings: list[Reading]) -> list[Reading]:
    """Commonest words first (jieba's counts); glossary terms lead their ties. A character
    read other than its usual way, and an entry that only points elsewhere or names a
    surname, come after the others: 省 is common as shěng, not as xǐng, so `xing` lists
    星, 行 and 醒 before it."""
    from db.levels import frequency_ranks
    from glossary.senses import default_reading, is_minor

    ranks = frequency_ranks(dictionary.database, [r.simplified for r in readings])
    characters = sorted({r.simplified for r in readings if len(r.simplified) == 1})
    every = dictionary.readings_for(characters) if characters else {}
    usual = {c: default_reading(c, every.get(c, ())).lower() for c in characters}
    unranked = 10**9

    def key(reading: Reading) -> tuple[bool, int, bool]:
        unusual = reading.pinyin.lower() != usual.get(reading.simplified, reading.pinyin.lower())
        rare = unusual or is_minor(reading)  # or a variant, or only a surname
        return (rare, ranks.get(reading.simplified, unranked), not reading.is_glossary)

    return sorted(readings, key=key)


def lookup(database: Database, word: str) -> Lookup:
    """Convenience wrapper for one-off lookups."""
    return Dictionary(database).lookup(word)

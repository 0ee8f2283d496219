"""What the reader shows for a word: glossary entries over CC-CEDICT, every reading, and a
breakdown of compounds that neither knows into the longest known words that cover them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from db import Database
from db.dictionary import DictionaryRow, find_many
from db.terms import Term, find_terms
from glossary.pinyin import Syllable, numbered_to_marked, pypinyin_numbered, syllables
from glossary.script import has_han

CEDICT_SOURCE = "CC-CEDICT"
# The commonest Chinese surnames (they cover most of the population).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝拜"
)
PLACE_SUFFIXES = {
    "省": "province", "市": "city", "县": "county", "区": "district", "州": "prefecture",
    "镇": "town", "乡": "township", "村": "village", "社区": "community", "街道": "sub-district",
    "湾": "bay", "坝": "dam; flat", "河": "river", "山": "mountain", "岭": "ridge",
}  # fmt: skip
ORIGIN_LABELS = {"builtin": "glossary (built-in)", "user": "glossary (yours)"}
MAX_PART_LENGTH = 8


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


MAX_LOOKUP_CHARS = 200
"""Longer input is not a word: `lookup` refuses it, and `Dictionary.lookup` finds nothing."""


class Dictionary:
    """Lookups against one database: the glossary first, then CC-CEDICT."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def readings_for(self, words: list[str]) -> dict[str, tuple[Reading, ...]]:
        """Direct readings for several words at once (two indexed queries)."""
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
        return result

    def lookup(self, word: str, known_pinyin: str | None = None) -> Lookup:
        """`known_pinyin`, the reading stored with the text, saves asking pypinyin."""
        word = word.strip()
        if not word:
            return Lookup(word, ())
        if len(word) > MAX_LOOKUP_CHARS:  # no word is this long: do not search its pieces
            return Lookup(word, ())
        direct = self.readings_for([word]).get(word, ())
        if direct:
            return Lookup(word, direct)
        return self._unknown(word, known_pinyin)

    def _unknown(self, word: str, known_pinyin: str | None) -> Lookup:
        pieces = {
            word[start:end]
            for start in range(len(word))
            for end in range(start + 1, min(len(word), start + MAX_PART_LENGTH) + 1)
        }
        known = self.readings_for(sorted(pieces))
        breakdown = tuple(Part(text, known.get(text, ())) for text in _cover(word, known))
        characters = tuple(Part(char, known.get(char, ())) for char in word if has_han(char))
        if known_pinyin is not None:
            guess = known_pinyin
        else:
            guess = " ".join(pypinyin_numbered(word)) if has_han(word) else ""
        useful_breakdown = breakdown if len(breakdown) > 1 else ()
        return Lookup(word, (), useful_breakdown, characters, guess, name_hint(word))

    def split_unknown(self, words: list[str]) -> dict[str, list[str]]:
        """For words neither source knows, the fewest dictionary words that cover each.

        Only splits that use at least one real word (or cut a two-character word) are
        returned; names are left whole. Used by segmentation, so 一个 becomes 一 + 个 and
        广大党员 becomes 广大 + 党员, each with a direct gloss.
        """
        candidates = [w for w in words if len(w) > 1 and not name_hint(w)]
        pieces = {
            w[start:end]
            for w in candidates
            for start in range(len(w))
            for end in range(start + 1, min(len(w), start + MAX_PART_LENGTH) + 1)
        }
        known = self.readings_for(sorted(pieces)) if pieces else {}
        splits: dict[str, list[str]] = {}
        for word in candidates:
            cover = _cover(word, known)
            if len(cover) < 2 or not all(piece in known for piece in cover):
                continue
            if len(word) == 2 or any(len(piece) > 1 for piece in cover):
                splits[word] = cover
        return splits

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


def name_hint(word: str) -> str:
    """A guess for words no dictionary has: a person's name or a place name, else ''."""
    if not has_han(word):
        return ""
    for suffix, meaning in PLACE_SUFFIXES.items():
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return f"place name ({suffix}: {meaning})"
    if 2 <= len(word) <= 3 and word[0] in SURNAMES and all("\u4e00" <= c <= "\u9fff" for c in word):
        return f"person's name? (surname {word[0]})"
    return ""


def _one_per_headword(terms: list[Term]) -> list[Term]:
    """A user's copy hides the built-in term it was made from."""
    seen: set[str] = set()
    chosen = []
    for term in terms:  # user copies come first
        if term.simplified not in seen:
            seen.add(term.simplified)
            chosen.append(term)
    return chosen


def _cover(word: str, known: dict[str, tuple[Reading, ...]]) -> list[str]:
    """Split `word` into the fewest known pieces (unknown characters stand alone).

    Dynamic programming over prefixes; among equal counts the split with the longer
    leading piece wins, which is how a reader parses 党支部 as 党 + 支部. Each prefix keeps
    only its count and where its last piece starts, so time and memory are linear in the
    length of `word` (copying whole splits made a 40,000-character lookup take gigabytes).
    """
    size = len(word)
    counts: list[int | None] = [None] * (size + 1)
    starts = [0] * (size + 1)
    counts[0] = 0
    for end in range(1, size + 1):
        for start in range(max(0, end - MAX_PART_LENGTH), end):
            previous = counts[start]
            if previous is None or (end - start > 1 and word[start:end] not in known):
                continue
            current = counts[end]
            if current is None or previous + 1 <= current:
                counts[end] = previous + 1
                starts[end] = start
    pieces: list[str] = []
    end = size
    while end > 0:
        pieces.append(word[starts[end] : end])
        end = starts[end]
    pieces.reverse()
    return pieces


def lookup(database: Database, word: str) -> Lookup:
    """Convenience wrapper for one-off lookups."""
    return Dictionary(database).lookup(word)

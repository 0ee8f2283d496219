"""Pinyin: numbered syllables to tone marks and back, tones for colouring, and pypinyin.

CC-CEDICT writes pinyin as numbered syllables separated by spaces (``zhong1 guo2``, ``nu:3``,
``Xi2 Jin4 ping2``, ``wan2 r5``). pypinyin is imported lazily: it is only needed for words that
no dictionary knows, and it costs a noticeable fraction of a second to load.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TONE_MARKS = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}
MARK_TONES = {mark: tone for tone, mark in TONE_MARKS.items()}
NEUTRAL_TONE = 5
NO_TONE = 0  # not a syllable: punctuation, Latin letters, digits

# Colours per tone, in the common Pleco/Hanping scheme; neutral and non-syllables stay plain.
TONE_COLOURS = {1: "#e35b5b", 2: "#e0a73a", 3: "#4fb35c", 4: "#5a8de6", 5: "#9a9a9a"}

_SYLLABLE = re.compile(r"^([A-Za-zÜüÊê:]+?)([1-5])$")
_VOWELS = "aeiouüAEIOUÜêÊ"


# Two spaces separate the words of a multi-word reading (``zhong1 hua2  min2 zu2``): split()
# still gives one syllable per character, and joined pinyin reads zhōnghuá mínzú.
WORD_BREAK = "  "


@dataclass(frozen=True)
class Syllable:
    text: str
    tone: int
    word_start: bool = False  # begins a new word inside a multi-word reading


def _normalise_letters(letters: str) -> str:
    """``u:`` and ``v`` both stand for ü in numbered pinyin (no syllable has a real v)."""
    return letters.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")


def _mark_position(letters: str) -> int | None:
    lower = letters.lower()
    for vowel in ("a", "e", "ê"):
        index = lower.find(vowel)
        if index >= 0:
            return index
    index = lower.find("ou")
    if index >= 0:
        return index
    for index in range(len(lower) - 1, -1, -1):
        if lower[index] in _VOWELS.lower():
            return index
    # Syllabic nasals (嗯 ng2, 呣 m2) carry the mark on the nasal.
    if lower and lower[0] in "mn":
        return 0
    return None


def mark_syllable(numbered: str) -> Syllable:
    """``hao3`` -> Syllable("hǎo", 3); ``r5`` -> "r"; anything else is returned untoned."""
    match = _SYLLABLE.match(numbered)
    if match is None:
        return Syllable(numbered.replace("u:", "ü").replace("U:", "Ü"), NO_TONE)
    letters, digit = match.group(1), int(match.group(2))
    letters = _normalise_letters(letters)
    if digit == NEUTRAL_TONE:
        return Syllable(letters, NEUTRAL_TONE)
    position = _mark_position(letters)
    if position is None:
        return Syllable(letters, NO_TONE)
    marked = letters[: position + 1] + TONE_MARKS[digit] + letters[position + 1 :]
    return Syllable(unicodedata.normalize("NFC", marked), digit)


def syllables(numbered: str) -> list[Syllable]:
    """Every space-separated syllable of a CC-CEDICT reading, marked, with its tone."""
    if WORD_BREAK not in numbered.strip():
        return [mark_syllable(part) for part in numbered.split()]
    marked: list[Syllable] = []
    for word in numbered.strip().split(WORD_BREAK):
        for index, part in enumerate(word.split()):
            syllable = mark_syllable(part)
            if index == 0 and marked:
                syllable = Syllable(syllable.text, syllable.tone, word_start=True)
            marked.append(syllable)
    return marked


def group_words(numbered: str, lengths: list[int]) -> str:
    """A reading with a word break after each word of `lengths` characters (one syllable per
    character); unchanged when the counts disagree."""
    parts = numbered.split()
    if sum(lengths) != len(parts) or len(lengths) < 2:
        return numbered
    words = []
    start = 0
    for length in lengths:
        words.append(" ".join(parts[start : start + length]))
        start += length
    return WORD_BREAK.join(words)


def numbered_to_marked(numbered: str, *, compact: bool = False) -> str:
    """``zhong1 guo2`` -> ``zhōng guó``; compact: ``zhōngguó``, ``Xí Jìnpíng``, ``Xī'ān``."""
    marked = syllables(numbered)
    return join_syllables(marked) if compact else " ".join(s.text for s in marked)


def join_syllables(marked: list[Syllable]) -> str:
    """Write syllables as one word: an apostrophe before a/o/e (Xī'ān), a space before a
    capital (a new name part) or a word break, and around anything that is not a syllable."""
    joined = ""
    previous: Syllable | None = None
    for syllable in marked:
        text = syllable.text
        if previous is not None and text:
            first = unicodedata.normalize("NFD", text[:1])[:1]
            if NO_TONE in (syllable.tone, previous.tone) or first.isupper() or syllable.word_start:
                joined += " "
            elif first in {"a", "o", "e"}:
                joined += "'"
        joined += text
        previous = syllable
    return joined


def marked_to_numbered(marked: str) -> str:
    """``hǎo`` -> ``hao3``; a syllable without a mark gets the neutral tone 5; ü -> u:."""
    decomposed = unicodedata.normalize("NFD", marked)
    tone = NEUTRAL_TONE
    letters = []
    for char in decomposed:
        if char in MARK_TONES:
            tone = MARK_TONES[char]
        else:
            letters.append(char)
    plain = unicodedata.normalize("NFC", "".join(letters))
    return plain.replace("ü", "u:").replace("Ü", "U:") + str(tone)


def toneless(text: str) -> str:
    """Lower-case pinyin without marks or digits, for search: ``Dì yī`` -> ``di yi``."""
    decomposed = unicodedata.normalize("NFD", text.replace("u:", "u").replace("ü", "u"))
    stripped = "".join(c for c in decomposed if c not in MARK_TONES and not c.isdigit())
    return unicodedata.normalize("NFC", stripped).replace("ü", "u").replace("'", "").lower()


def pypinyin_numbered(word: str) -> list[str]:
    """Numbered syllables from pypinyin for one word (context-aware for polyphones)."""
    from pypinyin import Style, lazy_pinyin

    result: list[str] = lazy_pinyin(
        word, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=False, errors="ignore"
    )
    return [syllable.replace("v", "u:") for syllable in result]

"""Pinyin: numbered syllables to tone marks and back, tones for colouring, and pypinyin.

CC-CEDICT writes pinyin as numbered syllables separated by spaces (``zhong1 guo2``, ``nu:3``,
``Xi2 Jin4 ping2``, ``wan2 r5``). pypinyin is imported lazily: it is only needed for words that
no dictionary knows, and it costs a noticeable fraction of a second to load.
"""

from __future__ import annotations

import functools
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


# --- splitting pinyin written joined by words ---------------------------------------------------

MAX_SPLIT_LETTERS = 300
"""Longer pinyin is not one term's reading: `split_pinyin` refuses it (and stays fast)."""
MAX_SYLLABLE_LETTERS = 6  # zhuang, shuang, chuang
_LONE_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng", "ê"})
"""Interjections (呣 嗯 噷 哼 欸): whole words only, or `yong` would split as yo + ng."""
_ERHUA = "r"  # CC-CEDICT's syllable for a final 儿 (wan2 r5 for 玩儿): last in a word only
_APOSTROPHES = "'’‘ʼ`"
_DIAERESIS, _CIRCUMFLEX = "\u0308", "\u0302"


@dataclass(frozen=True)
class _Piece:
    """Letters between two boundaries (a space, an apostrophe, a tone digit)."""

    letters: tuple[str, ...]  # one letter each, ü and ê included
    tones: tuple[int | None, ...]  # the tone mark on each letter, if any
    digit: int | None  # the tone digit that ended the piece (`yong4`), if any


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable of pypinyin's character table (about 430, ü kept: lü, nüe),
    with lue/nue as people type them; the data decides what a syllable is, not a list here."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = {"lue", "nue"}
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            decomposed = unicodedata.normalize("NFD", reading)
            plain = "".join(c for c in decomposed if c not in MARK_TONES)
            found.add(unicodedata.normalize("NFC", plain).lower())
    return frozenset(found)


def _pieces(text: str) -> list[_Piece] | None:
    """The text cut at spaces, apostrophes, hyphens and tone digits; None when it holds
    anything pinyin does not (hanzi, symbols, digits other than 1-5)."""
    text = text.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    pieces: list[_Piece] = []
    letters: list[str] = []
    tones: list[int | None] = []

    def close(digit: int | None) -> bool:
        """End the piece; False for a tone digit with no letters before it."""
        if not letters:
            return digit is None
        pieces.append(_Piece(tuple(letters), tuple(tones), digit))
        letters.clear()
        tones.clear()
        return True

    for char in unicodedata.normalize("NFD", text):
        if char in MARK_TONES and letters:
            if tones[-1] is not None:
                return None  # two marks on one letter
            tones[-1] = MARK_TONES[char]
        elif char == _DIAERESIS and letters and letters[-1] in "uU":
            letters[-1] = "ü" if letters[-1] == "u" else "Ü"
        elif char == _CIRCUMFLEX and letters and letters[-1] in "eE":
            letters[-1] = "ê" if letters[-1] == "e" else "Ê"
        elif (char.isascii() and char.isalpha()) or char in "üÜêÊ":
            letters.append(char)
            tones.append(None)
        elif char in "12345":
            if not close(int(char)):
                return None  # a digit with no letters before it
        elif char.isspace() or char in _APOSTROPHES or unicodedata.category(char)[0] == "P":
            close(None)
        else:
            return None
    close(None)
    return pieces


_Split = tuple[int, list[int], list[str]]
"""A split's penalty, the letters in each syllable (negated, for maximal munch) and the
numbered syllables."""


def _split_piece(piece: _Piece, most: int, toned: bool) -> dict[int, _Split]:
    """The best split of one piece for each syllable count up to `most`.

    A tone digit ends one syllable (`huai4` is never hu + ai4). A syllable that starts with
    a, o or e right after another costs one (orthography writes xi'an, so `xian` is one
    syllable unless the count needs two), and in `toned` pinyin both sides must carry a
    mark (xīān, never hu + ài). Among equal costs the longer syllable first wins (maximal
    munch). Dynamic programming from the end, so each state keeps only its first
    syllable's length.
    """
    letters = piece.letters
    size = len(letters)
    if piece.digit is not None:
        most = min(most, 1)
    valid = pinyin_syllables()
    # best[start][count] = (penalty, -length of the first syllable)
    best: list[dict[int, tuple[int, int]]] = [{} for _ in range(size + 1)]
    best[size][0] = (0, 0)
    for start in range(size - 1, -1, -1):
        for length in range(1, min(MAX_SYLLABLE_LETTERS, size - start) + 1):
            end = start + length
            spelled = "".join(letters[start:end]).lower()
            whole = start == 0 and end == size
            if spelled == _ERHUA:
                if end != size:
                    continue
            elif spelled not in valid or (spelled in _LONE_SYLLABLES and not whole):
                continue
            marks = [t for t in piece.tones[start:end] if t is not None]
            if len(marks) > 1:
                continue
            if end == size and piece.digit is not None and marks and marks[0] != piece.digit:
                continue
            vowel_next = end < size and letters[end].lower() in "aoe"
            if toned and vowel_next and not (marks and piece.tones[end] is not None):
                continue  # a vowel-initial syllable carries its mark on that vowel
            cost = 1 if start > 0 and spelled[0] in "aoe" else 0
            for count, (penalty, _) in best[end].items():
                if count + 1 > most:
                    continue
                candidate = (penalty + cost, -length)
                current = best[start].get(count + 1)
                if current is None or candidate < current:
                    best[start][count + 1] = candidate
    splits: dict[int, _Split] = {}
    for count, (penalty, _) in best[0].items():
        lengths: list[int] = []
        syllables_found: list[str] = []
        start, left = 0, count
        while left:
            length = -best[start][left][1]
            end = start + length
            marks = [t for t in piece.tones[start:end] if t is not None]
            tone = piece.digit if end == size and piece.digit is not None else None
            tone = tone or (marks[0] if marks else NEUTRAL_TONE)
            spelled = "".join(letters[start:end]).replace("ü", "u:").replace("Ü", "U:")
            syllables_found.append(f"{spelled}{tone}")
            lengths.append(-length)
            start, left = end, left - 1
        splits[count] = (penalty, lengths, syllables_found)
    return splits


def _split_order(split: _Split) -> tuple[int, list[int]]:
    return split[0], split[1]


def split_pinyin(text: str, count: int | None = None) -> list[str] | None:
    """Numbered syllables of pinyin however it is written: joined by words with tone marks
    (`yòngxīn yòngqíng`, `Zhōnghuá mínzú`, `Xī'ān`), numbered (`yong4xin1`), or toneless
    (neutral tone 5). With `count`, exactly that many syllables (`xian` is xi5 an5 for two
    characters); without, the split orthography gives. None when no split exists."""
    pieces = _pieces(text)
    letters = sum(len(p.letters) for p in pieces or ())
    if not pieces or letters > MAX_SPLIT_LETTERS or (count is not None and count > letters):
        return None
    most = count if count is not None else letters
    toned = any(tone is not None for piece in pieces for tone in piece.tones)
    options = [_split_piece(piece, most, toned) for piece in pieces]
    if count is None:
        if not all(options):
            return None
        return [syllable for o in options for syllable in min(o.values(), key=_split_order)[2]]
    # From the last piece back: best[index][total] = (penalty, the piece's syllable lengths)
    best: list[dict[int, tuple[int, list[int], int]]] = [{} for _ in range(len(pieces) + 1)]
    best[len(pieces)][0] = (0, [], 0)
    for index in range(len(pieces) - 1, -1, -1):
        for total, (rest_penalty, _, _) in best[index + 1].items():
            for used, (penalty, lengths, _) in options[index].items():
                if total + used > count:
                    continue
                candidate = (rest_penalty + penalty, lengths, used)
                current = best[index].get(total + used)
                if current is None or candidate[:2] < current[:2]:
                    best[index][total + used] = candidate
    if count not in best[0]:
        return None
    result: list[str] = []
    left = count
    for index in range(len(pieces)):
        used = best[index][left][2]
        result.extend(options[index][used][2])
        left -= used
    return result

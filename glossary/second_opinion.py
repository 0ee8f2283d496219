"""Where a dictionary word's reading rests on CC-CEDICT alone, and may be put to the model.

CC-CEDICT is one volunteer dictionary: its transliterations carry slips (塞尔维亚 Sāi, 勃艮第
gěn, 帖木儿 Tiē, 杨振宁 Zhènnìng), and a word with one entry never reaches the model. Where
no second source confirms such a reading, g2pM may replace it when it is all but certain
(`MARGIN`); `doubtful_options` says where, and what it may choose.

Measured over every token of the CPP dev sentences and the seeds, not only CPP's labels: over
ordinary words the model's confident disagreements with CC-CEDICT were as often wrong (几近
jǐ, 糖分 fēn, 汗国 hàn) as right (拖拽 zhuài, 牛肚 dǔ), so an ordinary word changes only to a
reading a second dictionary gives (its own 'also pr.', or pypinyin's phrases). Over names,
once a romanised definition pins the letters (贾平凹 'Jia Pingwa' stays wā), the model was
right on 18 of the 24 words it changed and 64 of 72 occurrences (wrong: 华国锋 Huá, 沙家浜
bīn, 葵涌 yǒng, 参宿 Cān, 新晃 huàng). On CPP's labels this puts 25 more readings right than
no second opinion (9,698 of 9,893 against 9,673).

pypinyin's phrases are read from a table made ahead of time (glossary/phrase_readings.tsv),
on the import and re-cut path only, never at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from glossary.pinyin import toneless
from glossary.polyphone_model import trained_readings
from glossary.reading_rules import DEFAULTS, RULES

MARGIN = 0.99
"""How much more likely than the dictionary's syllable (softmax over the readings the model
knows for the character) the model's must be to replace it. Net CPP dev gain at 0.9: 23,
0.95: 24, 0.98 to 0.995: 25, 0.999: 22; bench/run.py chooses it by cross-validation."""
MAX_OPTIONS = 16


PHRASE_TABLE = Path(__file__).with_name("phrase_readings.tsv")


@cache
def doubtable_characters() -> frozenset[str]:
    """Characters a second opinion may change: polyphones the model was trained on, less
    those the rules own (支行 háng, 新都 dū: g2pM's strong prior for 行 and 都 is where it
    errs with confidence)."""
    return frozenset(
        character
        for character, readings in trained_readings().items()
        if len(readings) > 1 and character not in RULES and character not in DEFAULTS
    )


def open_positions(word: str) -> list[int]:
    """Where in `word` a second opinion may change a syllable: a doubtable character that is
    not half of a doubled syllable (转转 zhuàn zhuan reads as its twin)."""
    doubtable = doubtable_characters()
    return [
        index
        for index, character in enumerate(word)
        if character in doubtable
        and character not in word[index + 1 : index + 2] + word[max(0, index - 1) : index]
    ]


@cache
def _phrase_table() -> dict[tuple[str, int], frozenset[str]]:
    table = {}
    for line in PHRASE_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, index, syllables = line.split("\t")
            table[word, int(index)] = frozenset(syllables.split(","))
    return table


def phrase_syllables(word: str, index: int) -> frozenset[str]:
    """What pypinyin's phrase dictionary writes for `word[index]` in the phrases inside the
    dictionary word `word` (glossary/phrase_readings.tsv, made by bench/phrase_readings.py
    for the open positions of every CC-CEDICT word, so the app never loads pypinyin's 47,000
    phrases: parsing them held the interpreter for 0.1 s); empty when none holds it."""
    return _phrase_table().get((word, index), frozenset())


def _confirmed(syllable: str, written: frozenset[str]) -> bool:
    """pypinyin writes the same syllable; or CC-CEDICT's light tone, which pypinyin may write
    toned (部分 bù fen, bù fèn): the same letters will do."""
    if syllable in written:
        return True
    letters = syllable.rstrip("12345")
    return syllable.endswith("5") and any(w.rstrip("12345") == letters for w in written)


ALSO_PRONOUNCED = re.compile(r"also pr\. \[([a-zA-Z:1-5 ]+)\]")


def also_pronounced(definitions: Sequence[str]) -> list[str]:
    """The other readings CC-CEDICT's own definitions give (下载: 'also pr. [xia4 zai4]')."""
    return [m.group(1) for d in definitions for m in ALSO_PRONOUNCED.finditer(d)]


def _letters(syllables: Sequence[str]) -> str:
    return toneless("".join(syllables))


def _spelled_out(syllables: Sequence[str], index: int, definitions: Sequence[str]) -> bool:
    """Whether the definitions romanise a stretch of the name holding `index` as its reading
    spells it, in whole words (贾平凹 'Jia Pingwa', 覃塘区 'Tantang district'; not 奥塞梯 in
    'Ossetia'): CC-CEDICT then meant those letters."""
    words = re.findall(r"[a-z]+", " ".join(definitions).lower())
    spelt = {"".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, a + 4)}
    return any(
        _letters(syllables[start:end]) in spelt
        for start in range(index + 1)
        for end in range(max(index + 1, start + 2), len(syllables) + 1)
    )


def _other_dictionary(word: str, syllables: list[str], positions: list[int]) -> list[str]:
    """The readings pypinyin's phrases give where they say otherwise than CC-CEDICT on a
    polyphone the model knows (角斗士: jué, not jiǎo), one syllable changed at a time."""
    trained = trained_readings()
    found = []
    for index in positions:
        syllable = syllables[index]
        written = phrase_syllables(word, index)
        if syllable.endswith("5") or len(written) != 1 or syllable in written:
            continue
        (other,) = written
        if other in trained[word[index]]:
            found.append(" ".join([*syllables[:index], other, *syllables[index + 1 :]]))
    return found


def _differs_only_at(ours: list[str], theirs: list[str], positions: list[int]) -> bool:
    """Whether `theirs` is another reading of the same word that changes only open positions
    (说客's 'also pr. shuì' changes 说, which the rules own: not put to the model)."""
    if len(theirs) != len(ours) or theirs == ours:
        return False
    pairs = enumerate(zip(ours, theirs, strict=True))
    return all(a == b or k in positions for k, (a, b) in pairs)


def doubtful_options(word: str, reading: str, definitions: Sequence[str] = ()) -> tuple[str, ...]:
    """`reading` first, then the readings a second opinion may choose instead; () when there
    is none, as for most words.

    A common word may change only to a reading its own entry gives too ('also pr.': 下载
    xiàzài, 泄露 xièlòu): over ordinary words the model's confident disagreements with
    CC-CEDICT were as often wrong (几近 jǐ, 糖分 fēn) as right. A name (a capitalised reading)
    may change a polyphone pypinyin's phrases do not confirm to another reading the model was
    trained on (塞尔维亚 Sài, 勃艮第 gèn), but not to other letters where the definition
    romanises the name as written (贾平凹 'Jia Pingwa', 畹町 'Wanding'), nor a doubled
    syllable, a light one, or a character the rules own (支行 háng, 新都 dū: g2pM's strong
    prior for 行 and 都 is where it errs with confidence).
    """
    syllables = reading.split()
    if len(syllables) != len(word) or len(word) < 2:
        return ()
    positions = open_positions(word)
    if not positions:
        return ()  # most words
    if reading[:1].islower():
        others = also_pronounced(definitions) + _other_dictionary(word, syllables, positions)
        open_only = [o for o in others if _differs_only_at(syllables, o.split(), positions)]
        options = list(dict.fromkeys([reading, *open_only]))
        return tuple(options) if len(options) > 1 else ()
    found = [syllables]
    trained = trained_readings()
    for index in positions:
        syllable = syllables[index]
        choices = trained[word[index]]
        lowered = syllable.lower()
        if lowered not in choices or lowered.endswith("5"):
            continue  # a light syllable, which CC-CEDICT writes on purpose
        if _confirmed(lowered, phrase_syllables(word, index)):
            continue
        letters = lowered.rstrip("12345")
        spelled = _spelled_out(syllables, index, definitions)
        others = [
            c for c in choices if c != lowered and not (spelled and c.rstrip("12345") != letters)
        ]
        if syllable != lowered:
            others = [c.capitalize() for c in others]
        found += [
            [*option[:index], other, *option[index + 1 :]] for option in found for other in others
        ]
    if len(found) == 1 or len(found) > MAX_OPTIONS:
        return ()
    return tuple(" ".join(option) for option in found)

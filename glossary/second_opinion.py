"""Where a dictionary word's reading rests on CC-CEDICT alone, and may be put to the model.

CC-CEDICT is one volunteer dictionary: its rare words and transliterations carry slips
(塞尔维亚 Sāi, 欧阳予倩 Yú, 帖木儿 Tiē, 金山屯 zhūn), and a word with one entry never reaches
the model. pypinyin's phrase dictionary (MIT, 47,000 words, compiled from other sources) is a
second, independent opinion. A polyphone whose reading it confirms stays as written; one it
does not confirm (it is silent or says otherwise) goes to g2pM, which may change it only when
it is all but certain (`MARGIN`). On the CPP dev split this puts 39 more readings right than
no second opinion (9,702 of 9,893 against 9,663). Without the second dictionary's veto the
model also "fixes" 显得, 相声, 牌子, 划船 and 笼罩; without leaving the rules' characters and
light syllables alone, 支行 (xíng), 新都 (dōu) and 村子 (zǐ) in the seeds' news.

pypinyin's tables load on first use, on the import and re-cut path only, never at start-up.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from glossary.pinyin import marked_to_numbered
from glossary.polyphone_model import trained_readings
from glossary.reading_rules import DEFAULTS, RULES

MARGIN = 0.99
"""How much more likely than the dictionary's syllable (softmax over the readings the model
knows for the character) the model's must be to replace it. Net CPP dev gain at 0.9: 35,
0.98: 37, 0.99: 39, 0.995: 39, 0.999: 36; bench/run.py chooses it by cross-validation."""
MIN_PHRASE = 2
MAX_OPTIONS = 16


@cache
def _phrases() -> dict[str, list[list[str]]]:
    """pypinyin's phrase table, read from its JSON file: importing pypinyin itself would cost
    twice as long (it loads its character table and converters too)."""
    spec = find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations)))
    table: dict[str, list[list[str]]] = json.loads(
        (folder / "phrases_dict.json").read_text(encoding="utf-8")
    )
    return table


def phrase_syllables(word: str, index: int) -> frozenset[str]:
    """The numbered syllables (tone 5 for light) pypinyin's phrases give `word[index]` in each
    phrase inside `word` that holds it: 服 in 衣服 -> {fu2}; empty when no phrase does."""
    phrases = _phrases()
    found = set()
    for start in range(index + 1):
        for end in range(max(index + 1, start + MIN_PHRASE), len(word) + 1):
            entry = phrases.get(word[start:end])
            if entry is not None and len(entry) == end - start and entry[index - start]:
                found.add(marked_to_numbered(entry[index - start][0]))
    return frozenset(found)


def _confirmed(syllable: str, written: frozenset[str]) -> bool:
    """pypinyin writes the same syllable; or CC-CEDICT's light tone, which pypinyin may write
    toned (部分 bù fen, bù fèn): the same letters will do."""
    if syllable in written:
        return True
    letters = syllable.rstrip("12345")
    return syllable.endswith("5") and any(w.rstrip("12345") == letters for w in written)


def doubtful_options(word: str, reading: str) -> tuple[str, ...]:
    """`reading` first, then each reading with one unconfirmed polyphone changed to another of
    the syllables the model was trained to tell apart for it; () when there is none (most
    words: their polyphones are confirmed, or they hold none the model knows)."""
    syllables = reading.split()
    if len(syllables) != len(word) or len(word) < 2:
        return ()
    options = [syllables]
    trained = trained_readings()
    for index, (character, syllable) in enumerate(zip(word, syllables, strict=True)):
        if character in word[index + 1 : index + 2] + word[max(0, index - 1) : index]:
            continue  # a doubled syllable (转转 zhuàn zhuan) reads as its twin
        if character in RULES or character in DEFAULTS:
            continue  # the common polyphones the rules know (支行 háng, 新都 dū): g2pM's
            # strong prior for them (xíng, dōu) is where it errs with confidence
        choices = trained.get(character, ())
        lowered = syllable.lower()
        if len(choices) < 2 or lowered not in choices or lowered.endswith("5"):
            continue  # one reading; or a light syllable, which CC-CEDICT writes on purpose
        if _confirmed(lowered, phrase_syllables(word, index)):
            continue
        others = [c for c in choices if c != lowered]
        if syllable != lowered:
            others = [c.capitalize() for c in others]
        options += [
            [*option[:index], other, *option[index + 1 :]] for option in options for other in others
        ]
    if len(options) == 1 or len(options) > MAX_OPTIONS:
        return ()
    return tuple(" ".join(option) for option in options)

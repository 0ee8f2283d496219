"""The reading of every Han character of a paragraph, decided in context, in one place.

Three sources, in order, each used only where the one before leaves a choice:

1. the dictionary: a glossary term, or a word with a single reading (觉得 jue2 de5, 行长
   hang2 zhang3), is read as written there, with a polyphone in its own tone where
   CC-CEDICT writes a light one (知识 zhi1 shi2, see `lexical_tones`);
2. context rules for the single-character function words whose reading a learner most needs
   and a statistical model most often misses (地 de5 after an adverb, 得 dei3 before a verb,
   只 zhi1 after a numeral, 为 wei2 in 以…为, …), in `glossary.reading_rules`;
3. g2pM's BiLSTM (`glossary.polyphone_model`), run once per batch of paragraphs over the
   sentences that still hold an undecided polyphone, choosing only among the readings the
   dictionary allows.

The model overrules a dictionary word only as a second opinion, where a second dictionary
does not confirm CC-CEDICT and the model is all but certain (`glossary.second_opinion`): asked
everywhere, it would read 华山 Huá, 校订 xiào and 离间 jiān.

The result is stored with the paragraph at import (with READINGS_REVISION), so opening an
article needs neither jieba nor the model. Bump READINGS_REVISION whenever the method
changes what it decides: `zhreader resegment` then brings stored articles up to date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

from glossary.polyphone_model import Query
from glossary.reading_rules import RULES, WORDS, rule_reading, word_options
from glossary.second_opinion import MARGIN

RULE_CONTEXT = 40
"""Tokens on each side that the context rules may look at: far more than a clause."""
SENTENCE_CONTEXT = 64
"""Characters on each side of a polyphone given to the model (it reads 8 of them)."""
READINGS_REVISION = 12  # 12: 被誉为, 挨一, 越来越多地, 敌将; 11: rules fixed after review
"""The version of the method below; stored per article so old readings can be redone."""

SENTENCE_ENDS = "。！？；!?;…\n"
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")
CACHE_LIMIT = 200_000
MAX_COMBINATIONS = 64

Options = Callable[[str], tuple[str, ...]]
"""A token's candidate readings (numbered pinyin, common before capitalised names); () for a
token without Han characters."""


@dataclass
class _Pending:
    """A token whose reading the model decides: per undecided syllable, a query."""

    paragraph: int
    token: int
    options: tuple[str, ...]
    positions: tuple[int, ...]  # syllable indexes that differ between the options
    queries: tuple[int, ...]  # indexes into the batch's query list


@lru_cache(maxsize=65_536)  # the same characters' readings, thousands of times an import
def common_options(readings: tuple[str, ...]) -> tuple[str, ...]:
    """Distinct readings, common before capitalised (proper-name) ones. A name reading that
    differs from a common one only in case or tones is dropped (都 du1 and the surname Du1;
    孙子 sun1 zi5 'grandson' and Sun1 zi3 'Sun Tzu'), since the model, trained on citation
    tones, would pick the name; names that sound different stay (明朝 Ming2 chao2)."""
    distinct = list(dict.fromkeys(r for r in readings if r))
    ordered = sorted(distinct, key=lambda r: r != r.lower())
    seen: set[str] = set()
    toneless: set[str] = set()
    result = []
    for reading in ordered:
        letters = "".join(c for c in reading.lower() if not c.isdigit())
        is_name = reading != reading.lower()
        if reading.lower() in seen or (is_name and " " in reading and letters in toneless):
            continue
        seen.add(reading.lower())
        toneless.add(letters)
        result.append(reading)
    return tuple(result)


LIGHT_MORPHEMES = frozenset(
    "的地得了着过们子头么吧呢吗啊呀啦嘛哪哇呐喽咯罢个边面里上下来去起巴家儿"
)
"""Particles, suffixes and complements that have no tone of their own in a word (儿子 er2 zi5,
觉得 jue2 de5, 右边 you4 bian5): their light tone is part of the word, so it stays."""


def lexical_tones(word: str, reading: str, citation: Callable[[str, int, str], str | None]) -> str:
    """`reading` with each polyphonic content morpheme in its own tone: 知识 zhi1 shi2, not
    CC-CEDICT's zhi1 shi5.

    CC-CEDICT writes the light tone of Beijing speech on the second syllable of many words.
    On a polyphone it hides which reading the word uses (识 shí, not zhì); CPP, the benchmark
    the pinyin line is measured on, writes the morpheme's tone there, and the light tone is
    optional in many such words and regional. The light tone stays on particles and suffixes
    (LIGHT_MORPHEMES), on the second half of a doubled syllable (弟弟 di4 di5, like 哥哥), and
    wherever `citation(word, index, letters)`, the toned syllable spelt `letters` of
    `word[index]`, is None: a character with one reading (喇叭 la3 ba5) or with two spelt
    alike (头发 fa4 or fa1). The panel still shows CC-CEDICT's own line.
    """
    syllables = reading.split()
    if "5" not in reading or len(syllables) != len(word):
        return reading
    changed = False
    for k, syllable in enumerate(syllables):
        light = syllable.endswith("5") and word[k] not in LIGHT_MORPHEMES
        if light and not (k and word[k] == word[k - 1]):
            toned = citation(word, k, syllable[:-1].lower())
            if toned is not None:
                syllables[k] = toned if syllable.islower() else toned.capitalize()
                changed = True
    return " ".join(syllables) if changed else reading


LIGHT_TONES_FILE = Path(__file__).with_name("light_tones.tsv")


@cache
def _light_tones() -> dict[tuple[str, int], str]:
    table = {}
    for line in LIGHT_TONES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, index, syllable = line.split("\t")
            table[word, int(index)] = syllable
    return table


def light_tone(word: str, index: int) -> str | None:
    """The toned reading a CC-CEDICT light syllable stands for where the character's
    readings differ only in tone (服 fú or fù in 衣服 yī fu): fu2, when pypinyin's phrases and
    g2pM agree on it (glossary/light_tones.tsv, made by bench/light_tones.py); else None,
    and the light tone stays (部分, 头发)."""
    return _light_tones().get((word, index))


def unknown_word_options(
    guess: str, per_character: Sequence[Sequence[str]], word: str = ""
) -> tuple[str, ...]:
    """Readings for a word no dictionary has: pypinyin's `guess` first, then every
    combination of its characters' dictionary readings (a few at most), so the model can
    choose each polyphone (马什 ma3 shi2, not pypinyin's shen2)."""
    guessed = guess.split()
    if len(guessed) != len(per_character):
        return (guess,)
    columns: list[list[str]] = []
    combinations = 1
    for default, readings in zip(guessed, per_character, strict=True):
        column = list(dict.fromkeys([default, *(r.lower() for r in readings if " " not in r)]))
        columns.append(column)
        combinations *= len(column)
    if combinations == 1 or combinations > MAX_COMBINATIONS:
        return (guess,)
    options = [""]
    for column in columns:
        options = [f"{done} {syllable}".strip() for done in options for syllable in column]
    return tuple(options)


class ReadingDecider:
    """Decides readings for batches of cut paragraphs; remembers sentences it has seen."""

    def __init__(self, use_model: bool = True, margin: float = MARGIN) -> None:
        self.use_model = use_model
        self.margin = margin  # see glossary.second_opinion
        self._cache: dict[tuple[str, int, tuple[str, ...], float], str] = {}

    def decide(
        self,
        paragraphs: Sequence[Sequence[str]],
        options: Options,
        fixed: Mapping[str, str] | None = None,
        doubtful: Collection[str] = frozenset(),
    ) -> list[list[str]]:
        """Numbered pinyin per token ('' without Han) for each paragraph's tokens.

        `fixed` maps tokens whose reading never depends on context (see `context_free`) to
        it: most tokens of a text, so the loop below sees only the others. `doubtful` holds
        dictionary words whose options are their one reading and then the changes only a
        confident model may make (see glossary.second_opinion).
        """
        results: list[list[str]] = []
        pending: list[_Pending] = []
        queries: list[Query] = []
        known = fixed.get if fixed is not None else _no_fixed
        for number, tokens in enumerate(paragraphs):
            chosen: list[str | None] = list(map(known, tokens))
            if None not in chosen:
                results.append(chosen)  # type: ignore[arg-type]
                continue
            text = "".join(tokens)
            boundaries: list[int] | None = None
            starts = [0, *accumulate(map(len, tokens))]
            long_paragraph = len(tokens) > 2 * RULE_CONTEXT + 1
            for index in [k for k, reading in enumerate(chosen) if reading is None]:
                token = tokens[index]
                offset = starts[index]
                choices = options(token)
                near, at = tokens, index
                if long_paragraph:
                    # Rules scan whole clauses: unbounded, a paragraph without punctuation
                    # cost n² (a 5 MB one: hours).
                    first = max(0, index - RULE_CONTEXT)
                    near, at = tokens[first : index + RULE_CONTEXT + 1], index - first
                doubted = token in doubtful
                if len(token) > 1 and not doubted:
                    choices = word_options(near, at, choices)
                if len(choices) <= 1:
                    chosen[index] = choices[0] if choices else ""
                elif len(token) == 1 and (ruled := rule_reading(near, at, choices)):
                    chosen[index] = ruled
                else:
                    chosen[index] = choices[0]
                    shape = _shape(choices, len(token))
                    if shape is None:
                        continue  # erhua or odd entries: keep the dictionary's first
                    if boundaries is None:
                        boundaries = _boundaries(text)
                    start, end = _sentence(boundaries, offset, len(text))
                    start = max(start, offset - SENTENCE_CONTEXT)  # the model sees less
                    end = min(end, offset + len(token) + SENTENCE_CONTEXT)
                    ids = []
                    margin = self.margin if doubted else 0.0
                    for k, syllables in shape:
                        ids.append(len(queries))
                        position = offset + k - start
                        queries.append(Query(text[start:end], position, syllables, margin))
                    positions = tuple(k for k, _ in shape)
                    pending.append(_Pending(number, index, choices, positions, tuple(ids)))
            results.append(chosen)  # type: ignore[arg-type]
        if pending:
            answers = self._answer(queries)
            second_opinions: dict[str, set[str]] = {}
            for item in pending:
                wanted = tuple(answers[q] for q in item.queries)
                chosen_reading = _best_option(item.options, item.positions, wanted)
                results[item.paragraph][item.token] = chosen_reading
                token = paragraphs[item.paragraph][item.token]
                if token in doubtful:
                    second_opinions.setdefault(token, set()).add(chosen_reading)
            _one_reading_per_word(results, paragraphs, pending, second_opinions)
        return results

    def _answer(self, queries: list[Query]) -> list[str]:
        if not self.use_model:
            return [q.choices[0] for q in queries]
        from glossary.polyphone_model import model

        loaded = model()
        if loaded is None:
            return [q.choices[0] for q in queries]
        cache = self._cache
        keys = [(q.text, q.position, q.choices, q.margin) for q in queries]
        answers = [cache.get(key) for key in keys]
        missing = [k for k, answer in enumerate(answers) if answer is None]
        if missing:
            if len(cache) > CACHE_LIMIT:
                cache.clear()  # the answers already found above stay in `answers`
            for k, answer in zip(
                missing, loaded.choose([queries[k] for k in missing]), strict=True
            ):
                cache[keys[k]] = answers[k] = answer
        return [answer or "" for answer in answers]


def _one_reading_per_word(
    results: list[list[str]],
    paragraphs: Sequence[Sequence[str]],
    pending: list[_Pending],
    second_opinions: dict[str, set[str]],
) -> None:
    """A dictionary word put to a second opinion reads one way throughout a batch: where the
    model changed some occurrences and not others, all keep the dictionary's reading (a
    learner should not meet 塞尔维亚 as Sài in one sentence and Sāi in the next)."""
    split = {token for token, readings in second_opinions.items() if len(readings) > 1}
    if not split:
        return
    for item in pending:
        if paragraphs[item.paragraph][item.token] in split:
            results[item.paragraph][item.token] = item.options[0]


def _no_fixed(token: str) -> None:
    return None


def context_free(token: str, choices: tuple[str, ...]) -> str | None:
    """The reading of a token whatever its context ('' without Han), or None when context
    decides: several readings, or a word a rule may change (see word_options)."""
    if not choices:
        return ""
    if len(choices) == 1 and (len(token) == 1 or not _context_word(token)):
        return choices[0]
    if len(token) == 1 and token not in RULES:
        return rule_reading([token], 0, choices)  # 的 de5, 和 he2: the usual reading
    return None


def _context_word(token: str) -> bool:
    """A word with one dictionary reading that context may still change (see word_options)."""
    return token[-1] == "得" or token in WORDS


def _boundaries(text: str) -> list[int]:
    """Offsets just after each sentence end in `text`."""
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def _sentence(boundaries: list[int], offset: int, length: int) -> tuple[int, int]:
    """The span of the sentence holding `text[offset]`, its closing punctuation included."""
    from bisect import bisect_right

    k = bisect_right(boundaries, offset)
    start = boundaries[k - 1] if k else 0
    end = boundaries[k] if k < len(boundaries) else length
    return start, end


@lru_cache(maxsize=65536)
def _shape(options: tuple[str, ...], length: int) -> tuple[tuple[int, tuple[str, ...]], ...] | None:
    """Per syllable where the options differ, its distinct choices; None when the options do
    not give one syllable per character."""
    split = [option.split() for option in options]
    if any(len(s) != length for s in split):
        return None
    shape = []
    for k in range(length):
        syllables = tuple(dict.fromkeys(s[k].lower() for s in split))
        if len(syllables) > 1:
            shape.append((k, syllables))
    return tuple(shape)


@lru_cache(maxsize=65536)
def _best_option(
    options: tuple[str, ...], positions: tuple[int, ...], wanted: tuple[str, ...]
) -> str:
    """The option agreeing with the model at most undecided syllables (the first on a tie)."""
    first = options[0].split()
    for k, syllable in zip(positions, wanted, strict=True):
        first[k] = syllable
    exact = " ".join(first)
    for option in options:  # a word nobody knows lists every combination: usually found here
        if option.lower() == exact:
            return option

    def agreement(option: str) -> int:
        syllables = option.split()
        return sum(syllables[k].lower() == w for k, w in zip(positions, wanted, strict=True))

    return max(options, key=agreement)

"""pypinyin's phrase dictionary (MIT, 47,000 words), a second opinion on readings for the
tools in bench/: it writes the citation tone of a polyphone inside a word (衣服 fú, 困难 nán)
where CC-CEDICT writes the light tone. The app never loads it (see light_tones.py).
"""

from __future__ import annotations

from functools import cache

from glossary.pinyin import marked_to_numbered

MIN_PHRASE = 2


@cache
def _phrases() -> dict[str, list[list[str]]]:
    from pypinyin.phrases_dict import phrases_dict

    table: dict[str, list[list[str]]] = phrases_dict
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

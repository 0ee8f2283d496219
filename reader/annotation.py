"""The scriptable truth: paragraphs with their tokens, offsets and numbered pinyin as JSON.

The shape is fixed by ../shared/CONTRACTS.md and shared by `annotate --json` and
`show --json`: one object per paragraph with `index`, `text` and `tokens`, each token with
`text`, `start`, `end` (code points into the paragraph) and `pinyin`, one numbered syllable
per Han character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from glossary.pinyin import pypinyin_numbered

_SYLLABLE = re.compile(r"^[A-Za-z:üÜ]+[1-5]$")
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def token_pinyin(token: str, reading: str) -> list[str]:
    """One numbered syllable per Han character of `token` (ü written u:, neutral tone 5).

    Stored readings already are; entries with Latin letters or punctuation (AA制) keep only
    their syllables, and pypinyin fills in should the count still differ.
    """
    han = _HAN.findall(token)
    if not han:
        return []
    syllables = [
        s.replace("ü", "u:").replace("Ü", "U:").replace("v", "u:")
        for s in reading.split()
        if _SYLLABLE.match(s)
    ]
    if len(syllables) != len(han):
        syllables = pypinyin_numbered("".join(han))
        if len(syllables) != len(han):
            syllables = (syllables + ["?"] * len(han))[: len(han)]
    return syllables


def paragraph_json(index: int, tokens: Sequence[str], readings: Sequence[str]) -> dict[str, Any]:
    """One paragraph; its tokens joined give `text` back exactly."""
    start = 0
    entries = []
    for token, reading in zip(tokens, readings, strict=True):
        end = start + len(token)
        entries.append(
            {"text": token, "start": start, "end": end, "pinyin": token_pinyin(token, reading)}
        )
        start = end
    return {"index": index, "text": "".join(tokens), "tokens": entries}


def annotation_json(paragraphs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> dict[str, Any]:
    """`{"paragraphs": [...]}` for (tokens, readings) per paragraph, in order."""
    return {
        "paragraphs": [
            paragraph_json(index, tokens, readings)
            for index, (tokens, readings) in enumerate(paragraphs)
        ]
    }


def annotate_paragraphs(text: str, name: str) -> list[str]:
    """Every non-empty paragraph of a text to annotate, in order, without title detection:
    plain text is split by blank lines and indentation; HTML and Markdown are read as such,
    their title kept as the first paragraph."""
    from reader.formats import detect_format, parse_text, split_paragraphs

    if detect_format(name, text) == "text":
        return split_paragraphs(text)
    parsed = parse_text(text, name)
    paragraphs = list(parsed.paragraphs)
    if parsed.title and parsed.title not in paragraphs[:1] and parsed.title in text:
        paragraphs.insert(0, parsed.title)
    return paragraphs

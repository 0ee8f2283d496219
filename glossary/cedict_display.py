"""CC-CEDICT definitions made readable for a learner; the stored text never changes.

`CL:個|个[ge4],條|条[tiao2]` becomes "measure word: 个 gè, 条 tiáo" and `variant of
瞭|了[liao3]` becomes "variant of 了 liǎo": cross-references keep only the form in the script
being read, with tone marks.
"""

from __future__ import annotations

import re

from glossary.pinyin import numbered_to_marked

_HAN = r"[^\s\[\]|,;/()（）:：]+"
# 個|个[ge4], 笑[xiao4], 瞭|了 (a pair without pinyin)
_REFERENCE = re.compile(rf"({_HAN})\|({_HAN})(?:\[([^\]]*)\])?|({_HAN})\[([A-Za-z0-9: ]+)\]")
_MEASURE = re.compile(r"^CLs?:\s*")
_BARE_PINYIN = re.compile(r"\[((?:[A-Za-z:]+[1-5] ?)+)\]")  # Taiwan pr. [han4]


def _han_like(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or c == "\u3007" for c in text)


def readable_definition(definition: str, traditional: bool = False) -> str:
    """One definition with CC-CEDICT's markup rewritten for display."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            trad, simp, pinyin = match.group(1), match.group(2), match.group(3)
            if not (_han_like(trad) and _han_like(simp)):
                return match.group(0)
            form = trad if traditional else simp
        else:
            form, pinyin = match.group(4), match.group(5)
            if not _han_like(form):
                return match.group(0)
        if pinyin:
            return f"{form} {numbered_to_marked(pinyin, compact=True)}"
        return form

    text = _REFERENCE.sub(replace, definition)
    text = _BARE_PINYIN.sub(lambda m: numbered_to_marked(m.group(1).strip(), compact=True), text)
    if _MEASURE.match(text):
        text = "measure word: " + _MEASURE.sub("", text).replace(",", ", ")
    return text


def readable_definitions(definitions: tuple[str, ...], traditional: bool = False) -> list[str]:
    return [readable_definition(d, traditional) for d in definitions]

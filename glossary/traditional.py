"""Traditional script: a simplified mirror of a paragraph, one character for one character.

Segmentation, name and function-word lists and reading rules are all simplified, so a
traditional paragraph is cut and read on its mirror and the results map back to the original
characters by offset. OpenCC's `t2s` (Apache-2.0) converts; it keeps lengths on the seeds, and
where it would not (a phrase rule that changes length), the paragraph is converted one character
at a time instead. OpenCC loads (~0.1 s) only for text holding a character it would change;
simplified text is returned as it is after one set check.
"""

from __future__ import annotations

from typing import Any

from glossary.traditional_chars import TRADITIONAL_ONLY

# 著 is also standard simplified, so t2s keeps it; as the particle and in zhuó/zháo words it is
# 着 in simplified. It stays 著 (zhù) only in these words.
_ZHU_WORDS_TEXT = (
    "著名 著作 著称 显著 土著 名著 原著 著者 卓著 昭著 编著 论著 专著 巨著 著述 著书 译著 遗著"
    " 新著 合著 著录 著有 拙著 大著 撰著 彰著 著写 鸿著 佳著 旧著 近著 杰著 要著 著文 著说 宏著"
    " 力著 所著 著于 著成"
)
ZHU_WORDS = frozenset(_ZHU_WORDS_TEXT.split())
_ZHU = "著"
_ZHE = "着"

_converter: Any = None


def _opencc() -> Any:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """The simplified mirror of `text`, exactly as long, so offsets carry over unchanged.

    Readings decided on the mirror apply to the original characters one to one; 拿著 reads
    as 拿着 (na2 zhe5).
    """
    if TRADITIONAL_ONLY.isdisjoint(text):
        return _particle_zhe(text) if _ZHU in text else text
    converter = _opencc()
    mirror: str = converter.convert(text)
    if len(mirror) != len(text):
        mirror = "".join(_one_character(converter, char) for char in text)
    if _ZHU in mirror:
        mirror = _particle_zhe(mirror)
    return mirror


def _one_character(converter: Any, char: str) -> str:
    converted: str = converter.convert(char)
    return converted if len(converted) == 1 else char


def _particle_zhe(text: str) -> str:
    """著 becomes 着 except inside a zhù word (著名, 显著, 著作)."""
    chars = list(text)
    for index, char in enumerate(chars):
        if char != _ZHU:
            continue
        before = text[max(0, index - 1) : index + 1]
        after = text[index : index + 2]
        if before not in ZHU_WORDS and after not in ZHU_WORDS:
            chars[index] = _ZHE
    return "".join(chars)


def map_back(original: str, mirror_tokens: list[str]) -> list[str]:
    """The original text cut where the mirror's tokens were cut (they have equal lengths)."""
    tokens = []
    start = 0
    for token in mirror_tokens:
        end = start + len(token)
        tokens.append(original[start:end])
        start = end
    return tokens

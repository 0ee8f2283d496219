"""Which characters are Chinese: a tiny module so that parsing files loads no store."""

from __future__ import annotations

import re
import unicodedata

HAN_PATTERN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def has_han(text: str) -> bool:
    """True when `text` holds at least one Han character (〇 and the CJK extensions count)."""
    return HAN_PATTERN.search(text) is not None


def could_be_word(text: str) -> bool:
    """True when `text` can be a word of a Chinese text, dictionary word or not: it holds a
    Han character and no whitespace, control or format character (a word never has one; a
    typo, two words at once or a pasted escape does)."""
    return has_han(text) and not any(
        c.isspace() or unicodedata.category(c) in {"Cc", "Cf"} for c in text
    )

"""Which characters are Chinese: a tiny module so that parsing files loads no store."""

from __future__ import annotations

import re

HAN_PATTERN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def has_han(text: str) -> bool:
    """True when `text` holds at least one Han character (〇 and the CJK extensions count)."""
    return HAN_PATTERN.search(text) is not None

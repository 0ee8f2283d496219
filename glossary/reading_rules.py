"""Context rules for single-character polyphones (placeholder, filled below)."""

from __future__ import annotations

from collections.abc import Sequence


def rule_reading(tokens: Sequence[str], index: int, options: tuple[str, ...]) -> str | None:
    return None

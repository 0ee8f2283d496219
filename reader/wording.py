"""Counts in messages, CLI and reader alike: the noun agrees with the number."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """`1 term`, `3 terms`, `1,204 articles` (every noun counted here takes an -s)."""
    return f"{number:,} {noun if number == 1 else noun + 's'}"

"""The one place where text from outside meets the terminal.

Article text, titles, metadata, file names, glossary fields, contexts and dictionary data
all pass `safe_text` (or `safe_line`) before any output, CLI or TUI; the reader's word
layout passes `laid_out_text`, which turns the same characters into spaces. Each C0/C1 control
character (other than tab and newline), DEL and bidi control becomes a visible stand-in of
the same length, so no escape sequence reaches the terminal and no offset or layout shifts.
Data formats (TSV, .apkg, JSON) do not use this: they keep text byte-exact, escaped.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Lone surrogates (a file name that is not UTF-8, decoded with surrogateescape) cannot be
# written at all; they become U+FFFD like the bidi controls.
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{_SURROGATES}]")
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{_SURROGATES}]")
REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def safe_text(text: str) -> str:
    """`text` with every control character but tab and newline made visible and inert."""
    return _UNSAFE.sub(_stand_in, text)


def laid_out_text(text: str) -> str:
    """Article text as the reader lays it out cell by cell: whitespace (tab, ideographic
    space) and every control, format, private-use or unassigned character become one plain
    space each, so nothing reaches the terminal raw and no zero-width character throws the
    cell count off. Same length, so token offsets stay exact."""
    return "".join(" " if c.isspace() or unicodedata.category(c)[0] == "C" else c for c in text)


def safe_line(text: str) -> str:
    """`safe_text` for one-line places (titles, names, messages): tab and newline too."""
    return _UNSAFE_IN_LINE.sub(_stand_in, text)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def escape_json_controls(dumped: str) -> str:
    """Escape what `json.dumps(ensure_ascii=False)` leaves raw (DEL, C1, bidi) as \\uXXXX.

    Safe on a whole document: outside strings JSON holds only ASCII punctuation.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def inert(renderable: Any) -> Any:
    """`renderable` (rich Text, or a Group of them) with every Text made `safe_text`.

    Stand-ins have the same length, so styles and highlights stay on the same characters.
    For the TUI's composite panels, whose parts hold glossary fields, contexts and titles.
    """
    from rich.console import Group
    from rich.text import Text

    if isinstance(renderable, Text):
        renderable.plain = safe_text(renderable.plain)
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            inert(part)
    return renderable

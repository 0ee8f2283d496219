"""Plain-text and JSON renderings of lookups for the command line (no terminal styling).

Text renderings here are printed through `reader.cli.base.echo`, which makes them inert;
`table` sanitises its cells itself because it measures them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glossary.cedict_display import readable_definitions
from glossary.lookup import ORIGIN_LABELS, Answer, Lookup, Part, Reading
from glossary.pinyin import numbered_to_marked

MAX_DEFINITIONS = 6


def _reading_line(
    reading: Reading, indent: str = "  ", written: Mapping[str, str] | None = None
) -> str:
    """One entry; `written` maps numbered pinyin to how the reader writes it (dìyī shūjì)."""
    forms = reading.simplified
    if reading.traditional != reading.simplified:
        forms += f" ({reading.traditional})"
    definitions = "; ".join(readable_definitions(reading.definitions[:MAX_DEFINITIONS]))
    if len(reading.definitions) > MAX_DEFINITIONS:
        definitions += "; …"
    pinyin = (written or {}).get(reading.pinyin, reading.marked)
    return f"{indent}{forms}  {pinyin}  [{reading.source}]  {definitions}"


def _part_line(part: Part) -> str:
    if not part.readings:
        return f"  {part.text}  (unknown)"
    return _reading_line(part.readings[0], indent="  ")


def lookup_to_text(result: Lookup, written: Mapping[str, str] | None = None) -> str:
    """`written` maps an entry's numbered pinyin to how the reader writes it, word by word
    (Dictionary.written_pinyin); without it the syllables run together."""
    if result.found:
        entries = [_reading_line(r, written=written) for r in result.readings]
        return "\n".join([result.word, *entries])
    guessed = numbered_to_marked(result.guessed_pinyin, compact=True)
    lines = [f"{result.word}  {guessed}  (not in the glossary or CC-CEDICT)"]
    if result.breakdown:
        lines.append(" made of:")
        lines.extend(_part_line(part) for part in result.breakdown)
    elif result.characters:
        lines.append(" characters:")
        lines.extend(_part_line(part) for part in result.characters)
    return "\n".join(lines)


def _reading_json(reading: Reading) -> dict[str, Any]:
    """One entry as CONTRACTS.md fixes it; `origin` tells a built-in term from the learner's."""
    entry: dict[str, Any] = {
        "simplified": reading.simplified,
        "traditional": reading.traditional,
        "pinyin": reading.marked,
        "pinyin_numbered": reading.pinyin,
        "definitions": readable_definitions(reading.definitions),
        "source": "glossary" if reading.is_glossary else "cc-cedict",
    }
    if reading.is_glossary:
        entry["origin"] = _ORIGINS.get(reading.source, reading.source)
    return entry


_ORIGINS = {label: origin for origin, label in ORIGIN_LABELS.items()}


def _part_json(part: Part) -> dict[str, Any]:
    return {"text": part.text, "readings": [_reading_json(r) for r in part.readings]}


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """`{"query", "kind", "entries"}` (CONTRACTS.md), the primary sense first; hanzi no
    dictionary knows add their breakdown, characters and a guessed reading."""
    out: dict[str, Any] = {
        "query": answer.query,
        "kind": answer.kind,
        "entries": [_reading_json(r) for r in answer.entries],
    }
    result = answer.result
    if result is not None and not result.found:
        out["guessed_pinyin"] = numbered_to_marked(result.pinyin, compact=True)
        out["breakdown"] = [_part_json(p) for p in result.breakdown]
        out["characters"] = [_part_json(p) for p in result.characters]
        if result.name_hint:
            out["name_hint"] = result.name_hint
    return out


def entries_to_text(answer: Answer) -> str:
    """Pinyin and English answers: one line per entry."""
    lines = [f"{answer.query} ({answer.kind})"]
    for reading in answer.entries:
        head = reading.simplified
        if reading.traditional != reading.simplified:
            head += f" ({reading.traditional})"
        definitions = "; ".join(readable_definitions(reading.definitions)[:4])
        lines.append(f"  {head}  {reading.marked}  {definitions}")
    return "\n".join(lines)


def annotated_paragraph(
    tokens: list[str],
    readings: list[str],
    *,
    pinyin: bool,
    separator: str = " ",
) -> str:
    """Words separated by spaces, each Han word followed by its pinyin when asked."""
    words = []
    for token, reading in zip(tokens, readings, strict=True):
        if not token.strip():
            continue
        if pinyin and reading:
            words.append(f"{token}({numbered_to_marked(reading, compact=True)})")
        else:
            words.append(token)
    return separator.join(words)


def gloss_line(word: str, reading: str, result: Lookup, width: int = 70) -> str:
    """`  词 cí  first definitions` for the gloss list under a paragraph."""
    if result.found:
        definitions = "; ".join(readable_definitions(result.readings[0].definitions[:3]))
    elif result.breakdown:
        definitions = " + ".join(
            f"{part.text} ({part.readings[0].definitions[0]})" if part.readings else part.text
            for part in result.breakdown
        )
    else:
        definitions = "?"
    line = f"  {word} {numbered_to_marked(reading, compact=True)}  {definitions}"
    return line if len(line) <= width else line[: width - 1] + "…"


def table(headers: list[str], rows: list[list[str]], max_cells: int = 36) -> str:
    """A plain aligned table measured in terminal cells (a hanzi is two cells).

    Cells are made inert before they are measured, so a title full of escapes neither
    reaches the terminal nor (being zero cells wide) breaks the alignment.
    """
    from rich.cells import cell_len

    from reader.display import safe_line
    from reader.formats import shorten

    rows = [[shorten(safe_line(cell), max_cells) for cell in row] for row in rows]
    widths = [max(cell_len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)

"""Plain-text and JSON renderings of lookups for the command line (no terminal styling)."""

from __future__ import annotations

from typing import Any

from glossary.lookup import Lookup, Part, Reading
from glossary.pinyin import numbered_to_marked

MAX_DEFINITIONS = 6


def _reading_line(reading: Reading, indent: str = "  ") -> str:
    forms = reading.simplified
    if reading.traditional != reading.simplified:
        forms += f" ({reading.traditional})"
    definitions = "; ".join(reading.definitions[:MAX_DEFINITIONS])
    if len(reading.definitions) > MAX_DEFINITIONS:
        definitions += "; …"
    return f"{indent}{forms}  {reading.marked}  [{reading.source}]  {definitions}"


def _part_line(part: Part) -> str:
    if not part.readings:
        return f"  {part.text}  (unknown)"
    return _reading_line(part.readings[0], indent="  ")


def lookup_to_text(result: Lookup) -> str:
    if result.found:
        return "\n".join([result.word, *(_reading_line(r) for r in result.readings)])
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
    return {
        "simplified": reading.simplified,
        "traditional": reading.traditional,
        "pinyin": reading.marked,
        "pinyin_numbered": reading.pinyin,
        "definitions": list(reading.definitions),
        "source": reading.source,
    }


def _part_json(part: Part) -> dict[str, Any]:
    return {"text": part.text, "readings": [_reading_json(r) for r in part.readings]}


def lookup_to_json(result: Lookup) -> dict[str, Any]:
    return {
        "word": result.word,
        "found": result.found,
        "pinyin": numbered_to_marked(result.pinyin, compact=True),
        "readings": [_reading_json(r) for r in result.readings],
        "breakdown": [_part_json(p) for p in result.breakdown],
        "characters": [_part_json(p) for p in result.characters],
    }

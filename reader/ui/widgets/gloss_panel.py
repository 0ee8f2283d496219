"""The gloss panel: a word, its forms, tone-coloured pinyin and every reading.

Everything is built as rich Text (never markup strings), so glossary or article text with
`[bold]` or `[/]` shows those characters.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from glossary.cedict_display import readable_definition
from glossary.levels import WordFacts
from glossary.lookup import Lookup, Part, Reading
from glossary.pinyin import TONE_COLOURS, Syllable, join_syllables, syllables
from glossary.script import has_han
from glossary.senses import main_traditional, order_senses, reads_as
from reader.display import inert

MAX_DEFINITIONS = 8


def pinyin_text(marked: list[Syllable], tone_colours: bool, compact: bool = True) -> Text:
    """Pinyin with each syllable in its tone colour."""
    text = Text()
    if not marked:
        return text
    joined = join_syllables(marked) if compact else " ".join(s.text for s in marked)
    position = 0
    for syllable in marked:
        found = joined.find(syllable.text, position)
        if found < 0:
            break
        text.append(joined[position:found])
        colour = TONE_COLOURS.get(syllable.tone) if tone_colours else None
        text.append(syllable.text, Style(color=colour, bold=True) if colour else Style(bold=True))
        position = found + len(syllable.text)
    text.append(joined[position:])
    return text


def _reading_block(reading: Reading, tone_colours: bool) -> Text:
    block = Text()
    block.append_text(pinyin_text(reading.syllables, tone_colours))
    if reading.traditional != reading.simplified:
        block.append(f"  {reading.simplified} ({reading.traditional})", Style(dim=True))
    block.append(f"  {reading.source}", Style(italic=True, dim=True))
    for number, definition in enumerate(reading.definitions[:MAX_DEFINITIONS], start=1):
        prefix = f"\n {number}. " if len(reading.definitions) > 1 else "\n "
        block.append(prefix)
        block.append(readable_definition(definition))
    if len(reading.definitions) > MAX_DEFINITIONS:
        block.append(f"\n … {len(reading.definitions) - MAX_DEFINITIONS} more", Style(dim=True))
    return block


def _part_line(part: Part, tone_colours: bool) -> Text:
    line = Text(f"{part.text} ", Style(bold=True))
    if not part.readings:
        line.append("(unknown)", Style(dim=True))
        return line
    reading = part.readings[0]
    line.append_text(pinyin_text(reading.syllables, tone_colours))
    line.append("  ")
    line.append("; ".join(readable_definition(d) for d in reading.definitions[:2]))
    return line


def facts_line(facts: WordFacts) -> Text:
    """`HSK 4 · top 3k` and `looked up 6× in 4 articles`: is the word worth learning?"""
    line = Text()
    line.append(facts.hsk_label or "not in HSK", Style(bold=bool(facts.hsk_label)))
    if facts.character_label:
        line.append(f" ({facts.character_label})")
    line.append(f" · {facts.frequency_band}")
    if facts.times_looked_up:
        where = facts.articles_looked_up
        line.append(f"\nlooked up {facts.times_looked_up}×")
        if where:
            line.append(f" in {where} article{'s' if where != 1 else ''}")
    line.stylize(Style(dim=True))
    return line


def render_lookup(
    result: Lookup,
    *,
    tone_colours: bool = True,
    status: str = "",
    pinyin: str = "",
    facts: WordFacts | None = None,
) -> RenderableType:
    """The panel's content for one word; `pinyin` is the reading shown in the text."""
    parts: list[RenderableType] = []
    head = Text(result.word, Style(bold=True))
    traditional = main_traditional(result.readings, result.word, pinyin or result.pinyin)
    if traditional:
        head.append(f"  ({' / '.join(traditional)})", Style(dim=True))
    if status:
        head.append(f"  [{status}]", Style(italic=True))
    parts.append(head)
    if facts is not None and has_han(result.word):
        parts.append(facts_line(facts))
    shown = pinyin or result.pinyin
    if shown and not result.readings:
        parts.append(pinyin_text(syllables(shown), tone_colours))
    if result.readings:
        if pinyin and not any(reads_as(r.pinyin, pinyin) for r in result.readings):
            # Read here as no entry writes it (a second opinion, or the learner's `r`): the
            # text's reading heads the panel, so the two never disagree.
            line = pinyin_text(syllables(pinyin), tone_colours)
            line.append("  as read here", Style(italic=True, dim=True))
            parts.append(line)
        # The reading shown over the word in the text comes first, so the two never disagree.
        for reading in order_senses(result.readings, pinyin or None):
            parts.append(Text())
            parts.append(_reading_block(reading, tone_colours))
    elif not has_han(result.word):
        parts.append(Text("not Chinese: no gloss", Style(italic=True, dim=True)))
    else:
        parts.append(Text("not in the glossary or CC-CEDICT", Style(italic=True, dim=True)))
        if result.name_hint:
            parts.append(Text(result.name_hint, Style(italic=True)))
        pieces = result.breakdown or result.characters
        if pieces:
            parts.append(Text("made of:" if result.breakdown else "characters:", Style(dim=True)))
            parts.extend(_part_line(part, tone_colours) for part in pieces)
        parts.append(Text("a: add it to your glossary", Style(dim=True)))
    return Group(*parts)


class GlossPanel(Static):
    """Shows the lookup of the word under the cursor (or the mouse)."""

    DEFAULT_CSS = """
    GlossPanel { height: auto; }
    """

    def show(
        self,
        result: Lookup,
        *,
        tone_colours: bool,
        status: str,
        pinyin: str,
        facts: WordFacts | None = None,
    ) -> None:
        panel = render_lookup(
            result, tone_colours=tone_colours, status=status, pinyin=pinyin, facts=facts
        )
        self.update(inert(panel))
        self.word = result.word

    def clear(self) -> None:
        self.update(Text("Move the cursor to a word (arrows or h/l), or hover it."))
        self.word = ""

    word: str = ""

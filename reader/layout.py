"""Lay an article's stored tokens out in terminal lines, measured in cells.

Headless (no Textual), so wrapping, ruby pinyin and hit-testing are unit-tested directly.
A hanzi is two cells wide; a token never splits across lines unless it is wider than a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rich.cells import cell_len

from db.articles import StoredParagraph
from glossary.pinyin import Syllable, join_syllables, syllables
from glossary.script import has_han
from reader.display import laid_out_text

# Punctuation that must not begin a line (kinsoku): it stays with the word before it.
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%")


@dataclass(frozen=True, slots=True)
class Token:
    index: int
    paragraph: int
    start: int
    text: str
    reading: str
    is_word: bool
    display: str  # what is painted: controls and odd whitespace become spaces
    cells: int  # terminal width of `display`

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Placement:
    token: int
    x: int
    text: str
    width: int


@dataclass(slots=True)
class Line:
    paragraph: int
    placements: list[Placement] = field(default_factory=list)


def is_word(text: str) -> bool:
    """The cursor stops on words: anything with a Han character, a letter or a digit."""
    return any(c.isalnum() for c in text) or has_han(text)


def _cells(text: str, all_han: bool) -> int:
    """Terminal width; a token with a reading is all Han (two cells each) unless it mixes."""
    if all_han and all("\u4e00" <= c <= "\u9fff" for c in text):
        return 2 * len(text)
    return cell_len(text)


def tokens_of(paragraphs: list[StoredParagraph]) -> list[Token]:
    """Flat tokens of an article; display text and width are computed once here."""
    tokens: list[Token] = []
    append = tokens.append
    for number, paragraph in enumerate(paragraphs):
        start = 0
        text_of = paragraph.text
        for end, reading in zip(paragraph.token_ends, paragraph.readings, strict=False):
            text = text_of[start:end]
            display = text if text.isprintable() else laid_out_text(text)
            word = bool(reading) or is_word(text)
            cells = len(display) if display.isascii() else _cells(display, bool(reading))
            append(Token(len(tokens), number, start, text, reading, word, display, cells))
            start = end
    return tokens


@lru_cache(maxsize=65536)
def marked_syllables(reading: str) -> tuple[Syllable, ...]:
    return tuple(syllables(reading))


@lru_cache(maxsize=65536)
def ruby_text(reading: str) -> str:
    """The compact tone-marked pinyin shown above a word (dìyīshūjì)."""
    return join_syllables(list(marked_syllables(reading))) if reading else ""


@lru_cache(maxsize=65536)
def ruby_cells(reading: str) -> int:
    return cell_len(ruby_text(reading))


class Layout:
    """Lines of placements for one width and one pinyin mode."""

    def __init__(self, tokens: list[Token], width: int, pinyin: bool) -> None:
        self.width = max(width, 4)
        self.pinyin = pinyin
        self.rows_per_line = 2 if pinyin else 1
        self.lines: list[Line] = []
        self.token_line: dict[int, int] = {}
        self._build(tokens)

    @property
    def rows(self) -> int:
        return len(self.lines) * self.rows_per_line

    def slot_width(self, token: Token) -> int:
        if self.pinyin and token.reading:
            return max(token.cells, ruby_cells(token.reading))
        return token.cells

    def _build(self, tokens: list[Token]) -> None:
        paragraph = -1
        line: Line | None = None
        x = 0
        previous_ruby = False
        for token in tokens:
            if token.paragraph != paragraph:
                if line is not None:
                    self.lines.append(Line(paragraph))  # a blank line between paragraphs
                paragraph = token.paragraph
                line = Line(paragraph)
                self.lines.append(line)
                x = 0
                previous_ruby = False
            assert line is not None
            text = token.display
            if x == 0 and not text.strip():
                continue  # no leading blanks on a wrapped line
            width = self.slot_width(token)
            has_ruby = self.pinyin and bool(token.reading)
            gap = 1 if x and (has_ruby or previous_ruby) and token.is_word else 0
            if x + gap + width > self.width and x > 0:
                carried = self._carry(line, text, width)
                line = Line(paragraph)
                self.lines.append(line)
                x = 0
                gap = 0
                for placement in carried:
                    line.placements.append(
                        Placement(placement.token, x, placement.text, placement.width)
                    )
                    self.token_line[placement.token] = len(self.lines) - 1
                    x += placement.width
            if width > self.width:  # a long URL or number: split by characters
                for piece in _split_cells(text, self.width - x, self.width):
                    if x and x + cell_len(piece) > self.width:
                        line = Line(paragraph)
                        self.lines.append(line)
                        x = 0
                    line.placements.append(Placement(token.index, x, piece, cell_len(piece)))
                    self.token_line.setdefault(token.index, len(self.lines) - 1)
                    x += cell_len(piece)
                previous_ruby = False
                continue
            x += gap
            line.placements.append(Placement(token.index, x, text, width))
            self.token_line[token.index] = len(self.lines) - 1
            x += width
            previous_ruby = has_ruby

    def _carry(self, line: Line, text: str, width: int) -> list[Placement]:
        """Before wrapping at punctuation that may not start a line, move the word before it
        down too, so that ，and 。 never open a line, unless the two together would not fit
        the width: then the punctuation opens the line, which beats leaving the screen."""
        if text[:1] not in NO_LINE_START or len(line.placements) < 2:
            return []
        if line.placements[-1].width + width > self.width:
            return []
        return [line.placements.pop()]

    def row_of(self, token: int) -> int:
        """The first screen row of the token's text (below its ruby line in pinyin mode)."""
        return self.token_line.get(token, 0) * self.rows_per_line + (self.rows_per_line - 1)

    def placement_of(self, token: int) -> Placement | None:
        line = self.lines[self.token_line.get(token, 0)] if self.lines else None
        if line is None:
            return None
        return next((p for p in line.placements if p.token == token), None)

    def token_at(self, x: int, row: int) -> int | None:
        """The token under a screen cell (either row of a ruby pair), or None."""
        line_index = row // self.rows_per_line
        if not 0 <= line_index < len(self.lines):
            return None
        for placement in self.lines[line_index].placements:
            if placement.x <= x < placement.x + placement.width:
                return placement.token
        return None

    def line_tokens(self, line_index: int) -> list[Placement]:
        if 0 <= line_index < len(self.lines):
            return self.lines[line_index].placements
        return []


def _split_cells(text: str, first_width: int, width: int) -> list[str]:
    """Pieces that fill the rest of the current line, then whole lines."""
    pieces: list[str] = []
    current = ""
    limit = max(first_width, 2)
    for char in text:
        if current and cell_len(current + char) > limit:
            pieces.append(current)
            current = ""
            limit = width
        current += char
    if current:
        pieces.append(current)
    return pieces

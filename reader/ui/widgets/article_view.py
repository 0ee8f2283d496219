"""The article view: stored tokens rendered with Textual's line API, one Strip per row.

One widget per word would be far too slow for a long article; instead a headless Layout places
tokens in lines and `render_line` paints only the rows on screen.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.articles import StoredParagraph
from db.terms import Status
from glossary.pinyin import TONE_COLOURS
from reader.layout import Layout, Placement, Token, marked_syllables, ruby_text, tokens_of


class ArticleView(ScrollView, can_focus=True):
    """Paragraphs of words with a word cursor; posts a message when cursor or hover moves."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cursor",
        "article-view--hover",
        "article-view--new",
        "article-view--learning",
        "article-view--above",
        "article-view--selection",
        "article-view--pinyin",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "next_word", "Next word", show=False, id="reader.next-word"),
        Binding("left,h", "previous_word", "Previous word", show=False, id="reader.previous-word"),
        Binding("down,j", "line_down", "Line down", show=False, id="reader.line-down"),
        Binding("up,k", "line_up", "Line up", show=False, id="reader.line-up"),
        Binding(
            "right_curly_bracket",
            "next_paragraph",
            "Next paragraph",
            show=False,
            id="reader.next-paragraph",
        ),
        Binding(
            "left_curly_bracket",
            "previous_paragraph",
            "Previous paragraph",
            show=False,
            id="reader.previous-paragraph",
        ),
        Binding("pagedown", "page_down", "Page down", show=False, id="reader.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page-up"),
        Binding("shift+right,L", "next_char", "Next character", show=False, id="reader.next-char"),
        Binding(
            "shift+left,H",
            "previous_char",
            "Previous character",
            show=False,
            id="reader.previous-char",
        ),
        Binding("g,home", "first_word", "Start", show=False, id="reader.start"),
        Binding("G,end", "last_word", "End", show=False, id="reader.end"),
    ]

    show_pinyin: reactive[bool] = reactive(False)
    """Ruby pinyin above every word."""
    tone_colours: reactive[bool] = reactive(True)
    """Colour pinyin (and hanzi) by tone."""
    highlight: reactive[str] = reactive("new")
    """Which words are tinted: new (and learning), learning, above (the learner's HSK level),
    or off."""
    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the token under the word cursor; always a cursor stop."""
    cursor_char: reactive[int] = reactive(0, repaint=False, init=False)
    """Offset of the cursor character within the cursor token (for `v` and `b`)."""
    hover: reactive[int | None] = reactive(None, repaint=False, init=False)
    """Index of the word under the mouse, or None."""
    selection: reactive[tuple[int, int, int] | None] = reactive(None, repaint=False, init=False)
    """Selected characters as (paragraph, start, end), or None."""
    latin_stops: reactive[bool] = reactive(False, init=False)
    """Digits and Latin tokens are cursor stops too (`#`); off by default."""

    @dataclass
    class CursorMoved(Message):
        view: ArticleView
        token: Token

    @dataclass
    class SelectionChanged(Message):
        """The character selection changed; `text` is empty when it ended."""

        view: ArticleView
        text: str

    @dataclass
    class Hovered(Message):
        """The mouse is over `token`, or left the words (None)."""

        view: ArticleView
        token: Token | None

    def __init__(
        self,
        paragraphs: list[StoredParagraph],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.tokens: list[Token] = tokens_of(paragraphs)
        self.paragraph_texts = [p.text for p in paragraphs]
        self.word_indexes = self._stops()
        self.statuses: dict[str, Status] = {}  # word -> status, set by the screen
        self.set_reactive(ArticleView.cursor, self.word_indexes[0] if self.word_indexes else 0)
        self.levels: dict[str, int | None] = {}  # word -> HSK level, set by the screen
        self.own_level = 0  # the learner's HSK level: words above it tint in "above" mode
        self._layout: Layout | None = None

    def is_stop(self, token: Token) -> bool:
        """Chinese words are cursor stops; digits and Latin only while `latin_stops` is on."""
        return bool(token.reading) or (self.latin_stops and token.is_word)

    def _stops(self) -> list[int]:
        if self.latin_stops:
            return [t.index for t in self.tokens if t.reading or t.is_word]
        return [t.index for t in self.tokens if t.reading]  # inline: long articles open fast

    # --- layout ------------------------------------------------------------------------------

    @property
    def layout_for_view(self) -> Layout:
        width = self.scrollable_content_region.width or self.size.width or 80
        layout = self._layout
        if layout is None or layout.width != max(width, 4) or layout.pinyin != self.show_pinyin:
            layout = Layout(self.tokens, width, self.show_pinyin)
            self._layout = layout
            self.virtual_size = Size(layout.width, layout.rows)
        return layout

    def on_resize(self, event: events.Resize) -> None:
        # Built lazily by the next paint; an open article would otherwise lay out twice.
        self._layout = None
        self.call_after_refresh(self.scroll_to_cursor)

    def _relayout(self) -> None:
        self._layout = None
        _ = self.layout_for_view
        self.scroll_to_cursor(animate=False)
        self.refresh()

    def watch_show_pinyin(self) -> None:
        if self.is_mounted:
            self._relayout()

    def watch_tone_colours(self) -> None:
        self.refresh()

    def watch_highlight(self) -> None:
        self.refresh()

    @property
    def highlight_new(self) -> bool:
        return self.highlight == "new"

    def replace_paragraphs(
        self, paragraphs: list[StoredParagraph], keep_offset: bool = True
    ) -> None:
        """Show a new cut of the same article, keeping the cursor on the same character."""
        old = self.cursor_token
        old_char = old.start + self.cursor_char if old is not None else 0
        self.tokens = tokens_of(paragraphs)
        self.paragraph_texts = [p.text for p in paragraphs]
        self.word_indexes = self._stops()
        self.set_reactive(ArticleView.selection, None)
        self.set_reactive(ArticleView.hover, None)
        index = self.word_indexes[0] if self.word_indexes else 0
        if old is not None and keep_offset:
            index = self.token_at_offset(old.paragraph, old_char)
        self.set_reactive(ArticleView.cursor, index)
        token = self.cursor_token
        char = 0
        if token is not None and old is not None and token.paragraph == old.paragraph:
            char = old_char - token.start if token.start <= old_char < token.end else 0
        self.set_reactive(ArticleView.cursor_char, char)
        self._relayout()
        if token is not None:
            self.post_message(self.CursorMoved(self, token))

    def token_at_offset(self, paragraph: int, char: int) -> int:
        """The cursor stop covering (or next after) a character position."""
        for token in self.tokens:
            if token.paragraph == paragraph and token.start <= char < token.end:
                return self._nearest_word(token.index)
            if token.paragraph > paragraph:
                return self._nearest_word(token.index)
        return self.word_indexes[-1] if self.word_indexes else 0

    def _nearest_word(self, index: int) -> int:
        position = bisect.bisect_left(self.word_indexes, index)
        if position < len(self.word_indexes):
            return self.word_indexes[position]
        return self.word_indexes[-1] if self.word_indexes else 0

    def watch_latin_stops(self) -> None:
        self.word_indexes = self._stops()
        self.cursor = self.cursor  # validated onto a stop
        self.refresh()

    # --- refreshing only what changed ----------------------------------------------------------

    def _token_rows(self, index: int) -> tuple[int, int] | None:
        """First virtual row and row count of the lines a token is placed on."""
        layout = self._layout
        if layout is None or index not in layout.token_line:
            return None
        first = last = layout.token_line[index]
        while any(p.token == index for p in layout.line_tokens(last + 1)):
            last += 1
        while first > 0 and any(p.token == index for p in layout.line_tokens(first - 1)):
            first -= 1
        rows = layout.rows_per_line
        return first * rows, (last - first + 1) * rows

    def _refresh_tokens(self, *indexes: int | None) -> None:
        if self._layout is None:
            self.refresh()
            return
        for index in indexes:
            if index is not None and 0 <= index < len(self.tokens):
                span = self._token_rows(index)
                if span is not None:
                    self.refresh_lines(*span)

    def _refresh_selection(self, selection: tuple[int, int, int] | None) -> None:
        if selection is None:
            return
        paragraph, start, end = selection
        self._refresh_tokens(
            *(
                t.index
                for t in self.tokens
                if t.paragraph == paragraph and t.start < end and t.end > start
            )
        )

    # --- painting ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        layout = self.layout_for_view
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        line_index, sub_row = divmod(row, layout.rows_per_line)
        base = self.rich_style
        width = self.scrollable_content_region.width
        if not 0 <= line_index < len(layout.lines):
            return Strip.blank(width, base)
        ruby_row = layout.pinyin and sub_row == 0
        segments: list[Segment] = []
        x = 0
        for placement in layout.lines[line_index].placements:
            if placement.x > x:
                segments.append(Segment(" " * (placement.x - x), base))
            token = self.tokens[placement.token]
            style = self._token_style(token, base)
            if ruby_row:
                segments.extend(self._ruby_segments(token, placement.width, base))
            elif self.selection is not None and self._selected(token):
                unselected = self._token_style(token, base, selection=False)
                segments.extend(self._selection_segments(token, placement, unselected))
            elif token.index == self.cursor and self.cursor_char:
                segments.extend(self._cursor_char_segments(token, placement, style))
            else:
                segments.extend(self._text_segments(token, placement.text, placement.width, style))
            x = placement.x + placement.width
        strip = Strip(segments, x)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    def _token_style(self, token: Token, base: Style, selection: bool = True) -> Style:
        style = base
        if token.is_word and self.highlight != "off" and token.reading:
            status = self.statuses.get(token.text, "new")
            if self.highlight == "above":
                level = self.levels.get(token.text)
                harder = level is None or level > self.own_level
                if harder and status in ("new", "learning"):
                    style += self.get_component_rich_style("article-view--above")
            elif status == "new" and self.highlight == "new":
                style += self.get_component_rich_style("article-view--new")
            elif status == "learning":
                style += self.get_component_rich_style("article-view--learning")
        if selection and self.selection is not None and self._selected(token):
            style += self.get_component_rich_style("article-view--selection")
        if token.index == self.hover and token.index != self.cursor:
            style += self.get_component_rich_style("article-view--hover")
        if token.index == self.cursor:
            style += self.get_component_rich_style("article-view--cursor")
        return style

    def _selected(self, token: Token) -> bool:
        assert self.selection is not None
        paragraph, start, end = self.selection
        return token.paragraph == paragraph and token.start < end and token.end > start

    def _text_segments(self, token: Token, text: str, width: int, style: Style) -> list[Segment]:
        from rich.cells import cell_len

        padding = width - cell_len(text)
        left = padding // 2 if self.show_pinyin else 0
        right = padding - left
        segments = [Segment(" " * left, style)] if left else []
        colour_hanzi = self.tone_colours and self.show_pinyin and token.reading
        syllables = marked_syllables(token.reading) if colour_hanzi else ()
        if colour_hanzi and len(syllables) == len(text):
            for char, syllable in zip(text, syllables, strict=True):
                colour = TONE_COLOURS.get(syllable.tone)
                segments.append(Segment(char, style + Style(color=colour) if colour else style))
        else:
            segments.append(Segment(text, style))
        if right:
            segments.append(Segment(" " * right, style))
        return segments

    def _selection_segments(
        self, token: Token, placement: Placement, unselected: Style
    ) -> list[Segment]:
        """Only the selected characters of a token get the selection style."""
        assert self.selection is not None
        _, start, end = self.selection
        selected = unselected + self.get_component_rich_style("article-view--selection")
        text = placement.text
        offset = token.start + token.display.find(text) if text != token.display else token.start
        segments = [
            Segment(char, selected if start <= offset + i < end else unselected)
            for i, char in enumerate(text)
        ]
        from rich.cells import cell_len

        padding = placement.width - cell_len(text)
        if padding > 0:
            left = padding // 2 if self.show_pinyin else 0
            segments = [Segment(" " * left, unselected), *segments]
            segments.append(Segment(" " * (padding - left), unselected))
        return segments

    def _cursor_char_segments(
        self, token: Token, placement: Placement, style: Style
    ) -> list[Segment]:
        """The cursor word, with its cursor character underlined (where `v` and `b` act)."""
        segments = self._text_segments(token, placement.text, placement.width, style)
        offset = token.start + token.display.find(placement.text)
        target = token.start + self.cursor_char - offset
        underlined = style + Style(underline=True, bold=True)
        result: list[Segment] = []
        position = 0
        for segment in segments:
            if segment.text.isspace():
                result.append(segment)
                continue
            for char in segment.text:
                char_style = segment.style or style
                result.append(
                    Segment(char, char_style + underlined if position == target else char_style)
                )
                position += 1
        return result

    def _ruby_segments(self, token: Token, width: int, base: Style) -> list[Segment]:
        from rich.cells import cell_len

        ruby_style = base + self.get_component_rich_style("article-view--pinyin")
        if not token.reading:
            return [Segment(" " * width, base)]
        text = ruby_text(token.reading)
        padding = width - cell_len(text)
        left = padding // 2
        segments = [Segment(" " * left, base)] if left else []
        if self.tone_colours:
            for syllable_text, syllable in self._ruby_pieces(token.reading):
                colour = TONE_COLOURS.get(syllable)
                segments.append(
                    Segment(
                        syllable_text, ruby_style + Style(color=colour) if colour else ruby_style
                    )
                )
        else:
            segments.append(Segment(text, ruby_style))
        if padding - left:
            segments.append(Segment(" " * (padding - left), base))
        return segments

    @staticmethod
    def _ruby_pieces(reading: str) -> list[tuple[str, int]]:
        """The compact ruby text cut back into (text, tone) pieces for colouring."""
        pieces: list[tuple[str, int]] = []
        text = ruby_text(reading)
        position = 0
        for syllable in marked_syllables(reading):
            found = text.find(syllable.text, position)
            if found < 0:
                return [(text, 0)]
            if found > position:
                pieces.append((text[position:found], 0))
            pieces.append((syllable.text, syllable.tone))
            position = found + len(syllable.text)
        if position < len(text):
            pieces.append((text[position:], 0))
        return pieces

    # --- cursor ------------------------------------------------------------------------------

    @property
    def cursor_token(self) -> Token | None:
        return self.tokens[self.cursor] if self.tokens else None

    def validate_cursor(self, index: int) -> int:
        if not self.tokens:
            return 0
        index = max(0, min(index, len(self.tokens) - 1))
        if self.word_indexes and not self.is_stop(self.tokens[index]):
            return self._nearest_word(index)
        return index

    def watch_cursor(self, old: int, new: int) -> None:
        self.set_reactive(ArticleView.cursor_char, 0)
        self._refresh_tokens(old, new)
        if self.is_mounted:
            self.scroll_to_cursor()
        if self.tokens:
            self.post_message(self.CursorMoved(self, self.tokens[new]))

    def validate_cursor_char(self, offset: int) -> int:
        token = self.cursor_token
        return max(0, min(offset, len(token.text) - 1)) if token is not None else 0

    def watch_cursor_char(self) -> None:
        self._refresh_tokens(self.cursor)

    def validate_hover(self, index: int | None) -> int | None:
        if index is None or not 0 <= index < len(self.tokens):
            return None
        return index if self.is_stop(self.tokens[index]) else None

    def watch_hover(self, old: int | None, new: int | None) -> None:
        self._refresh_tokens(old, new)
        self.post_message(self.Hovered(self, self.tokens[new] if new is not None else None))

    def watch_selection(
        self, old: tuple[int, int, int] | None, new: tuple[int, int, int] | None
    ) -> None:
        self._refresh_selection(old)
        self._refresh_selection(new)
        self.post_message(self.SelectionChanged(self, self.selected_text))

    def move_cursor(self, index: int) -> None:
        """Put the cursor on a token (the nearest stop at or after it)."""
        self.cursor = index

    def place_cursor(self, word: str, occurrence: int = 0) -> Token:
        """Put the cursor on the `occurrence`-th token that reads `word` (for tests and jumps)."""
        matches = [t for t in self.tokens if t.text == word]
        if len(matches) <= occurrence:
            raise LookupError(f"{word!r} is not a token of this article")
        self.cursor = matches[occurrence].index
        return self.tokens[self.cursor]

    def scroll_to_cursor(self, animate: bool = False) -> None:
        layout = self.layout_for_view
        placement = layout.placement_of(self.cursor)
        if placement is None:
            return
        top = layout.token_line.get(self.cursor, 0) * layout.rows_per_line
        region = Region(placement.x, top, max(placement.width, 1), layout.rows_per_line)
        self.scroll_to_region(region, animate=animate, spacing=None, immediate=True)

    def _word_position(self) -> int:
        return bisect.bisect_left(self.word_indexes, self.cursor)

    # --- selection -----------------------------------------------------------------------------

    @property
    def selected_text(self) -> str:
        if self.selection is None:
            return ""
        paragraph, start, end = self.selection
        return self.paragraph_texts[paragraph][start:end]

    def shown_reading(self, paragraph: int, start: int, end: int) -> str:
        """The pinyin shown over the text [start, end) of a paragraph, when it covers whole
        tokens that all have one (their readings joined); else ''."""
        first = bisect.bisect_left(
            self.tokens, (paragraph, start), key=lambda t: (t.paragraph, t.start)
        )
        readings: list[str] = []
        for index in range(first, len(self.tokens)):  # from the span on: no copy, no skip
            token = self.tokens[index]
            if token.paragraph != paragraph or token.start >= end:
                break
            starts_inside = not readings and token.start != start
            if starts_inside or token.end > end or not token.reading:
                return ""  # the span cuts a token, or holds one without pinyin
            readings.append(token.reading)
        return " ".join(readings)

    def toggle_selection(self) -> None:
        """Start a selection at the cursor character, or end the current one."""
        token = self.cursor_token
        if self.selection is not None or token is None:
            self.selection = None
        else:
            start = token.start + self.cursor_char
            self.selection = (token.paragraph, start, token.end)

    def clear_selection(self) -> None:
        self.selection = None

    def _resize_selection(self, delta: int) -> None:
        assert self.selection is not None
        paragraph, start, end = self.selection
        limit = len(self.paragraph_texts[paragraph])
        end = max(start + 1, min(limit, end + delta))
        self.selection = (paragraph, start, end)

    def action_next_char(self) -> None:
        """Move the cursor character right, into the next word at the end of this one; with
        a selection, grow it by a character, as → does."""
        if self.selection is not None:
            self._resize_selection(1)
            return
        token = self.cursor_token
        if token is None:
            return
        if self.cursor_char + 1 < len(token.text):
            self.cursor_char += 1
        else:
            self.action_next_word()

    def action_previous_char(self) -> None:
        """Move the cursor character left, onto the last character of the previous word;
        with a selection, shrink it by a character, as ← does."""
        if self.selection is not None:
            self._resize_selection(-1)
            return
        if self.cursor_char > 0:
            self.cursor_char -= 1
            return
        before = self.cursor
        self.action_previous_word()
        token = self.cursor_token
        if self.cursor != before and token is not None:
            self.cursor_char = len(token.text) - 1

    def action_next_word(self) -> None:
        if self.selection is not None:
            self._resize_selection(1)
            return
        position = self._word_position()
        if position + 1 < len(self.word_indexes):
            self.move_cursor(self.word_indexes[position + 1])

    def action_previous_word(self) -> None:
        if self.selection is not None:
            self._resize_selection(-1)
            return
        position = self._word_position()
        if position > 0:
            self.move_cursor(self.word_indexes[position - 1])

    def _move_lines(self, delta: int) -> None:
        layout = self.layout_for_view
        line_index = layout.token_line.get(self.cursor, 0)
        placement = layout.placement_of(self.cursor)
        x = placement.x + placement.width // 2 if placement else 0
        target = line_index + delta
        step = 1 if delta > 0 else -1
        while 0 <= target < len(layout.lines):
            words = [p for p in layout.line_tokens(target) if self.is_stop(self.tokens[p.token])]
            if words:
                best = min(words, key=lambda p: abs(p.x + p.width // 2 - x))
                self.move_cursor(best.token)
                return
            target += step

    def action_line_down(self) -> None:
        self._move_lines(1)

    def action_line_up(self) -> None:
        self._move_lines(-1)

    def action_page_down(self) -> None:
        rows = max(
            1, self.scrollable_content_region.height // self.layout_for_view.rows_per_line - 1
        )
        self._move_lines(rows)

    def action_page_up(self) -> None:
        rows = max(
            1, self.scrollable_content_region.height // self.layout_for_view.rows_per_line - 1
        )
        self._move_lines(-rows)

    def _paragraph_start(self, paragraph: int) -> int | None:
        for index in self.word_indexes:
            if self.tokens[index].paragraph == paragraph:
                return index
        return None

    def action_next_paragraph(self) -> None:
        paragraph = self.tokens[self.cursor].paragraph
        for index in self.word_indexes:
            if self.tokens[index].paragraph > paragraph:
                self.move_cursor(index)
                return

    def action_previous_paragraph(self) -> None:
        current = self.tokens[self.cursor].paragraph
        start = self._paragraph_start(current)
        if start is not None and start != self.cursor:
            self.move_cursor(start)
            return
        for paragraph in range(current - 1, -1, -1):
            start = self._paragraph_start(paragraph)
            if start is not None:
                self.move_cursor(start)
                return

    def action_first_word(self) -> None:
        if self.word_indexes:
            self.move_cursor(self.word_indexes[0])

    def action_last_word(self) -> None:
        if self.word_indexes:
            self.move_cursor(self.word_indexes[-1])

    # --- mouse -------------------------------------------------------------------------------

    def _token_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        scroll_x, scroll_y = self.scroll_offset
        return self.layout_for_view.token_at(offset.x + scroll_x, offset.y + scroll_y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hover = self._token_under(event)

    def on_leave(self, event: events.Leave) -> None:
        self.hover = None

    def on_click(self, event: events.Click) -> None:
        index = self._token_under(event)
        if index is not None and self.is_stop(self.tokens[index]):
            self.cursor = index
            self.cursor_char = self._char_under(event, index)

    def _char_under(self, event: events.MouseEvent, index: int) -> int:
        """Which character of token `index` the pointer is on (for `v` and `b`)."""
        from rich.cells import cell_len

        offset = event.get_content_offset(self)
        layout = self.layout_for_view
        if offset is None:
            return 0
        scroll_x, scroll_y = self.scroll_offset
        line = layout.line_tokens((offset.y + scroll_y) // layout.rows_per_line)
        placement = next((p for p in line if p.token == index), None)
        if placement is None:
            return 0
        token = self.tokens[index]
        padding = placement.width - cell_len(placement.text)
        x = offset.x + scroll_x - placement.x - (padding // 2 if self.show_pinyin else 0)
        before = max(token.display.find(placement.text), 0)
        for position, char in enumerate(placement.text):
            x -= cell_len(char)
            if x < 0:
                return before + position
        return before + len(placement.text) - 1

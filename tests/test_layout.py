"""The headless layout: cells, wrapping, kinsoku, ruby widths and hit-testing."""

from __future__ import annotations

import importlib

import pytest
from rich.cells import cell_len
from textual.binding import Binding

from db.articles import StoredParagraph
from reader.layout import NO_LINE_START, Layout, tokens_of


def paragraph(
    position: int, tokens: list[str], readings: list[str] | None = None
) -> StoredParagraph:
    ends, offset = [], 0
    for token in tokens:
        offset += len(token)
        ends.append(offset)
    return StoredParagraph(
        position, "".join(tokens), tuple(ends), tuple(readings or [""] * len(tokens))
    )


def test_hanzi_take_two_cells_and_lines_fill_the_width() -> None:
    tokens = tokens_of([paragraph(0, ["第一书记", "来到", "村里", "。"] * 5)])
    assert tokens[0].cells == 8 and tokens[3].cells == 2
    layout = Layout(tokens, 20, pinyin=False)
    for line in layout.lines:
        width = sum(p.width for p in line.placements)
        assert width <= 20
    assert [p.text for p in layout.lines[0].placements] == ["第一书记", "来到", "村里", "。"]


def test_punctuation_never_starts_a_line() -> None:
    tokens = tokens_of([paragraph(0, ["我们", "来到", "村里", "，", "他们", "走了", "。"] * 6)])
    for width in range(6, 30):
        layout = Layout(tokens, width, pinyin=False)
        for line in layout.lines[1:]:
            if line.placements:
                assert line.placements[0].text[:1] not in NO_LINE_START, width


def test_ruby_slots_fit_pinyin_and_paragraphs_are_separated() -> None:
    tokens = tokens_of(
        [paragraph(0, ["第一书记", "。"], ["di4 yi1 shu1 ji4", ""]), paragraph(1, ["好"], ["hao3"])]
    )
    layout = Layout(tokens, 40, pinyin=True)
    assert layout.rows_per_line == 2
    first = layout.lines[0].placements[0]
    assert first.width == cell_len("dìyīshūjì") == 9
    assert layout.lines[1].placements == []  # blank line between paragraphs
    assert layout.token_at(first.x + 3, 0) == 0  # the ruby row hits the word too
    assert layout.token_at(first.x + 3, 1) == 0
    assert layout.row_of(2) == 5  # third line, text row under its ruby row


def test_a_token_wider_than_the_line_is_split() -> None:
    url = "https://example.com/" + "a" * 50
    tokens = tokens_of([paragraph(0, ["看", url])])
    layout = Layout(tokens, 20, pinyin=False)
    pieces = [p for line in layout.lines for p in line.placements if p.token == 1]
    assert "".join(p.text for p in pieces) == url
    assert all(p.x + p.width <= 20 for p in pieces)


def test_control_characters_are_painted_as_spaces() -> None:
    (token,) = tokens_of([paragraph(0, ["a\tb\x1b"])])
    assert token.display == "a b " and token.cells == 4


@pytest.mark.parametrize(
    "module",
    [
        "reader.ui.app",
        "reader.ui.screens.library",
        "reader.ui.screens.reading",
        "reader.ui.screens.glossary",
        "reader.ui.screens.study",
        "reader.ui.screens.dialogs",
        "reader.ui.screens.help",
        "reader.ui.screens.term_dialog",
        "reader.ui.widgets.article_view",
    ],
)
def test_every_binding_has_an_id_and_a_description(module: str) -> None:
    loaded = importlib.import_module(module)
    for value in vars(loaded).values():
        if isinstance(value, type) and value.__module__ == module:
            for binding in getattr(value, "BINDINGS", []):
                if isinstance(binding, Binding):
                    assert binding.id and binding.description, (module, binding.key)


def test_kinsoku_never_pushes_a_line_past_the_width() -> None:
    """Found by the layout property test: carrying a 15-cell word down with its comma made a
    17-cell line at width 16."""
    tokens = tokens_of([paragraph(0, ["1", "1、、、、、、、", "、"])])
    layout = Layout(tokens, 16, pinyin=False)
    for line in layout.lines:
        assert sum(p.width for p in line.placements) <= 16

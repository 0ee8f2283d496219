"""Properties that must hold for any input: layout, covers, paragraphs and cuts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import Database, open_db
from db.articles import StoredParagraph
from glossary.lookup import _cover
from glossary.script import has_han
from reader.formats import split_paragraphs
from reader.layout import Layout, tokens_of

HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处理"
)  # common characters, most frequent first
PUNCTUATION = "，。、；：？！“”（）《》…—"
LATIN = "abcXYZ0123456789 .-"
paragraph_text = st.text(alphabet=HANZI + PUNCTUATION + LATIN, min_size=0, max_size=120)


def stored(tokens: list[str]) -> StoredParagraph:
    ends, offset = [], 0
    for token in tokens:
        offset += len(token)
        ends.append(offset)
    readings = tuple(" ".join("ma1" for _ in t) if has_han(t) else "" for t in tokens)
    return StoredParagraph(0, "".join(tokens), tuple(ends), readings)


token_lists = st.lists(
    st.text(alphabet=HANZI[:60] + PUNCTUATION + "ab1", min_size=1, max_size=9),
    min_size=1,
    max_size=40,
)


@given(token_lists, st.integers(min_value=6, max_value=60), st.booleans())
def test_layout_fits_the_width_and_keeps_every_token(
    tokens: list[str], width: int, pinyin: bool
) -> None:
    laid = tokens_of([stored(tokens)])
    layout = Layout(laid, width, pinyin=pinyin)
    painted: dict[int, str] = {}
    for line in layout.lines:
        right = 0
        for placement in line.placements:
            assert placement.x >= right  # no overlap, left to right
            right = placement.x + placement.width
            painted[placement.token] = painted.get(placement.token, "") + placement.text
        assert right <= width
    assert [painted.get(token.index, "") for token in laid] == [token.display for token in laid]


@given(token_lists, st.integers(min_value=6, max_value=60))
def test_hit_testing_finds_the_token_painted_there(tokens: list[str], width: int) -> None:
    laid = tokens_of([stored(tokens)])
    layout = Layout(laid, width, pinyin=False)
    for number, line in enumerate(layout.lines):
        for placement in line.placements:
            row = number * layout.rows_per_line
            assert layout.token_at(placement.x, row) == placement.token


@given(
    st.text(alphabet=HANZI[:30], min_size=1, max_size=30),
    st.sets(st.text(alphabet=HANZI[:30], min_size=2, max_size=4), max_size=40),
)
def test_a_cover_rebuilds_the_word_from_known_pieces(word: str, known_words: set[str]) -> None:
    known = {w: () for w in known_words}
    cover = _cover(word, known)  # type: ignore[arg-type]
    assert "".join(cover) == word
    assert all(len(piece) == 1 or piece in known for piece in cover)
    if word in known:
        assert cover == [word]


@given(st.text(alphabet=HANZI[:40] + "，。\n \u3000\t", max_size=300))
def test_paragraphs_are_trimmed_single_lines_that_keep_every_hanzi(text: str) -> None:
    paragraphs = split_paragraphs(text)
    for paragraph in paragraphs:
        assert paragraph and "\n" not in paragraph
        assert paragraph == paragraph.strip("\u3000 \t")
    assert sum(map(has_han, "".join(paragraphs))) == sum(map(has_han, text))


@pytest.fixture(scope="module")
def annotator(
    dictionary_template: Path, tmp_path_factory: pytest.TempPathFactory, segmenter: object
) -> Iterator[object]:
    from glossary.segment import Annotator, Segmenter
    from tests.conftest import copy_database

    path = copy_database(dictionary_template, tmp_path_factory.mktemp("cut") / "cut.db")
    database: Database = open_db(path)
    assert isinstance(segmenter, Segmenter)
    yield Annotator(database, segmenter)
    database.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraph_text)
def test_a_cut_gives_the_text_back_with_a_reading_per_han_token(
    annotator: object, text: str
) -> None:
    from glossary.segment import Annotator

    assert isinstance(annotator, Annotator)
    cut = annotator.cut(text)
    assert "".join(cut.tokens) == text
    assert list(cut.token_ends) == [
        sum(map(len, cut.tokens[: i + 1])) for i in range(len(cut.tokens))
    ]
    assert len(cut.readings) == len(cut.tokens)
    for token, reading in zip(cut.tokens, cut.readings, strict=True):
        assert bool(reading) == has_han(token)
        if reading:
            assert len(reading.split()) == sum(map(has_han, token))

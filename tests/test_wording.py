from __future__ import annotations

from reader.search import SearchHit, SearchResult, found_sentences
from reader.wording import counted


def test_the_noun_agrees_with_the_count() -> None:
    assert [counted(n, "term") for n in (0, 1, 2, 1204)] == [
        "0 terms", "1 term", "2 terms", "1,204 terms"
    ]  # fmt: skip


def test_search_counts_agree_and_say_when_there_are_more() -> None:
    hit = SearchHit(1, "第一书记的三本笔记", 0, "书记来了。", 0, 2, 0)
    assert found_sentences(SearchResult("书记", (hit,), False)) == "1 sentence in 1 article"
    truncated = SearchResult("书记", (hit, hit), True)
    assert found_sentences(truncated) == "the first 2 sentences, from 1 article"

"""Library search: the articles and sentences that contain a piece of text.

The index work is in `db.search` (FTS5 trigrams for 3+ characters, the word index for
shorter queries); this module turns paragraph hits into sentences with the match located,
for the `search` command and the TUI alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from db import Database
from db.search import search_paragraphs
from db.terms import article_titles
from glossary.terms import sentence_around
from reader.wording import counted

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class SearchHit:
    """One sentence containing the query; [start, end) is the match within `sentence`."""

    article_id: int
    title: str
    paragraph: int
    sentence: str
    start: int
    end: int
    offset: int  # where the match starts in its paragraph: the reader opens there


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    truncated: bool
    """True when there were more sentences than the limit."""

    @property
    def article_ids(self) -> list[int]:
        return list(dict.fromkeys(hit.article_id for hit in self.hits))


def search_library(database: Database, query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Sentences of the library containing `query`, in library order, at most `limit`."""
    query = query.strip()
    hits: list[SearchHit] = []
    truncated = False
    if not query:
        return SearchResult(query, (), False)
    paragraphs = search_paragraphs(database, query)
    found: list[tuple[int, int, str, int, int]] = []
    for paragraph in islice(paragraphs, limit + 1):
        text = paragraph.text
        start = text.find(query)
        while start >= 0:
            sentence = sentence_around(text, start, start + len(query))
            offset = sentence.find(query)
            found.append((paragraph.article_id, paragraph.position, sentence, offset, start))
            start = text.find(query, start + len(query))
        if len(found) > limit:
            break
    if len(found) > limit:
        truncated = True
        found = found[:limit]
    titles = article_titles(database, {article_id for article_id, *_ in found})
    seen: set[tuple[int, int, str]] = set()
    for article_id, position, sentence, offset, in_paragraph in found:
        key = (article_id, position, sentence)
        if key in seen:  # two matches in one sentence: one hit
            continue
        seen.add(key)
        hits.append(
            SearchHit(
                article_id,
                titles.get(article_id, ""),
                position,
                sentence,
                offset,
                offset + len(query),
                in_paragraph,
            )
        )
    return SearchResult(query, tuple(hits), truncated)


def hit_as_json(hit: SearchHit) -> dict[str, object]:
    """The `search --json` object: stable snake_case keys, documented in the README."""
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "paragraph": hit.paragraph,
        "sentence": hit.sentence,
        "start": hit.start,
        "end": hit.end,
    }


def found_sentences(result: SearchResult) -> str:
    """`1 sentence in 1 article`; over the limit, `the first 200 sentences, from 3 articles`
    (the articles of those only: the others are not counted)."""
    articles = counted(len(result.article_ids), "article")
    if result.truncated:
        return f"the first {len(result.hits):,} sentences, from {articles}"
    return f"{counted(len(result.hits), 'sentence')} in {articles}"


def format_result(result: SearchResult) -> str:
    """Plain text for the terminal: `#id title` then the sentences, the match in 【】."""
    if not result.hits:
        return f"No sentence contains {result.query}."
    from reader.formats import shorten

    lines: list[str] = []
    current = None
    for hit in result.hits:
        if hit.article_id != current:
            current = hit.article_id
            lines.append(f"#{hit.article_id} {shorten(hit.title, 60)}")
        marked = (
            hit.sentence[: hit.start]
            + "【"
            + hit.sentence[hit.start : hit.end]
            + "】"
            + hit.sentence[hit.end :]
        )
        lines.append(f"  {marked}")
    more = " (more not shown: --limit)" if result.truncated else ""
    lines.append(found_sentences(result) + more)
    return "\n".join(lines)

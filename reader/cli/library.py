"""Commands on the library: import, articles, delete, show, annotate, resegment."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import Database, ZhreaderError
from db.store import MAX_ROW_ID
from reader.cli.base import (
    LIMIT,
    current_settings,
    echo,
    echo_json,
    open_store,
    read_input,
)
from reader.cli.root import cli
from reader.display import safe_line
from reader.wording import counted


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option("--title", help="Title for the article (default: from the file).")
@click.option("--source", help="Where the article comes from (default: from the file).")
@click.option("--tag", "tags", multiple=True, help="Tag the imported articles (repeatable).")
@click.option(
    "--epub",
    type=click.Choice(["chapter", "book"]),
    default="chapter",
    show_default=True,
    help="Import an EPUB as one article per chapter or one for the whole book.",
)
def import_command(
    paths: tuple[str, ...],
    title: str | None,
    source: str | None,
    tags: tuple[str, ...],
    epub: str,
) -> None:
    """Import articles from files, folders (recursively) or - for standard input.

    Text may be UTF-8, GB18030/GBK or Big5; formats are plain text, Markdown with front
    matter, HTML pages and EPUB. The same content imported twice is kept once. Exit status
    1 when any file failed (the others are imported).
    """
    from reader.formats import decode_counted
    from reader.library import ImportOptions
    from reader.progress import import_bar
    from reader.session import import_size, import_sources

    stdin_text, replaced = None, 0
    if "-" in paths:
        stdin_text, replaced = decode_counted(read_input(Path("-")), "standard input")
    files = [Path(p) for p in paths if p != "-"]
    database = open_store()
    options = ImportOptions(title, source, tags, epub_per_chapter=epub == "chapter")
    size, count = import_size(files)
    with import_bar(size, count) as progress:
        report = import_sources(database, files, options, stdin_text, progress, replaced)
    for outcome in report.outcomes:
        if outcome.status == "imported":
            note = f" ({outcome.message})" if outcome.message else ""
            echo(f"imported #{outcome.article_id} {safe_line(outcome.title)}{note}")
        elif outcome.status == "duplicate":
            echo(f"skipped {safe_line(outcome.name)}: {outcome.message}")
        else:
            echo(f"failed {outcome.name}: {outcome.message}", err=True)
    echo(report.summary)
    if report.failed:
        sys.exit(1)


@cli.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def articles_command(as_json: bool) -> None:
    """List the library: id, title, date, source, characters, distinct words, known share."""
    from db.articles import list_articles
    from glossary.article_levels import ArticleLevel, article_levels

    settings = current_settings()
    summaries = list_articles(open_store())
    levels = article_levels(open_store(), settings.hsk_standard)
    if as_json:
        rows = []
        for s in summaries:
            level = levels.get(s.id) or ArticleLevel(s.id, {})
            rows.append(
                {
                    **s.__dict__,
                    "known_share": round(s.known_share, 4),
                    "progress": round(s.progress, 4),
                    "hsk_needed": level.needed,
                    "above_level_share": round(level.above_share(settings.hsk_level), 4),
                }
            )
        echo_json(rows)
        return
    if not summaries:
        echo("The library is empty: zhreader import FILE")
        return
    from reader.render import table

    echo(
        table(
            ["id", "title", "date", "source", "chars", "words", "new", "known"],
            [
                [
                    str(s.id),
                    s.title,
                    s.published[:16],
                    s.source,
                    f"{s.char_count:,}",
                    f"{s.distinct_words:,}",
                    f"{s.new_words:,}",
                    f"{s.known_share:.0%}",
                ]
                for s in summaries
            ],
        )
    )


@cli.command("search")
@click.argument("text")
@click.option(
    "--limit",
    type=LIMIT,
    default=200,
    show_default=True,
    help="At most this many sentences.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def search_command(text: str, limit: int, as_json: bool) -> None:
    """Sentences of the library containing TEXT (exit 0 when nothing matches)."""
    from reader.search import format_result, hit_as_json, search_library

    result = search_library(open_store(), text, limit)
    if as_json:
        echo_json([hit_as_json(hit) for hit in result.hits])
    else:
        echo(format_result(result))


@cli.command("delete")
@click.argument("article_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_command(article_id: int, yes: bool) -> None:
    """Remove an article from the library (glossary terms and statuses stay)."""
    from db.articles import delete_article, get_article

    database = open_store()
    article = get_article(database, article_id) if 0 < article_id <= MAX_ROW_ID else None
    if article is None:
        raise ZhreaderError(f"no article #{article_id}")
    if not yes:
        click.confirm(f"Delete #{article_id} {safe_line(article.title)}?", abort=True)
    delete_article(database, article_id)
    echo(f"deleted #{article_id} {article.title}")


def _print_annotated(
    database: Database, paragraphs: list[tuple[list[str], list[str]]], pinyin: bool, gloss: bool
) -> None:
    from db.terms import statuses_of
    from glossary.lookup import Dictionary
    from glossary.script import has_han
    from reader.render import annotated_paragraph, gloss_line

    dictionary = Dictionary(database)
    words = {t for tokens, _ in paragraphs for t in tokens if has_han(t)}
    statuses = statuses_of(database, words) if gloss else {}
    glossed: set[str] = set()
    for tokens, readings in paragraphs:
        echo(annotated_paragraph(tokens, readings, pinyin=pinyin))
        if gloss:
            for token, reading in zip(tokens, readings, strict=True):
                if (
                    has_han(token)
                    and token not in glossed
                    and statuses.get(token, "new") not in {"known", "ignored"}
                ):
                    glossed.add(token)
                    shown = " ".join(reading.split()) or None
                    echo(gloss_line(token, reading, dictionary.lookup(token, shown)))
        echo()


@cli.command("show")
@click.argument("article_id", type=int)
@click.option("--pinyin", is_flag=True, help="Pinyin after each word.")
@click.option("--gloss", is_flag=True, help="A short gloss for each word you do not know yet.")
@click.option("--json", "as_json", is_flag=True, help="Tokens and pinyin as JSON (CONTRACTS.md).")
def show_command(article_id: int, pinyin: bool, gloss: bool, as_json: bool) -> None:
    """Print a stored article with its words separated (usable in a pipe)."""
    from reader.session import open_article

    database = open_store()
    opened = open_article(database, article_id)
    paragraphs = [(stored.tokens, list(stored.readings)) for stored in opened.paragraphs]
    if as_json:
        from reader.annotation import annotation_json

        echo_json(annotation_json(paragraphs))
        return
    echo(opened.article.title)
    echo()
    _print_annotated(database, paragraphs, pinyin, gloss)


@cli.command("annotate")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@click.option("--pinyin", is_flag=True, help="Pinyin after each word.")
@click.option("--gloss", is_flag=True, help="A short gloss for each word you do not know yet.")
@click.option("--json", "as_json", is_flag=True, help="Tokens and pinyin as JSON (CONTRACTS.md).")
def annotate_command(file: Path, pinyin: bool, gloss: bool, as_json: bool) -> None:
    """Like show, for a FILE (or - for standard input) that is not in the library.

    Every non-empty paragraph is annotated, in order; no line is taken as a title."""
    from glossary.segment import Annotator
    from reader.annotation import annotate_paragraphs, annotation_json
    from reader.formats import decode

    texts = annotate_paragraphs(decode(read_input(file), file.name or "standard input"), file.name)
    database = open_store()
    cuts = Annotator(database).cut_many(texts)
    paragraphs = [(c.tokens, list(c.readings)) for c in cuts]
    if as_json:
        echo_json(annotation_json(paragraphs))
        return
    _print_annotated(database, paragraphs, pinyin, gloss)


@cli.command("resegment")
@click.option(
    "--all", "everything", is_flag=True, help="Re-cut every article, not only stale ones."
)
def resegment_command(everything: bool) -> None:
    """Cut articles again with the current glossary (stale ones, or --all)."""
    from reader.library import Library

    database = open_store()
    library = Library(database)
    to_cut, to_read = library.stale_plan(everything)
    if not to_cut and not to_read:
        echo("re-cut 0 articles: every article is up to date")
        return
    why = []
    if to_cut:
        reason = "" if everything else " (cut before the last glossary change)"
        why.append(f"cutting {counted(len(to_cut), 'article')} again{reason}")
    if to_read:
        why.append(
            f"redoing the pinyin of {counted(len(to_read), 'article')} (read by an older method)"
        )
    echo(" and ".join(why).capitalize(), err=True)
    total = len(to_cut) + len(to_read)
    with click.progressbar(length=total, label="Re-cutting", file=sys.stderr) as bar:
        count = library.resegment(everything, lambda done, of: bar.update(done - bar.pos))
    echo(f"re-cut {counted(count, 'article')}")

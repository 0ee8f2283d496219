"""Commands on the library: import, articles, delete, show, annotate, resegment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from db import Database, ZhreaderError
from reader.cli.base import MAX_ID, echo, echo_json, ensure_dictionary_verbose, open_store
from reader.cli.root import cli
from reader.display import safe_line


def _summary(outcomes: list[Any]) -> tuple[str, int]:
    counts = {
        status: sum(1 for o in outcomes if o.status == status)
        for status in ("imported", "duplicate", "failed")
    }
    line = (
        f"{counts['imported']} imported, {counts['duplicate']} skipped (already in the library), "
        f"{counts['failed']} failed"
    )
    return line, counts["imported"]


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
    matter, HTML pages and EPUB. The same content imported twice is kept once.
    """
    from db.inputs import InputError, read_stream_limited
    from reader.library import (
        MAX_FILE_BYTES,
        ImportOptions,
        ImportOutcome,
        Library,
        collect_files,
        import_paths,
    )

    database = open_store()
    ensure_dictionary_verbose(database)
    library = Library(database)
    options = ImportOptions(title, source, tags, epub_per_chapter=epub == "chapter")
    outcomes: list[ImportOutcome] = []
    files = [Path(p) for p in paths if p != "-"]
    if "-" in paths:
        from reader.formats import ArticleFormatError, decode_counted

        try:
            raw = read_stream_limited(
                sys.stdin.buffer, MAX_FILE_BYTES, "standard input", refuse_binary=True
            )
            text, replaced = decode_counted(raw, "standard input")
            outcome = library.import_text(text, "-", options)
            if replaced and outcome.status == "imported":
                note = f"{replaced} invalid byte sequence(s) shown as \ufffd"
                message = f"{outcome.message}; {note}" if outcome.message else note
                outcome = ImportOutcome(**{**outcome.__dict__, "message": message})
            outcomes.append(outcome)
        except (ArticleFormatError, InputError) as error:
            outcomes.append(ImportOutcome("-", "failed", str(error)))
    collected = list(collect_files(files))
    sizes = {path: _size(path) for path, problem in collected if problem is None}
    total = sum(sizes.values()) or 1
    show_bar = total > 2_000_000 or len(sizes) > 20
    with click.progressbar(
        length=total, label="Importing", file=sys.stderr, hidden=not show_bar
    ) as bar:
        finished = 0

        def progress(done: int, of: int) -> None:
            bar.update(finished + sizes.get(current, 0) * done // max(of, 1) - bar.pos)

        for current in sizes:
            outcomes.extend(import_paths(library, [current], options, progress))
            finished += sizes[current]
            bar.update(finished - bar.pos)
    for path, problem in collected:
        if problem is not None:
            outcomes.append(ImportOutcome(str(path), "failed", problem))
    for outcome in outcomes:
        if outcome.status == "imported":
            note = f" ({outcome.message})" if outcome.message else ""
            echo(f"imported #{outcome.article_id} {safe_line(outcome.title)}{note}")
        elif outcome.status == "duplicate":
            echo(f"skipped {safe_line(outcome.name)}: {outcome.message}")
        else:
            echo(f"failed {safe_line(outcome.name)}: {outcome.message}", err=True)
    line, _imported = _summary(outcomes)
    echo(line)
    if any(o.status == "failed" for o in outcomes):
        sys.exit(1)  # partial success exits 1 too, having said what was refused


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # it vanished since: its import will say so


@cli.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def articles_command(as_json: bool) -> None:
    """List the library: id, title, date, source, characters, distinct words, known share."""
    from db.articles import list_articles

    summaries = list_articles(open_store())
    if as_json:
        rows = [{**s.__dict__, "known_share": round(s.known_share, 4)} for s in summaries]
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


@cli.command("delete")
@click.argument("article_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_command(article_id: int, yes: bool) -> None:
    """Remove an article from the library (glossary terms and statuses stay)."""
    from db.articles import delete_article, get_article

    database = open_store()
    article = get_article(database, article_id) if 0 < article_id <= MAX_ID else None
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
                    echo(gloss_line(token, reading, dictionary.lookup(token)))
        echo()


@cli.command("show")
@click.argument("article_id", type=int)
@click.option("--pinyin", is_flag=True, help="Pinyin after each word.")
@click.option("--gloss", is_flag=True, help="A short gloss for each word you do not know yet.")
def show_command(article_id: int, pinyin: bool, gloss: bool) -> None:
    """Print a stored article with its words separated (usable in a pipe)."""
    from db.articles import get_article, load_paragraphs

    database = open_store()
    article = get_article(database, article_id) if 0 < article_id <= MAX_ID else None
    if article is None:
        raise ZhreaderError(f"no article #{article_id}")
    echo(safe_line(article.title))
    echo()
    paragraphs = []
    for stored in load_paragraphs(database, article_id):
        paragraphs.append((stored.tokens, list(stored.readings)))
    _print_annotated(database, paragraphs, pinyin, gloss)


@cli.command("annotate")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@click.option("--pinyin", is_flag=True, help="Pinyin after each word.")
@click.option("--gloss", is_flag=True, help="A short gloss for each word you do not know yet.")
def annotate_command(file: Path, pinyin: bool, gloss: bool) -> None:
    """Like show, for a FILE (or - for standard input) that is not in the library."""
    from db.inputs import read_limited, read_stream_limited
    from glossary.segment import Annotator
    from reader.formats import ArticleFormatError, decode, parse_text
    from reader.library import MAX_FILE_BYTES

    name = file.name or "standard input"
    if str(file) == "-":
        raw = read_stream_limited(sys.stdin.buffer, MAX_FILE_BYTES, name, refuse_binary=True)
    else:
        raw = read_limited(file, MAX_FILE_BYTES, refuse_binary=True)
    try:
        parsed = parse_text(decode(raw, name), file.name)
    except ArticleFormatError as error:
        raise ZhreaderError(str(error)) from error
    database = open_store()
    ensure_dictionary_verbose(database)
    annotator = Annotator(database)
    cuts = [annotator.cut(text) for text in parsed.paragraphs]
    echo(safe_line(parsed.title))
    echo()
    _print_annotated(database, [(c.tokens, list(c.readings)) for c in cuts], pinyin, gloss)


@cli.command("resegment")
@click.option(
    "--all", "everything", is_flag=True, help="Re-cut every article, not only stale ones."
)
def resegment_command(everything: bool) -> None:
    """Cut articles again with the current glossary (stale ones, or --all)."""
    from reader.library import Library

    database = open_store()
    ensure_dictionary_verbose(database)
    library = Library(database)
    ids = library.stale_articles(everything)
    with click.progressbar(length=len(ids), label="Re-cutting", file=sys.stderr) as bar:
        count = library.resegment(everything, lambda done, of: bar.update(done - bar.pos))
    echo(f"re-cut {count} article(s)")

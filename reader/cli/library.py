"""Commands on the library: import, articles, delete, show, annotate, resegment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from db import Database, ZhreaderError
from reader.cli.base import current_settings, echo_json, ensure_dictionary_verbose, open_store
from reader.cli.root import cli


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
    from reader.library import ImportOptions, ImportOutcome, Library, collect_files, import_paths

    database = open_store()
    ensure_dictionary_verbose(database)
    library = Library(database)
    options = ImportOptions(title, source, tags, epub_per_chapter=epub == "chapter")
    outcomes: list[ImportOutcome] = []
    files = [Path(p) for p in paths if p != "-"]
    if "-" in paths:
        from reader.formats import ArticleFormatError, decode

        try:
            text = decode(sys.stdin.buffer.read(), "standard input")
            outcomes.append(library.import_text(text, "-", options))
        except ArticleFormatError as error:
            outcomes.append(ImportOutcome("-", "failed", str(error)))
    sizes = {path: path.stat().st_size for path, problem in collect_files(files) if problem is None}
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
    for path, problem in collect_files(files):
        if problem is not None:
            outcomes.append(ImportOutcome(str(path), "failed", problem))
    for outcome in outcomes:
        if outcome.status == "imported":
            note = f" ({outcome.message})" if outcome.message else ""
            click.echo(f"imported #{outcome.article_id} {outcome.title}{note}")
        elif outcome.status == "duplicate":
            click.echo(f"skipped {outcome.name}: {outcome.message}")
        else:
            click.echo(f"failed {outcome.name}: {outcome.message}", err=True)
    line, imported = _summary(outcomes)
    click.echo(line)
    if not imported and any(o.status == "failed" for o in outcomes):
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
                    "hsk_needed": level.needed,
                    "above_level_share": round(level.above_share(settings.hsk_level), 4),
                }
            )
        echo_json(rows)
        return
    if not summaries:
        click.echo("The library is empty: zhreader import FILE")
        return
    from reader.render import table

    click.echo(
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
    article = get_article(database, article_id)
    if article is None:
        raise ZhreaderError(f"no article #{article_id}")
    if not yes:
        click.confirm(f"Delete #{article_id} {article.title}?", abort=True)
    delete_article(database, article_id)
    click.echo(f"deleted #{article_id} {article.title}")


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
        click.echo(annotated_paragraph(tokens, readings, pinyin=pinyin))
        if gloss:
            for token, reading in zip(tokens, readings, strict=True):
                if (
                    has_han(token)
                    and token not in glossed
                    and statuses.get(token, "new") not in {"known", "ignored"}
                ):
                    glossed.add(token)
                    click.echo(gloss_line(token, reading, dictionary.lookup(token)))
        click.echo()


@cli.command("show")
@click.argument("article_id", type=int)
@click.option("--pinyin", is_flag=True, help="Pinyin after each word.")
@click.option("--gloss", is_flag=True, help="A short gloss for each word you do not know yet.")
def show_command(article_id: int, pinyin: bool, gloss: bool) -> None:
    """Print a stored article with its words separated (usable in a pipe)."""
    from db.articles import get_article, load_paragraphs

    database = open_store()
    article = get_article(database, article_id)
    if article is None:
        raise ZhreaderError(f"no article #{article_id}")
    click.echo(article.title)
    click.echo()
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
    from glossary.segment import Annotator
    from reader.formats import ArticleFormatError, decode, parse_text

    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
        parsed = parse_text(decode(raw, file.name or "standard input"), file.name)
    except ArticleFormatError as error:
        raise ZhreaderError(str(error)) from error
    except OSError as error:
        raise ZhreaderError(f"cannot read {file}: {error.strerror or error}") from error
    database = open_store()
    ensure_dictionary_verbose(database)
    annotator = Annotator(database)
    cuts = [annotator.cut(text) for text in parsed.paragraphs]
    click.echo(parsed.title)
    click.echo()
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
    click.echo(f"re-cut {count} article(s)")

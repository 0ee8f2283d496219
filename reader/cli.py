"""The `zhreader` command line: thin commands that open the store, call the domain, print."""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from db import Database, StoreError, open_db, translate_sqlite_error

F = TypeVar("F", bound=Callable[..., Any])


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _user_errors() -> tuple[type[Exception], ...]:
    from glossary.cedict import DictionaryFileError
    from glossary.terms import GlossaryError
    from reader.formats import ArticleFormatError

    return (UserError, StoreError, DictionaryFileError, GlossaryError, ArticleFormatError)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def handle_errors(function: F) -> F:
    """Turn the errors a user can cause into one clear line instead of a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except sqlite3.Error as error:
            _fail(str(translate_sqlite_error(error)))
        except _user_errors() as error:
            _fail(str(error))

    return wrapper  # type: ignore[return-value]


def db_option(function: F) -> F:
    """`--db PATH` on every command (also `ZHREADER_DB`); the default is the user data dir."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="ZHREADER_DB",
        default=None,
        help="Database file (default: the user data directory; env ZHREADER_DB).",
    )(function)


def _db_path(ctx: click.Context, db_path: Path | None) -> Path | None:
    if db_path is not None:
        return db_path
    root = ctx.find_root()
    found: Path | None = root.params.get("db_path") if root.params else None
    return found


def open_store(ctx: click.Context, db_path: Path | None) -> Database:
    """Open the database with the shipped glossary pack in it (a no-op when current)."""
    from glossary.terms import sync_builtin_pack

    database = open_db(_db_path(ctx, db_path))
    sync_builtin_pack(database)
    return database


def ensure_dictionary_verbose(database: Database) -> None:
    from db.dictionary import dictionary_info
    from glossary.cedict import ensure_dictionary

    if dictionary_info(database) is None:
        click.echo("Building the CC-CEDICT dictionary (first run only)…", err=True)
    ensure_dictionary(database)


@click.group(invoke_without_command=True)
@db_option
@click.version_option(package_name="zhreader")
@click.pass_context
@handle_errors
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """zhreader: read Chinese articles in the terminal with pinyin and glosses.

    With no command, opens the reader (on a demo library the first time).
    """
    if ctx.invoked_subcommand is None:
        from reader.ui.launch import launch

        launch(db_path)


# --- dictionary and lookup -------------------------------------------------------------


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@db_option
@click.pass_context
@handle_errors
def lookup(ctx: click.Context, words: tuple[str, ...], as_json: bool, db_path: Path | None) -> None:
    """Look up WORDS: glossary and CC-CEDICT readings, or a breakdown for unknown words."""
    from reader.render import lookup_to_json, lookup_to_text

    database = open_store(ctx, db_path)
    ensure_dictionary_verbose(database)
    from glossary.lookup import Dictionary, has_han

    dictionary = Dictionary(database)
    results = []
    failures = []
    for word in words:
        if not has_han(word):
            failures.append(f"{word!r} contains no Chinese characters")
            continue
        result = dictionary.lookup(word)
        if (
            not result.found
            and not result.breakdown
            and not any(p.readings for p in result.characters)
        ):
            failures.append(f"no entry for {word!r} in the glossary or CC-CEDICT")
            continue
        results.append(result)
    if as_json:
        click.echo(json.dumps([lookup_to_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(lookup_to_text(r) for r in results))
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        sys.exit(1)


@cli.group("dict")
def dict_group() -> None:
    """The CC-CEDICT dictionary: information and updates."""


@dict_group.command("info")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
@handle_errors
def dict_info(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Print the dictionary's release date, entry count and source."""
    from db.dictionary import dictionary_info

    database = open_store(ctx, db_path)
    ensure_dictionary_verbose(database)
    info = dictionary_info(database)
    assert info is not None
    if as_json:
        click.echo(json.dumps(info.__dict__, ensure_ascii=False))
        return
    click.echo(f"CC-CEDICT release: {info.release_date or 'unknown'}")
    header = f" (file header says {info.header_entries:,})" if info.header_entries else ""
    click.echo(f"entries: {info.entries:,}{header}")
    if info.skipped_lines:
        click.echo(f"malformed lines skipped: {info.skipped_lines}")
    click.echo(f"source: {info.source}")
    click.echo("licence: CC BY-SA 4.0, https://cc-cedict.org/wiki/ (MDBG)")


@dict_group.command("update")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="Download a CC-CEDICT file (plain, .gz or .zip) from this URL.")
@click.option("--timeout", default=30.0, show_default=True, help="Download timeout, seconds.")
@db_option
@click.pass_context
@handle_errors
def dict_update(
    ctx: click.Context, file: Path | None, url: str | None, timeout: float, db_path: Path | None
) -> None:
    """Replace the dictionary with a newer CC-CEDICT FILE (or one fetched with --url).

    The update is atomic: if anything fails, the old dictionary stays.
    """
    import tempfile

    from glossary.cedict import download_dictionary, load_dictionary_file

    if (file is None) == (url is None):
        raise UserError("give either a FILE or --url")
    database = open_store(ctx, db_path)
    with tempfile.TemporaryDirectory() as folder:
        if url is not None:
            click.echo(f"Downloading {url} …", err=True)
            file = download_dictionary(url, Path(folder) / "cedict.download", timeout=timeout)
            source = url
        else:
            assert file is not None
            source = str(file)
        count = load_dictionary_file(database, file, source=source)
    click.echo(f"dictionary updated: {count:,} entries from {source}")


# --- library ---------------------------------------------------------------------------------


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
@db_option
@click.pass_context
@handle_errors
def import_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    title: str | None,
    source: str | None,
    tags: tuple[str, ...],
    epub: str,
    db_path: Path | None,
) -> None:
    """Import articles from files, folders (recursively) or - for standard input.

    Text may be UTF-8, GB18030/GBK or Big5; formats are plain text, Markdown with front
    matter, HTML pages and EPUB. The same content imported twice is kept once.
    """
    from reader.library import ImportOptions, ImportOutcome, Library, collect_files, import_paths
    from reader.progress import import_bar

    database = open_store(ctx, db_path)
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
    sizes = [path.stat().st_size for path, problem in collect_files(files) if problem is None]
    with import_bar(sum(sizes), len(sizes)) as progress:
        outcomes.extend(import_paths(library, files, options, progress))
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
@db_option
@click.pass_context
@handle_errors
def articles_command(ctx: click.Context, as_json: bool, db_path: Path | None) -> None:
    """List the library: id, title, date, source, characters, distinct words, known share."""
    from db.articles import list_articles

    summaries = list_articles(open_store(ctx, db_path))
    if as_json:
        rows = [
            {**s.__dict__, "known_share": round(s.known_share, 4), "progress": round(s.progress, 4)}
            for s in summaries
        ]
        from reader.output import json_list

        click.echo(json_list(rows))
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


@cli.command("search")
@click.argument("text")
@click.option("--limit", default=200, show_default=True, help="At most this many sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@db_option
@click.pass_context
@handle_errors
def search_command(
    ctx: click.Context, text: str, limit: int, as_json: bool, db_path: Path | None
) -> None:
    """Sentences of the library containing TEXT (exit 0 when nothing matches)."""
    from reader.output import json_list
    from reader.search import format_result, hit_as_json, search_library

    result = search_library(open_store(ctx, db_path), text, limit)
    if as_json:
        click.echo(json_list(hit_as_json(h) for h in result.hits))
    else:
        click.echo(format_result(result))


@cli.command("delete")
@click.argument("article_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@click.pass_context
@handle_errors
def delete_command(ctx: click.Context, article_id: int, yes: bool, db_path: Path | None) -> None:
    """Remove an article from the library (glossary terms and statuses stay)."""
    from db.articles import delete_article, get_article

    database = open_store(ctx, db_path)
    article = get_article(database, article_id)
    if article is None:
        raise UserError(f"no article #{article_id}")
    if not yes:
        click.confirm(f"Delete #{article_id} {article.title}?", abort=True)
    delete_article(database, article_id)
    click.echo(f"deleted #{article_id} {article.title}")


def _print_annotated(
    database: Database, paragraphs: list[tuple[list[str], list[str]]], pinyin: bool, gloss: bool
) -> None:
    from db.terms import statuses_of
    from glossary.lookup import Dictionary, has_han
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
@db_option
@click.pass_context
@handle_errors
def show_command(
    ctx: click.Context, article_id: int, pinyin: bool, gloss: bool, db_path: Path | None
) -> None:
    """Print a stored article with its words separated (usable in a pipe)."""
    from db.articles import get_article, load_paragraphs

    database = open_store(ctx, db_path)
    article = get_article(database, article_id)
    if article is None:
        raise UserError(f"no article #{article_id}")
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
@db_option
@click.pass_context
@handle_errors
def annotate_command(
    ctx: click.Context, file: Path, pinyin: bool, gloss: bool, db_path: Path | None
) -> None:
    """Like show, for a FILE (or - for standard input) that is not in the library."""
    from reader.formats import ArticleFormatError, decode, parse_text
    from reader.segment import Annotator

    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
        parsed = parse_text(decode(raw, file.name or "standard input"), file.name)
    except ArticleFormatError as error:
        raise UserError(str(error)) from error
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror or error}") from error
    database = open_store(ctx, db_path)
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
@db_option
@click.pass_context
@handle_errors
def resegment_command(ctx: click.Context, everything: bool, db_path: Path | None) -> None:
    """Cut articles again with the current glossary (stale ones, or --all)."""
    from reader.library import Library

    database = open_store(ctx, db_path)
    ensure_dictionary_verbose(database)
    library = Library(database)
    ids = library.stale_articles(everything)
    with click.progressbar(length=len(ids), label="Re-cutting", file=sys.stderr) as bar:
        count = library.resegment(everything, lambda done, of: bar.update(done - bar.pos))
    click.echo(f"re-cut {count} article(s)")


# --- glossary --------------------------------------------------------------------------------


@cli.group("glossary")
def glossary_group() -> None:
    """Your glossary: built-in terms and your own, with statuses and contexts."""


def _entry_json(entry: Any) -> dict[str, Any]:
    from glossary.pinyin import numbered_to_marked

    term = entry.term
    return {
        "id": term.id,
        "simplified": term.simplified,
        "traditional": term.traditional,
        "pinyin": numbered_to_marked(term.pinyin, compact=True),
        "pinyin_numbered": term.pinyin,
        "definition": term.definition,
        "notes": term.notes,
        "tags": term.tag_list,
        "origin": term.origin,
        "status": entry.status,
        "contexts": list(entry.contexts),
    }


@glossary_group.command("list")
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@db_option
@click.pass_context
@handle_errors
def glossary_list(ctx: click.Context, query: str, as_json: bool, db_path: Path | None) -> None:
    """List terms, optionally matching QUERY: hanzi, toneless pinyin (diyi shuji), English,
    and filters tag:T status:S origin:builtin|user."""
    from glossary.pinyin import numbered_to_marked
    from glossary.terms import Glossary
    from reader.render import table

    entries = Glossary(open_store(ctx, db_path)).search(query)
    if as_json:
        click.echo(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False, indent=2))
        return
    rows = [
        [
            e.term.simplified,
            numbered_to_marked(e.term.pinyin, compact=True),
            e.term.definition,
            e.term.tags,
            e.status,
            e.term.origin,
        ]
        for e in entries
    ]
    click.echo(table(["hanzi", "pinyin", "meaning", "tags", "status", "origin"], rows, 50))
    click.echo(f"{len(entries)} terms")


def _fields_for(
    database: Database,
    word: str,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
    base: Any = None,
) -> Any:
    """Fields from the options, defaulting to the existing term or to the lookup."""
    from db.terms import TermFields
    from glossary.lookup import Dictionary

    if base is None:
        dictionary = Dictionary(database)
        result = dictionary.lookup(word)
        first = result.readings[0] if result.readings else None
        base = TermFields(
            word,
            result.traditional_form,
            first.pinyin if first else result.guessed_pinyin,
            "; ".join(first.definitions[:4]) if first else "",
        )
    return TermFields(
        simplified=word,
        traditional=traditional if traditional is not None else base.traditional,
        pinyin=pinyin if pinyin is not None else base.pinyin,
        definition=definition if definition is not None else base.definition,
        notes=notes if notes is not None else base.notes,
        tags=tags if tags is not None else base.tags,
    )


def _term_options(function: F) -> F:
    for option in reversed(
        [
            click.option("--traditional", help="Traditional form."),
            click.option("--pinyin", help="Pinyin: di4 yi1 or dì yī."),
            click.option("--definition", "-d", help="English meaning."),
            click.option("--tags", help="Space-separated tags."),
            click.option("--notes", help="Free notes."),
        ]
    ):
        function = option(function)
    return function


def _recut_note(database: Database, affected: list[int]) -> None:
    if affected:
        click.echo(f"{len(affected)} article(s) to re-cut: run zhreader resegment")


@glossary_group.command("add")
@click.argument("word")
@_term_options
@click.option("--sentence", help="A context sentence to keep with the term.")
@db_option
@click.pass_context
@handle_errors
def glossary_add(
    ctx: click.Context,
    word: str,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
    sentence: str | None,
    db_path: Path | None,
) -> None:
    """Add WORD to your glossary (pinyin and meaning default to the dictionary's)."""
    from glossary.terms import ContextRef, Glossary

    database = open_store(ctx, db_path)
    ensure_dictionary_verbose(database)
    fields = _fields_for(database, word, traditional, pinyin, definition, tags, notes)
    context = ContextRef(None, sentence) if sentence else None
    term, affected = Glossary(database).add(fields, context)
    click.echo(f"added {term.simplified} [{term.pinyin}] {term.definition}")
    _recut_note(database, affected)


@glossary_group.command("edit")
@click.argument("word")
@_term_options
@db_option
@click.pass_context
@handle_errors
def glossary_edit(
    ctx: click.Context,
    word: str,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
    db_path: Path | None,
) -> None:
    """Change a term; editing a built-in term makes your own copy of it."""
    from db.terms import TermFields
    from glossary.terms import Glossary

    database = open_store(ctx, db_path)
    glossary = Glossary(database)
    term = glossary.visible_term(word)
    if term is None:
        raise UserError(f"{word} is not in the glossary")
    base = TermFields(
        term.simplified, term.traditional, term.pinyin, term.definition, term.notes, term.tags
    )
    fields = _fields_for(database, word, traditional, pinyin, definition, tags, notes, base)
    edited, affected = glossary.edit(term.id, fields)
    click.echo(
        f"edited {edited.simplified} ({edited.origin}) [{edited.pinyin}] {edited.definition}"
    )
    _recut_note(database, affected)


@glossary_group.command("delete")
@click.argument("word")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@click.pass_context
@handle_errors
def glossary_delete(ctx: click.Context, word: str, yes: bool, db_path: Path | None) -> None:
    """Delete your term, or hide a built-in one."""
    from glossary.terms import Glossary

    database = open_store(ctx, db_path)
    glossary = Glossary(database)
    term = glossary.visible_term(word)
    if term is None:
        raise UserError(f"{word} is not in the glossary")
    verb = "hide built-in" if term.origin == "builtin" else "delete"
    if not yes:
        click.confirm(f"{verb.capitalize()} {word}?", abort=True)
    affected = glossary.delete(term.id)
    click.echo(f"{'hid' if verb != 'delete' else 'deleted'} {word}")
    _recut_note(database, affected)


@glossary_group.command("status")
@click.argument("status", type=click.Choice(["new", "learning", "known", "ignored"]))
@click.argument("words", nargs=-1, required=True)
@db_option
@click.pass_context
@handle_errors
def glossary_status(
    ctx: click.Context, status: str, words: tuple[str, ...], db_path: Path | None
) -> None:
    """Set the STATUS of WORDS (new, learning, known, ignored)."""
    from glossary.terms import Glossary

    Glossary(open_store(ctx, db_path)).set_status(words, status)
    click.echo(f"{len(words)} word(s) now {status}")


@glossary_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@db_option
@click.pass_context
@handle_errors
def glossary_export(ctx: click.Context, file: Path, db_path: Path | None) -> None:
    """Write the glossary as TSV (with statuses and contexts) to FILE or -."""
    from db.files import atomic_text_writer
    from glossary.terms import Glossary

    glossary = Glossary(open_store(ctx, db_path))
    if str(file) == "-":
        glossary.export_tsv(sys.stdout)
        return
    with atomic_text_writer(file) as stream:
        count = glossary.export_tsv(stream)
    click.echo(f"exported {count} terms to {file}", err=True)


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@db_option
@click.pass_context
@handle_errors
def glossary_import(ctx: click.Context, file: Path, db_path: Path | None) -> None:
    """Add terms from a glossary TSV; duplicates and bad rows are reported by line."""
    import io

    from glossary.terms import Glossary
    from reader.formats import ArticleFormatError, decode

    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
        text = decode(raw, str(file))
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror or error}") from error
    except ArticleFormatError as error:
        raise UserError(str(error)) from error
    report = Glossary(open_store(ctx, db_path)).import_tsv(io.StringIO(text, newline=""))
    for number, why in report.duplicates:
        click.echo(f"line {number}: duplicate: {why}", err=True)
    for number, why in report.bad:
        click.echo(f"line {number}: skipped: {why}", err=True)
    click.echo(
        f"{report.added} added, {report.unchanged} unchanged built-in, "
        f"{len(report.duplicates)} duplicates, {len(report.bad)} bad rows"
    )
    if report.bad and not report.added:
        sys.exit(1)


# --- study and export -------------------------------------------------------------------------


@cli.command("study")
@db_option
@click.pass_context
@handle_errors
def study_command(ctx: click.Context, db_path: Path | None) -> None:
    """Open the study screen directly (FSRS reviews of the terms you are learning)."""
    from reader.ui.launch import launch

    launch(_db_path(ctx, db_path), start_with_study=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@db_option
@click.pass_context
@handle_errors
def stats_command(ctx: click.Context, as_json: bool, db_path: Path | None) -> None:
    """Due today and the next 7 days, reviews per day for 30 days, retention."""
    from glossary.study import sparkline, stats

    figures = stats(open_store(ctx, db_path))
    if as_json:
        click.echo(json.dumps(figures.__dict__, ensure_ascii=False, indent=2))
        return
    click.echo(f"terms being learnt: {figures.learning_terms}")
    click.echo(f"due today: {figures.due_today}")
    days = " ".join(str(n) for n in figures.due_next_days)
    click.echo(f"due the next 7 days: {days}")
    counts = [n for _, n in figures.reviews_per_day]
    first, last = figures.reviews_per_day[0][0], figures.reviews_per_day[-1][0]
    click.echo(f"reviews {first} … {last}: {sparkline(counts)}  ({sum(counts)} in all)")
    retention = f"{figures.retention:.0%}" if figures.retention is not None else "n/a"
    click.echo(f"retention (reviews of learnt cards not graded again): {retention}")


@cli.group("export")
def export_group() -> None:
    """Export the glossary to Anki (.apkg) or Anki's TSV format."""


def _export_filter(
    tag: str | None, status: str | None, article: int | None, everything: bool
) -> Any:
    from glossary.anki import ExportFilter

    return ExportFilter(tag, status, article, everything)


def _export_options(function: F) -> F:
    for option in reversed(
        [
            click.option("--tag", help="Only terms with this tag."),
            click.option(
                "--status",
                type=click.Choice(["new", "learning", "known", "ignored"]),
                help="Only terms with this status.",
            ),
            click.option("--article", type=int, help="Only terms that occur in this article."),
            click.option(
                "--all",
                "everything",
                is_flag=True,
                help="Include built-in terms you have not met (default: yours and the ones "
                "you are learning or know).",
            ),
        ]
    ):
        function = option(function)
    return function


@export_group.command("anki")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_export_options
@db_option
@click.pass_context
@handle_errors
def export_anki(
    ctx: click.Context,
    file: Path,
    tag: str | None,
    status: str | None,
    article: int | None,
    everything: bool,
    db_path: Path | None,
) -> None:
    """Write an Anki package; re-importing a later export updates the same notes."""
    from glossary.anki import ExportError, export_apkg

    database = open_store(ctx, db_path)
    try:
        count = export_apkg(database, file, _export_filter(tag, status, article, everything))
    except ExportError as error:
        raise UserError(str(error)) from error
    click.echo(f"exported {count} notes ({2 * count} cards) to {file}")


@export_group.command("tsv")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_export_options
@db_option
@click.pass_context
@handle_errors
def export_tsv(
    ctx: click.Context,
    file: Path,
    tag: str | None,
    status: str | None,
    article: int | None,
    everything: bool,
    db_path: Path | None,
) -> None:
    """Write Anki's text format with a #guid column (for File > Import in Anki)."""
    from db.files import atomic_text_writer
    from glossary.anki import entries_for_export, export_anki_tsv

    database = open_store(ctx, db_path)
    entries = entries_for_export(database, _export_filter(tag, status, article, everything))
    if str(file) == "-":
        export_anki_tsv(entries, sys.stdout)
        return
    with atomic_text_writer(file) as stream:
        count = export_anki_tsv(entries, stream)
    click.echo(f"exported {count} notes to {file}")


def main() -> None:
    cli(prog_name="zhreader")

"""Words with a status as a first-class list: `words`, `words export`, `words import`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from db import ZhreaderError
from reader.cli.base import (
    LIMIT,
    MAX_LIST_BYTES,
    current_settings,
    echo,
    echo_json,
    open_store,
    read_input,
)
from reader.cli.root import cli
from reader.wording import counted

STATUS_CHOICE = click.Choice(["new", "learning", "known", "ignored"])


@cli.group("words", invoke_without_command=True)
@click.option("--status", type=STATUS_CHOICE, help="Only words with this status.")
@click.option("--level", help="Only words of these HSK levels: 3, 1-3 or 7-9.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def words_group(ctx: click.Context, status: str | None, level: str | None, as_json: bool) -> None:
    """List every word you have marked (known, learning, ignored), glossary term or not."""
    if ctx.invoked_subcommand is not None:
        return
    from glossary.words import list_words, parse_levels
    from reader.display import safe_line

    standard = current_settings().hsk_standard
    levels = parse_levels(level, standard) if level else None
    rows = list_words(open_store(), status, levels, standard)
    if as_json:
        echo_json([row.to_json(standard) for row in rows])
        return
    from glossary.levels import level_label

    for row in rows:
        label = level_label(row.hsk_level, standard) or "-"
        fields = (row.word, row.status, label, row.pinyin, row.definition)
        echo("\t".join(safe_line(value) for value in fields))
    echo(counted(len(rows), "word"), err=True)


@words_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--status", type=STATUS_CHOICE, help="Only words with this status.")
@click.option("--level", help="Only words of these HSK levels: 3, 1-3 or 7-9.")
def words_export(file: Path, status: str | None, level: str | None) -> None:
    """Write the words (word, status, level, pinyin, definition, term, changed) as TSV."""
    from db.files import atomic_text_writer
    from glossary.words import list_words, parse_levels, write_words_tsv

    standard = current_settings().hsk_standard
    levels = parse_levels(level, standard) if level else None
    rows = list_words(open_store(), status, levels, standard)
    if str(file) == "-":
        write_words_tsv(rows, sys.stdout, standard)
        return
    try:
        with atomic_text_writer(file) as stream:
            count = write_words_tsv(rows, stream, standard)
    except OSError as error:
        raise ZhreaderError(f"cannot write {file}: {error.strerror or error}") from error
    echo(f"exported {counted(count, 'word')} to {file}")


@words_group.command("import")
@click.argument(
    "file", required=False, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--status", type=STATUS_CHOICE, default="known", show_default=True)
@click.option("--hsk", "hsk_levels", help="Mark every word of these HSK levels: 3 or 1-3.")
def words_import(file: Path | None, status: str, hsk_levels: str | None) -> None:
    """Mark the words in FILE (one a line, or a TSV's first column), or of --hsk levels,
    in one transaction."""
    from glossary.words import (
        WordImport,
        hsk_word_list,
        import_word_list,
        mark_words,
        parse_levels,
    )

    if (file is None) == (hsk_levels is None):
        raise ZhreaderError("give either a FILE or --hsk LEVELS")
    database = open_store()
    report: WordImport
    if hsk_levels is not None:
        standard = current_settings().hsk_standard
        words = hsk_word_list(parse_levels(hsk_levels, standard), standard)
        report = mark_words(database, words, status)
    else:
        assert file is not None
        try:
            text = read_input(file, MAX_LIST_BYTES).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            name = "standard input" if str(file) == "-" else file
            raise ZhreaderError(f"cannot read {name}: {error}") from error
        report = import_word_list(database, io.StringIO(text, newline=None), status)
    echo(f"marked {counted(report.marked, 'word')} {status} ({report.unchanged} already were)")
    if report.refused:
        from reader.display import safe_line

        for number, reason in report.refused[:20]:
            echo(safe_line(f"line {number}: {reason}"), err=True)
        more = len(report.refused) - 20
        if more > 0:
            echo(f"… and {more} more lines refused", err=True)
        raise ZhreaderError(f"{counted(len(report.refused), 'line')} refused")


@words_group.command("next")
@click.option("--limit", type=LIMIT, default=20, show_default=True, help="How many words.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def words_next(limit: int, as_json: bool) -> None:
    """The words you looked up most that you are not learning yet: the ones to learn next."""
    from db.history import most_looked_up
    from reader.display import safe_line

    rows = most_looked_up(open_store(), limit)
    if as_json:
        echo_json([{"word": r.word, "lookups": r.times, "articles": r.articles} for r in rows])
        return
    for row in rows:
        echo(safe_line(f"{row.word}  looked up {row.times}× in {counted(row.articles, 'article')}"))

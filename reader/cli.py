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

    return (UserError, StoreError, DictionaryFileError)


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
    return open_db(_db_path(ctx, db_path))


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
        click.echo(ctx.get_help())


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


def main() -> None:
    cli(prog_name="zhreader")

"""What every command shares: the `--db` option, the store it opens, and the error boundary.

`--db` is declared once, here, and attached to every command and group. The option nearest
the command wins (``zhreader import --db B`` over ``zhreader --db A import``), then
`ZHREADER_DB`, then the platform default: one rule, in `chosen_db_path`.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from db import Database, ZhreaderError, open_db, translate_sqlite_error


class CliError(click.ClickException):
    """A `ZhreaderError` as click shows it: one `error: …` line, exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        from reader.display import safe_line

        click.echo(f"error: {safe_line(self.format_message())}", err=True, file=file)


@dataclass
class CliState:
    """Shared by the root command and its subcommands through click's context object."""

    db_path: Path | None = None
    database: Database | None = field(default=None, repr=False)


def _remember_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    state = ctx.ensure_object(CliState)
    if value is not None:  # subcommands parse after their parents, so the nearest wins
        state.db_path = value


def _db_option() -> click.Option:
    return click.Option(
        ["--db", "db_path"],
        type=click.Path(dir_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember_db,
        help="Database file (default: env ZHREADER_DB, else the user data directory).",
    )


class Command(click.Command):
    """A command that takes `--db`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_db_option())


class Group(click.Group):
    """A group that takes `--db` and whose commands and subgroups do too."""

    command_class = Command
    group_class: type[click.Group] | type[type] | None = type  # subgroups: this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_db_option())


class RootGroup(Group):
    """The one place where errors become what the user sees: never a traceback."""

    group_class = Group

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ZhreaderError as error:
            raise CliError(str(error)) from error
        except sqlite3.Error as error:
            raise CliError(str(translate_sqlite_error(error, chosen_db_path()))) from error
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # `zhreader show 1 | head`: the reader left, which is fine
            raise click.exceptions.Exit(0) from None
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise CliError(
                    f"the disk is full: {error.strerror}; nothing was changed"
                ) from error
            raise CliError(_unexpected(error)) from error
        except Exception as error:
            raise CliError(_unexpected(error)) from error
        finally:
            state = ctx.find_object(CliState)
            if state is not None and state.database is not None:
                state.database.close()
                state.database = None


def _unexpected(error: BaseException) -> str:
    from reader.crashlog import record_crash

    return f"unexpected {type(error).__name__}: {error} (details in {record_crash(error)})"


def state() -> CliState:
    return click.get_current_context().ensure_object(CliState)


def chosen_db_path() -> Path:
    """The database the command works on, by the one precedence rule."""
    from db import default_db_path

    chosen = state().db_path
    return chosen if chosen is not None else default_db_path()


def open_store() -> Database:
    """The command's store, opened once per process and closed when the command ends."""
    current = state()
    if current.database is None:
        from glossary.terms import sync_builtin_pack

        current.database = open_db(chosen_db_path())
        sync_builtin_pack(current.database)
    return current.database


def ensure_dictionary_verbose(database: Database) -> None:
    from db.dictionary import dictionary_info
    from glossary.cedict import ensure_dictionary

    if dictionary_info(database) is None:
        click.echo("Building the CC-CEDICT dictionary (first run only)…", err=True)
    ensure_dictionary(database)


def echo(text: str = "", *, err: bool = False) -> None:
    """Print human-facing text: the one way CLI output that may hold outside text (titles,
    file names, glossary fields, dictionary data) reaches the terminal, made inert first."""
    from reader.display import safe_text

    click.echo(safe_text(text), err=err)


MAX_ID = 2**63 - 1
"""The largest row id SQLite can hold: a larger one is simply absent, never an overflow."""


def echo_json(value: object) -> None:
    """JSON for scripts: non-ASCII kept readable, control characters escaped."""
    import json

    from reader.display import escape_json_controls

    click.echo(escape_json_controls(json.dumps(value, ensure_ascii=False, indent=2)))

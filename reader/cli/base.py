"""What every command shares: the `--db` option, the store it opens, and the error boundary.

`--db` is declared once, here, and attached to every command and group. The option nearest
the command wins (``zhreader import --db B`` over ``zhreader --db A import``), then
`ZHREADER_DB`, then the platform default: one rule, in `chosen_db_path`.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from db import Database, ZhreaderError, open_db, translate_sqlite_error
from db.store import MAX_ROW_ID

if TYPE_CHECKING:
    from reader.settings import Settings


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
    adopt: bool = False
    database: Database | None = field(default=None, repr=False)
    settings: Settings | None = None


def _remember_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    state = ctx.ensure_object(CliState)
    if value is not None:  # subcommands parse after their parents, so the nearest wins
        state.db_path = value


def _remember_adopt(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(CliState).adopt = True


def _store_options() -> list[click.Parameter]:
    return [
        click.Option(
            ["--db", "db_path"],
            type=click.Path(dir_okay=False, path_type=Path),
            expose_value=False,
            callback=_remember_db,
            help="Database file (default: env ZHREADER_DB, else the user data directory).",
        ),
        click.Option(
            ["--adopt"],
            is_flag=True,
            expose_value=False,
            callback=_remember_adopt,
            help="Add zhreader's tables to another program's SQLite file (backed up first).",
        ),
    ]


class Command(click.Command):
    """A command that takes `--db`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_store_options())


class Group(click.Group):
    """A group that takes `--db` and whose commands and subgroups do too."""

    command_class = Command
    group_class: type[click.Group] | type[type] | None = type  # subgroups: this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_store_options())


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
        from reader.session import prepare_store

        current.database = open_db(chosen_db_path(), adopt=current.adopt)
        prepare_store(current.database, lambda message: click.echo(message, err=True))
    return current.database


def current_settings() -> Settings:
    """The settings file, read once per command (study settings once kept in the database
    are moved into it first)."""
    current = state()
    if current.settings is None:
        from reader.settings import move_legacy_settings

        current.settings = move_legacy_settings(open_store())
    return current.settings


def echo(text: str = "", *, err: bool = False) -> None:
    """Print human-facing text: the one way CLI output that may hold outside text (titles,
    file names, glossary fields, dictionary data) reaches the terminal, made inert first."""
    from reader.display import safe_text

    click.echo(safe_text(text), err=err)


def echo_json(value: object) -> None:
    """JSON for scripts: non-ASCII kept readable, control characters escaped; a list is one
    object per line (the C encoder: fast for 10,000 articles)."""
    import json

    from reader.display import escape_json_controls
    from reader.output import json_list

    if isinstance(value, list):
        text = json_list(value)
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    click.echo(escape_json_controls(text))


LIMIT = click.IntRange(1, MAX_ROW_ID - 1)
"""A `--limit`: at least one (0 or -1 would show nothing, or everything), and small enough
for SQLite (and `islice`) to count one past it, as search does to know there is more."""

# Input files a command reads whole (annotate, glossary TSVs, word lists) are capped:
# /dev/zero or a runaway file gets a clear refusal instead of eating memory.
MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_LIST_BYTES = 64 * 1024 * 1024
"""Glossary TSVs and word lists: 100,000 terms take about 10 MB."""


def refuse_store_file(path: Path) -> None:
    """Never read or replace the database itself (or its -wal/-shm) as a plain file."""
    from db.files import is_store_file

    if str(path) != "-" and is_store_file(path, chosen_db_path()):
        raise ZhreaderError(f"{path} is zhreader's own database; choose another file")


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular text file, or of standard input for `-`, up to `limit`:
    FIFOs, devices, binary data (/dev/zero) and zhreader's own database are refused."""
    from db.inputs import read_limited, read_stream_limited

    if str(path) == "-":
        return read_stream_limited(sys.stdin.buffer, limit, "standard input", refuse_binary=True)
    refuse_store_file(path)
    return read_limited(path, limit, refuse_binary=True)

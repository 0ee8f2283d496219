"""Storage: one SQLite file holding the dictionary, the library, the glossary and reviews.

Every SQL statement of the project lives in this package. Other layers call the typed
functions of its modules and get frozen dataclasses back.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path


def _import_sqlite_utils() -> None:
    """sqlite-utils imports numpy and pandas when installed (0.1 s, for column types we never
    use); hide them during its import so start-up stays light. They import normally later."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_sqlite_utils()
import sqlite_utils  # noqa: E402

__all__ = [
    "Database",
    "DatabaseLockedError",
    "NewerSchemaError",
    "NotADatabaseError",
    "StoreError",
    "default_db_path",
    "open_db",
    "open_memory_db",
    "translate_sqlite_error",
]

Database = sqlite_utils.Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0


class StoreError(Exception):
    """A storage problem the user can act on; its message is one clear line."""


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database (or is damaged)."""


class NewerSchemaError(StoreError):
    """The database was written by a newer zhreader; we refuse to touch it."""


class DatabaseLockedError(StoreError):
    """Another process holds a write lock for longer than the busy timeout."""


def default_db_path() -> Path:
    """`ZHREADER_DB` if set, else `zhreader.db` in the platform's user data directory."""
    override = os.environ.get("ZHREADER_DB")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("zhreader", appauthor=False)) / "zhreader.db"


def _check_is_sqlite_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a zhreader database")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{path} is not a SQLite database (was it overwritten?)")


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_db(path: Path | str | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema up to date.

    Each thread needs its own connection: call this again from a worker thread.
    """
    from db.migrations import apply_migrations, refuse_newer_schema

    db_path = Path(path) if path is not None else default_db_path()
    _check_is_sqlite_file(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(str(db_path))
        database = Database(conn, execute_plugins=False)
        refuse_newer_schema(database, db_path)  # before anything that writes the file
        conn.execute("PRAGMA journal_mode = WAL")
        if migrate:
            apply_migrations(database, db_path)
    except sqlite3.Error as error:
        raise translate_sqlite_error(error, db_path) from error
    return database


def open_memory_db() -> Database:
    """A fresh in-memory database with the current schema, for tests and `annotate`."""
    from db.migrations import apply_migrations

    database = Database(_connect(":memory:"), execute_plugins=False)
    apply_migrations(database, None)
    return database


def translate_sqlite_error(error: sqlite3.Error, path: Path | None = None) -> StoreError:
    """Turn a raw sqlite3 error into a StoreError whose message tells the user what to do."""
    where = f" ({path})" if path else ""
    message = str(error).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            f"the database{where} is locked by another program; close it and try again"
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return NotADatabaseError(f"the database{where} is damaged or not a SQLite file: {error}")
    if "disk is full" in message or "disk i/o" in message:
        return StoreError(f"could not write the database{where}: {error}; nothing was changed")
    if "readonly" in message or "unable to open" in message:
        return StoreError(f"cannot write the database{where}: {error}")
    return StoreError(f"database error{where}: {error}")

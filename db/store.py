"""Opening the store: the connection, its transactions, and the errors it can raise."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol, TypeVar, cast


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

from db.errors import ZhreaderError  # noqa: E402

# Longer than any single write transaction may take (imports batch in ≤ 1 s transactions),
# so a writer waits for another instead of failing.
BUSY_TIMEOUT_SECONDS = 15.0
MAX_ROW_ID = 2**63 - 1
"""The largest row id SQLite holds: a larger id is simply absent, never an overflow."""
# `PRAGMA application_id` of a zhreader database ("zhrd"), so another program's file is
# recognised and never silently changed.
APPLICATION_ID = 0x7A687264


T = TypeVar("T")


class Database(Protocol):
    """An open zhreader store as the layers above db/ see it: transactions and closing,
    never SQL. Only db/ reaches the connection behind it, through `sql()`."""

    def atomic(self) -> AbstractContextManager[Database]:
        """One write transaction (or a savepoint inside one)."""
        ...

    def close(self) -> None: ...

    @property
    def in_transaction(self) -> bool:
        """A transaction is open (an error inside one may have ended it)."""
        ...


class SqliteStore(sqlite_utils.Database):
    """The store itself: a sqlite-utils database whose write transactions start as
    BEGIN IMMEDIATE.

    A deferred transaction that reads and then writes cannot wait for another writer
    (SQLite returns SQLITE_BUSY at once, the busy timeout never applies); an immediate one
    takes the write lock first, waiting up to the busy timeout.
    """

    @contextmanager
    def atomic(self) -> Iterator[SqliteStore]:
        """One write transaction (BEGIN IMMEDIATE), or a savepoint inside one."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    @contextmanager
    def atomic_read(self) -> Iterator[SqliteStore]:
        """A read transaction: every query inside sees the same snapshot."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")


def chunks_for_in(items: Iterable[T], size: int = 400) -> Iterator[tuple[list[T], str]]:
    """Distinct `items` in chunks small enough for one `IN (...)` (SQLite caps the number
    of parameters), each with its placeholders: `IN ({marks})`."""
    unique = list(dict.fromkeys(items))
    for start in range(0, len(unique), size):
        chunk = unique[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def sql(database: Database) -> SqliteStore:
    """The connection behind a store: for db/ modules only (a test keeps SQL in db/)."""
    return cast(SqliteStore, database)


def data_version(database: Database) -> int:
    """A number that changes when another connection commits to the file (SQLite's
    `PRAGMA data_version`): a screen polls it to see the command line's changes."""
    return int(sql(database).execute("PRAGMA data_version").fetchone()[0])


class StoreError(ZhreaderError):
    """A storage problem the user can act on; its message is one clear line."""


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database (or is damaged)."""


class NewerSchemaError(StoreError):
    """The database was written by a newer zhreader; we refuse to touch it."""


class DatabaseLockedError(StoreError):
    """Another process holds a write lock for longer than the busy timeout."""


class ForeignDatabaseError(StoreError):
    """The file is another program's SQLite database; zhreader changes it only if adopted."""


def default_db_path() -> Path:
    """`ZHREADER_DB` if set, else `zhreader.db` in the platform's user data directory."""
    override = os.environ.get("ZHREADER_DB")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("zhreader", appauthor=False)) / "zhreader.db"


def _connect(target: str) -> sqlite3.Connection:
    """A connection in autocommit mode: every write goes through `Database.atomic`."""
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_db(
    path: Path | str | None = None, *, migrate: bool = True, adopt: bool = False
) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema up to date.

    This is the one way to open the store: the CLI, the TUI and its workers all call it,
    one connection per thread. It never opens the file outside SQLite, because closing any
    descriptor on a database file drops every POSIX lock the process holds on it, and
    another process may then delete the WAL the live connection is writing into. Another
    program's SQLite file is refused unless `adopt`, and then backed up before any change.
    """
    from db.migrations import apply_migrations, check_ownership, refuse_newer_schema

    db_path = Path(path) if path is not None else default_db_path()
    if db_path.is_dir():
        raise NotADatabaseError(f"{db_path} is a folder, not a zhreader database")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(str(db_path))
        database = SqliteStore(conn, execute_plugins=False)
        refuse_newer_schema(database, db_path)  # before anything that writes the file
        check_ownership(database, db_path, adopt=adopt)
        if database.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            database.execute("PRAGMA journal_mode = WAL")
        if migrate:
            apply_migrations(database, db_path)
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise translate_sqlite_error(error, db_path) from error
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return database


def open_memory_db() -> Database:
    """A fresh in-memory database with the current schema, for tests and `annotate`."""
    from db.migrations import apply_migrations

    database = SqliteStore(_connect(":memory:"), execute_plugins=False)
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

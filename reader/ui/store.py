"""The TUI's writing connection: one thread owns it, and every write of the app runs there.

Writes queue in the order the user made them. The UI thread never waits on SQLite's busy
timeout: a worker awaits the result and posts a message (see `ZhreaderApp.write`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from db import Database, open_db, translate_sqlite_error

T = TypeVar("T")


def on_own_connection(db_path: Path | None, job: Callable[[Database], T]) -> T:
    """Run `job` on a connection opened for it and closed after: a worker thread's own. A
    SQLite error becomes the store's one-line ZhreaderError, as on the store thread."""
    try:
        database = open_db(db_path)
        try:
            return job(database)
        finally:
            database.close()
    except sqlite3.Error as error:
        raise translate_sqlite_error(error, db_path) from error


class StoreThread:
    """A single thread with its own connection, opened lazily on that thread."""

    def __init__(self, db_path: Path | None, opener: Callable[[], Database] | None = None) -> None:
        self.db_path = db_path
        self._opener = opener or (lambda: open_db(db_path))
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhreader-store")
        self._database: Database | None = None

    def _run(self, job: Callable[[Database], T]) -> T:
        try:
            if self._database is None:
                self._database = self._opener()
            return job(self._database)
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, self.db_path) from error

    def submit(self, job: Callable[[Database], T]) -> Future[T]:
        """Queue `job` behind every earlier write; it runs with this thread's connection."""
        return self._executor.submit(self._run, job)

    def close(self) -> None:
        """Finish queued writes, then close the connection on its own thread."""

        def close_here() -> None:
            if self._database is not None:
                self._database.close()
                self._database = None

        self._executor.submit(close_here).result()
        self._executor.shutdown()

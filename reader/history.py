"""Lookup history: lookups are buffered in memory and written in batches.

The reader calls `add` on every lookup (a cursor that dwells on a word, a hover, ctrl+l, `a`)
and `flush` from a worker thread now and then; the flush opens its own connection. When the
database cannot be written (read-only file, locked), only the log is lost.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from db import Database, ZhreaderError, open_db
from db.history import lookup_counts, record_lookups


class LookupLog:
    """Pending lookups plus the stored counts, so the panel counts a lookup at once."""

    def __init__(self, database: Database, db_path: Path | None) -> None:
        self.database = database
        self.db_path = db_path
        self._pending: list[tuple[str, int | None, str]] = []
        self._lock = threading.Lock()
        self.lost = 0

    def add(self, word: str, article_id: int | None) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self._pending.append((word, article_id, stamp))

    def counts(self, word: str) -> tuple[int, int]:
        """(times looked up, articles) for the panel, pending lookups included."""
        times, articles = lookup_counts(self.database, [word]).get(word, (0, set()))
        with self._lock:
            pending = [(w, a) for w, a, _ in self._pending if w == word]
        times += len(pending)
        articles = articles | {a for _, a in pending if a is not None}
        return times, len(articles)

    def pending_words(self) -> Counter[str]:
        with self._lock:
            return Counter(w for w, _, _ in self._pending)

    def flush(self, here: bool = False) -> int:
        """Write what is pending, from a worker thread on a connection of its own (or `here`,
        on the reader's connection, when the screen closes); returns the rows written."""
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return 0
        try:
            if self.db_path is None or here:
                record_lookups(self.database, batch)
            else:
                connection = open_db(self.db_path, migrate=False)
                try:
                    record_lookups(connection, batch)
                finally:
                    connection.close()
        except (sqlite3.Error, ZhreaderError):
            self.lost += len(batch)  # a read-only or locked database loses only the log
            return 0
        return len(batch)

"""Lookup history: lookups are buffered in memory and written in batches.

The reader calls `add` on every lookup (a cursor that dwells on a word, a hover, ctrl+l, `a`)
and now and then hands the pending batch (`take`) to the app's store thread, which `write`s
it behind the other writes. When the database cannot be written (read-only file, locked),
only the log is lost.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from datetime import UTC, datetime

from db import Database, ZhreaderError
from db.history import lookup_counts, record_lookups

Batch = list[tuple[str, int | None, str]]
"""(word, article id, UTC time) per lookup."""


class LookupLog:
    """Pending lookups plus the stored counts, so the panel counts a lookup at once."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._pending: Batch = []
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

    def take(self) -> Batch:
        """The pending lookups, no longer pending (write them with `write`)."""
        with self._lock:
            batch, self._pending = self._pending, []
        return batch

    def write(self, database: Database, batch: Batch) -> int:
        """Write `batch` on `database` (any thread's connection); returns the rows written."""
        if not batch:
            return 0
        try:
            record_lookups(database, batch)
        except (sqlite3.Error, ZhreaderError):
            self.lost += len(batch)  # a read-only or locked database loses only the log
            return 0
        return len(batch)

    def flush(self) -> int:
        """Write what is pending now, on this log's own connection."""
        return self.write(self.database, self.take())

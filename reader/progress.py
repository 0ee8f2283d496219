"""Progress of long imports: rate and time left, for the CLI (stderr) and the TUI."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

BAR_MIN_BYTES = 2_000_000
BAR_MIN_FILES = 20
LOG_MIN_FILES = 500  # without a terminal, a plain line now and then for big imports only
LOG_EVERY_SECONDS = 5.0


@dataclass(frozen=True)
class ImportProgress:
    """Where a running import stands."""

    done_bytes: int
    total_bytes: int
    files_done: int
    total_files: int
    elapsed: float

    @property
    def share(self) -> float:
        return self.done_bytes / self.total_bytes if self.total_bytes else 1.0

    @property
    def bytes_per_second(self) -> float:
        return self.done_bytes / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        rate = self.bytes_per_second
        return (self.total_bytes - self.done_bytes) / rate if rate > 0 else None

    def describe(self) -> str:
        """`1,234/10,000 files · 45% · 1.2 MB/s · 1:23 left`"""
        left = self.seconds_left
        eta = "…" if left is None else f"{int(left) // 60}:{int(left) % 60:02d} left"
        return (
            f"{self.files_done:,}/{self.total_files:,} files · {self.share:.0%} · "
            f"{self.bytes_per_second / 1e6:.1f} MB/s · {eta}"
        )


class ProgressTracker:
    """Turns import_paths' (bytes done, bytes in all, files done) calls into ImportProgress."""

    def __init__(self, total_files: int, report: Callable[[ImportProgress], None]) -> None:
        self.total_files = total_files
        self.report = report
        self.started = time.perf_counter()

    def __call__(self, done_bytes: int, total_bytes: int, files_done: int) -> None:
        elapsed = time.perf_counter() - self.started
        self.report(ImportProgress(done_bytes, total_bytes, files_done, self.total_files, elapsed))


@contextmanager
def import_bar(
    total_bytes: int, total_files: int, stream: TextIO | None = None
) -> Iterator[Callable[[int, int, int], None] | None]:
    """A progress line on stderr for large imports: redrawn on a terminal, logged every few
    seconds otherwise (and only for many files). Yields None when nothing is shown."""
    out = stream or sys.stderr
    tty = out.isatty()
    large = total_bytes > BAR_MIN_BYTES or total_files > BAR_MIN_FILES
    if not (tty and large) and total_files <= LOG_MIN_FILES:
        yield None
        return
    last = [0.0]

    def show(progress: ImportProgress) -> None:
        if tty:
            out.write(f"\rImporting {progress.describe()}\x1b[K")
            out.flush()
        elif progress.elapsed - last[0] >= LOG_EVERY_SECONDS:
            last[0] = progress.elapsed
            out.write(f"Importing {progress.describe()}\n")

    yield ProgressTracker(total_files, show)
    if tty:
        out.write("\n")

"""Details of unexpected errors go to a log file; the user sees one line with its path."""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path


def log_path() -> Path:
    """`ZHREADER_LOG` if set, else `zhreader.log` in the platform's user log directory."""
    override = os.environ.get("ZHREADER_LOG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("zhreader", appauthor=False)) / "zhreader.log"


def record_crash(error: BaseException) -> Path:
    """Append the traceback of `error` to the log and return where it went."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    details = "".join(traceback.format_exception(error))
    for path in (log_path(), Path(tempfile.gettempdir()) / "zhreader.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp}\n{details}\n")
            return path
        except OSError:
            continue
    return log_path()

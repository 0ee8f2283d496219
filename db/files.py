"""Writing files so that an interrupted write never leaves half a file, or a stray one.

An export is written to a temporary name beside its target, synced, and renamed over it.
Each temporary file is noted in a small journal while it exists, so one left by a killed
process is swept at the next start (`sweep_stale_partials`).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from db.errors import ZhreaderError

PARTIAL_SUFFIX = ".zhreader-part"
SCRATCH_PREFIX = "zhreader-scratch-"


def is_store_file(candidate: Path, database_path: Path) -> bool:
    """True when `candidate` is the database file or its -wal/-shm/-journal companion.

    Such a file must never be opened outside SQLite while a connection lives: closing any
    descriptor on it drops the process's POSIX locks. Compared by inode, so links count.
    """
    try:
        found = candidate.stat()
    except OSError:
        return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            own = Path(f"{database_path}{suffix}").stat()
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def journal_dir() -> Path:
    """Where temporary files in progress are noted: `ZHREADER_STATE`, else the state dir."""
    override = os.environ.get("ZHREADER_STATE")
    if override:
        return Path(override) / "pending"
    from platformdirs import user_state_dir

    return Path(user_state_dir("zhreader", appauthor=False)) / "pending"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_partials() -> int:
    """Remove temporary files and scratch folders left by processes that died; returns how
    many. Cheap when there is nothing to do (one directory listing)."""
    swept = 0
    folder = journal_dir()
    try:
        notes = list(folder.iterdir())
    except OSError:
        notes = []
    for note in notes:
        pid = int(note.name.split("-", 1)[0]) if note.name.split("-", 1)[0].isdigit() else 0
        if pid and _pid_alive(pid):
            continue
        try:
            partial = Path(note.read_text(encoding="utf-8"))
            if partial.name.endswith(PARTIAL_SUFFIX):
                partial.unlink(missing_ok=True)
                swept += 1
            note.unlink(missing_ok=True)
        except OSError:
            continue
    pattern = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-")
    for entry in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        match = pattern.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            swept += 1
    return swept


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A private temporary folder, removed afterwards (and swept if the process dies)."""
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as name:
        yield Path(name)


def _writable_target(target: Path) -> Path:
    """The file to replace: a symlink is followed to its target; anything but a regular
    file (a FIFO, device, socket or folder) is refused."""
    resolved = Path(os.path.realpath(target))
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        if not resolved.parent.is_dir():
            raise ZhreaderError(f"cannot write {target}: the folder does not exist") from None
        return resolved
    if stat.S_ISDIR(mode):
        raise ZhreaderError(f"cannot write {target}: it is a folder")
    if not stat.S_ISREG(mode):
        raise ZhreaderError(f"refusing to write {target}: not a regular file (FIFO or device?)")
    return resolved


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets what the user's umask allows."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, synced and renamed over it only if the block
    succeeds. Write errors (a full disk) become one clear ZhreaderError."""
    target = _writable_target(Path(target))
    mode = _mode_for(target)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise ZhreaderError(f"cannot write {target}: {error.strerror or error}") from error
    os.close(handle)
    partial = Path(name)
    note = _note_partial(partial)
    try:
        yield partial
        os.chmod(partial, mode)
        with partial.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except OSError as error:
        raise ZhreaderError(
            f"cannot write {target}: {error.strerror or error}; the old file is unchanged"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
        if note is not None:
            note.unlink(missing_ok=True)


def _note_partial(partial: Path) -> Path | None:
    """Note `partial` in the journal; a journal that cannot be written only costs the sweep."""
    try:
        folder = journal_dir()
        folder.mkdir(parents=True, exist_ok=True)
        note = folder / f"{os.getpid()}-{partial.name}"
        note.write_text(str(partial), encoding="utf-8")
        return note
    except OSError:
        return None


@contextmanager
def atomic_text_writer(target: Path) -> Iterator[TextIO]:
    with atomic_path(target) as partial, partial.open("w", encoding="utf-8", newline="") as stream:
        yield stream

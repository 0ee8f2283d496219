"""Reading files from outside with bounds: only regular files, never more than a cap.

Here, in the lowest layer, so that the dictionary loader (glossary) and the article importer
(reader) share one rule: a FIFO, device or socket is refused before it is read (a FIFO would
block on open, /dev/zero would never end), and no read takes more than `limit` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from db.errors import ZhreaderError

CHUNK_BYTES = 1 << 20


class InputError(ZhreaderError):
    """An input file that cannot be read as given; the message says why in one line."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def regular_file_problem(path: Path) -> str | None:
    """Why `path` cannot be imported as a file (None when it is a readable regular file)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "broken symbolic link (its target does not exist)"
        return "no such file or folder"
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return "symbolic link loop"
        return f"cannot read: {error.strerror or error}"
    except ValueError as error:  # a NUL in the name
        return f"unusable file name ({error})"
    if not stat.S_ISREG(mode):
        return f"skipped: {kind_of(mode)}, not a regular file"
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes near the start, in something that is not UTF-16 with a byte-order mark."""
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in head[:8192]


def read_limited(
    path: Path, limit: int, *, name: str | None = None, refuse_binary: bool = False
) -> bytes:
    """The bytes of the regular file `path`; refuses other kinds and files over `limit`.

    The file is opened non-blocking, so even a FIFO swapped in after the check cannot hang.
    """
    name = str(path) if name is None else name
    problem = regular_file_problem(path)
    if problem is not None:
        raise InputError(f"{name}: {problem}")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from error
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{name}: skipped: {kind_of(mode)}, not a regular file")
        if os.fstat(stream.fileno()).st_size > limit:
            raise InputError(f"{name} is larger than {limit // (1 << 20)} MB; split it first")
        return read_stream_limited(stream, limit, name, refuse_binary=refuse_binary)


def read_stream_limited(
    stream: BinaryIO, limit: int, name: str, *, refuse_binary: bool = False
) -> bytes:
    """At most `limit` bytes of `stream` (standard input, say); more is refused, not read.

    With `refuse_binary`, a NUL byte in the first chunk (and no UTF-16 byte-order mark) stops
    the read at once: /dev/zero is refused after one chunk, not after `limit` bytes.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = stream.read(min(CHUNK_BYTES, limit + 1 - size))
            if not chunk:
                break
            if refuse_binary and not chunks and looks_binary(chunk):
                raise InputError(f"{name} is not a text file (it contains binary data)")
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(f"{name} is larger than {limit // (1 << 20)} MB; split it first")
    except BlockingIOError as error:
        raise InputError(f"{name}: cannot be read without waiting") from error
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from error
    return b"".join(chunks)

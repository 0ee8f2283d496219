from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database
from reader.cli import cli

SMALL_CEDICT = "#! entries=2\n#! date=2030-01-01\n行 行 [xing2] /to walk/\n人 人 [ren2] /person/\n"


@pytest.fixture
def db_path(cedict_db: Database) -> Iterator[str]:
    path = cedict_db.execute("PRAGMA database_list").fetchone()[2]
    cedict_db.close()
    yield path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_lookup_prints_every_reading(db_path: str) -> None:
    code, out, _ = run("lookup", "--db", db_path, "行")
    assert code == 0
    assert "xíng" in out and "háng" in out and "to walk" in out
    code, out, _ = run("lookup", "--db", db_path, "党员干部")
    assert code == 0 and "dǎngyuán gànbù" in out  # word by word, as the reader writes it


def test_lookup_json_for_scripts(db_path: str) -> None:
    code, out, _ = run("lookup", "--db", db_path, "--json", "党员大会", "黨員", "党支部")
    assert code == 0
    data = json.loads(out)
    assert [(item["query"], item["kind"]) for item in data] == [
        ("党员大会", "hanzi"), ("黨員", "hanzi"), ("党支部", "hanzi")
    ]  # fmt: skip
    assert data[0]["entries"] == []
    assert [part["text"] for part in data[0]["breakdown"]] == ["党员", "大会"]
    first = data[1]["entries"][0]
    assert (first["pinyin"], first["pinyin_numbered"], first["source"]) == (
        "dǎngyuán", "dang3 yuan2", "cc-cedict"
    )  # fmt: skip
    assert (first["simplified"], first["traditional"]) == ("党员", "黨員")
    branch = data[2]["entries"][0]
    assert (branch["source"], branch["origin"]) == ("glossary", "builtin")
    assert branch["definitions"] == [
        "Party branch (the basic unit of the CCP in a village, workplace etc)"
    ]


def test_lookup_by_pinyin_and_english_and_the_exit_rule(db_path: str) -> None:
    code, out, _ = run("lookup", "--db", db_path, "--json", "diyi shuji", "dì yī", "lü4", "village")
    assert code == 0
    data = json.loads(out)
    assert [item["kind"] for item in data] == ["pinyin", "pinyin", "pinyin", "english"]
    assert data[0]["entries"][0]["simplified"] == "第一书记"  # a glossary term, by toneless pinyin
    assert data[1]["entries"][0]["simplified"] == "第一"  # the commonest word first
    assert "绿" in {e["simplified"] for e in data[2]["entries"]}
    assert data[3]["entries"][0]["simplified"] in {"村", "农村", "乡村"}
    code, out, err = run("lookup", "--db", db_path, "qwzx", "行")
    assert code == 0 and "nothing matches 'qwzx'" in err  # something matched: exit 0
    code, _, err = run("lookup", "--db", db_path, "qwzx")
    assert code == 1 and "nothing matches" in err


def test_db_option_works_on_the_group_and_from_the_environment(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("--db", db_path, "lookup", "人")[0] == 0
    monkeypatch.setenv("ZHREADER_DB", db_path)
    code, out, _ = run("dict", "info")
    assert code == 0 and "122,143" in out


def test_unknown_input_is_reported_and_exits_1_only_when_nothing_matched(db_path: str) -> None:
    code, out, err = run("lookup", "--db", db_path, "qwzxv", "行")
    assert code == 0
    assert "nothing matches 'qwzxv' in hanzi, pinyin or English" in err
    assert "xíng" in out
    code, _, err = run("lookup", "--db", db_path, "qwzxv", "zzzq")
    assert code == 1 and err.count("nothing matches") == 2


def test_dict_info_reports_release_and_count(db_path: str) -> None:
    code, out, _ = run("dict", "info", "--db", db_path)
    assert code == 0
    assert "2023-11-07" in out
    assert "entries: 122,143 (file header says 122,143)" in out
    assert "CC BY-SA 4.0" in out


def test_dict_update_from_file_then_bad_file_keeps_it(db_path: str, tmp_path: Path) -> None:
    newer = tmp_path / "cedict_ts.u8.gz"
    newer.write_bytes(gzip.compress(SMALL_CEDICT.encode()))
    code, out, _ = run("dict", "update", "--db", db_path, "--force", str(newer))
    assert code == 0 and "2 entries" in out
    truncated = tmp_path / "truncated.gz"
    truncated.write_bytes(newer.read_bytes()[:20])
    code, _, err = run("dict", "update", "--db", db_path, str(truncated))
    assert code == 1 and "damaged or truncated" in err
    code, out, _ = run("dict", "info", "--db", db_path)
    assert "entries: 2" in out and "2030-01-01" in out


def test_a_corrupt_database_gives_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 100)
    code, _, err = run("lookup", "--db", str(bad), "行")
    assert code == 1
    assert err.strip().count("\n") == 0 and "not a SQLite file" in err


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/cedict.gz":
            body = gzip.compress(SMALL_CEDICT.encode())
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_dict_update_from_url(db_path: str, local_server: str) -> None:
    code, _, err = run("dict", "update", "--db", db_path, "--url", f"{local_server}/missing")
    assert code == 1 and "answered 404" in err
    code, out, _ = run(
        "dict", "update", "--db", db_path, "--force", "--url", f"{local_server}/cedict.gz"
    )
    assert code == 0 and "2 entries" in out


def test_dict_update_times_out_clearly(db_path: str) -> None:
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    port = silent.getsockname()[1]
    try:
        code, _, err = run(
            "dict",
            "update",
            "--db",
            db_path,
            "--url",
            f"http://127.0.0.1:{port}/x",
            "--timeout",
            "0.3",
        )
    finally:
        silent.close()
    assert code == 1 and "download failed" in err and "timed out" in err
    code, out, _ = run("dict", "info", "--db", db_path)
    assert "122,143" in out

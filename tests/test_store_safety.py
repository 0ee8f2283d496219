"""Never lose a write: one way to open the store, writers that wait, files that round-trip.

Each test is a regression test for a loss measured on the first version (issue 9).
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database, ForeignDatabaseError, open_db
from db.files import atomic_text_writer, journal_dir, sweep_stale_partials
from db.terms import TermFields, statuses_of
from glossary.terms import Glossary, GlossaryError
from reader.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


# --- one way to open the store -----------------------------------------------------------


def test_a_cli_process_beside_a_live_connection_loses_none_of_its_writes(
    demo_db_path: Path,
) -> None:
    """The measured loss: open and close the file in the same process, run a CLI command,
    write again, die. With SQLite the only one to touch the file, the write survives."""
    script = textwrap.dedent(
        f"""
        import os, subprocess, sys
        from db import open_db
        from db.terms import set_status
        path = {str(demo_db_path)!r}
        app = open_db(path)
        with app.atomic():
            set_status(app, ["第一"], "known")
        open_db(path).close()  # a worker's connection, opened and closed
        subprocess.run([sys.executable, "-m", "reader", "--db", path, "articles"], check=True,
                       capture_output=True)
        with app.atomic():
            set_status(app, ["第二"], "learning")
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=60)
    database = open_db(demo_db_path)
    assert statuses_of(database, ["第一", "第二"]) == {"第一": "known", "第二": "learning"}
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    database.close()


def test_write_transactions_begin_immediate_so_a_second_writer_waits(cedict_db: Database) -> None:
    """A reader-then-writer transaction used to fail at once with 'database is locked'."""
    path = cedict_db.execute("PRAGMA database_list").fetchone()[2]
    locked, released = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        holder = open_db(path)
        holder.conn.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(0.6)
        holder.conn.execute("COMMIT")
        released.set()
        holder.close()

    threading.Thread(target=hold_the_write_lock).start()
    assert locked.wait(10)
    started = time.monotonic()
    Glossary(cedict_db).add(TermFields("驻村", "駐村", "zhu4 cun1", "stationed in a village"))
    assert released.is_set() and time.monotonic() - started >= 0.4
    assert Glossary(cedict_db).visible_term("驻村") is not None


def test_two_processes_adding_terms_lose_none(cedict_db: Database) -> None:
    path = cedict_db.execute("PRAGMA database_list").fetchone()[2]
    script = textwrap.dedent(
        """
        import sys
        from db import open_db
        from db.terms import TermFields
        from glossary.terms import Glossary
        glossary = Glossary(open_db(sys.argv[1]))
        for n in range(int(sys.argv[3])):
            word = sys.argv[2] + "一二三四五六七八九十"[n % 10] + "百千万"[n // 10 % 3] + str(n)
            glossary.add(TermFields(word, word, "", "a test term"))
        """
    )
    children = [
        subprocess.Popen([sys.executable, "-c", script, path, prefix, "60"], cwd=ROOT)
        for prefix in ("甲", "乙")
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]
    count = cedict_db.execute("SELECT count(*) FROM terms WHERE origin = 'user'").fetchone()[0]
    assert count == 120


def test_another_programs_database_is_refused_unless_adopted_and_then_backed_up(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignDatabaseError, match="another program's SQLite database"):
        open_db(path)
    code, _, err = run("--db", str(path), "articles")
    assert code == 1 and "--adopt" in err and "Traceback" not in err
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("notes",)
    ]
    code, _, _ = run("--db", str(path), "articles", "--adopt")
    assert code == 0
    backup = tmp_path / "notes.db.v0.bak"
    assert sqlite3.connect(backup).execute("SELECT body FROM notes").fetchall() == [("keep me",)]


def test_a_stale_backup_file_never_collides_with_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "zhreader.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE terms (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    stale = tmp_path / "zhreader.db.v1.bak"
    stale.write_bytes(b"not a database at all")
    with pytest.raises(Exception) as raised:  # the toy v1 schema cannot be upgraded...
        open_db(path)
    assert "damaged" not in str(raised.value)  # ...but it is not blamed on the user's file
    assert stale.read_bytes() == b"not a database at all"
    assert (tmp_path / "zhreader.db.v1.2.bak").exists()


# --- --db precedence -----------------------------------------------------------------------


@pytest.mark.parametrize("position", ["before", "after"])
def test_db_option_wins_over_the_environment_in_both_positions(
    tmp_path: Path, position: str
) -> None:
    chosen, from_env = tmp_path / "chosen.db", tmp_path / "env.db"
    args = ["--db", str(chosen), "glossary", "status", "known", "水"]
    if position == "after":
        args = ["glossary", "status", "--db", str(chosen), "known", "水"]
    code, _, err = run(*args, env={"ZHREADER_DB": str(from_env)})
    assert code == 0, err
    assert chosen.exists() and not from_env.exists()


def test_the_option_nearest_the_command_wins(tmp_path: Path) -> None:
    outer, inner = tmp_path / "outer.db", tmp_path / "inner.db"
    code, _, _ = run("--db", str(outer), "glossary", "status", "--db", str(inner), "known", "水")
    assert code == 0 and inner.exists() and not outer.exists()


# --- statuses and terms ----------------------------------------------------------------------


def test_only_chinese_words_become_terms_or_get_statuses(demo_db_path: Path) -> None:
    """A status is for a word: two words with a space, or a pasted escape, are refused; a
    Chinese word the dictionary lacks is not (the library may hold it)."""
    refused = ["hello", "不存在 的词", "的\u3000词", "的\x1b[2J", "的\u202e"]
    for word in refused:
        code, _, err = run("--db", str(demo_db_path), "glossary", "status", "known", word)
        assert code == 1 and "error: only Chinese words (no spaces or control" in err, word
    code, _, err = run("--db", str(demo_db_path), "glossary", "add", "6", "-d", "six")
    assert code == 1 and "not a Chinese word" in err
    code, _, _ = run("--db", str(demo_db_path), "glossary", "status", "known", "不存在的词")
    assert code == 0
    database = open_db(demo_db_path)
    assert statuses_of(database, [*refused, "6", "不存在的词"]) == {"不存在的词": "known"}


def test_deleting_a_term_forgets_its_status(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    term, _ = glossary.add(TermFields("东湾镇", "", "", "Dongwan town"))
    assert statuses_of(cedict_db, ["东湾镇"]) == {"东湾镇": "learning"}
    glossary.delete(term.id)
    assert statuses_of(cedict_db, ["东湾镇"]) == {}


# --- glossary files --------------------------------------------------------------------------

HEADER = "simplified\ttraditional\tpinyin\tdefinition\tnotes\ttags\torigin\tstatus\tcontexts\n"


def test_import_never_overwrites_your_own_term_without_replace(cedict_db: Database) -> None:
    glossary = Glossary(cedict_db)
    glossary.add(TermFields("说", "說", "shuo1", "to say"))
    tsv = HEADER + "说\t說\tshuo1\tsay again\t\t\tuser\tlearning\t[]\n"
    report = glossary.import_tsv(io.StringIO(tsv))
    assert (report.added, report.replaced, len(report.conflicts)) == (0, 0, 1)
    assert "to say" in report.conflicts[0][1]
    term = glossary.visible_term("说")
    assert term is not None and term.definition == "to say"
    report = glossary.import_tsv(io.StringIO(tsv), replace_own=True)
    assert report.replaced == 1
    term = glossary.visible_term("说")
    assert term is not None and term.definition == "say again"


def test_an_unclosed_quote_is_reported_by_line_and_nothing_lands(tmp_path: Path) -> None:
    rows = [f"词{n}\t\t\tmeaning {n}\t\t\tuser\tnew\t[]" for n in range(50)]
    rows.insert(1, '坏\t\t\t"never closed\t\t\tuser\tnew\t[]')
    rows.append('后\t\t\tsays "hi"\t\t\tuser\tnew\t[]')
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    db = str(tmp_path / "z.db")
    code, _, err = run("--db", db, "glossary", "import", str(path))
    assert code == 1 and "line 3" in err and "nothing was imported" in err
    database = open_db(db)
    assert database.execute("SELECT count(*) FROM terms WHERE origin = 'user'").fetchone()[0] == 0


def test_a_huge_field_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.tsv"
    path.write_text(HEADER + "大\t\t\t" + "x" * (2 << 20) + "\t\t\tuser\tnew\t[]\n", "utf-8")
    code, _, err = run("--db", str(tmp_path / "z.db"), "glossary", "import", str(path))
    assert code == 1 and "line 2" in err and "Traceback" not in err


def test_export_import_export_is_byte_identical_with_hidden_builtins(
    demo_db_path: Path, tmp_path: Path
) -> None:
    db, fresh = str(demo_db_path), str(tmp_path / "fresh.db")
    run("--db", db, "glossary", "add", "修路队", "-d", "road crew", "--sentence", "修路队来了。")
    run("--db", db, "glossary", "edit", "两委", "--notes", "see 村两委")
    run("--db", db, "glossary", "delete", "第一书记", "--yes")
    run("--db", db, "glossary", "status", "known", "驻村")
    first = tmp_path / "first.tsv"
    assert run("--db", db, "glossary", "export", str(first))[0] == 0
    assert "第一书记" in first.read_text(encoding="utf-8")
    code, _, err = run("--db", fresh, "glossary", "import", str(first))
    assert code == 0, err
    code, again, _ = run("--db", fresh, "glossary", "export", "-")
    assert again == first.read_text(encoding="utf-8")
    assert Glossary(open_db(fresh)).visible_term("第一书记") is None


# --- exports ---------------------------------------------------------------------------------


def test_export_writes_through_a_symlink_with_the_umask_mode(
    demo_db_path: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.apkg"
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    code, _, err = run("--db", str(demo_db_path), "export", "anki", str(link))
    assert code == 0, err
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.tsv"
    old_umask = os.umask(0o022)
    try:
        assert run("--db", str(demo_db_path), "export", "tsv", str(fresh))[0] == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_export_refuses_a_fifo(demo_db_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run("--db", str(demo_db_path), "glossary", "export", str(fifo))
    assert code == 1 and "not a regular file" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("command", [["export", "tsv"], ["glossary", "export"], ["export", "anki"]])
def test_export_to_a_missing_folder_is_one_clear_line(
    demo_db_path: Path, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "missing" / "out"
    code, _, err = run("--db", str(demo_db_path), *command, str(target))
    assert code == 1 and "folder does not exist" in err and "Traceback" not in err


def test_exports_leave_no_temporary_file(
    demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # where genanki's copy went
    exports = tmp_path / "exports"
    exports.mkdir()
    run("--db", str(demo_db_path), "export", "anki", str(exports / "deck.apkg"))
    run("--db", str(demo_db_path), "export", "tsv", str(exports / "deck.tsv"))
    assert list(private_tmp.iterdir()) == []
    assert sorted(p.name for p in exports.iterdir()) == ["deck.apkg", "deck.tsv"]


def test_a_partial_file_left_by_a_killed_export_is_swept(tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from db.files import atomic_text_writer
        with atomic_text_writer(Path({str(target)!r})) as stream:
            stream.write("half")
            stream.flush()
            os._exit(9)
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False, timeout=30)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".zhreader-part")]
    assert sweep_stale_partials() >= 1
    assert list(tmp_path.iterdir()) == []
    assert not any(journal_dir().iterdir())


def test_a_write_error_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.tsv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(GlossaryError), atomic_text_writer(target) as stream:
        stream.write("new")
        raise GlossaryError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"


# --- one error root --------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_with_the_log_path(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.articles

    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(db.articles, "list_articles", broken)
    code, out, err = run("--db", str(demo_db_path), "articles")
    assert code == 1 and "Traceback" not in err + out
    line = err.strip()
    assert "\n" not in line and "RuntimeError: a bug" in line
    log = Path(line.rsplit("details in ", 1)[1].rstrip(")"))
    assert "Traceback" in log.read_text(encoding="utf-8")

"""Acknowledged writes survive other processes and kill -9 (issue 9's proof, short versions).

The longer soak runs are in bench/ (`concurrent_writes_lost`, `writes_per_s`).
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

from db.files import sweep_stale_partials

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "reader" / "demo"


def python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def zhreader(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


APP = """
import os, sys, time
from db import open_db
from db.terms import set_status
path, seconds = sys.argv[1], float(sys.argv[2])
app = open_db(path)
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    word = "应用" + str(n)
    with app.atomic():
        set_status(app, [word], "known")
    print(word, flush=True)  # acknowledged
    if n % 5 == 0:
        open_db(path).close()  # a worker's connection opens and closes
    n += 1
    time.sleep(0.01)
os._exit(0)  # no clean close: what is acknowledged must already be on disk
"""


def test_every_acknowledged_write_survives_concurrent_processes(demo_db_path: Path) -> None:
    app = python(APP, str(demo_db_path), "3")
    cli_words = []
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        word = f"命令{len(cli_words)}"
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(demo_db_path), "glossary", "status",
             "learning", word],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        cli_words.append(word)
    out, err = app.communicate(timeout=60)
    assert app.returncode == 0 and "Traceback" not in err
    app_words = out.split()
    assert len(app_words) > 20 and cli_words
    conn = sqlite3.connect(demo_db_path)
    stored = dict(conn.execute("SELECT word, status FROM word_status").fetchall())
    assert [w for w in app_words if stored.get(w) != "known"] == []
    assert [w for w in cli_words if stored.get(w) != "learning"] == []
    assert integrity(demo_db_path) == "ok"


def _kill_after(process: subprocess.Popen[str], low: float, high: float) -> None:
    time.sleep(random.uniform(low, high))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_kill_9_during_import_leaves_whole_articles(demo_db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.iterdir())]
    for n in range(40):
        (folder / f"{n:02}.txt").write_text(f"第{n}篇\n\n" + texts[n % len(texts)] * 3, "utf-8")
    _kill_after(zhreader("--db", str(demo_db_path), "import", str(folder)), 0.8, 1.6)
    assert integrity(demo_db_path) == "ok"
    conn = sqlite3.connect(demo_db_path)
    broken = conn.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM paragraphs p "
        "WHERE p.article_id = a.id) OR NOT EXISTS (SELECT 1 FROM article_words w "
        "WHERE w.article_id = a.id)"
    ).fetchall()
    assert broken == []


def test_kill_9_during_glossary_import_is_all_or_nothing(
    demo_db_path: Path, tmp_path: Path
) -> None:
    rows = [f"试词{n}\t\t\tmeaning {n}\t\t\tuser\tlearning\t[]" for n in range(3000)]
    header = "simplified\ttraditional\tpinyin\tdefinition\tnotes\ttags\torigin\tstatus\tcontexts"
    tsv = tmp_path / "many.tsv"
    tsv.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _kill_after(zhreader("--db", str(demo_db_path), "glossary", "import", str(tsv)), 0.3, 1.2)
    assert integrity(demo_db_path) == "ok"
    conn = sqlite3.connect(demo_db_path)
    count = conn.execute("SELECT count(*) FROM terms WHERE simplified LIKE '试词%'").fetchone()[0]
    assert count in (0, 3000)


def test_kill_9_during_export_leaves_the_old_file_or_a_whole_new_one(
    demo_db_path: Path, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    target = exports / "deck.apkg"
    target.write_bytes(b"old export")
    export = zhreader("--db", str(demo_db_path), "export", "anki", "--all", str(target))
    _kill_after(export, 0.2, 0.9)
    data = target.read_bytes()
    if data != b"old export":
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
    sweep_stale_partials()
    assert [p.name for p in exports.iterdir()] == ["deck.apkg"]


GRADER = """
import sys
from db import open_db
from db.terms import TermFields
from glossary.study import StudySession
from glossary.terms import Glossary
database = open_db(sys.argv[1])
glossary = Glossary(database)
for n in range(40):
    glossary.add(TermFields("学习" + "一二三四五六七八九十"[n % 10] + str(n), "", "", "a card"))
print("ready", flush=True)
session = StudySession(database, fuzzing=False)
while session.current is not None:
    card = session.current
    session.grade(3)
    print(card.card_id, flush=True)  # acknowledged
"""


def test_kill_9_during_grading_keeps_every_acknowledged_grade(demo_db_path: Path) -> None:
    grader = python(GRADER, str(demo_db_path))
    assert grader.stdout is not None
    assert grader.stdout.readline().strip() == "ready"
    time.sleep(random.uniform(0.05, 0.4))
    grader.send_signal(signal.SIGKILL)
    acknowledged = [int(line) for line in grader.stdout.read().split()]
    grader.wait(timeout=30)
    assert integrity(demo_db_path) == "ok"
    conn = sqlite3.connect(demo_db_path)
    reviewed = {row[0] for row in conn.execute("SELECT card_id FROM reviews")}
    assert set(acknowledged) <= reviewed

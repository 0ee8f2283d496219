from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_import_summary_and_exit_status(demo_db_path: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes("修路的故事\n\n村里修了一条水泥路。".encode("gb18030"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run("import", "--db", str(demo_db_path), str(good), str(empty))
    assert code == 1  # partial success exits 1 and says what was refused (CONTRACTS.md)
    assert "imported #4 修路的故事" in out
    assert "empty.txt" in err and "is empty" in err
    assert out.strip().endswith("1 imported, 0 skipped (already in the library), 1 failed")
    code, out, _ = run("import", "--db", str(demo_db_path), str(good))
    assert code == 0 and "already in the library as #4" in out
    code, _, err = run("import", "--db", str(demo_db_path), str(empty))
    assert code == 1


def test_import_from_standard_input(demo_db_path: Path) -> None:
    code, out, _ = run(
        "import",
        "--db",
        str(demo_db_path),
        "-",
        "--title",
        "管道",
        "--tag",
        "stdin",
        stdin="第一段来自管道。\n\n第二段。".encode(),
    )
    assert code == 0 and "imported #4 管道" in out


def test_articles_listing_and_json(demo_db_path: Path) -> None:
    code, out, _ = run("articles", "--db", str(demo_db_path))
    assert code == 0
    assert "第一书记的三本笔记" in out and "0%" in out
    code, out, _ = run("articles", "--db", str(demo_db_path), "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["known_share"] == 0.0 and rows[0]["distinct_words"] > 100


def test_delete_asks_unless_yes(demo_db_path: Path) -> None:
    code, out, _ = run("delete", "--db", str(demo_db_path), "2", stdin=b"n\n")
    assert code == 1 and "Delete #2" in out
    code, out, _ = run("delete", "--db", str(demo_db_path), "2", "--yes")
    assert code == 0 and "deleted #2" in out
    code, _, err = run("delete", "--db", str(demo_db_path), "2", "--yes")
    assert code == 1 and "no article #2" in err


def test_show_with_pinyin_and_gloss(demo_db_path: Path) -> None:
    code, out, _ = run("show", "--db", str(demo_db_path), "3", "--pinyin", "--gloss")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "洪水来临的那一夜"
    assert "暴雨(bàoyǔ)" in out
    assert any(line.startswith("  暴雨 bàoyǔ  torrential rain") for line in lines)


def test_annotate_text_from_standard_input(demo_db_path: Path) -> None:
    code, out, _ = run(
        "annotate",
        "--db",
        str(demo_db_path),
        "-",
        "--pinyin",
        stdin="标题\n\n我们去银行。".encode(),
    )
    assert code == 0
    assert "我们(wǒmen) 去(qù) 银行(yínháng) 。" in out
    code, _, err = run("annotate", "--db", str(demo_db_path), "-", stdin=b"\x00\x01binary")
    assert code == 1 and "not a text file" in err


def test_resegment_reports_count(demo_db_path: Path) -> None:
    code, out, _ = run("resegment", "--db", str(demo_db_path))
    assert code == 0 and "re-cut 0 articles: every article is up to date" in out
    code, out, _ = run("resegment", "--db", str(demo_db_path), "--all")
    assert code == 0 and "re-cut 3 articles" in out


def test_resegment_says_why_articles_are_redone(demo_db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(demo_db_path) as connection:  # as an older version left them
        connection.execute("UPDATE articles SET readings_revision = 0 WHERE id <= 2")
    connection.close()
    code, out, err = run("resegment", "--db", str(demo_db_path))
    assert code == 0
    assert "Redoing the pinyin of 2 articles (read by an older method)" in err
    assert "re-cut 2 articles" in out

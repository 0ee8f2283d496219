from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_list_add_edit_delete_and_status(demo_db_path: Path) -> None:
    db = str(demo_db_path)
    code, out, _ = run("glossary", "list", "--db", db, "diyi shuji")
    assert code == 0 and "第一书记" in out and out.strip().endswith("\n1 term")
    assert "dìyī shūjì" in out  # written word by word, as the reader writes it
    code, out, _ = run(
        "glossary", "add", "--db", db, "东湾镇", "-d", "Dongwan town", "--tags", "place"
    )
    assert code == 0 and "added 东湾镇 [dong1 wan1 zhen4] Dongwan town" in out
    code, out, _ = run("glossary", "list", "--db", db, "--json", "origin:user")
    (term,) = json.loads(out)
    assert term["traditional"] == "東灣鎮" and term["status"] == "learning"
    code, out, _ = run("glossary", "edit", "--db", db, "两委", "--notes", "see 村两委")
    assert code == 0 and "(user)" in out
    code, out, _ = run("glossary", "delete", "--db", db, "东湾镇", "--yes")
    assert code == 0 and "deleted 东湾镇" in out
    code, _, err = run("glossary", "delete", "--db", db, "东湾镇", "--yes")
    assert code == 1 and "not in the glossary" in err
    code, out, _ = run("glossary", "status", "--db", db, "known", "暴雨", "洪水")
    assert code == 0 and "2 word(s) now known" in out
    code, _, err = run("glossary", "add", "--db", db, "没意思", "--pinyin", "mei2")
    assert code == 1 and "syllables" in err


def test_export_import_round_trip(demo_db_path: Path, tmp_path: Path) -> None:
    db = str(demo_db_path)
    run("glossary", "add", "--db", db, "修路队", "-d", "road crew", "--sentence", "修路队来了。")
    exported = tmp_path / "glossary.tsv"
    code, _, err = run("glossary", "export", "--db", db, str(exported))
    assert code == 0 and "exported" in err
    fresh = str(tmp_path / "fresh.db")
    code, out, _ = run("glossary", "import", "--db", fresh, str(exported))
    assert code == 0 and out.startswith("1 added")
    code, out, _ = run("glossary", "export", "--db", fresh, "-")
    assert out == exported.read_text(encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("simplified\ttraditional\tpinyin\tdefinition\n坏\t\thuai4 huai4\tbad\n", "utf-8")
    code, out, err = run("glossary", "import", "--db", fresh, str(bad))
    assert code == 1 and "line 2: bad row" in err and "nothing was imported" in err


def test_add_takes_pinyin_joined_by_words(demo_db_path: Path) -> None:
    """Pinyin as zhreader writes it (dìyī shūjì) is split into one syllable per character."""
    db = str(demo_db_path)
    for word, typed, stored in [
        ("用心用情", "yòngxīn yòngqíng", "yong4 xin1 yong4 qing2"),
        ("中华民族", "Zhōnghuá mínzú", "Zhong1 hua2 min2 zu2"),
        ("西安", "Xī'ān", "Xi1 an1"),
        ("用心", "yong4xin1", "yong4 xin1"),
    ]:
        code, out, err = run(
            "glossary", "add", "--db", db, word, "-d", "a gloss", "--pinyin", typed
        )
        assert code == 0, err
        assert f"added {word} [{stored}] a gloss" in out
    code, out, err = run("glossary", "edit", "--db", db, "西安", "--pinyin", "xian")
    assert code == 0 and "[Xi1 an1]" in out  # xi + an (not xian), with the dictionary tones
    for typed, message in [
        ("yongxin yong", "error: 用心用情: pinyin 'yongxin yong' has 3 syllables for 4 characters"),
        ("xyz", "error: 用心用情: 'xyz' is not pinyin (4 syllables wanted, one per character)"),
    ]:
        code, out, err = run(
            "glossary", "add", "--db", db, "用心用情", "-d", "a gloss", "--pinyin", typed
        )
        assert (code, err) == (1, message + "\n")


def test_editing_the_meaning_asks_for_no_re_cut(demo_db_path: Path) -> None:
    db = str(demo_db_path)
    code, out, _ = run("glossary", "edit", "--db", db, "第一书记", "--notes", "my note")
    assert code == 0 and "re-cut" not in out
    code, out, _ = run("glossary", "edit", "--db", db, "第一书记", "--pinyin", "Di4 yi1 shu1 ji4")
    assert code == 0 and "1 article to re-cut" in out

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_and_exports(demo_db_path: Path, tmp_path: Path) -> None:
    db = str(demo_db_path)
    run("glossary", "add", "--db", db, "修路队", "-d", "road crew", "--tags", "rural")
    code, out, _ = run("stats", "--db", db)
    assert code == 0 and "words being learnt: 1 (1 of them glossary terms)" in out
    assert "to study now: 1 card\n" in out and "retention" in out
    code, out, _ = run("stats", "--db", db, "--json")
    assert json.loads(out)["learning_terms"] == 1
    package = tmp_path / "deck.apkg"
    code, out, _ = run("export", "anki", "--db", db, str(package))
    assert code == 0 and "exported 1 note (2 cards)" in out
    assert zipfile.is_zipfile(package)
    code, out, _ = run("export", "anki", "--db", db, str(package), "--tag", "party", "--all")
    assert code == 0 and "exported 0 notes" not in out
    code, out, _ = run("export", "tsv", "--db", db, "-")
    assert out.startswith("#separator:tab\n#html:true\n#guid column:1\n")
    code, _, err = run("export", "anki", "--db", db, str(tmp_path / "no" / "deck.apkg"))
    assert code == 1 and "cannot write" in err


def test_exporting_an_article_not_in_the_library_is_an_error(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """As for `show 99`: one error line and exit 1, not "exported 0 notes"; nothing written."""
    db = str(demo_db_path)
    code, _, err = run("show", "--db", db, "99")
    assert (code, err) == (1, "error: no article #99\n")
    for kind, name in [("tsv", "x.tsv"), ("anki", "x.apkg")]:
        code, out, err = run("export", kind, "--db", db, str(tmp_path / name), "--article", "99")
        assert (code, out, err) == (1, "", "error: no article #99\n")
        assert not (tmp_path / name).exists()

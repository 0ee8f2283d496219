"""The layering rules of ARCHITECTURE.md, checked in fresh interpreters over every module.

The module list is generated from the tree, so a new module is checked without anyone
remembering to list it. import-linter checks the same layers statically in CI.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("db", "glossary", "reader")


def modules_of(package: str) -> list[str]:
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def headless(package: str) -> list[str]:
    return [m for m in modules_of(package) if not m.startswith("reader.ui")]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = f"import sys\nfor m in {modules!r}: __import__(m)\nprint(' '.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return set(output.split())


def test_the_generated_list_covers_the_tree() -> None:
    assert {"db.files", "glossary.segment", "reader.cli.base", "reader.library"} <= {
        m for p in PACKAGES for m in headless(p)
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_headless_modules_load_no_textual_and_no_higher_layer(package: str) -> None:
    loaded = {name.split(".")[0] for name in _loaded_after_import(headless(package))}
    assert "textual" not in loaded
    higher = PACKAGES[PACKAGES.index(package) + 1 :]
    assert not loaded & set(higher)


def test_start_up_path_loads_no_jieba_pypinyin_or_numpy() -> None:
    loaded = _loaded_after_import(["reader.cli", "glossary.lookup"])
    assert not {"jieba", "rjieba", "pypinyin", "numpy"} & loaded


def test_parsing_files_loads_no_store() -> None:
    loaded = _loaded_after_import(["reader.formats"])
    assert not {"db.store", "sqlite_utils", "sqlite3"} & loaded


SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH) ")


def _string_literals(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_sql_lives_only_in_db() -> None:
    offenders = []
    for package in ("glossary", "reader"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, text in _string_literals(tree):
                if SQL_START.match(text):
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {text[:40]!r}")
    assert offenders == []


def test_the_sql_check_would_catch_a_statement() -> None:
    tree = ast.parse('query = "SELECT word FROM word_status"\nother = f"UPDATE {x} SET"')
    assert [t for _, t in _string_literals(tree) if SQL_START.match(t)] == [
        "SELECT word FROM word_status",
        "UPDATE ",
    ]


def test_reader_is_this_project_not_pypis_feed_reader() -> None:
    import reader

    assert Path(reader.__file__).resolve().parent == ROOT / "reader"

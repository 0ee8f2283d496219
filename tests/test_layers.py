"""The layering rules of ARCHITECTURE.md, checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_MODULES = [
    "db",
    "db.migrations",
    "db.dictionary",
    "db.terms",
    "glossary.cedict",
    "glossary.pinyin",
    "glossary.lookup",
    "reader.cli",
    "reader.render",
]


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_headless_modules_do_not_import_textual(module: str) -> None:
    assert "textual" not in _loaded_after_import(module)


@pytest.mark.parametrize("module", ["reader.cli", "glossary.lookup"])
def test_start_up_path_does_not_load_jieba_or_pypinyin(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert "jieba" not in loaded
    assert "pypinyin" not in loaded


@pytest.mark.parametrize("module", ["db", "db.dictionary", "db.terms", "db.migrations"])
def test_db_imports_neither_reader_nor_glossary(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert not {name for name in loaded if name.split(".")[0] in {"reader", "glossary"}}

"""Shared fixtures: a real CC-CEDICT database built once per run, copied per test."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Database, open_db, open_memory_db
from glossary.cedict import ensure_dictionary
from glossary.levels import ensure_frequency
from glossary.terms import sync_builtin_pack, sync_cut_method

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    """Keep jieba's cache out of the user's cache directory during tests."""
    os.environ["ZHREADER_CACHE"] = tempfile.mkdtemp(prefix="zhreader-test-cache-")
    os.environ["ZHREADER_STATE"] = tempfile.mkdtemp(prefix="zhreader-test-state-")
    os.environ["ZHREADER_LOG"] = os.path.join(os.environ["ZHREADER_STATE"], "zhreader.log")
    os.environ.pop("ZHREADER_DB", None)
    config_dir = tempfile.mkdtemp(prefix="zhreader-test-config-")
    os.environ["ZHREADER_CONFIG"] = os.path.join(config_dir, "settings.toml")


@pytest.fixture(autouse=True)
def own_settings_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from default settings: keys like `u` write the settings file."""
    folder = tempfile.mkdtemp(prefix="zhreader-test-config-")
    monkeypatch.setenv("ZHREADER_CONFIG", os.path.join(folder, "settings.toml"))


def copy_database(source: Path, target: Path) -> Path:
    from_conn = sqlite3.connect(str(source))
    to_conn = sqlite3.connect(str(target))
    from_conn.backup(to_conn)
    from_conn.close()
    to_conn.close()
    return target


@pytest.fixture(scope="session")
def dictionary_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the full shipped dictionary, built once for the session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_db(path)
    ensure_dictionary(database)
    sync_builtin_pack(database)
    sync_cut_method(database)  # as every open does: articles imported later are current
    ensure_frequency(database)
    database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def fresh_db() -> Iterator[Database]:
    """An empty in-memory database with the current schema and no dictionary."""
    database = open_memory_db()
    yield database
    database.close()


@pytest.fixture
def cedict_db(dictionary_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database file of this test's own, with the full dictionary already loaded."""
    path = copy_database(dictionary_template, tmp_path / "zhreader.db")
    database = open_db(path)
    yield database
    database.close()


@pytest.fixture
def seeds() -> Path:
    """The real articles in ../shared/seeds; tests that need them skip when absent."""
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip("../shared/seeds is not present in this checkout")
    return SEEDS


@pytest.fixture(scope="session")
def segmenter() -> object:
    """One jieba tokenizer for tests that add no terms (jieba takes ~0.5 s to load)."""
    from glossary.segment import Segmenter

    return Segmenter().load()


@pytest.fixture(scope="session")
def demo_template(dictionary_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dictionary plus the shipped demo articles, built once."""
    from reader.library import Library, seed_demo_library

    path = copy_database(dictionary_template, tmp_path_factory.mktemp("demo") / "demo.db")
    database = open_db(path)
    seed_demo_library(Library(database))
    database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_db_path(demo_template: Path, tmp_path: Path) -> Path:
    """A database file of this test's own holding the demo library."""
    return copy_database(demo_template, tmp_path / "zhreader.db")

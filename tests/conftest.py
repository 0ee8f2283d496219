"""Shared fixtures: a real CC-CEDICT database built once per run, copied per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Database, open_db, open_memory_db
from glossary.cedict import ensure_dictionary

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def dictionary_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the full shipped dictionary, built once for the session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_db(path)
    ensure_dictionary(database)
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
    path = tmp_path / "zhreader.db"
    source = sqlite3.connect(str(dictionary_template))
    target = sqlite3.connect(str(path))
    source.backup(target)
    source.close()
    target.close()
    database = open_db(path)
    yield database
    database.close()


@pytest.fixture
def seeds() -> Path:
    """The real articles in ../shared/seeds; tests that need them skip when absent."""
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip("../shared/seeds is not present in this checkout")
    return SEEDS

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import db.migrations as migrations
import db.store
from db import (
    DatabaseLockedError,
    NewerSchemaError,
    NotADatabaseError,
    open_db,
    translate_sqlite_error,
)


def test_new_database_has_latest_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = open_db(tmp_path / "new.db")
    assert migrations.schema_version(database) == migrations.LATEST_VERSION
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    assert {"dictionary", "articles", "paragraphs", "terms", "word_status"} <= set(
        database.table_names()
    )


def test_env_variable_sets_the_default_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZHREADER_DB", str(tmp_path / "from-env.db"))
    assert db.default_db_path() == tmp_path / "from-env.db"
    monkeypatch.delenv("ZHREADER_DB")
    assert db.default_db_path().name == "zhreader.db"


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my precious notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="not a SQLite file"):
        open_db(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer than this zhreader"):
        open_db(path)
    assert path.read_bytes() == before


def test_upgrade_keeps_a_copy_and_runs_each_step_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    database = open_db(path)
    database.execute("INSERT INTO meta (key, value) VALUES ('mine', 'keep me')")
    database.conn.commit()
    database.close()
    current = migrations.LATEST_VERSION

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        (*migrations.MIGRATIONS, migrations.Migration(current + 1, "x", broken)),
    )
    monkeypatch.setattr(migrations, "LATEST_VERSION", current + 1)
    with pytest.raises(db.StoreError, match="nothing was changed"):
        open_db(path)
    backup = tmp_path / f"old.db.v{current}.bak"
    assert backup.exists()
    reopened = sqlite3.connect(path)
    assert reopened.execute("PRAGMA user_version").fetchone()[0] == current
    assert "half_done" not in {r[0] for r in reopened.execute("SELECT name FROM sqlite_master")}
    assert reopened.execute("SELECT value FROM meta WHERE key='mine'").fetchone()[0] == "keep me"
    saved = sqlite3.connect(backup)
    assert saved.execute("SELECT value FROM meta WHERE key='mine'").fetchone()[0] == "keep me"


def test_a_locked_database_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.db"
    open_db(path).close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_SECONDS", 0.05)
    database = open_db(path, migrate=False)
    with pytest.raises(sqlite3.OperationalError) as raised:
        database.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
    error = translate_sqlite_error(raised.value, path)
    assert isinstance(error, DatabaseLockedError)
    assert "locked by another program" in str(error)
    holder.rollback()


def test_a_version_1_library_upgrades_without_losing_anything(tmp_path: Path) -> None:
    """A database written by the first schema keeps terms, statuses and contexts."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    migrations.MIGRATIONS[0].apply(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO terms (id, simplified, traditional, pinyin, definition, origin, created_at, "
        "updated_at) VALUES (7, '修路队', '修路隊', 'xiu1 lu4 dui4', 'road crew', 'user', '', '')"
    )
    conn.execute("INSERT INTO word_status VALUES ('修路队', 'learning', '2026-01-01')")
    conn.execute("INSERT INTO contexts (term_id, sentence) VALUES (7, '修路队来了。')")
    conn.commit()
    conn.close()
    database = open_db(path)
    assert migrations.schema_version(database) == migrations.LATEST_VERSION
    assert database.execute("SELECT simplified, hidden FROM terms").fetchall() == [("修路队", 0)]
    assert database.execute("SELECT status FROM word_status").fetchone() == ("learning",)
    assert database.execute("SELECT sentence FROM contexts").fetchone() == ("修路队来了。",)
    assert {"cards", "reviews", "settings"} <= set(database.table_names())
    assert (tmp_path / "v1.db.v1.bak").exists()

"""Migration 3 upgrades a populated database: cards move from glossary terms to words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import db.migrations as migrations
from db import open_db


def _version_2_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for migration in migrations.MIGRATIONS[:2]:
        migration.apply(conn)
    conn.execute("PRAGMA user_version = 2")
    stamp = "2026-03-01T09:00:00+00:00"
    terms = [
        (1, "党课", "builtin"),
        (2, "党课", "user"),  # the user's copy of a built-in term: both had cards
        (3, "修路队", "user"),
    ]
    for term_id, word, origin in terms:
        conn.execute(
            "INSERT INTO terms (id, simplified, traditional, pinyin, definition, origin, "
            "created_at, updated_at) VALUES (?, ?, ?, 'x', 'y', ?, ?, ?)",
            (term_id, word, word, origin, stamp, stamp),
        )
    for status_word in ("党课", "修路队"):
        conn.execute("INSERT INTO word_status VALUES (?, 'learning', ?)", (status_word, stamp))
    cards = [(10, 1, "recognition"), (11, 2, "recognition"), (12, 2, "production"),
             (13, 3, "recognition"), (14, 3, "production")]  # fmt: skip
    for card_id, term_id, kind in cards:
        conn.execute(
            "INSERT INTO cards VALUES (?, ?, ?, '{}', ?, ?)", (card_id, term_id, kind, stamp, stamp)
        )
    for card_id in (11, 11, 13):
        conn.execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, previous_state, log) "
            "VALUES (?, 3, ?, '{}', '{}')",
            (card_id, stamp),
        )
    conn.execute("INSERT INTO settings VALUES ('new_cards_per_day', '7')")
    conn.commit()
    conn.close()


def test_cards_and_their_reviews_move_to_words(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_2_database(path)
    database = open_db(path)
    assert migrations.schema_version(database) == migrations.LATEST_VERSION
    assert (tmp_path / "old.db.v2.bak").exists()
    rows = database.execute("SELECT id, word, kind FROM cards ORDER BY id").fetchall()
    # The reviewed copy of 党课's recognition card wins over the built-in term's.
    assert rows == [
        (11, "党课", "recognition"),
        (12, "党课", "production"),
        (13, "修路队", "recognition"),
        (14, "修路队", "production"),
    ]
    assert database.execute("SELECT card_id FROM reviews ORDER BY id").fetchall() == [
        (11,),
        (11,),
        (13,),
    ]
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    # Deleting a glossary term no longer deletes the word's cards and history.
    database.execute("DELETE FROM terms WHERE id = 3")
    assert database.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3
    assert database.execute("SELECT count(*) FROM status_log").fetchone()[0] == 2


def test_the_daily_new_card_limit_moves_to_the_settings_file(tmp_path: Path) -> None:
    from reader.settings import load_settings, move_legacy_settings

    path = tmp_path / "old.db"
    _version_2_database(path)
    database = open_db(path)
    config = tmp_path / "settings.toml"
    assert move_legacy_settings(database, config).new_cards_per_day == 7
    assert load_settings(config).new_cards_per_day == 7
    assert database.execute("SELECT count(*) FROM settings").fetchone()[0] == 0

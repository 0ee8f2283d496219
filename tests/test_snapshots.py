"""Layout snapshots (pytest-textual-snapshot). Update with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.ui.app import ZhreaderApp


def test_library_80x24(snap_compare: Any, demo_db_path: Path) -> None:
    """The library table with the three demo articles fitted to 80 columns (Title, Known,
    New words, HSK · above, Read, Last read; # Date Source Length hidden), heading above, new
    words by level (`HSK 1: 86 · …`, broken between entries) and footer keys below, ending
    with `? Help`."""
    assert snap_compare(ZhreaderApp(demo_db_path), terminal_size=(80, 24))


def test_reading_80x24_panel_below(snap_compare: Any, demo_db_path: Path) -> None:
    """A narrow terminal: the article on top, the gloss panel for 第一书记 under it, with
    its level and frequency band under the headword."""
    keys = ["enter", *["l"] * 13]
    assert snap_compare(ZhreaderApp(demo_db_path), terminal_size=(80, 24), press=keys)


def test_reading_120x40_with_pinyin(snap_compare: Any, demo_db_path: Path) -> None:
    """Ruby pinyin centred over each word, the cursor on 暴雨, the gloss panel at the right
    (level and frequency band under the headword)."""
    keys = ["down", "down", "enter", "p", *["l"] * 5]
    assert snap_compare(ZhreaderApp(demo_db_path), terminal_size=(120, 40), press=keys)

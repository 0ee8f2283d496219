"""The command line of the tools that generate a table shipped in glossary/ from CC-CEDICT
(light_tones.py, phrase_readings.py): write it, or with --check say whether it is current."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def table_tool(table: Path, header: str, make_text: Callable[[object], str], tool: str) -> None:
    """Build a fresh dictionary, make the table's text from it, and write or check it."""
    import argparse
    import tempfile

    from db import open_db
    from glossary.cedict import ensure_dictionary

    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = open_db(Path(folder) / "dictionary.db")
        ensure_dictionary(database)
        text = make_text(database)
        database.close()
    if args.check:
        same = table.read_text(encoding="utf-8") == text
        print("up to date" if same else f"out of date: run python bench/{tool}")
        sys.exit(0 if same else 1)
    table.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - header.count(chr(10))} entries written to {table}")

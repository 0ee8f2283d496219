"""Start the TUI: first-run preparation on the terminal, then the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from db import open_db


def launch(db_path: Path | None, start_with_study: bool = False) -> None:
    from db.dictionary import dictionary_info
    from glossary.cedict import ensure_dictionary

    database = open_db(db_path)
    if dictionary_info(database) is None:
        click.echo("First run: building the CC-CEDICT dictionary…", err=True)
        ensure_dictionary(database)
    from glossary.terms import sync_builtin_pack
    from reader.library import Library, seed_demo_library

    sync_builtin_pack(database)
    from reader.settings import move_legacy_settings

    move_legacy_settings(database)

    if database.execute("SELECT value FROM meta WHERE key = 'demo_seeded'").fetchone() is None:
        click.echo("First run: importing the demo articles…", err=True)
        seed_demo_library(Library(database))

    from reader.ui.app import ZhreaderApp

    ZhreaderApp(db_path, database, start_with_study=start_with_study).run()

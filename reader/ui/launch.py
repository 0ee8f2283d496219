"""Start the TUI: first-run preparation on the terminal, then the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from db import Database, open_db


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

    settings = move_legacy_settings(database)
    prepare_levels(database, settings.hsk_standard)

    if database.execute("SELECT value FROM meta WHERE key = 'demo_seeded'").fetchone() is None:
        click.echo("First run: importing the demo articles…", err=True)
        seed_demo_library(Library(database))

    from reader.ui.app import ZhreaderApp

    ZhreaderApp(db_path, database, start_with_study=start_with_study).run()


def prepare_levels(database: Database, standard: str) -> None:
    """Frequency ranks and each article's level, built once (and after a standard change)
    before the app starts, so no screen waits for them."""
    from db.article_levels import articles_without_levels, stored_standard
    from db.levels import frequency_built
    from glossary.article_levels import ensure_article_levels
    from glossary.levels import ensure_frequency

    if not frequency_built(database):
        click.echo("First run: ranking word frequencies…", err=True)
        ensure_frequency(database)
    if stored_standard(database) != standard or len(articles_without_levels(database)) > 200:
        click.echo("Grading the library's articles by HSK level (once)…", err=True)
    ensure_article_levels(database, standard)

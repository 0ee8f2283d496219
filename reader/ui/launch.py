"""Start the TUI: first-run preparation on the terminal, then the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from db import open_db


def _say(message: str) -> None:
    click.echo(message, err=True)


def launch(db_path: Path | None, start_with_study: bool = False) -> None:
    """Prepare the store as every command does (plus the demo library once, settings moved
    out of old databases, levels graded), then run the app; it closes the store on exit."""
    from reader.session import prepare_levels, prepare_store
    from reader.settings import move_legacy_settings

    database = open_db(db_path)
    prepare_store(database, _say, seed_demo=True)
    settings = move_legacy_settings(database)
    prepare_levels(database, settings.hsk_standard, _say)

    from reader.ui.app import ZhreaderApp

    app = ZhreaderApp(db_path, database, start_with_study=start_with_study)
    app.run()
    if app.return_code:  # the app already printed one line saying why
        raise SystemExit(app.return_code)

"""Start the TUI: first-run preparation on the terminal, then the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from db import open_db


def launch(db_path: Path | None, start_with_study: bool = False) -> None:
    """Prepare the store as every command does (plus the demo library, once), then run the
    app; the app closes the connection when it exits."""
    from reader.session import prepare_store

    database = open_db(db_path)
    prepare_store(database, lambda message: click.echo(message, err=True), seed_demo=True)

    from reader.ui.app import ZhreaderApp

    app = ZhreaderApp(db_path, database, start_with_study=start_with_study)
    app.run()
    if app.return_code:  # the app already printed one line saying why
        raise SystemExit(app.return_code)

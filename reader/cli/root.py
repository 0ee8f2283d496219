"""The root `zhreader` command: with no subcommand it opens the reader."""

from __future__ import annotations

import click

from reader.cli.base import RootGroup, chosen_db_path


@click.group(cls=RootGroup, invoke_without_command=True)
@click.version_option(package_name="zhreader")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """zhreader: read Chinese articles in the terminal with pinyin and glosses.

    With no command, opens the reader (on a demo library the first time).
    """
    if ctx.invoked_subcommand is None:
        from reader.ui.launch import launch

        launch(chosen_db_path())

"""Study and export: study, stats, export anki, export tsv."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from db import ZhreaderError
from reader.cli.base import MAX_ID, chosen_db_path, echo, echo_json, open_store
from reader.cli.root import cli

F = TypeVar("F", bound=Callable[..., Any])


@cli.command("study")
def study_command() -> None:
    """Open the study screen directly (FSRS reviews of the terms you are learning)."""
    from reader.ui.launch import launch

    launch(chosen_db_path(), start_with_study=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def stats_command(as_json: bool) -> None:
    """Due today and the next 7 days, reviews per day for 30 days, retention."""
    from glossary.study import sparkline, stats

    figures = stats(open_store())
    if as_json:
        echo_json(figures.__dict__)
        return
    echo(f"terms being learnt: {figures.learning_terms}")
    echo(f"due today: {figures.due_today}")
    days = " ".join(str(n) for n in figures.due_next_days)
    echo(f"due the next 7 days: {days}")
    counts = [n for _, n in figures.reviews_per_day]
    first, last = figures.reviews_per_day[0][0], figures.reviews_per_day[-1][0]
    echo(f"reviews {first} … {last}: {sparkline(counts)}  ({sum(counts)} in all)")
    retention = f"{figures.retention:.0%}" if figures.retention is not None else "n/a"
    echo(f"retention (reviews of learnt cards not graded again): {retention}")


@cli.group("export")
def export_group() -> None:
    """Export the glossary to Anki (.apkg) or Anki's TSV format."""


def _export_filter(
    tag: str | None, status: str | None, article: int | None, everything: bool
) -> Any:
    from glossary.anki import ExportFilter

    if article is not None and not 0 < article <= MAX_ID:
        raise ZhreaderError(f"no article #{article}")
    return ExportFilter(tag, status, article, everything)


def _export_options(function: F) -> F:
    for option in reversed(
        [
            click.option("--tag", help="Only terms with this tag."),
            click.option(
                "--status",
                type=click.Choice(["new", "learning", "known", "ignored"]),
                help="Only terms with this status.",
            ),
            click.option("--article", type=int, help="Only terms that occur in this article."),
            click.option(
                "--all",
                "everything",
                is_flag=True,
                help="Include built-in terms you have not met (default: yours and the ones "
                "you are learning or know).",
            ),
        ]
    ):
        function = option(function)
    return function


@export_group.command("anki")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_export_options
def export_anki(
    file: Path,
    tag: str | None,
    status: str | None,
    article: int | None,
    everything: bool,
) -> None:
    """Write an Anki package; re-importing a later export updates the same notes."""
    from glossary.anki import ExportError, export_apkg

    database = open_store()
    try:
        count = export_apkg(database, file, _export_filter(tag, status, article, everything))
    except ExportError as error:
        raise ZhreaderError(str(error)) from error
    echo(f"exported {count} notes ({2 * count} cards) to {file}")


@export_group.command("tsv")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_export_options
def export_tsv(
    file: Path,
    tag: str | None,
    status: str | None,
    article: int | None,
    everything: bool,
) -> None:
    """Write Anki's text format with a #guid column (for File > Import in Anki)."""
    from db.files import atomic_text_writer
    from glossary.anki import entries_for_export, export_anki_tsv

    database = open_store()
    entries = entries_for_export(database, _export_filter(tag, status, article, everything))
    if str(file) == "-":
        export_anki_tsv(entries, sys.stdout)
        return
    with atomic_text_writer(file) as stream:
        count = export_anki_tsv(entries, stream)
    echo(f"exported {count} notes to {file}")

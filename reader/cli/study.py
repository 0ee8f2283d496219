"""Study and export: study, stats, export anki, export tsv."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from db import Database, ZhreaderError
from db.store import MAX_ROW_ID
from reader.cli.base import (
    chosen_db_path,
    current_settings,
    echo,
    echo_json,
    open_store,
    refuse_store_file,
)
from reader.cli.root import cli
from reader.wording import counted

F = TypeVar("F", bound=Callable[..., Any])


@cli.command("study")
def study_command() -> None:
    """Open the study screen directly (FSRS reviews of the terms you are learning)."""
    from reader.ui.launch import launch

    launch(chosen_db_path(), start_with_study=True)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def stats_command(as_json: bool) -> None:
    """Cards to study now, due in the next 7 days, reviews per day for 30 days, retention;
    known words over time, words read per day and the streak."""
    from glossary.progress import progress
    from glossary.study import sparkline, stats

    database = open_store()
    figures = stats(database, new_per_day=current_settings().new_cards_per_day)
    growth = progress(database)
    if as_json:
        echo_json({**figures.__dict__, **growth.to_json()})
        return
    echo(
        f"words being learnt: {figures.learning_words} "
        f"({figures.learning_terms} of them glossary terms)"
    )
    echo(f"to study now: {counted(figures.study_now, 'card')}")
    echo(f"due today: {figures.due_today}")
    days = " ".join(str(n) for n in figures.due_next_days)
    echo(f"due the next 7 days: {days}")
    counts = [n for _, n in figures.reviews_per_day]
    first, last = figures.reviews_per_day[0][0], figures.reviews_per_day[-1][0]
    echo(f"reviews {first} … {last}: {sparkline(counts)}  ({sum(counts)} in all)")
    retention = f"{figures.retention:.0%}" if figures.retention is not None else "n/a"
    echo(f"retention (reviews of learnt cards not graded again): {retention}")
    echo(
        f"known words {growth.known_words[0]} → {growth.known_now}: "
        f"{sparkline(list(growth.known_words))}"
    )
    echo(
        f"words read per day: {sparkline(list(growth.words_read))}  "
        f"({sum(growth.words_read)} in 30 days)"
    )
    echo(
        f"streak: {counted(growth.streak, 'day')} (one missed day does not break it); "
        f"active {growth.active_days} of the last 30 days"
    )


@cli.group("export")
def export_group() -> None:
    """Export the glossary to Anki (.apkg) or Anki's TSV format."""


def _export_filter(
    database: Database, tag: str | None, status: str | None, article: int | None, everything: bool
) -> Any:
    """The filter the options ask for; an article that is not in the library is an error, as
    for `show`, not an empty export."""
    from db.articles import get_article
    from glossary.anki import ExportFilter

    if article is not None and (
        not 0 < article <= MAX_ROW_ID or get_article(database, article) is None
    ):
        raise ZhreaderError(f"no article #{article}")
    return ExportFilter(tag, status, article, everything, current_settings().hsk_standard)


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
    from glossary.anki import export_apkg

    refuse_store_file(file)
    database = open_store()
    count = export_apkg(database, file, _export_filter(database, tag, status, article, everything))
    echo(f"exported {counted(count, 'note')} ({counted(2 * count, 'card')}) to {file}")


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
    from glossary.anki import entries_for_export, export_anki_tsv, facts_for_entries

    database = open_store()
    chosen = _export_filter(database, tag, status, article, everything)
    entries = entries_for_export(database, chosen)
    facts = facts_for_entries(database, entries, chosen.hsk_standard)
    if str(file) == "-":
        export_anki_tsv(entries, sys.stdout, facts)
        return
    refuse_store_file(file)
    with atomic_text_writer(file) as stream:
        count = export_anki_tsv(entries, stream, facts)
    echo(f"exported {counted(count, 'note')} to {file}")

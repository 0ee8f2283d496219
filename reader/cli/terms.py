"""The `glossary` command group: list, add, edit, delete, status, export, import."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from db import Database, ZhreaderError
from db.terms import Origin, TermFields
from reader.cli.base import (
    MAX_LIST_BYTES,
    echo,
    echo_json,
    open_store,
    read_input,
    refuse_store_file,
)
from reader.cli.root import cli
from reader.wording import counted

F = TypeVar("F", bound=Callable[..., Any])


@cli.group("glossary")
def glossary_group() -> None:
    """Your glossary: built-in terms and your own, with statuses and contexts."""


def _entry_json(entry: Any) -> dict[str, Any]:
    from glossary.pinyin import numbered_to_marked

    term = entry.term
    return {
        "id": term.id,
        "simplified": term.simplified,
        "traditional": term.traditional,
        "pinyin": numbered_to_marked(term.pinyin, compact=True),
        "pinyin_numbered": term.pinyin,
        "definition": term.definition,
        "notes": term.notes,
        "tags": term.tag_list,
        "origin": term.origin,
        "status": entry.status,
        "contexts": list(entry.contexts),
    }


@glossary_group.command("list")
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def glossary_list(query: str, as_json: bool) -> None:
    """List terms, optionally matching QUERY: hanzi, toneless pinyin (diyi shuji), English,
    and filters tag:T status:S origin:builtin|user."""
    from glossary.lookup import Dictionary
    from glossary.terms import Glossary
    from reader.render import table

    database = open_store()
    entries = Glossary(database).search(query)
    if as_json:
        echo_json([_entry_json(e) for e in entries])
        return
    written = Dictionary(database).written_pinyin(
        [(e.term.simplified, e.term.pinyin) for e in entries]
    )
    rows = [
        [
            e.term.simplified,
            written[e.term.simplified],
            e.term.definition,
            e.term.tags,
            e.status,
            e.term.origin,
        ]
        for e in entries
    ]
    echo(table(["hanzi", "pinyin", "meaning", "tags", "status", "origin"], rows, 50))
    echo(counted(len(entries), "term"))


def _fields_for(
    base: TermFields,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
) -> TermFields:
    """The options given, over `base` (the existing term, or the core's prefill)."""
    return TermFields(
        simplified=base.simplified,
        traditional=traditional if traditional is not None else base.traditional,
        pinyin=pinyin if pinyin is not None else base.pinyin,
        definition=definition if definition is not None else base.definition,
        notes=notes if notes is not None else base.notes,
        tags=tags if tags is not None else base.tags,
    )


def _term_options(function: F) -> F:
    for option in reversed(
        [
            click.option("--traditional", help="Traditional form."),
            click.option(
                "--pinyin", help="Pinyin: di4 yi1, dì yī or dìyī (one syllable per character)."
            ),
            click.option("--definition", "-d", help="English meaning."),
            click.option("--tags", help="Space-separated tags."),
            click.option("--notes", help="Free notes."),
        ]
    ):
        function = option(function)
    return function


def _recut_note(database: Database, affected: list[int]) -> None:
    if affected:
        echo(
            f"{counted(len(affected), 'article')} to re-cut: the reader does it when it next "
            "starts, or run zhreader resegment"
        )


@glossary_group.command("add")
@click.argument("word")
@_term_options
@click.option("--sentence", help="A context sentence to keep with the term.")
def glossary_add(
    word: str,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
    sentence: str | None,
) -> None:
    """Add WORD to your glossary (pinyin and meaning default to the dictionary's)."""
    from glossary.terms import ContextRef, Glossary

    database = open_store()
    from reader.session import term_prefill

    base = term_prefill(database, word)
    fields = _fields_for(base, traditional, pinyin, definition, tags, notes)
    context = ContextRef(None, sentence) if sentence else None
    term, affected = Glossary(database).add(fields, context)
    echo(f"added {term.simplified} [{term.pinyin}] {term.definition}")
    _recut_note(database, affected)


@glossary_group.command("edit")
@click.argument("word")
@_term_options
def glossary_edit(
    word: str,
    traditional: str | None,
    pinyin: str | None,
    definition: str | None,
    tags: str | None,
    notes: str | None,
) -> None:
    """Change a term; editing a built-in term makes your own copy of it."""
    from glossary.terms import Glossary

    database = open_store()
    glossary = Glossary(database)
    term = glossary.visible_term(word)
    if term is None:
        raise ZhreaderError(f"{word} is not in the glossary")
    fields = _fields_for(term.fields, traditional, pinyin, definition, tags, notes)
    edited, affected = glossary.edit(term.id, fields)
    echo(f"edited {edited.simplified} ({edited.origin}) [{edited.pinyin}] {edited.definition}")
    _recut_note(database, affected)


@glossary_group.command("delete")
@click.argument("word")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def glossary_delete(word: str, yes: bool) -> None:
    """Delete your term, or hide a built-in one."""
    from glossary.terms import Glossary

    database = open_store()
    glossary = Glossary(database)
    term = glossary.visible_term(word)
    if term is None:
        raise ZhreaderError(f"{word} is not in the glossary")
    verb = "hide built-in" if term.origin == Origin.BUILTIN else "delete"
    if not yes:
        click.confirm(f"{verb.capitalize()} {word}?", abort=True)
    affected = glossary.delete(term.id)
    echo(f"{'hid' if verb != 'delete' else 'deleted'} {word}")
    _recut_note(database, affected)


@glossary_group.command("status")
@click.argument("status", type=click.Choice(["new", "learning", "known", "ignored"]))
@click.argument("words", nargs=-1, required=True)
def glossary_status(status: str, words: tuple[str, ...]) -> None:
    """Set the STATUS of WORDS (new, learning, known, ignored)."""
    from glossary.terms import Glossary

    Glossary(open_store()).set_status(words, status)
    echo(f"{len(words)} word(s) now {status}")


@glossary_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def glossary_export(file: Path) -> None:
    """Write the glossary as TSV (with statuses and contexts) to FILE or -."""
    from db.files import atomic_text_writer
    from glossary.terms import Glossary

    glossary = Glossary(open_store())
    if str(file) == "-":
        glossary.export_tsv(sys.stdout)
        return
    refuse_store_file(file)
    with atomic_text_writer(file) as stream:
        count = glossary.export_tsv(stream)
    echo(f"exported {counted(count, 'term')} to {file}", err=True)


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Let the file's rows replace your own terms.")
def glossary_import(file: Path, replace: bool) -> None:
    """Add terms from a glossary TSV, all or nothing; problems are reported by line.

    A malformed row stops the import before anything lands. A row that would change one of
    your own terms is a conflict: listed and skipped, unless --replace.
    """
    import io

    from glossary.terms import Glossary
    from reader.formats import decode

    text = decode(read_input(file, MAX_LIST_BYTES), str(file))
    report = Glossary(open_store()).import_tsv(io.StringIO(text, newline=""), replace_own=replace)
    for number, why in report.duplicates:
        echo(f"line {number}: duplicate: {why}", err=True)
    for number, why in report.conflicts:
        echo(f"line {number}: conflict: {why}", err=True)
    for number, why in report.bad:
        echo(f"line {number}: bad row: {why}", err=True)
    if report.bad:
        raise ZhreaderError(f"{len(report.bad)} bad row(s); nothing was imported")
    echo(
        f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged "
        f"built-in, {len(report.duplicates)} duplicates, {len(report.conflicts)} conflicts"
    )
    if report.conflicts:
        raise ZhreaderError(f"{len(report.conflicts)} row(s) conflict with your own terms")

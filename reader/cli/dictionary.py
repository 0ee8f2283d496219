"""Commands on the dictionary: lookup, dict info, dict update."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import ZhreaderError
from reader.cli.base import current_settings, echo, echo_json, open_store
from reader.cli.root import cli


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def lookup(words: tuple[str, ...], as_json: bool) -> None:
    """Look up WORDS: hanzi (glossary and CC-CEDICT readings, or a breakdown), pinyin
    (diyi shuji, dì yī, di4 yi1) or English. Exit 1 only when nothing matched at all."""
    from glossary.levels import Levels
    from glossary.lookup import MAX_LOOKUP_CHARS, Answer, Dictionary, answer
    from glossary.pinyin import numbered_to_marked
    from reader.render import answer_to_json, entries_to_text, lookup_to_text

    dictionary = Dictionary(open_store())
    answers: list[Answer] = []
    for word in words:
        if len(word) > MAX_LOOKUP_CHARS:
            echo(
                f"error: {word[:10]!r}… is {len(word):,} characters long; "
                f"a lookup takes at most {MAX_LOOKUP_CHARS}",
                err=True,
            )
            continue
        found = answer(dictionary, word)
        if found.found:
            answers.append(found)
        else:
            echo(f"error: nothing matches {word!r} in hanzi, pinyin or English", err=True)
    hanzi = [a.query for a in answers if a.kind == "hanzi"]
    facts = Levels(dictionary.database, current_settings().hsk_standard).facts_for(hanzi)
    if as_json:
        echo_json(
            [
                {**answer_to_json(a), **(facts[a.query].to_json() if a.kind == "hanzi" else {})}
                for a in answers
            ]
        )
    else:
        blocks = []
        for a in answers:
            if a.kind == "hanzi" and a.result is not None:
                fact = facts[a.query]
                level = f"{fact.hsk_label or 'not in HSK'} · {fact.frequency_band}"
                readings = [(a.query, r.pinyin) for r in a.result.readings]
                written = {  # word by word, as the reader writes it (dìyī shūjì)
                    numbered: numbered_to_marked(grouped, compact=True)
                    for (_, numbered), grouped in zip(
                        readings, dictionary.grouped_pinyin(readings), strict=True
                    )
                }
                blocks.append(f"{lookup_to_text(a.result, written)}\n{level}")
            else:
                blocks.append(entries_to_text(a))
        echo("\n\n".join(blocks))
    if not answers:
        sys.exit(1)


@cli.group("dict")
def dict_group() -> None:
    """The CC-CEDICT dictionary: information and updates."""


@dict_group.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def dict_info(as_json: bool) -> None:
    """Print the dictionary's release date, entry count and source."""
    from db.dictionary import dictionary_info

    database = open_store()
    info = dictionary_info(database)
    assert info is not None
    if as_json:
        echo_json(info.__dict__)
        return
    echo(f"CC-CEDICT release: {info.release_date or 'unknown'}")
    header = f" (file header says {info.header_entries:,})" if info.header_entries else ""
    echo(f"entries: {info.entries:,}{header}")
    if info.skipped_lines:
        echo(f"malformed lines skipped: {info.skipped_lines}")
    echo(f"source: {info.source}")
    echo("licence: CC BY-SA 4.0, https://cc-cedict.org/wiki/ (MDBG)")


def _timeout(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    import math

    if not (math.isfinite(value) and 0 < value <= 3600):
        raise click.BadParameter(f"{value} is not a number of seconds between 0 and 3600")
    return value


@dict_group.command("update")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="Download a CC-CEDICT file (plain, .gz or .zip) from this URL.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    callback=_timeout,
    help="Time allowed for the whole download, seconds.",
)
@click.option(
    "--force", is_flag=True, help="Accept a file with fewer than 90% of the current entries."
)
def dict_update(file: Path | None, url: str | None, timeout: float, force: bool) -> None:
    """Replace the dictionary with a newer CC-CEDICT FILE (or one fetched with --url).

    The update is atomic: if anything fails, the old dictionary stays. A file that
    disagrees with its own entry count, or a download cut short, is refused.
    """
    import tempfile

    from glossary.cedict import check_download_url, download_dictionary, load_dictionary_file

    if (file is None) == (url is None):
        raise ZhreaderError("give either a FILE or --url")
    if url is not None:
        check_download_url(url)
    database = open_store()
    with tempfile.TemporaryDirectory() as folder:
        if url is not None:
            echo(f"Downloading {url} …", err=True)
            file = download_dictionary(url, Path(folder) / "cedict.download", timeout=timeout)
            source = url
        else:
            assert file is not None
            source = str(file)
        count = load_dictionary_file(database, file, source=source, force=force)
    echo(f"dictionary updated: {count:,} entries from {source}")

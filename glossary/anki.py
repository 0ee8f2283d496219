"""Export the glossary to Anki: an .apkg made with genanki, or Anki's TSV format.

The model and deck ids are fixed and each note's GUID comes from the term's headword (never
from editable fields), so importing a later export updates notes instead of duplicating
them. Anki updates a note only when the import's modification time is newer, so each export
uses a timestamp later than the previous one's.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from db import Database
from db.articles import words_of_article
from db.reviews import get_setting, set_setting
from db.terms import Origin, terms_with_context_in
from glossary.pinyin import syllables
from glossary.terms import Glossary, GlossaryEntry

if TYPE_CHECKING:
    import genanki

MODEL_ID = 1_718_203_540
DECK_ID = 1_718_203_541
MODEL_NAME = "zhreader term"
DECK_NAME = "zhreader"
FIELDS = ("Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source", "Tags")
LAST_EXPORT_KEY = "anki_last_export_timestamp"

CSS = """
.card { font-family: sans-serif; font-size: 22px; text-align: center; }
.hanzi { font-size: 48px; }
.sentence { font-size: 20px; color: #444; margin-top: 12px; }
.meaning { margin-top: 10px; }
.source { font-size: 12px; color: #888; margin-top: 12px; }
.tone1 { color: #e35b5b; } .tone2 { color: #e0a73a; } .tone3 { color: #4fb35c; }
.tone4 { color: #5a8de6; } .tone5 { color: #9a9a9a; }
"""
RECOGNITION_FRONT = (
    '<div class="hanzi">{{Hanzi}}</div>{{#Sentence}}<div class="sentence">{{Sentence}}</div>'
    "{{/Sentence}}"
)
RECOGNITION_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div>'
    '<div class="meaning">{{Meaning}}</div>{{#Traditional}}<div class="source">{{Traditional}}'
    '</div>{{/Traditional}}<div class="source">{{Source}}</div>'
)
PRODUCTION_FRONT = '<div class="meaning">{{Meaning}}</div><div class="pinyin">{{Pinyin}}</div>'
PRODUCTION_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="hanzi">{{Hanzi}}</div>'
    '{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}'
)


@dataclass(frozen=True)
class ExportFilter:
    """Which terms to export. By default the learner's own terms and every term they are
    learning or know; built-in terms never met stay out unless `everything` is set."""

    tag: str | None = None
    status: str | None = None
    article_id: int | None = None
    everything: bool = False


def note_guid(simplified: str) -> str:
    """Stable per term: derived from its headword only."""
    import genanki

    guid: str = genanki.guid_for("zhreader", simplified)
    return guid


def pinyin_html(numbered: str) -> str:
    """Tone-marked pinyin with each syllable in a tone class for the card's CSS."""
    return " ".join(
        f'<span class="tone{s.tone}">{html.escape(s.text)}</span>'
        if s.tone
        else html.escape(s.text)
        for s in syllables(numbered)
    )


def _highlight(sentence: str, word: str) -> str:
    escaped = html.escape(sentence)
    target = html.escape(word)
    return escaped.replace(target, f"<b>{target}</b>") if target else escaped


def entries_for_export(database: Database, chosen: ExportFilter) -> list[GlossaryEntry]:
    entries = Glossary(database).entries()
    if not chosen.everything and chosen.status is None:
        entries = [
            e for e in entries if e.term.origin == Origin.USER or e.status in {"learning", "known"}
        ]
    if chosen.tag:
        entries = [e for e in entries if chosen.tag in e.term.tag_list]
    if chosen.status:
        entries = [e for e in entries if e.status == chosen.status]
    if chosen.article_id is not None:
        words = words_of_article(database, chosen.article_id)
        with_context = terms_with_context_in(database, chosen.article_id)
        entries = [e for e in entries if e.term.simplified in words or e.term.id in with_context]
    return entries


def note_fields(entry: GlossaryEntry) -> list[str]:
    term = entry.term
    sentence = entry.contexts[0] if entry.contexts else ""
    source = (
        "zhreader glossary (built-in)" if term.origin == Origin.BUILTIN else "zhreader glossary"
    )
    return [
        html.escape(term.simplified),
        html.escape(term.traditional if term.traditional != term.simplified else ""),
        pinyin_html(term.pinyin),
        html.escape(term.definition),
        _highlight(sentence, term.simplified),
        html.escape(source),
        html.escape(" ".join(term.tag_list)),
    ]


def _model() -> object:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {"name": "Recognition", "qfmt": RECOGNITION_FRONT, "afmt": RECOGNITION_BACK},
            {"name": "Production", "qfmt": PRODUCTION_FRONT, "afmt": PRODUCTION_BACK},
        ],
        css=CSS,
    )


def _export_timestamp(database: Database, now: float) -> float:
    """Later than the previous export's, so Anki treats every note as newer."""
    previous = float(get_setting(database, LAST_EXPORT_KEY, "0"))
    timestamp = max(now, previous + 1.0)
    set_setting(database, LAST_EXPORT_KEY, repr(timestamp))
    return timestamp


def export_apkg(
    database: Database,
    target: Path,
    chosen: ExportFilter = ExportFilter(),
    now: float | None = None,
) -> int:
    """Write an .apkg of the chosen terms; returns the note count."""
    import time

    import genanki

    from db.files import atomic_path, scratch_dir

    entries = entries_for_export(database, chosen)
    model = _model()
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for entry in entries:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(entry),
                guid=note_guid(entry.term.simplified),
                tags=entry.term.tag_list,
            )
        )
    timestamp = _export_timestamp(database, now if now is not None else time.time())
    with atomic_path(target) as partial, scratch_dir() as scratch:
        _write_package(genanki.Package(deck), partial, scratch / "collection.anki2", timestamp)
    return len(entries)


def _write_package(
    package: genanki.Package, target: Path, collection: Path, timestamp: float
) -> None:
    """genanki's `write_to_file`, but with its collection in our scratch folder: genanki's
    own leaves a full copy of it in $TMPDIR on every export."""
    import itertools
    import sqlite3
    import zipfile

    conn = sqlite3.connect(collection)
    try:
        package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        conn.commit()
    finally:
        conn.close()
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", "{}")


def export_anki_tsv(entries: Iterable[GlossaryEntry], stream: TextIO) -> int:
    """Anki's text import with a GUID column, so re-imports update the same notes."""
    stream.write("#separator:tab\n#html:true\n#guid column:1\n#tags column:9\n")
    stream.write(f"#notetype:{MODEL_NAME}\n#deck:{DECK_NAME}\n")
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    count = 0
    for entry in entries:
        fields = note_fields(entry)
        writer.writerow([note_guid(entry.term.simplified), *fields, " ".join(entry.term.tag_list)])
        count += 1
    return count

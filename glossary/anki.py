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
from db.terms import Origin, Term, terms_with_context_in
from glossary.levels import Levels, WordFacts
from glossary.pinyin import syllables
from glossary.terms import Glossary, GlossaryEntry

if TYPE_CHECKING:
    import genanki

MODEL_ID_V1 = 1_718_203_540
# Version 2 of the note type appends Level and Frequency under a new id. With Anki's "Merge
# note types" ticked, the notes of version 1 move to it and take the new fields. (Changing
# the schema under the old id instead bumps every old note's modification time at import,
# so Anki would then skip the updates as not newer.)
MODEL_ID = 1_718_203_542
DECK_ID = 1_718_203_541
MODEL_NAME = "zhreader term v2"
DECK_NAME = "zhreader"
FIELDS = (
    "Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source", "Tags", "Level",
    "Frequency",
)  # fmt: skip
LAST_EXPORT_KEY = "anki_last_export_timestamp"

CSS = """
.card { font-family: sans-serif; font-size: 22px; text-align: center; }
.hanzi { font-size: 48px; }
.sentence { font-size: 20px; color: #444; margin-top: 12px; }
.meaning { margin-top: 10px; }
.source { font-size: 12px; color: #888; margin-top: 12px; }
.level { font-size: 14px; color: #666; margin-top: 8px; }
.sentence b { color: #c0392b; }
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
    '</div>{{/Traditional}}<div class="level">{{Level}} {{Frequency}}</div>'
    '<div class="source">{{Source}}</div>'
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
    hsk_standard: str = "2021"


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


NOT_IN_DICTIONARY = "CC-CEDICT, for its parts (the word itself is not in it)"
"""The source of a word no dictionary has: its meaning is what its parts mean."""


def word_entries(database: Database, statuses: set[str], skip: set[str]) -> list[GlossaryEntry]:
    """Words (not glossary terms) with one of `statuses`, as entries with CC-CEDICT fields."""
    from db.words import status_rows
    from glossary.study import card_word

    entries = []
    for row in status_rows(database):
        if row.status not in statuses or row.word in skip:
            continue
        word = card_word(database, row.word)
        notes = "" if word.in_dictionary else NOT_IN_DICTIONARY
        term = Term(0, word.simplified, word.traditional, word.pinyin, word.definition,
                    notes, "", Origin.CEDICT, row.changed_at, row.changed_at)  # fmt: skip
        entries.append(GlossaryEntry(term, row.status))
    return entries


def _with_sentence(database: Database, entry: GlossaryEntry) -> GlossaryEntry:
    """Entries with no saved sentence take the one study shows (or one from the library)."""
    from glossary.study import card_sentence

    if entry.contexts:
        return entry
    sentence, _article = card_sentence(database, entry.term.simplified)
    return GlossaryEntry(entry.term, entry.status, (sentence,) if sentence else ())


def entries_for_export(database: Database, chosen: ExportFilter) -> list[GlossaryEntry]:
    """Glossary terms and the learner's own words (learning by default), filtered."""
    entries = Glossary(database).entries()
    if chosen.tag is None:
        wanted = {chosen.status} if chosen.status else {"learning"}
        entries += word_entries(database, wanted, {e.term.simplified for e in entries})
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
    return [_with_sentence(database, e) for e in entries]


SOURCES = {
    "builtin": "zhreader glossary (built-in)",
    "user": "zhreader glossary",
    "cedict": "CC-CEDICT",
}


def note_fields(entry: GlossaryEntry, facts: WordFacts | None = None) -> list[str]:
    """The note's fields, HTML-escaped; the word is marked in its sentence."""
    term = entry.term
    sentence = entry.contexts[0] if entry.contexts else ""
    source = term.notes if term.notes == NOT_IN_DICTIONARY else SOURCES.get(term.origin, "zhreader")
    return [
        html.escape(term.simplified),
        html.escape(term.traditional if term.traditional != term.simplified else ""),
        pinyin_html(term.pinyin),
        html.escape(term.definition),
        _highlight(sentence, term.simplified),
        html.escape(source),
        html.escape(" ".join(term.tag_list)),
        html.escape(facts.hsk_label if facts else ""),
        html.escape(facts.frequency_band if facts else ""),
    ]


def facts_for_entries(
    database: Database, entries: list[GlossaryEntry], standard: str = "2021"
) -> dict[str, WordFacts]:
    return Levels(database, standard).facts_for(e.term.simplified for e in entries)


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
    facts = facts_for_entries(database, entries, chosen.hsk_standard)
    model = _model()
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for entry in entries:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(entry, facts.get(entry.term.simplified)),
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


def export_anki_tsv(
    entries: Iterable[GlossaryEntry],
    stream: TextIO,
    facts: dict[str, WordFacts] | None = None,
) -> int:
    """Anki's text import with a GUID column, so re-imports update the same notes."""
    stream.write(f"#separator:tab\n#html:true\n#guid column:1\n#tags column:{len(FIELDS) + 2}\n")
    stream.write(f"#notetype:{MODEL_NAME}\n#deck:{DECK_NAME}\n")
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    count = 0
    for entry in entries:
        fields = note_fields(entry, (facts or {}).get(entry.term.simplified))
        writer.writerow([note_guid(entry.term.simplified), *fields, " ".join(entry.term.tag_list)])
        count += 1
    return count

"""Exports, proved by importing them into a real Anki collection (the `anki` package)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from db import Database, ZhreaderError
from db.terms import TermFields
from glossary.anki import (
    DECK_ID,
    FIELDS,
    MODEL_ID,
    MODEL_ID_V1,
    ExportFilter,
    entries_for_export,
    export_anki_tsv,
    export_apkg,
    note_guid,
)
from glossary.terms import ContextRef, Glossary


@pytest.fixture
def glossary_db(cedict_db: Database) -> Database:
    glossary = Glossary(cedict_db)
    glossary.add(
        TermFields("修路队", "修路隊", "xiu1 lu4 dui4", "road crew <b>&</b>", tags="rural work"),
        ContextRef(None, "修路队来了 & <走了>。"),
    )
    glossary.add(TermFields("茶园", "茶園", "cha2 yuan2", "tea garden", tags="rural"))
    glossary.set_status(["第一书记"], "known")
    return cedict_db


def open_collection(path: Path) -> object:
    from anki.collection import Collection

    return Collection(str(path))


def import_package(collection: object, package: Path, merge_notetypes: bool = False) -> object:
    from anki.import_export_pb2 import (
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    options = ImportAnkiPackageOptions(
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
        merge_notetypes=merge_notetypes,
    )
    return collection.import_anki_package(  # type: ignore[attr-defined]
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )


def notes_by_guid(collection: object) -> dict[str, dict[str, str]]:
    notes = {}
    for note_id in collection.find_notes(""):  # type: ignore[attr-defined]
        note = collection.get_note(note_id)  # type: ignore[attr-defined]
        notes[note.guid] = dict(note.items())
    return notes


def test_export_imports_into_anki_and_reimport_updates(
    glossary_db: Database, tmp_path: Path
) -> None:
    first = tmp_path / "first.apkg"
    assert export_apkg(glossary_db, first, now=1_800_000_000.0) == 3
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, first)
        notes = notes_by_guid(collection)
        assert set(notes) == {note_guid("修路队"), note_guid("茶园"), note_guid("第一书记")}
        assert collection.card_count() == 6  # type: ignore[attr-defined]
        crew = notes[note_guid("修路队")]
        assert list(crew) == list(FIELDS)
        assert crew["Hanzi"] == "修路队" and crew["Traditional"] == "修路隊"
        assert crew["Meaning"] == "road crew &lt;b&gt;&amp;&lt;/b&gt;"  # escaped, never markup
        assert crew["Sentence"] == "<b>修路队</b>来了 &amp; &lt;走了&gt;。"
        assert '<span class="tone1">xiū</span>' in crew["Pinyin"]
        model = collection.models.get(MODEL_ID)  # type: ignore[attr-defined]
        assert [t["name"] for t in model["tmpls"]] == ["Recognition", "Production"]
        assert ".tone1" in model["css"]
        assert collection.decks.get(DECK_ID) is not None  # type: ignore[attr-defined]

        term = Glossary(glossary_db).visible_term("茶园")
        assert term is not None
        Glossary(glossary_db).edit(
            term.id, TermFields("茶园", "茶園", "cha2 yuan2", "tea plantation")
        )
        second = tmp_path / "second.apkg"
        export_apkg(glossary_db, second, now=1_800_000_000.0)  # same clock: mtime still advances
        import_package(collection, second)
        notes = notes_by_guid(collection)
        assert len(notes) == 3  # updated, not duplicated
        assert collection.card_count() == 6  # type: ignore[attr-defined]
        assert notes[note_guid("茶园")]["Meaning"] == "tea plantation"
    finally:
        collection.close()  # type: ignore[attr-defined]


def test_guids_depend_only_on_the_headword() -> None:
    assert note_guid("茶园") == note_guid("茶园")
    assert note_guid("茶园") != note_guid("茶")


def test_filters(glossary_db: Database) -> None:
    def words(chosen: ExportFilter) -> set[str]:
        return {e.term.simplified for e in entries_for_export(glossary_db, chosen)}

    assert words(ExportFilter()) == {"修路队", "茶园", "第一书记"}
    assert words(ExportFilter(tag="work")) == {"修路队"}
    assert words(ExportFilter(status="known")) == {"第一书记"}
    assert len(words(ExportFilter(everything=True))) >= 252


def test_a_failed_export_leaves_no_file(
    glossary_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing-folder" / "out.apkg"
    with pytest.raises(ZhreaderError, match="folder does not exist"):
        export_apkg(glossary_db, target)
    assert not target.exists()
    exports = tmp_path / "exports"
    exports.mkdir()
    existing = exports / "keep.apkg"
    existing.write_bytes(b"old export")
    import genanki

    def interrupted(self: object, cursor: object, timestamp: float, ids: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(genanki.Package, "write_to_db", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_apkg(glossary_db, existing)
    assert existing.read_bytes() == b"old export"
    assert [p.name for p in exports.iterdir()] == ["keep.apkg"]


def test_apkg_is_a_zip_with_a_collection(glossary_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    export_apkg(glossary_db, target)
    with zipfile.ZipFile(target) as archive:
        assert "collection.anki2" in archive.namelist()


def test_tsv_has_anki_headers_and_guids(glossary_db: Database, tmp_path: Path) -> None:
    import io

    buffer = io.StringIO()
    count = export_anki_tsv(entries_for_export(glossary_db, ExportFilter()), buffer)
    lines = buffer.getvalue().splitlines()
    assert count == 3
    assert lines[:3] == ["#separator:tab", "#html:true", "#guid column:1"]
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert {row[0] for row in rows} == {note_guid(w) for w in ("修路队", "茶园", "第一书记")}


V1_FIELDS = ("Hanzi", "Traditional", "Pinyin", "Meaning", "Sentence", "Source", "Tags")


def write_version_1_package(target: Path, notes: dict[str, list[str]], timestamp: float) -> None:
    """What zhreader exported before note type v2: same ids, seven fields."""
    import genanki

    model = genanki.Model(
        MODEL_ID_V1,
        "zhreader term",
        fields=[{"name": name} for name in V1_FIELDS],
        templates=[
            {"name": "Recognition", "qfmt": "{{Hanzi}}", "afmt": "{{Meaning}}"},
            {"name": "Production", "qfmt": "{{Meaning}}", "afmt": "{{Hanzi}}"},
        ],
    )
    deck = genanki.Deck(DECK_ID, "zhreader")
    for word, fields in notes.items():
        deck.add_note(genanki.Note(model=model, fields=fields, guid=note_guid(word)))
    genanki.Package(deck).write_to_file(str(target), timestamp=timestamp)


def test_notes_from_the_version_1_export_upgrade_to_version_2(
    glossary_db: Database, tmp_path: Path
) -> None:
    import time

    old = tmp_path / "v1.apkg"
    write_version_1_package(
        old,
        {
            "修路队": ["修路队", "修路隊", "xiū", "road crew", "", "zhreader glossary", ""],
            "茶园": ["茶园", "茶園", "chá", "tea garden", "", "zhreader glossary", ""],
        },
        timestamp=time.time() - 86_400,  # yesterday's export; today's is exported below
    )
    # A CC-CEDICT word marked learning is exported too, with the sentence being read.
    from glossary.study import remember_sentence

    remember_sentence(glossary_db, "深夜", None, "7月的一个深夜，暴雨下了整整六个小时。")
    Glossary(glossary_db).set_status(["深夜"], "learning")
    new = tmp_path / "v2.apkg"
    assert export_apkg(glossary_db, new) == 4
    # Without "merge note types" Anki skips the notes of a changed note type: no duplicates.
    unmerged = open_collection(tmp_path / "unmerged.anki2")
    try:
        import_package(unmerged, old)
        import_package(unmerged, new)
        guids = [unmerged.get_note(n).guid for n in unmerged.find_notes("")]  # type: ignore[attr-defined]
        assert sorted(guids) == sorted(set(guids)) and len(guids) == 4
    finally:
        unmerged.close()  # type: ignore[attr-defined]
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, old)
        assert collection.card_count() == 4  # type: ignore[attr-defined]
        # With it (the box to tick once), the same notes are updated in place.
        import_package(collection, new, merge_notetypes=True)
        notes = notes_by_guid(collection)
        assert len(notes) == 4 and collection.card_count() == 8  # type: ignore[attr-defined]
        crew = notes[note_guid("修路队")]
        assert (
            list(crew) == list(FIELDS)
            and crew["Sentence"] == "<b>修路队</b>来了 &amp; &lt;走了&gt;。"
        )
        night = notes[note_guid("深夜")]
        assert night["Level"] == "HSK 7-9" and night["Frequency"] == "top 10k"
        assert night["Sentence"] == "7月的一个<b>深夜</b>，暴雨下了整整六个小时。"
        assert night["Source"] == "CC-CEDICT" and "late at night" in night["Meaning"]
        models = [m for m in collection.models.all() if m["name"].startswith("zhreader")]  # type: ignore[attr-defined]
        assert [(m["id"], m["name"]) for m in models] == [(MODEL_ID, "zhreader term v2")]
    finally:
        collection.close()  # type: ignore[attr-defined]


def test_a_word_no_dictionary_has_says_its_meaning_is_its_parts(cedict_db: Database) -> None:
    """吐尔地 exported as 'CC-CEDICT' with 吐 (to spit) + 尔 (thus) + 地 (earth) read like a
    definition of the word."""
    from db.terms import Status, set_status
    from glossary.anki import NOT_IN_DICTIONARY, note_fields, word_entries

    with cedict_db.atomic():
        set_status(cedict_db, ["吐尔地", "桌子"], Status.LEARNING)
    entries = {e.term.simplified: e for e in word_entries(cedict_db, {"learning"}, set())}
    assert note_fields(entries["吐尔地"])[5] == NOT_IN_DICTIONARY
    assert "+" in entries["吐尔地"].term.definition
    assert note_fields(entries["桌子"])[5] == "CC-CEDICT"

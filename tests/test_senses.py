"""The sense follows the reading; CC-CEDICT markup is made readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Database
from glossary.cedict_display import readable_definition
from glossary.lookup import Dictionary
from glossary.senses import main_traditional

AUDIT = Path(__file__).resolve().parent / "data" / "primary_senses.tsv"


def audit_rows() -> list[list[str]]:
    lines = AUDIT.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_audit_list_is_long_enough() -> None:
    assert len(audit_rows()) >= 60


@pytest.mark.parametrize(("word", "reading", "traditional", "expected"), audit_rows())
def test_primary_sense(
    cedict_db: Database, word: str, reading: str, traditional: str, expected: str
) -> None:
    result = Dictionary(cedict_db).lookup(word, known_pinyin=reading)
    first = result.readings[0]
    assert first.pinyin.lower() == reading.lower()
    assert expected in first.definitions[0]
    assert result.traditional_form == traditional


def test_lookup_out_of_context_uses_the_usual_reading(cedict_db: Database) -> None:
    assert Dictionary(cedict_db).lookup("说").pinyin == "shuo1"


def test_header_traditional_comes_from_main_entries(cedict_db: Database) -> None:
    dictionary = Dictionary(cedict_db)
    assert main_traditional(dictionary.lookup("年").readings, "年") == []
    assert main_traditional(dictionary.lookup("了", "le5").readings, "了", "le5") == []
    assert main_traditional(dictionary.lookup("最").readings, "最") == []


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("CL:個|个[ge4]", "measure word: 个 gè"),
        ("CL:個|个[ge4],條|条[tiao2]", "measure word: 个 gè, 条 tiáo"),
        ("variant of 瞭|了[liao3]", "variant of 了 liǎo"),
        ("old variant of 笑[xiao4]", "old variant of 笑 xiào"),
        ("see 大夫[dai4 fu5]", "see 大夫 dàifu"),
        ("to compose (Taiwan pr. [han4])", "to compose (Taiwan pr. hàn)"),
        ("(math) sum", "(math) sum"),
    ],
)
def test_readable_definition(raw: str, shown: str) -> None:
    assert readable_definition(raw) == shown


def test_traditional_script_keeps_traditional_references() -> None:
    assert readable_definition("variant of 瞭|了[liao3]", traditional=True) == "variant of 瞭 liǎo"


def test_a_toned_reading_finds_the_entry_written_with_a_light_tone(cedict_db: Database) -> None:
    """The text shows 知识 zhi1 shi2 (readings.lexical_tones); CC-CEDICT writes zhi1 shi5."""
    from glossary.senses import primary_sense, reads_as

    assert reads_as("zhi1 shi5", "zhi1 shi2")
    assert not reads_as("zhi1 shi2", "zhi1 shi5")
    assert not reads_as("dong1 xi1", "dong1 xi5")
    entries = Dictionary(cedict_db).readings_for(["东西"])["东西"]
    east_west = primary_sense(entries, "dong1 xi1")
    thing = primary_sense(entries, "dong1 xi5")
    assert east_west is not None and east_west.pinyin == "dong1 xi1"
    assert thing is not None and thing.pinyin == "dong1 xi5"


def test_a_breakdown_shows_each_part_by_its_primary_sense(cedict_db: Database) -> None:
    """红船, a word no dictionary has: 船 is 'boat' (traditional 船), not its variant 舩,
    in the panel's breakdown and in the traditional form a new term starts with."""
    result = Dictionary(cedict_db).lookup("红船", known_pinyin="hong2 chuan2")
    boat = result.breakdown[-1].readings[0]
    assert boat.definitions[0] == "boat" and boat.traditional == "船"
    assert result.traditional_form == "紅船"
    assert Dictionary(cedict_db).lookup("红船").traditional_form == "紅船"


def test_a_name_is_broken_down_by_surname_not_by_its_characters_meanings(
    cedict_db: Database,
) -> None:
    """张烁 read Zhāng Shuò: 张 is 'surname Zhang', not 'to open up'; read lowercase, the
    ordinary sense still comes first."""
    dictionary = Dictionary(cedict_db)
    surname, given = dictionary.lookup("张烁", known_pinyin="Zhang1 Shuo4").breakdown
    assert surname.readings[0].definitions[0] == "surname Zhang"
    assert given.readings[0].definitions[0] != "surname Zhang"
    assert (
        "surname" not in dictionary.lookup("张", known_pinyin="zhang1").readings[0].definitions[0]
    )

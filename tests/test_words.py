"""`zhreader words`: every word with a status, listed, exported and imported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database
from db.terms import Status, set_status, statuses_of
from glossary.words import (
    WordsError,
    hsk_word_list,
    import_word_list,
    list_words,
    parse_levels,
)
from reader.cli import cli


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_import_a_list_in_one_transaction_and_list_known_words(cedict_db: Database) -> None:
    stream = io.StringIO("word\tnote\n深夜\tlate\n# a comment\n\n汲取\nhello\n深夜\n深\x1b[2J\n")
    report = import_word_list(cedict_db, stream, "known")
    assert (report.marked, report.unchanged) == (2, 0)
    assert report.refused == [
        (6, "not a Chinese word: 'hello'"), (8, "not a Chinese word: '深\\x1b[2J'")
    ]  # fmt: skip
    assert statuses_of(cedict_db, ["深夜", "汲取"]) == {"深夜": "known", "汲取": "known"}
    again = import_word_list(cedict_db, io.StringIO("深夜\n"), "known")
    assert (again.marked, again.unchanged) == (0, 1)
    rows = {row.word: row for row in list_words(cedict_db, "known")}
    assert set(rows) == {"深夜", "汲取"} and not rows["深夜"].is_term
    assert rows["深夜"].hsk_level == 7 and rows["深夜"].pinyin == "shēnyè"
    assert [r.word for r in list_words(cedict_db, "known", {7})] == ["深夜"]
    with cedict_db.atomic():  # a compound; a name nobody has
        set_status(cedict_db, ["党员干部", "张贵迪"], Status.LEARNING)
    listed = {row.word: row.pinyin for row in list_words(cedict_db, "learning")}
    assert listed == {"党员干部": "dǎngyuán gànbù", "张贵迪": "zhāngguìdí"}


def test_hsk_levels(cedict_db: Database) -> None:
    assert parse_levels("1-3") == {1, 2, 3} and parse_levels("7-9") == {7}
    assert parse_levels("HSK 4") == {4} and parse_levels("1-9") == set(range(1, 8))
    with pytest.raises(WordsError, match="HSK levels go from 1 to 6"):
        parse_levels("7", "2.0")
    with pytest.raises(WordsError, match="look like"):
        parse_levels("easy")
    words = hsk_word_list({1, 2, 3})
    assert len(words) == 2213 and "的" in words and "深夜" not in words


def test_words_cli_lists_exports_and_imports(demo_db_path: Path, tmp_path: Path) -> None:
    db = str(demo_db_path)
    code, out, _ = run("words", "import", "--db", db, "--hsk", "1-3")
    assert code == 0 and out.startswith("marked 2,213 words known")
    code, out, _ = run("glossary", "add", "--db", db, "修路队", "-d", "road crew")
    code, out, _ = run("words", "--db", db, "--status", "learning", "--json")
    (row,) = json.loads(out)
    assert row["word"] == "修路队" and row["term"] is True and row["hsk_level"] is None
    code, out, _ = run("words", "--db", db, "--level", "1", "--json")
    assert code == 0 and all(r["hsk_level"] == 1 for r in json.loads(out))
    target = tmp_path / "known.tsv"
    code, out, _ = run("words", "export", "--db", db, str(target), "--status", "known")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == [
        "word", "status", "hsk_level", "pinyin", "definition", "term", "changed_at",
    ]  # fmt: skip
    assert len(lines) == 2214 and out == "exported 2,213 words to " + str(target) + "\n"
    code, out, err = run(
        "words", "import", "--db", db, "-", "--status", "ignored", stdin="喇叭\nxyz\n"
    )
    assert code == 1 and "marked 1 word ignored" in out
    assert "line 2: not a Chinese word" in err and "error: 1 line refused" in err
    code, _, err = run("words", "import", "--db", db)
    assert code == 1 and "give either a FILE or --hsk" in err


def test_the_word_list_gives_the_primary_sense_readably(cedict_db: Database) -> None:
    """The list took the dictionary's first entry (笑: 'old variant of 笑[xiao4]') and
    printed CC-CEDICT's markup raw (CL:座[zuo4],個|个[ge4])."""
    from glossary.words import list_words

    set_status(cedict_db, ["笑", "桥"], "known")
    rows = {row.word: row for row in list_words(cedict_db)}
    assert rows["笑"].definition.startswith("to laugh")
    assert "CL:" not in rows["桥"].definition and "measure word: 座 zuò" in rows["桥"].definition

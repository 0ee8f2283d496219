"""`annotate --json` and `show --json` in the shape CONTRACTS.md fixes; sense and reading
agree in `lookup --json` and `--gloss`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database
from reader.cli import cli


@pytest.fixture
def db_path(cedict_db: Database) -> Iterator[str]:
    path = cedict_db.execute("PRAGMA database_list").fetchone()[2]
    cedict_db.close()
    yield path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout


def check_contract(document: dict[str, object]) -> None:
    paragraphs = document["paragraphs"]
    assert isinstance(paragraphs, list)
    for index, paragraph in enumerate(paragraphs):
        assert paragraph["index"] == index
        text = paragraph["text"]
        assert "".join(t["text"] for t in paragraph["tokens"]) == text
        for token in paragraph["tokens"]:
            assert text[token["start"] : token["end"]] == token["text"]
            han = [c for c in token["text"] if "\u4e00" <= c <= "\u9fff"]
            assert len(token["pinyin"]) == len(han)
            for syllable in token["pinyin"]:
                assert syllable[-1] in "12345" and "ü" not in syllable


def test_annotate_json_keeps_every_paragraph_and_no_title(db_path: str) -> None:
    text = "短标题\n\n他拿着喇叭，焦急地呼喊着。\n\n女儿说：我的50只羊卖出去了！\n"
    code, out = run("annotate", "--db", db_path, "-", "--json", stdin=text)
    assert code == 0
    document = json.loads(out)
    check_contract(document)
    assert [p["text"] for p in document["paragraphs"]] == [
        "短标题",
        "他拿着喇叭，焦急地呼喊着。",
        "女儿说：我的50只羊卖出去了！",
    ]
    tokens = {t["text"]: t["pinyin"] for t in document["paragraphs"][1]["tokens"]}
    assert tokens["地"] == ["de5"]
    assert tokens["喇叭"] == ["la3", "ba5"]
    assert ["nu:3", "er2"] in [t["pinyin"] for t in document["paragraphs"][2]["tokens"]]


def test_annotate_plain_prints_the_first_line_annotated(db_path: str) -> None:
    code, out = run("annotate", "--db", db_path, "-", "--pinyin", stdin="短标题\n\n他说。\n")
    assert code == 0
    assert out.splitlines()[0].startswith("短(duǎn)")


def test_show_json_matches_the_stored_cut(db_path: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("标题\n\n他焦急地呼喊着，得用心用情。\n", encoding="utf-8")
    assert run("import", "--db", db_path, str(article))[0] == 0
    code, out = run("show", "1", "--db", db_path, "--json")
    assert code == 0
    document = json.loads(out)
    check_contract(document)
    tokens = {t["text"]: t["pinyin"] for p in document["paragraphs"] for t in p["tokens"]}
    assert tokens["地"] == ["de5"]
    assert tokens["得"] == ["dei3"]


def test_lookup_json_first_entry_is_the_usual_sense(db_path: str) -> None:
    code, out = run("lookup", "--db", db_path, "说", "--json")
    assert code == 0
    result = json.loads(out)[0]
    assert result["entries"][0]["pinyin"] == "shuō"
    assert result["entries"][0]["definitions"][0].startswith("to speak")


def test_gloss_follows_the_reading_in_the_text(db_path: str) -> None:
    code, out = run("annotate", "--db", db_path, "-", "--gloss", stdin="他说：好。\n")
    assert code == 0
    line = next(line for line in out.splitlines() if line.strip().startswith("说"))
    assert "shuō" in line and "to speak" in line

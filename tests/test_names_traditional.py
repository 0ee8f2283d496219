"""Names shown as Surname Given, no false name guesses or broken units on the hand-checked
seed list, and traditional text cut and read through its simplified mirror."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db import Database
from glossary.audit import Entry, audit, read_entries
from glossary.lookup import Dictionary
from glossary.names import (
    dictionary_surname,
    is_person_name,
    is_place_name,
    name_reading,
    place_reading,
)
from glossary.pinyin import numbered_to_marked
from glossary.segment import Annotator
from glossary.traditional import to_simplified

LIST = Path(__file__).parent / "data" / "seed_names_and_units.tsv"
CHARDET_BIG5 = Path("/tmp/chardet-src/chardet-5.2.0/tests/Big5")


@pytest.fixture
def annotator(cedict_db: Database, segmenter: Any) -> Annotator:
    return Annotator(cedict_db, segmenter)


def test_seed_list_has_no_false_names_and_no_broken_units(annotator: Annotator) -> None:
    entries = read_entries(LIST)
    assert {e.kind for e in entries} == {"name", "not_name", "whole"}
    assert all(e.word in e.sentence for e in entries)
    result = audit(annotator, entries)
    assert result.false_name_hints == []
    assert result.over_splits == []
    # jieba cuts these apart or into a neighbour (杨 / 发亮, 刘新 / 吾); 郭中村 ends like a village.
    assert set(result.missed_names) <= {"杨发亮", "郭中村", "刘新吾"}


def test_a_name_reads_surname_given(annotator: Annotator) -> None:
    cut = annotator.cut("河北邢台市信都区李村镇富兴社区党委书记邓为娜：邓为娜说。")
    reading = dict(zip(cut.tokens, cut.readings, strict=True))["邓为娜"]
    assert reading.split()[0] == "Deng4" and reading.split()[1][0] == "W"
    assert reading.split()[2][0].islower()


def test_words_of_dictionary_words_are_not_names(annotator: Annotator) -> None:
    cut = annotator.cut("全县共投入80多万元，车上的人拿着喇叭。")
    assert not any(r[:1].isupper() for r in cut.readings)
    assert not is_person_name("全县") and not is_person_name("万元")
    assert is_person_name("王巧心") and is_person_name("欧阳修")


def test_name_reading_capitalises_surname_and_given_name() -> None:
    assert name_reading("邓为娜", "deng4 wei2 na4") == "Deng4 Wei2 na4"
    assert name_reading("欧阳修", "ou1 yang2 xiu1") == "Ou1 yang2 Xiu1"
    assert name_reading("邓为娜", "deng4 wei4 na4") == "Deng4 Wei2 na4"
    assert name_reading("曾勇", "ceng2 yong3") == "Zeng1 Yong3"


def test_a_surname_reads_as_the_dictionary_gives_it(annotator: Annotator) -> None:
    """曲 is qǔ (a tune) or qū (bent); CC-CEDICT's surname entry is Qu1."""
    cut = annotator.cut("记者曲志刚报道。")
    assert dict(zip(cut.tokens, cut.readings, strict=True))["曲志刚"] == "Qu1 Zhi4 gang1"
    assert name_reading("肖方", "xiao4 fang1", "xiao1") == "Xiao1 Fang1"
    assert name_reading("曾勇", "ceng2 yong3", "ceng2") == "Zeng1 Yong3"  # the table wins


def test_the_dictionary_surname_is_its_one_surname_entry() -> None:
    assert dictionary_surname([("xiao4", ["similar"]), ("Xiao1", ["surname Xiao"])]) == "xiao1"
    assert dictionary_surname([("Di2", ["surname Di"]), ("Zhai2", ["surname Zhai"])]) is None
    assert dictionary_surname([("Hua4", ["Mt Hua", "surname Hua"])]) == "hua4"
    assert dictionary_surname([("qu3", ["tune"])]) is None


def test_lexical_units_stay_whole(annotator: Annotator) -> None:
    cut = annotator.cut("十五大以来，股份制和乡镇企业发展很快。柔嘉笑了。")
    assert {"十五大", "股份制", "乡镇企业", "柔嘉"} <= set(cut.tokens)
    assert "一" in annotator.cut("他是一个好人。").tokens  # a construction still splits


def test_mirror_keeps_length_and_reads_the_particle() -> None:
    assert to_simplified("他拿著喇叭，保持著頭髮") == "他拿着喇叭，保持着头发"
    assert to_simplified("著名作家的著作很顯著") == "著名作家的著作很显著"


def test_traditional_cut_maps_back_exactly(annotator: Annotator) -> None:
    text = "鐵路職工拿著喇叭，保持著聯繫。社區黨委書記鄧為娜：「這裡很好。」"
    cut = annotator.cut(text)
    assert "".join(cut.tokens) == text
    assert cut.token_ends[-1] == len(text)
    starts = [end - len(token) for end, token in zip(cut.token_ends, cut.tokens, strict=True)]
    assert all(text[s:e] == t for s, e, t in zip(starts, cut.token_ends, cut.tokens, strict=True))
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    assert readings["著"].split()[-1] == "zhe5" or readings.get("拿著", "").endswith("zhe5")
    assert readings["鄧為娜"].startswith("Deng4 ")


def test_traditional_seeds_cut_like_simplified(annotator: Annotator, seeds: Path) -> None:
    opencc = pytest.importorskip("opencc")
    to_traditional = opencc.OpenCC("s2t")
    text = sorted(seeds.iterdir())[0].read_text(encoding="utf-8")
    for paragraph in [p for p in text.splitlines() if p.strip()][:20]:
        traditional = to_traditional.convert(paragraph)
        cut = annotator.cut(traditional)
        assert "".join(cut.tokens) == traditional
        simplified = annotator.cut(paragraph)
        assert cut.token_ends == simplified.token_ends
        assert cut.readings == simplified.readings


def test_lookup_by_either_form(cedict_db: Database) -> None:
    dictionary = Dictionary(cedict_db)
    assert dictionary.lookup("裡面").found and dictionary.lookup("里面").found
    assert dictionary.lookup("隨著").found
    assert dictionary.lookup("拿著").guessed_pinyin == "na2 zhe5"
    assert dictionary.lookup("鄧為娜").name_hint.startswith("person's name?")
    assert dictionary.lookup("龍興鎮").name_hint.startswith("place name")


@pytest.mark.skipif(not CHARDET_BIG5.is_dir(), reason="chardet 5.2.0 sdist not downloaded")
def test_big5_feeds_cut_back_to_their_text(annotator: Annotator) -> None:
    for path in sorted(CHARDET_BIG5.iterdir())[:5]:
        text = path.read_bytes().decode("big5hkscs", errors="replace")
        for line in [line for line in text.splitlines() if line.strip()][:40]:
            assert "".join(annotator.cut(line).tokens) == line


def test_built_in_terms_read_word_by_word(annotator: Annotator) -> None:
    cut = annotator.cut("中华民族和第一书记")
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    assert readings["中华民族"].lower().split() == ["zhong1", "hua2", "min2", "zu2"]
    assert numbered_to_marked(readings["中华民族"], compact=True).lower() == "zhōnghuá mínzú"
    assert numbered_to_marked(readings["第一书记"], compact=True) == "dìyī shūjì"


def test_phrases_read_word_by_word_one_character_words_included(annotator: Annotator) -> None:
    cut = annotator.cut("坚持以人民为中心，全心全意为人民服务。")
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    written = {token: numbered_to_marked(readings[token], compact=True) for token in readings}
    assert written["以人民为中心"] == "yǐ rénmín wéi zhōngxīn"
    assert written["为人民服务"] == "wèi rénmín fúwù"  # not 为人 + 民: the commoner words win
    jieba_words = annotator.cut("召开动员大会，发表重要讲话。")  # words CC-CEDICT lacks
    readings = dict(zip(jieba_words.tokens, jieba_words.readings, strict=True))
    assert numbered_to_marked(readings["动员大会"], compact=True) == "dòngyuán dàhuì"
    assert numbered_to_marked(readings["重要讲话"], compact=True) == "zhòngyào jiǎnghuà"
    news = annotator.cut("人民日报：实现中华民族伟大复兴")
    marked = [numbered_to_marked(reading, compact=True) for reading in news.readings]
    written = dict(zip(news.tokens, marked, strict=True))
    assert written["人民日报"] == "Rénmín Rìbào"  # proper nouns of the built-in pack
    assert written["中华民族伟大复兴"].startswith("Zhōnghuá")


def test_simplified_text_never_loads_opencc() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from glossary.traditional import to_simplified; "
        "assert to_simplified('他拿著喇叭') == '他拿着喇叭'; "
        "assert 'opencc' not in sys.modules; "
        "assert to_simplified('頭髮') == '头发' and 'opencc' in sys.modules"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", script], check=True, cwd=root)


def test_a_name_cut_short_is_joined_again(annotator: Annotator) -> None:
    cut = annotator.cut("邓为娜说，张伟说。")
    assert "邓为娜" in cut.tokens and "张伟" in cut.tokens and "说" in cut.tokens


def test_a_name_met_whole_is_taken_back_from_its_neighbours(annotator: Annotator) -> None:
    """Seed 000: 刘一学 is cut whole in most sentences, but jieba reads 刘一 / 学说 before 说
    and glues 用 to the name; within the article the name is cut whole everywhere."""
    text = ["联系刘一学，说是他正在。", "“社区才有活力。”刘一学说，最初。", "刘一学用一件件实事。"]
    cuts = [cut.tokens for cut in annotator.cut_many(text)]
    assert cuts[1][cuts[1].index("刘一学") + 1] == "说"
    assert cuts[2][:2] == ["刘一学", "用"]


def test_seed_list_in_traditional_script_gives_the_same_result(annotator: Annotator) -> None:
    opencc = pytest.importorskip("opencc")
    to_traditional = opencc.OpenCC("s2t")
    entries = []
    for entry in read_entries(LIST):
        sentence = to_traditional.convert(entry.sentence)  # same length: offsets carry over
        start = entry.sentence.index(entry.word)
        entries.append(Entry(entry.kind, sentence[start : start + len(entry.word)], sentence))
    result = audit(annotator, entries)
    assert result.false_name_hints == [] and result.over_splits == []
    assert len(result.missed_names) <= 3


def test_common_words_cc_cedict_has_only_as_names_read_as_words(annotator: Annotator) -> None:
    cut = annotator.cut("村里修了一座大桥，让老人心里暖暖的。")
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    assert readings["大桥"] == "da4 qiao2" and readings["暖暖"] == "nuan3 nuan3"
    first = annotator.dictionary.lookup("大桥").readings[0]
    assert first.is_glossary and "bridge" in first.definitions[0]


def test_a_place_no_dictionary_has_reads_as_a_name(annotator: Annotator) -> None:
    cut = annotator.cut("在山西省运城市新绛县龙兴镇西关村，河北邢台市信都区也一样。")
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    assert readings["龙兴镇"] == "Long2 xing1 zhen4"
    assert readings["西关村"] == "Xi1 guan1 cun1"
    assert readings["信都区"] == "Xin4 du1 qu1"  # 都 in a place name is dū


def test_common_nouns_ending_in_a_unit_are_not_places(annotator: Annotator) -> None:
    cut = annotator.cut("这里曾是贫困村，现在是示范村，干部深入进社区，推进小城镇建设。")
    readings = dict(zip(cut.tokens, cut.readings, strict=True))
    for word in ("贫困村", "示范村", "进社区", "小城镇"):
        assert readings[word] == readings[word].lower(), word
    assert not is_place_name("胜利村", lambda piece: piece == "胜利")
    assert not is_place_name("技术开发区", lambda piece: piece == "开发区")
    assert not is_place_name("徐等县", lambda piece: False)  # Xu and other counties
    assert is_place_name("花屏村", lambda piece: False)
    assert place_reading("信都区", "xin4 dou1 qu1") == "Xin4 du1 qu1"

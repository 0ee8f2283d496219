"""Readings in context: the function-word rules, the hand-checked seed list, and the model
loading lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db import Database
from glossary.segment import Annotator, Segmenter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

SEED_ACCURACY_FLOOR = 0.97


@pytest.fixture
def annotator(cedict_db: Database, segmenter: Segmenter) -> Annotator:
    return Annotator(cedict_db, segmenter)


def readings_of(annotator: Annotator, text: str) -> dict[str, str]:
    cut = annotator.cut(text)
    return dict(zip(cut.tokens, cut.readings, strict=True))


def syllable_at(annotator: Annotator, text: str, marked: str) -> str:
    """The syllable shown over the character that `marked` (text with 【】 round one
    character) marks."""
    position = marked.index("【")
    cut = annotator.cut(text)
    start = 0
    for token, reading in zip(cut.tokens, cut.readings, strict=True):
        if start <= position < start + len(token):
            return reading.split()[position - start]
        start += len(token)
    raise AssertionError(marked)


@pytest.mark.parametrize(
    ("marked", "reading"),
    [
        ("铲车上的人拿着喇叭，焦急【地】呼喊着。", "de5"),
        ("村里土【地】少，外出务工的多。", "di4"),
        ("关键时刻站【得】出来，危急时刻豁得出去。", "de5"),
        ("关键时刻站得出来，危急时刻豁【得】出去。", "de5"),
        ("服务群众，【得】用心用情。", "dei3"),
        ("我的50【只】羊卖出去了！", "zhi1"),
        ("【只】有真正把群众的事放在心上。", "zhi3"),
        ("只有把群众【当】亲人，群众才会信你。", "dang4"),
        ("践行以人民【为】中心的发展思想。", "wei2"),
        ("社区把小区划分【为】4个大网格。", "wei2"),
        ("始终【为】人民利益而奋斗。", "wei4"),
        ("每天最【长】时间要工作十个小时。", "chang2"),
        ("村民小组【长】马永菊来了。", "zhang3"),
        ("他拿【着】喇叭。", "zhe5"),
        ("他穿【着】衣服。", "zhe5"),
        ("他的穿【着】很朴素。", "zhuo2"),
        ("她想把衣服【弄】干净再出门。", "nong4"),
        ("他住在南京西路1025【弄】。", "long4"),
        ("这东西一【弄】就坏了。", "nong4"),
        ("去广西七百【弄】看山。", "nong4"),
        ("把骨灰【撒】在家乡的河里。", "sa3"),
        ("她在汤里【撒】了点盐。", "sa3"),
        ("渔民们在海上【撒】下渔网。", "sa1"),
        ("别把气【撒】在孩子身上。", "sa1"),
        ("小狗在院子里【刨】了个坑。", "pao2"),
        ("妈妈给我【盛】了一碗米饭。", "cheng2"),
        ("你们俩【处】了多久了？", "chu3"),
        ("学校尽量【为】300名新生安排宿舍。", "wei4"),
        ("农民在地里【刨】出一块古碑。", "pao2"),
        ("他【得】了第一名，她得了重病。", "de2"),
        ("你【得】了解情况。", "dei3"),
        ("借书要【还】。", "huan2"),
        ("他【还】在家。", "hai2"),
        ("问题找【着】了吗？", "zhao2"),
        ("他为人很好，常常拿【着】书。", "zhe5"),
        ("他【为】人很好。", "wei2"),
        ("他们【为】人送去温暖。", "wei4"),
        ("月亮周围有一圈淡淡的【晕】。", "yun4"),
        ("妈妈给每人【盛】米饭。", "cheng2"),
        ("山顶有一【处】古庙。", "chu4"),
        ("工人在路面【铺】上新沥青。", "pu1"),
        ("孩子把贴纸【粘】在窗户上。", "zhan1"),
        ("奶奶讲故事【哄】他入睡。", "hong3"),
        ("今年的增长率【为】5%。", "wei2"),
        ("营业额【为】两国合作打下基础。", "wei4"),
        ("他拿刀【削】了一个苹果。", "xiao1"),
        ("现在不仅会议【少】了。", "shao3"),
        ("创造条件也要【干】。", "gan4"),
        ("在潜水之后把羽毛弄【干】。", "gan1"),
        ("水已【没】过胸口。", "mo4"),
        ("鲜茶叶【没】人收。", "mei2"),
        ("【没】过多久他就来了。", "mei2"),
        ("服务群众，得用心用情，【得】下笨功夫。", "dei3"),
        ("这是访问聊天【得】来的。", "de2"),
        ("【还】给老年手机设置了一键呼叫。", "hai2"),
        ("他把钱【还】给了我。", "huan2"),
        ("每天工作七八【个】小时。", "ge4"),
        ("处理家【长】里短的小事。", "chang2"),
        ("村民吐尔【地】买买提来了。", "di4"),  # a name ending in 地, not an adverbial
        ("他慢慢【地】走了。", "de5"),
        ("他【长】得很高。", "zhang3"),
        ("房间很【脏】。", "zang1"),
        ("他【冲】着我来。", "chong4"),
        ("一只【只】小鸟飞走了。", "zhi1"),
        ("他伸出两【只】手。", "zhi1"),
        ("他【为】人民所爱戴。", "wei2"),
        ("感谢你【为】我们所做的一切。", "wei4"),
        ("他们【为】村里捐建了一所小学。", "wei4"),
        ("这是【为】实现目标所采取的措施。", "wei4"),
        ("殿后紧【挨】岩壁。", "ai1"),
        ("他小时候常【挨】打。", "ai2"),
        ("账箱【尽】交他保管。", "jin4"),
        ("母亲会【弹】钢琴。", "tan2"),
        ("康定元年，召【为】中太一宫使。", "wei2"),
        ("任命他【为】宁前参将。", "wei2"),
        ("任命他为宁前参【将】。", "jiang4"),
        ("聘请律师【为】其辩护。", "wei4"),
        ("响应号召【为】灾区捐款。", "wei4"),
        ("此战【将】决定冠军归属。", "jiang1"),
        ("其形状像唐代的【冠】帽。", "guan1"),
        ("该寺所【藏】佛像很多。", "cang2"),
        ("把我给搞【蒙】了。", "meng1"),
        ("《春秋左氏【传】·桓公九年》记载", "zhuan4"),
        ("《红色基因代代【传】》", "chuan2"),
        ("吸收【藏】区经验。", "zang4"),
        ("他【尽】管理之责。", "jin4"),
        ("为了让群众【尽】快恢复正常生活。", "jin3"),
        ("一些部门【重】审批轻监管。", "zhong4"),
        ("他【挨】一顿打。", "ai2"),
        ("他们给【蒙】上了眼睛。", "meng2"),
        ("他【挑】起争端。", "tiao3"),
        ("她在菜市场【挑】菜。", "tiao1"),
        ("别忘了签名【哦】。", "o5"),
        ("一起帮忙找迷你哆【啦】。", "la1"),
        ("“【哦】，椅子太硬了。”", "o4"),
        ("其书法【朴】拙圆满。", "pu3"),
        ("韩国选手【朴】真熙获得冠军。", "piao2"),
        ("该【校】正式更名为科技大学。", "xiao4"),
        ("该【校】对此事作出了回应。", "xiao4"),
        ("如果不及时撤离，敌【将】从侧翼包抄。", "jiang1"),
        ("勇夺三【冠】帽子戏法。", "guan4"),
        ("我听【蒙】老师说过。", "meng2"),
        ("胡同的【尽】东头有一家店。", "jin3"),
        ("村里很【少】年轻人。", "shao3"),
        ("【少】壮不努力，老大徒伤悲。", "shao4"),
        ("两地相距约五【哩】。", "li3"),
        ("两【地】相距约五哩。", "di4"),
        ("他只说了一声【哦】。", "o4"),
        ("新任命的校长【为】学生们上了第一课。", "wei4"),
        ("这份荣誉【为】他赢得了尊重。", "wei4"),
        ("他被提拔【为】处长。", "wei2"),
        ("病床一张【挨】一张。", "ai1"),
        ("她【挨】过来小声说。", "ai1"),
        ("他往窗边挨了【挨】。", "ai1"),
        ("他【挨】了一刀。", "ai2"),
        ("他唯恐【吓】着孩子。", "xia4"),
        ("袁隆平被誉【为】“杂交水稻之父”。", "wei2"),
        ("他【挨】一通批评。", "ai2"),
        ("大家一个【挨】一个地进场。", "ai1"),
        ("企业越来越多【地】参与。", "de5"),
        ("我今年都六十【啦】！", "la5"),
        ("记得带两个【哦】。", "o5"),
        ("他毅然【挑】起了家庭的重担。", "tiao1"),
        ("他【挑】起争端。", "tiao3"),
        ("宿舍起名为古【柏】公寓。", "bai3"),
        ("【乐】评人赞扬了专辑。", "yue4"),
        ("那些人【重】录旁白。", "chong2"),
        ("效果有阻【吓】作用。", "he4"),
        ("这件事【得】用心。", "dei3"),
        ("这事【得】到了解决。", "de2"),
        ("已经尽【得】真传。", "de2"),
        ("小时候因为贪玩没【少】挨打。", "shao3"),
        ("冬季寒冷【少】雪。", "shao3"),
        ("累转至太子【少】保。", "shao4"),
    ],
)
def test_function_words_read_in_context(annotator: Annotator, marked: str, reading: str) -> None:
    text = marked.replace("【", "").replace("】", "")
    assert syllable_at(annotator, text, marked) == reading


def test_a_word_with_one_dictionary_reading_keeps_it(annotator: Annotator) -> None:
    assert readings_of(annotator, "他一直觉得很累。")["觉得"] == "jue2 de5"
    assert readings_of(annotator, "行长来了。")["行长"] == "hang2 zhang3"


def test_a_polyphone_shows_its_own_tone_where_the_dictionary_writes_a_light_one(
    annotator: Annotator,
) -> None:
    """识 reads shí or zhì: CC-CEDICT's zhi1 shi5 hides which, so it is shown zhi1 shi2.
    Particles, suffixes and one-reading characters keep the light tone (the JSON contract's
    own example is 喇叭 la3 ba5)."""
    read = readings_of(annotator, "他认识很多有知识的人，儿子拿着喇叭。")
    assert read["认识"] == "ren4 shi2"
    assert read["知识"] == "zhi1 shi2"
    assert read["儿子"] == "er2 zi5"
    assert read["喇叭"] == "la3 ba5"
    family = readings_of(annotator, "我的弟弟和哥哥都有头发。")
    assert family["弟弟"] == "di4 di5"  # a doubled syllable keeps it, as in 哥哥
    assert family["哥哥"] == "ge1 ge5"
    assert family["头发"] == "tou2 fa5"  # 发 is fa1 or fa4: the light tone does not guess


def test_a_light_tone_is_given_its_tone_only_where_two_sources_agree(
    annotator: Annotator,
) -> None:
    """服 is fú or fù, 难 nán or nàn: spelling alone cannot say which a light syllable stands
    for. pypinyin's phrases and the model agree on 衣服 fú, 困难 nán and 力量 liàng; on 部分
    (fèn or fēn) and 头发 (fà or fā) they differ, and the light tone stays."""
    read = readings_of(annotator, "他把衣服洗干净了，再困难也有力量。大部分人的头发白了。")
    assert read["衣服"] == "yi1 fu2"
    assert read["困难"] == "kun4 nan2"
    assert read["力量"] == "li4 liang4"
    assert read["大部分"] == "da4 bu4 fen5"
    assert read["头发"] == "tou2 fa5"


def test_words_whose_light_tone_the_model_cannot_see(annotator: Annotator) -> None:
    """告诉 is gao4 su5 'to tell' (gao4 su4 'to press charges' is legal jargon): the model
    scores 诉 alone, which has one reading, so a rule decides. Where the light entry is not
    the commoner one the model's full tone stands: 精神 jīngshén 'spirit', 过去 guòqù
    'the past'."""
    assert readings_of(annotator, "他告诉我一件事。")["告诉"] == "gao4 su5"
    assert readings_of(annotator, "没有担当精神，怎么行？")["精神"] == "jing1 shen2"
    assert readings_of(annotator, "过去五年变化很大。")["过去"] == "guo4 qu4"


def test_the_light_tone_table_is_what_its_tool_makes(cedict_db: Database) -> None:
    """glossary/light_tones.tsv is generated (bench/light_tones.py) from CC-CEDICT,
    pypinyin's phrases and g2pM; a change to any of them shows here."""
    from light_tones import TABLE, agreed_light_tones, table_text

    assert TABLE.read_text(encoding="utf-8") == table_text(agreed_light_tones(cedict_db))


def test_the_phrase_table_is_what_its_tool_makes(cedict_db: Database) -> None:
    """glossary/phrase_readings.tsv is generated (bench/phrase_readings.py) from CC-CEDICT,
    pypinyin's phrases and the characters a second opinion may change."""
    from phrase_readings import table_text

    from glossary.second_opinion import PHRASE_TABLE

    assert PHRASE_TABLE.read_text(encoding="utf-8") == table_text(cedict_db)


def test_lexical_tones_give_back_the_tone_of_content_morphemes_only() -> None:
    from glossary.readings import lexical_tones

    def citation(word: str, index: int, letters: str) -> str | None:
        return {"di": "di4", "shi": "shi2", "zi": "zi3"}.get(letters)

    assert lexical_tones("知识", "zhi1 shi5", citation) == "zhi1 shi2"
    assert lexical_tones("儿子", "er2 zi5", citation) == "er2 zi5"  # a suffix
    assert lexical_tones("弟弟", "di4 di5", citation) == "di4 di5"  # doubled
    assert lexical_tones("喇叭", "la3 ba5", citation) == "la3 ba5"  # no citation given


@pytest.mark.parametrize(
    ("text", "word", "reading"),
    [
        ("我去超市买了很多东西。", "东西", "dong1 xi5"),
        ("东西搁手里卖不出去。", "东西", "dong1 xi5"),
        ("大桥东西两侧各有一座塔。", "东西", "dong1 xi1"),
        ("这些东西对我很重要。", "东西", "dong1 xi5"),
        ("这个东西横着放不进去。", "东西", "dong1 xi5"),
        ("有的地方银行很少。", "地方", "di4 fang5"),
        ("冲在群众最需要的地方。", "地方", "di4 fang5"),
        ("地方政府出台了新政策。", "地方", "di4 fang1"),
        ("他穿着很朴素的衣服。", "穿着", "chuan1 zhe5"),
        ("他的穿着很朴素。", "穿着", "chuan1 zhuo2"),
        ("他干这一行十年了。", "一行", "yi1 hang2"),
        ("考察团一行十人抵达。", "一行", "yi1 xing2"),
        ("发展特色种养业。", "种养业", "zhong4 yang3 ye4"),
        ("你数一数有几个。", "数一数", "shu3 yi1 shu3"),
        ("数十人参加。", "数十", "shu4 shi2"),
    ],
)
def test_words_whose_two_readings_context_decides(
    annotator: Annotator, text: str, word: str, reading: str
) -> None:
    """东西 'thing' and 'east and west', 地方 'place' and 'local': the model, trained on
    citation tones, cannot tell these apart, so rules do."""
    assert readings_of(annotator, text)[word] == reading


def test_a_second_dictionary_confirming_a_word_keeps_the_model_out(annotator: Annotator) -> None:
    """g2pM reads 华山 Huá, 种植 zhǒng and 黄陂 Bēi when asked; pypinyin's phrases confirm
    CC-CEDICT, or the rules own the character, so the dictionary's reading stands."""
    assert readings_of(annotator, "华山是五岳之一。")["华山"] == "Hua4 Shan1"
    assert readings_of(annotator, "沿途种植榆杨柳树。")["种植"] == "zhong4 zhi2"
    assert readings_of(annotator, "他是湖北黄陂人。")["黄陂"] == "Huang2 pi2"


def test_a_name_only_cc_cedict_reads_so_yields_to_a_certain_model(annotator: Annotator) -> None:
    """CC-CEDICT writes 塞尔维亚 Sāi and 勃艮第 gěn; no second dictionary confirms them, and
    the model is all but sure of Sài and gèn."""
    assert readings_of(annotator, "德军占领塞尔维亚期间")["塞尔维亚"] == "Sai4 er3 wei2 ya4"
    assert readings_of(annotator, "法国勃艮第大区的一个市镇")["勃艮第"] == "Bo2 gen4 di4"
    annotator.decider.margin = 1.0  # a model never that sure changes nothing
    assert readings_of(annotator, "塞尔维亚的首都")["塞尔维亚"] == "Sai1 er3 wei2 ya4"


def test_a_romanised_definition_keeps_the_letters_of_a_name(annotator: Annotator) -> None:
    """贾平凹 is 'Jia Pingwa' in CC-CEDICT's definition: the model's āo may not replace wā."""
    assert readings_of(annotator, "作家贾平凹的长篇小说")["贾平凹"] == "Jia3 Ping2 wa1"


def test_an_ordinary_word_changes_only_to_a_reading_a_dictionary_gives(
    annotator: Annotator,
) -> None:
    """几近 jījìn: the model is sure of jǐ, but no dictionary reads it so. 下载: CC-CEDICT
    writes xiàzǎi, 'also pr. xiàzài', and the model takes the latter."""
    assert readings_of(annotator, "公司几近崩溃。")["几近"] == "ji1 jin4"
    assert readings_of(annotator, "用户可以免费下载这个软件。")["下载"] == "xia4 zai4"


def test_common_polyphones_the_rules_own_are_never_put_to_the_model(
    annotator: Annotator,
) -> None:
    """g2pM is confident and wrong on 支行 (xíng) and 新都 (dōu)."""
    text = "我从银行果洛支行来到这里，到成都市新都区工作。"
    readings = readings_of(annotator, text)
    assert readings["支行"] == "zhi1 hang2"
    assert readings["新都区"] == "Xin1 du1 qu1"


def test_a_glossary_term_is_never_put_to_the_model(cedict_db: Database) -> None:
    from db.terms import now_utc

    cedict_db.execute(
        "INSERT INTO terms (simplified, traditional, pinyin, definition, origin, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'user', ?, ?)",
        ("塞尔维亚", "塞爾維亞", "Sai1 er3 wei2 ya4", "Serbia", now_utc(), now_utc()),
    )
    annotator = Annotator(cedict_db, Segmenter())  # its own: the term joins jieba
    assert readings_of(annotator, "德军占领塞尔维亚期间")["塞尔维亚"] == "Sai1 er3 wei2 ya4"


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("村子", "cun1 zi5"),  # a light syllable is CC-CEDICT's on purpose
        ("支行", "zhi1 hang2"),  # 行 belongs to the rules
        ("转转", "zhuan4 zhuan5"),  # a doubled syllable reads as its twin
        ("黄陂", "Huang2 pi2"),  # pypinyin's phrases confirm it
    ],
)
def test_readings_no_second_opinion_may_change(word: str, reading: str) -> None:
    from glossary.second_opinion import doubtful_options

    assert doubtful_options(word, reading) == ()


def test_a_doubted_reading_comes_first_among_its_options() -> None:
    from glossary.second_opinion import doubtful_options

    options = doubtful_options("塞尔维亚", "Sai1 er3 wei2 ya4", ["Serbia"])
    assert options[0] == "Sai1 er3 wei2 ya4"
    assert "Sai4 er3 wei2 ya4" in options
    assert all(option.split()[1:] == ["er3", "wei2", "ya4"] for option in options)
    # 'Ossetia' holds 'seti' but romanises no stretch of 奥塞梯 as whole words
    assert "Ao4 sai4 ti1" in doubtful_options("奥塞梯", "Ao4 se4 ti1", ["Ossetia"])
    assert doubtful_options("下载", "xia4 zai3", ["to download", "also pr. [xia4 zai4]"]) == (
        "xia4 zai3",
        "xia4 zai4",
    )


def test_an_unknown_word_is_read_by_the_dictionary_words_inside_it(annotator: Annotator) -> None:
    assert readings_of(annotator, "强降雨袭击江西。")["强降雨"] == "qiang2 jiang4 yu3"
    assert readings_of(annotator, "他想出一个金点子。")["金点子"] == "jin1 dian3 zi5"
    # 手把 + 手 or 手 + 把手: neither word's reading is sure, so 把 is not read bà
    assert readings_of(annotator, "农技人员手把手地指导。")["手把手"] == "shou3 ba3 shou3"
    # 当家 inside 当家人 still follows the 当 rule (把居民当家人: dàng)
    assert syllable_at(annotator, "必须把居民当家人。", "必须把居民【当】家人。") == "dang4"


def test_readings_are_one_syllable_per_han_character(annotator: Annotator) -> None:
    cut = annotator.cut("2021年，他在银行工作了3年。")
    for token, reading in zip(cut.tokens, cut.readings, strict=True):
        han = sum(1 for c in token if "\u4e00" <= c <= "\u9fff")
        assert len(reading.split()) == han


def test_seed_function_words_stay_accurate(annotator: Annotator, seeds: Path) -> None:
    """The hand-checked list in tests/data; the figure is printed by bench/run.py."""
    from polyphones import seed_function_words

    results = seed_function_words(annotator, seeds)
    assert len(results) >= 150
    right = sum(expected == shown for expected, shown, _ in results)
    assert right / len(results) >= SEED_ACCURACY_FLOOR


def test_numpy_and_the_model_stay_off_the_start_up_path() -> None:
    code = (
        "import sys, reader.cli, glossary.segment, glossary.readings, sqlite_utils;"
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "False"


def test_articles_read_with_an_older_method_are_redone(
    cedict_db: Database, segmenter: Segmenter
) -> None:
    from db.articles import load_paragraphs
    from db.readings import articles_with_old_readings
    from glossary.readings import READINGS_REVISION
    from reader.library import Library

    library = Library(cedict_db, Annotator(cedict_db, segmenter))
    outcome = library.import_text("标题\n\n他焦急地呼喊着。\n", "a.txt")
    assert outcome.article_id is not None
    assert library.stale_articles() == []
    before = load_paragraphs(cedict_db, outcome.article_id)
    with cedict_db.atomic():
        cedict_db.execute("UPDATE articles SET readings_revision = 0")
        cedict_db.execute("UPDATE paragraphs SET readings = replace(readings, 'de5', 'di4')")
    assert library.stale_articles() == [outcome.article_id]
    assert library.resegment() == 1
    assert articles_with_old_readings(cedict_db, READINGS_REVISION) == []
    assert load_paragraphs(cedict_db, outcome.article_id) == before


def test_a_reading_chosen_for_one_occurrence_survives_a_new_method(
    cedict_db: Database, segmenter: Segmenter
) -> None:
    """`r` on one occurrence is the learner's: redoing readings after READINGS_REVISION
    changes must keep it, as a re-cut does."""
    from db.articles import load_paragraphs
    from db.corrections import ReadingPlace, choose_reading
    from reader.library import Library

    library = Library(cedict_db, Annotator(cedict_db, segmenter))
    outcome = library.import_text("标题\n\n他说行。我说行长。\n", "a.txt")
    assert outcome.article_id is not None
    paragraph = next(p for p in load_paragraphs(cedict_db, outcome.article_id) if "行长" in p.text)
    start = paragraph.text.index("行")
    choose_reading(
        cedict_db, "行", "hang2", ReadingPlace(outcome.article_id, paragraph.position, start)
    )
    library.recut(outcome.article_id)

    def shown() -> str:
        stored = load_paragraphs(cedict_db, outcome.article_id)
        cut = next(p for p in stored if p.position == paragraph.position)
        return dict(zip(cut.token_ends, cut.readings, strict=True))[start + 1]

    assert shown() == "hang2"
    with cedict_db.atomic():
        cedict_db.execute("UPDATE articles SET readings_revision = 0")
    assert library.resegment() == 1
    assert shown() == "hang2"


def test_a_full_answer_cache_is_emptied_without_losing_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past CACHE_LIMIT the model's answer cache is cleared; answers it already held for
    the same batch must survive (a KeyError stopped `resegment` of a 10,000-article library)."""
    import glossary.readings
    from glossary.polyphone_model import Query
    from glossary.readings import ReadingDecider

    monkeypatch.setattr(glossary.readings, "CACHE_LIMIT", 1)
    decider = ReadingDecider()
    known = [
        Query("他被调到北京。", 1, ("diao4", "tiao2")),
        Query("天气很好。", 3, ("hao3", "hao4")),
    ]
    first = decider._answer(known)
    assert all(answer in query.choices for answer, query in zip(first, known, strict=True))
    new = Query("价格降了。", 2, ("jiang4", "xiang2"))
    again = decider._answer([*known, new])  # the cache is full: cleared before `new` goes in
    assert again[:2] == first and again[2] in new.choices


def test_a_paragraph_without_punctuation_gives_rules_and_model_bounded_context(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rules scan whole clauses and the model was given whole sentences: in a paragraph
    with no punctuation each decision cost the paragraph's length (a 5 MB file: hours)."""
    import glossary.readings as readings

    seen: list[int] = []

    def recording(rule):  # type: ignore[no-untyped-def]
        def wrapper(tokens, index, options):  # type: ignore[no-untyped-def]
            seen.append(len(tokens))
            return rule(tokens, index, options)

        return wrapper

    asked: list[int] = []
    answer = readings.ReadingDecider._answer

    def recording_answer(self, queries):  # type: ignore[no-untyped-def]
        asked.extend(len(query.text) for query in queries)
        return answer(self, queries)

    monkeypatch.setattr(readings, "rule_reading", recording(readings.rule_reading))
    monkeypatch.setattr(readings, "word_options", recording(readings.word_options))
    monkeypatch.setattr(readings.ReadingDecider, "_answer", recording_answer)
    text = "他焦急地呼喊着站得出来把群众当亲人最长时间以党建为核心划分为三个片区" * 200
    cut = annotator.cut(text)
    assert "".join(cut.tokens) == text
    assert seen and max(seen) <= 2 * readings.RULE_CONTEXT + 1
    assert asked and max(asked) <= 2 * readings.SENTENCE_CONTEXT + 4
    first = annotator.cut(text[:34])  # the same words with the whole text as context
    assert cut.readings[: len(first.readings) - 1] == first.readings[:-1]


def test_a_word_put_to_a_second_opinion_reads_one_way_in_a_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the model changes one occurrence and not another, both keep CC-CEDICT's."""
    from glossary.readings import ReadingDecider

    decider = ReadingDecider()
    options = {"塞尔维亚": ("Sai1 er3 wei2 ya4", "Sai4 er3 wei2 ya4"), "在": ("zai4",)}
    answers = iter(["sai4", "sai1", "sai4", "sai4"])
    monkeypatch.setattr(decider, "_answer", lambda queries: [next(answers) for _ in queries])
    paragraphs = [["塞尔维亚", "在"], ["在", "塞尔维亚"]]
    split = decider.decide(paragraphs, options.__getitem__, {"在": "zai4"}, {"塞尔维亚"})
    assert split[0][0] == split[1][1] == "Sai1 er3 wei2 ya4"
    agreed = decider.decide(paragraphs, options.__getitem__, {"在": "zai4"}, {"塞尔维亚"})
    assert agreed[0][0] == agreed[1][1] == "Sai4 er3 wei2 ya4"

"""Personal names: is an unknown word a Chinese name, and its pinyin as Surname Given.

A name is a surname (single or compound) and a given name of one or two characters. Many
surnames are also common words (全, 万, 高, 时), so with those the word must look like a name
in every other way, and a word whose given part is a measure word, a place suffix or a
function character (万元, 全县, 车上) is never a name. The lists hold both scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence

# The commonest Chinese surnames (they cover most of the population).
SURNAMES_SIMPLIFIED = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝拜"
)
# The same surnames in traditional script (OpenCC s2t), where they differ.
SURNAMES_TRADITIONAL = (
    "張劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧於蔣餘葉蘇呂盧鍾譚陸範賈韋鄒閆龍賀顧龔萬錢嚴湯溫齊喬龐顏莊聶魯"
    "嶽歐關蘭寧紀畢單塗駱藍遊鮑華饒陽時農繆簡車項連蘆麥婁竇黨宮費衛應閔鄔邊師欒榮叢鞏遲鄺"
)
SURNAMES = frozenset(SURNAMES_SIMPLIFIED + SURNAMES_TRADITIONAL)
_COMPOUND_SURNAMES_TEXT = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫 西门"
    " 歐陽 司馬 東方 長孫 獨孤 南宮 諸葛"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())
# Surnames that are far commoner as words (jieba counts the character as a word over 30 times
# as often as it begins a name in its dictionary): as a name these need a two-character given
# name that is not itself a word.
AMBIGUOUS_SURNAMES = frozenset(
    "和于时向高成米万曾路应党段连全钱任边明方常左师管石文车龙项古余毛史游关房宫牛拜章江田解单"
    "尚包司冷易齐戴华汤商顾钟谷查阳盛费毕曲蓝尤欧景郎付迟农祝翁饶柴季席仇涂焦池卞苗桂简符晏苟"
    "巫敖白林金"
    "於時萬應黨連錢邊師車龍項餘遊關宮單齊華湯顧鍾陽費畢藍歐遲農饒塗簡"
)
# Characters that end a number, a unit, a place or a phrase, and do not make a given name.
NOT_GIVEN = frozenset(
    "的了和在就都也又还要说是而之已能更点地个们这那每各其全几多两余来去过上下里内外中间边前后旁"
    "元角分吨斤米亩户名位个次件条项座辆只头套本张双对批份场块层届期部处局厅室科股组队所站院"
    "县乡镇村区市省州街巷港道场厂店楼馆寨沟洼坪营堡屯铺"
    "化性式型制业界率量度费员长者户类"
    "年月日时天周号岁"
    "吗呢吧啊着过得被把将从对与及或且很最太再才便仅曲耶暨"
    "斯尔姆"  # transliterations (乔伊斯, 吉尔曼 …) are no Surname Given names
    "們這個兩幾餘來過裏裡內間邊後噸畝戶條項臺輛隻頭雙對層屆處廳組隊縣鄉鎮區場廠樓館"
    "業員長類歲嗎著過爾"
)


# Surnames read otherwise than as words (曾 Zēng, not céng), in both scripts.
SURNAME_READINGS = {
    "曾": "zeng1", "单": "shan4", "單": "shan4", "解": "xie4", "查": "zha1", "区": "ou1",
    "區": "ou1", "仇": "qiu2", "华": "hua4", "華": "hua4", "朴": "piao2", "盖": "ge3",
    "蓋": "ge3", "缪": "miao4", "繆": "miao4", "覃": "qin2", "翟": "zhai2", "种": "chong2",
    "種": "chong2", "乐": "yue4", "樂": "yue4", "秘": "bi4", "尉迟": "yu4 chi2",
    "尉遲": "yu4 chi2", "长孙": "zhang3 sun1", "長孫": "zhang3 sun1",
}  # fmt: skip
# Given-name characters whose name reading differs from the commoner word reading.
GIVEN_READINGS = {"为": "wei2", "為": "wei2"}


def split_name(word: str) -> tuple[str, str] | None:
    """(surname, given) when `word` has a name's shape, else None: a compound surname wins."""
    if not 2 <= len(word) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return None
    if len(word) >= 3 and word[:2] in COMPOUND_SURNAMES:
        surname = word[:2]
    elif word[0] in SURNAMES and len(word) <= 3:
        surname = word[0]
    else:
        return None
    return surname, word[len(surname) :]


def is_person_name(word: str, is_word: Callable[[str], bool] = lambda _: False) -> bool:
    """True when `word`, which no dictionary holds, is most likely a person's name.

    `is_word` tells whether a piece is a dictionary word; with an ambiguous surname (全, 高,
    金) a given name that is a word (金钥匙, 成大器) or a surname forming a word with the
    next character (龙王庙) means the whole is not a name.
    """
    parts = split_name(word)
    if parts is None:
        return False
    surname, given = parts
    if any(char in NOT_GIVEN or char in surname for char in given):  # 党立党
        return False
    if surname in AMBIGUOUS_SURNAMES:
        return len(given) == 2 and not is_word(given) and not is_word(word[:2])
    return True


def dictionary_surname(entries: Iterable[tuple[str, Sequence[str]]]) -> str | None:
    """The reading a dictionary gives a surname, from (numbered pinyin, definitions) pairs:
    its one capitalised entry with a sense 'surname …' (肖 Xiao1, 卜 Bu3, 曲 Qu1); None when
    it has none or several (翟 Di2 and Zhai2)."""
    found = {
        pinyin.lower()
        for pinyin, definitions in entries
        if pinyin[:1].isupper() and any(d.startswith("surname ") for d in definitions)
    }
    return found.pop() if len(found) == 1 else None


def name_reading(word: str, numbered: str, surname_reading: str | None = None) -> str:
    """Numbered pinyin of a name as Surname Given: `Deng4 Wei2 na4`, `Ou1 yang2 Xiu1`.

    The surname reads as in SURNAME_READINGS, else as `surname_reading` (the dictionary's
    surname entry, see dictionary_surname), else as the running text decided.
    """
    parts = split_name(word)
    syllables = numbered.split()
    if parts is None or len(syllables) != len(word):
        return numbered
    surname, given = parts
    surname_length = len(surname)
    chosen = SURNAME_READINGS.get(surname, surname_reading)
    if chosen is not None and len(chosen.split()) == surname_length:
        syllables[:surname_length] = chosen.split()
    for index, char in enumerate(given, start=surname_length):
        syllables[index] = GIVEN_READINGS.get(char, syllables[index])
    capitals = {0, surname_length}
    return " ".join(
        syllable[:1].upper() + syllable[1:] if index in capitals else syllable.lower()
        for index, syllable in enumerate(syllables)
    )


def is_name_reading(numbered: str) -> bool:
    """True when a stored reading is written as a name (its first syllable capitalised)."""
    return numbered[:1].isupper()


RARE_CHARACTER_FREQUENCY = 3000  # jieba counts: 娜 1054, 菊 786; 说 219817, 表 6017


def join_given_names(
    tokens: list[str], short_names: set[str], frequency: Callable[[str], int]
) -> list[str]:
    """Rejoin a name jieba cut after its second character (邓为 / 娜 / 说 -> 邓为娜 / 说).

    `short_names` are two-character tokens read as names; the next token joins them when it is
    one Han character rare as a word on its own and possible in a given name.
    """
    joined: list[str] = []
    skip = False
    for index, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if (
            token in short_names
            and len(following) == 1
            and "\u4e00" <= following <= "\u9fff"
            and following not in NOT_GIVEN
            and frequency(following) < RARE_CHARACTER_FREQUENCY
        ):
            joined.append(token + following)
            skip = True
        else:
            joined.append(token)
    return joined


def rejoin_known_names(tokens: list[str], names: Container[str]) -> list[str]:
    """Re-cut a three-character name met whole elsewhere in the text where jieba glued its
    last character to the next word or the next word to it (刘一 / 学说 -> 刘一学 / 说,
    刘一学用 -> 刘一学 / 用). `names` are the tokens read as personal names."""
    cut: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if len(token) == 2 and len(following) >= 2 and token + following[0] in names:
            cut += [token + following[0], following[1:]]
            index += 2
            continue
        if len(token) > 3 and token[:3] in names and token not in names:
            cut += [token[:3], token[3:]]
        else:
            cut.append(token)
        index += 1
    return cut


ADMINISTRATIVE_UNITS = frozenset("省市县区镇乡村")
COUNTING = frozenset("一二三四五六七八九十百千万两几各每全等")
"""Numerals, quantifiers and 等: in no place's name before its unit (两市, 各县, 全村, 徐等县:
Xu and other counties)."""
COMMON_WORD_COUNT = 1000  # jieba counts: 进行 54355, 新建 1000; places 平顶山 88, 龙兴 8
WORD_COUNT = 50  # words 市郊 261, 村长, 县级 3647; a unit glued to a name: 镇西 46, 区桂 0


def rejoin_place_names(tokens: list[str], frequency: Callable[[str], int]) -> list[str]:
    """Give a place its unit back where jieba glued the unit to the next place's name
    (龙兴 / 镇西 / 关村 -> 龙兴镇 / 西关村; 香泉 / 镇花 / 屏村 -> 香泉镇 / 花屏村): a
    two-character token starting with a unit, after a Han name of two characters or more,
    whose second character begins a name that ends with a unit within the next two tokens.
    Not after a common word (进行 / 市域 / 城镇: no place is named 进行), nor where the
    glued token is a word jieba counts often (平顶山 / 市郊 / 薛庄乡; 刘伟 / 村长 / 进村, a
    name and a title); this leaves 新建 / 区长 / 堎镇 as it is. `frequency` is jieba's count
    of a word."""
    cut: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        previous = cut[-1] if cut else ""
        match = None
        if (
            len(token) == 2
            and token[0] in ADMINISTRATIVE_UNITS
            and len(previous) >= 2
            and _all_han(previous)
            and previous[-1] not in ADMINISTRATIVE_UNITS
            and frequency(previous) < COMMON_WORD_COUNT
            and frequency(token) < WORD_COUNT
        ):
            joined = token[1]
            for end in range(index + 1, min(index + 3, len(tokens))):
                following = tokens[end]
                if not _all_han(following) or len(joined) + len(following) > 4:
                    break
                joined += following
                if following[-1] in ADMINISTRATIVE_UNITS:
                    match = (joined, end + 1)
                    break
        if match is None:
            cut.append(token)
            index += 1
            continue
        cut[-1] = previous + token[0]
        cut.append(match[0])
        index = match[1]
    return cut


def is_place_name(word: str, is_word: Callable[[str], bool]) -> bool:
    """True when `word`, which no dictionary holds, is a place's name and unit (龙兴镇, 西关村,
    桂花园乡, 信都区): before the unit, a name of two characters or more that is no word.
    Common nouns read as words do not count (贫困村, 示范村: a word before the unit; 进社区,
    小城镇, 技术开发区: a word at the end); nor do places named by a common word (胜利村), which
    stay as they were."""
    if len(word) < 3 or word[-1] not in ADMINISTRATIVE_UNITS or not _all_han(word):
        return False
    name = word[:-1]
    if name[-1] in ADMINISTRATIVE_UNITS or any(c in COUNTING for c in name):
        return False  # 沪、深两市; 占四村人口 (a cut across words)
    if len(word) > 3 and is_word(word[-3:]):
        return False  # a kind of place, not its name: 技术开发区, 瑶族自治县
    return not is_word(name) and not is_word(word[-2:])


def place_reading(word: str, numbered: str) -> str:
    """Numbered pinyin of a place's name, capitalised (Long2 xing1 zhen4), with 都 read dū as
    in every place name (信都区 Xin4 du1 qu1)."""
    syllables = numbered.split(" ")
    if len([s for s in syllables if s]) != len(word):
        return numbered
    characters = iter(word)
    written = []
    for syllable in syllables:
        if syllable and next(characters) == "都" and syllable.lower() == "dou1":
            syllable = "du1"
        written.append(syllable)
    first = next(k for k, syllable in enumerate(written) if syllable)
    written[first] = written[first][:1].upper() + written[first][1:]
    return " ".join(written)


def _all_han(token: str) -> bool:
    return bool(token) and all("\u3400" <= c <= "\u9fff" for c in token)

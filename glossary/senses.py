"""Which sense comes first: the one the displayed reading means, from a main entry.

CC-CEDICT gives a headword one line per reading and per traditional form, in no useful
order: 说 starts with shuì "to persuade", 和 with "old variant of 和", 个 with "used in 自個兒".
`order_senses` puts first the entries whose reading is the one shown in the text, then main
entries before variant, cross-reference and surname lines, so the gloss panel, `--gloss`,
`lookup --json`, the term dialog, `glossary add` and exports all agree on one sense.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from glossary.lookup import Reading
from glossary.reading_rules import DEFAULTS

# Out of context, the reading a learner most likely met (干 gàn 'to do', not gān 'dry').
LOOKUP_DEFAULTS = {"干": "gan4", "得": "de2", "地": "di4", "着": "zhe5", "长": "chang2"}

_MINOR = re.compile(
    r"^\s*(?:\(\w+\)\s*)?(?:(?:old |ancient |archaic |unofficial |obscure |erroneous )?"
    r"variant of |used in |see |see also |abbr\. for [^\s]+\[|surname |\(old\) variant)",
    re.IGNORECASE,
)


def is_minor(reading: Reading) -> bool:
    """True for an entry whose every definition only points elsewhere or names a surname."""
    return bool(reading.definitions) and all(_MINOR.match(d) for d in reading.definitions)


# Where simplification merged characters, the traditional form of the sense met in running
# text (里 'inside' is 裡, not the unit of length 里; 后 'after' is 後, not 'empress').
PREFERRED_TRADITIONAL = {
    "里": "裡", "后": "後", "只": "隻", "面": "面", "发": "發", "干": "幹", "台": "臺",
    "云": "雲", "复": "復", "历": "歷", "范": "範", "准": "準", "制": "製", "尽": "盡",
    "余": "餘", "松": "鬆", "钟": "鐘", "系": "係", "征": "徵", "冲": "衝", "汇": "匯",
}  # fmt: skip


def reads_as(entry: str, shown: str) -> bool:
    """True when a dictionary entry's reading is the reading shown, case aside; an entry's
    light tone matches the toned syllable shown (知识 zhi1 shi5 is shown zhi1 shi2, see
    readings.lexical_tones)."""
    ours, theirs = entry.lower().split(), shown.lower().split()
    return len(ours) == len(theirs) and all(
        a == b or (a[-1:] == "5" and a[:-1] == b[:-1]) for a, b in zip(ours, theirs, strict=True)
    )


def _variant_character(reading: Reading, readings: Sequence[Reading]) -> bool:
    """An entry for a rare traditional character that calls itself a variant of another
    entry's form (秊: 'grain; variant of 年'), unlike 了, a form of the word itself."""
    if reading.traditional == reading.simplified:
        return False
    others = {r.traditional for r in readings if r is not reading}
    return any(_MINOR.match(d) and any(form in d for form in others) for d in reading.definitions)


def is_surname(reading: Reading) -> bool:
    return any(d.lower().startswith("surname ") for d in reading.definitions)


def default_reading(word: str, readings: Sequence[Reading]) -> str:
    """The reading to assume for a word seen out of context (a lookup): a glossary term's,
    a function character's usual one (说 shuo1), else the first main common entry's."""
    if not readings:
        return ""
    if readings[0].is_glossary:
        return readings[0].pinyin
    usual = LOOKUP_DEFAULTS.get(word, DEFAULTS.get(word))
    if usual is not None and any(r.pinyin.lower() == usual for r in readings):
        return usual
    ordered = sorted(
        readings, key=lambda r: (r.pinyin != r.pinyin.lower(), is_minor(r), _has_one_sense(r))
    )
    return ordered[0].pinyin


def _has_one_sense(reading: Reading) -> bool:
    """Among main entries, prefer the fuller one (说 shuo1 over shui4 'to persuade')."""
    return len(reading.definitions) <= 1


def order_senses(readings: Sequence[Reading], shown: str | None = None) -> tuple[Reading, ...]:
    """Readings with the primary sense first (see the module docstring); stable otherwise.

    Glossary terms stay ahead of CC-CEDICT. A surname comes first only when the reading
    shown is capitalised (a name, as in 'Deng4').
    """
    if not readings:
        return ()
    shown_reading = (shown or "").strip()
    name_shown = bool(shown_reading) and shown_reading[:1].isupper()
    lowered = " ".join(shown_reading.lower().split())

    def key(
        item: tuple[int, Reading],
    ) -> tuple[bool, bool, bool, bool, bool, bool, bool, int, int]:
        index, reading = item
        matches = not shown_reading or reads_as(reading.pinyin, shown_reading)
        same_tones = " ".join(reading.pinyin.lower().split()) == lowered  # 东西 xi1 vs xi5
        exact_case = reading.pinyin == shown_reading
        surname = is_surname(reading)
        # main entries first; a surname only when a name is shown (张 in 张烁: surname Zhang)
        demoted = (is_minor(reading) or surname) and not (surname and name_shown)
        return (
            not reading.is_glossary,
            not matches,
            not same_tones,
            demoted,
            not exact_case,
            _variant_character(reading, readings),
            PREFERRED_TRADITIONAL.get(reading.simplified) != reading.traditional,
            -sum(map(len, reading.definitions)),  # the fuller main entry: 隻 before 秖
            index,
        )

    return tuple(reading for _, reading in sorted(enumerate(readings), key=key))


def primary_sense(readings: Sequence[Reading], shown: str | None = None) -> Reading | None:
    """The entry to show, prefill and export first for a word read as `shown`."""
    ordered = order_senses(readings, shown)
    return ordered[0] if ordered else None


def main_traditional(readings: Sequence[Reading], word: str, shown: str | None = None) -> list[str]:
    """Traditional forms for the panel header: from main entries only (年, not 秊), and from
    those of the reading shown when there are any (了 le, not 瞭 liǎo)."""
    main = [r for r in readings if not is_minor(r) and not _variant_character(r, readings)] or list(
        readings
    )
    if shown:
        main = [r for r in main if reads_as(r.pinyin, shown)] or main
    return sorted({r.traditional for r in main if r.traditional != word})

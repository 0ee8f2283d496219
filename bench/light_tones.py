"""Build glossary/light_tones.tsv: the tone a CC-CEDICT light syllable stands for, where
spelling alone cannot say (服 is fú or fù in 衣服 yī fu).

For every CC-CEDICT word with a light syllable on a character whose readings differ only in
tone, two independent sources are asked: pypinyin's phrase dictionary and g2pM reading the
word alone. Where both give the same toned reading it goes in the table; elsewhere the
light tone stays. The app reads the table, so it loads neither source for this.

`python bench/light_tones.py` rewrites the table; `--check` says whether it is up to date
(tests/test_readings.py checks it too). REVIEWED_WRONG holds the agreements a review of the
whole table found wrong: the light tone stays on those.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
TABLE = ROOT / "glossary" / "light_tones.tsv"
HEADER = (
    "# The tone a CC-CEDICT light syllable stands for where the character's readings differ\n"
    "# only in tone, by agreement of pypinyin's phrases and g2pM (bench/light_tones.py).\n"
    "# word<TAB>index of the character<TAB>numbered syllable\n"
)
# Both sources agree, and both are wrong: 当 in these adjectives is dàng (妥当 tuǒdang),
# 分 in 福分 is fèn (a share), 泡 in 尿泡 is pāo (a bladder), 量 in 打量 is liáng (to measure).
REVIEWED_WRONG = frozenset(
    [("稳当", 1), ("顺当", 1), ("停当", 1), ("行当", 1), ("福分", 1), ("生分", 1), ("尿泡", 1),
     ("打量", 1)]
)  # fmt: skip


def agreed_light_tones(database: object) -> dict[tuple[str, int], str]:
    """(word, index) -> the toned syllable both sources give, for every such light syllable."""
    from pypinyin_phrases import phrase_syllables

    from db.dictionary import light_tone_words
    from glossary.lookup import Dictionary
    from glossary.polyphone_model import Query, model
    from glossary.segment import light_syllable_requests

    dictionary = Dictionary(database)  # type: ignore[arg-type]
    requests = light_syllable_requests(dictionary, light_tone_words(database))  # type: ignore[arg-type]
    candidates = {}
    for word, index, toned in requests:
        written = phrase_syllables(word, index) & set(toned)
        if len(written) == 1 and (word, index) not in REVIEWED_WRONG:
            candidates[word, index] = (next(iter(written)), toned)
    loaded = model()
    if loaded is None:
        return {}
    keys = sorted(candidates)
    answers = loaded.choose(
        [Query(word, index, candidates[word, index][1]) for word, index in keys]
    )
    return {
        key: answer
        for key, answer in zip(keys, answers, strict=True)
        if answer == candidates[key][0]
    }


def table_text(agreed: dict[tuple[str, int], str]) -> str:
    lines = [f"{word}\t{index}\t{syllable}" for (word, index), syllable in sorted(agreed.items())]
    return HEADER + "\n".join(lines) + "\n"


def main() -> None:
    from generated_table import table_tool

    table_tool(
        TABLE, HEADER, lambda database: table_text(agreed_light_tones(database)), "light_tones.py"
    )


if __name__ == "__main__":
    main()

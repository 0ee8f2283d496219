"""Build glossary/phrase_readings.tsv: what pypinyin's phrase dictionary writes for each
character a second opinion may change (glossary.second_opinion.open_positions) in every
CC-CEDICT word, so that the app never loads pypinyin's 47,000 phrases.

`python bench/phrase_readings.py` rewrites the table; `--check` says whether it is up to date
(tests/test_readings.py checks it too).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
HEADER = (
    "# What pypinyin's phrases write for the characters a second opinion may change, in\n"
    "# CC-CEDICT's words (bench/phrase_readings.py).\n"
    "# word<TAB>index of the character<TAB>numbered syllables, comma-separated\n"
)


def table_text(database: object) -> str:
    from pypinyin_phrases import phrase_syllables

    from db.dictionary import headwords
    from glossary.second_opinion import open_positions

    lines = []
    for word in headwords(database):  # type: ignore[arg-type]
        for index in open_positions(word):
            written = phrase_syllables(word, index)
            if written:
                lines.append(f"{word}\t{index}\t{','.join(sorted(written))}")
    return HEADER + "\n".join(lines) + "\n"


def main() -> None:
    from generated_table import table_tool

    from glossary.second_opinion import PHRASE_TABLE

    table_tool(PHRASE_TABLE, HEADER, table_text, "phrase_readings.py")


if __name__ == "__main__":
    main()

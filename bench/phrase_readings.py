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
    import argparse
    import tempfile

    from db import open_db
    from glossary.cedict import ensure_dictionary
    from glossary.second_opinion import PHRASE_TABLE

    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = open_db(Path(folder) / "phrases.db")
        ensure_dictionary(database)
        text = table_text(database)
        database.close()
    if args.check:
        same = PHRASE_TABLE.read_text(encoding="utf-8") == text
        print("up to date" if same else "out of date: run python bench/phrase_readings.py")
        sys.exit(0 if same else 1)
    PHRASE_TABLE.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - HEADER.count(chr(10))} entries written to {PHRASE_TABLE}")


if __name__ == "__main__":
    main()

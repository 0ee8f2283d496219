"""Polyphone accuracy on the CPP dev split, whole pipeline (cut, dictionary, rules, model).

`python bench/polyphones.py [--no-model] [--errors N]` prints the accuracy and, optionally,
errors per character. Used by bench/run.py for `polyphone_accuracy_cpp_dev_cv`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CPP_DEV = ROOT.parent / "shared" / "benchmarks" / "cpp-dev"
MARK = "\u2581"


def load_cpp_dev() -> list[tuple[str, int, str]]:
    """(sentence, position of the labelled character, gold numbered reading)."""
    sentences = (CPP_DEV / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (CPP_DEV / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for sentence, label in zip(sentences, labels, strict=True):
        position = sentence.index(MARK)
        items.append((sentence.replace(MARK, ""), position, label.strip()))
    return items


def predict(annotator: object, items: list[tuple[str, int, str]], batch: int = 256) -> list[str]:
    """The pipeline's syllable for each labelled character."""
    return [syllable for syllable, _, _ in locate(annotator, items, batch)]


def locate(
    annotator: object, items: list[tuple[str, int, str]], batch: int = 256
) -> list[tuple[str, str, int]]:
    """For each labelled character: the pipeline's syllable, the token holding it and the
    character's offset in that token."""
    found = []
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        cuts = annotator.cut_many([text for text, _, _ in chunk])  # type: ignore[attr-defined]
        for (_, position, _), cut in zip(chunk, cuts, strict=True):
            begin = 0
            for token, reading in zip(cut.tokens, cut.readings, strict=True):
                if begin <= position < begin + len(token):
                    syllables = reading.split()
                    offset = position - begin
                    if len(syllables) == len(token):
                        found.append((syllables[offset].lower(), token, offset))
                    else:
                        found.append((syllables[0].lower() if syllables else "", token, offset))
                    break
                begin += len(token)
    return found


def error_kinds(
    annotator: object, items: list[tuple[str, int, str]], located: list[tuple[str, str, int]]
) -> Counter[str]:
    """The errors by where the reading came from, and, for words, which side pypinyin's phrase
    dictionary (an independent source) takes: `dictionary word, pypinyin agrees with us`
    counts errors where CPP's label disagrees with two dictionaries."""
    from pypinyin_phrases import phrase_syllables

    tokens = sorted({token for _, token, _ in located})
    readings = annotator.dictionary.readings_for(tokens)  # type: ignore[attr-defined]
    kinds: Counter[str] = Counter()
    for (syllable, token, offset), (_, _, gold) in zip(located, items, strict=True):
        if syllable == gold:
            continue
        if len(token) == 1:
            kinds["single character"] += 1
            continue
        distinct = {r.pinyin.lower() for r in readings.get(token, ())}
        kind = "dictionary word" if len(distinct) == 1 else "word read in context"
        written = phrase_syllables(token, offset)
        if syllable in written and gold not in written:
            side = "pypinyin agrees with us"
        elif gold in written and syllable not in written:
            side = "pypinyin agrees with CPP"
        else:
            side = "pypinyin silent"
        kinds[f"{kind}, {side}"] += 1
    return kinds


def cross_validated(
    predicted: dict[float, list[str]], gold: list[str], folds: int
) -> list[tuple[float, float]]:
    """Per interleaved held-out fold: the setting (of those `predicted` was made with) that
    scores best on the other folds, and the accuracy it gets on the held-out one."""
    results = []
    for fold in range(folds):
        held = [k for k in range(len(gold)) if k % folds == fold]
        rest = [k for k in range(len(gold)) if k % folds != fold]

        def score(setting: float, indexes: list[int]) -> float:
            return sum(predicted[setting][k] == gold[k] for k in indexes) / len(indexes)

        best = max(predicted, key=lambda setting: score(setting, rest))
        results.append((best, score(best, held)))
    return results


def main() -> None:
    import argparse

    from db import open_db
    from glossary.cedict import ensure_dictionary
    from glossary.segment import Annotator
    from glossary.terms import sync_builtin_pack

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/cpp-bench.db")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    database = open_db(Path(args.db))
    ensure_dictionary(database)
    sync_builtin_pack(database)  # as every command and the app do on open
    annotator = Annotator(database)
    annotator.decider.use_model = not args.no_model
    items = load_cpp_dev()
    import time

    start = time.perf_counter()
    located = locate(annotator, items)
    seconds = time.perf_counter() - start
    predicted = [syllable for syllable, _, _ in located]
    right = sum(p == gold for p, (_, _, gold) in zip(predicted, items, strict=True))
    print(f"accuracy {right / len(items):.4f}  ({seconds:.1f} s)")
    if args.errors:
        wrong: Counter[str] = Counter()
        for p, (text, position, gold) in zip(predicted, items, strict=True):
            if p != gold:
                wrong[text[position]] += 1
        print(wrong.most_common(args.errors))
        for kind, count in sorted(error_kinds(annotator, items, located).items()):
            print(f"{count:5d}  {kind}")


if __name__ == "__main__":
    main()


SEED_LIST = ROOT / "tests" / "data" / "seed_readings.tsv"
SEEDS = ROOT.parent / "shared" / "seeds"


def seed_function_words(annotator: object, seeds: Path = SEEDS) -> list[tuple[str, str, str]]:
    """(expected, shown, context) for each hand-checked occurrence in tests/data."""
    expected: dict[str, dict[int, tuple[str, str, str]]] = {}
    for line in SEED_LIST.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, offset, char, reading, context = line.split("\t")
        expected.setdefault(name, {})[int(offset)] = (char, reading, context)
    results = []
    for name, wanted in sorted(expected.items()):
        text = (seeds / name).read_text(encoding="utf-8")
        lines = text.split("\n")
        cuts = annotator.cut_many(lines)  # type: ignore[attr-defined]
        shown: dict[int, str] = {}
        offset = 0
        for line, cut in zip(lines, cuts, strict=True):
            position = offset
            for token, reading in zip(cut.tokens, cut.readings, strict=True):
                syllables = reading.split()
                for k in range(len(token)):
                    shown[position + k] = (
                        syllables[k].lower() if len(syllables) == len(token) else "?"
                    )
                position += len(token)
            offset += len(line) + 1
        for where, (char, reading, context) in sorted(wanted.items()):
            assert text[where] == char, (name, where)
            results.append((reading, shown.get(where, "?"), context))
    return results

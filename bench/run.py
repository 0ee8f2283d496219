"""Benchmarks: `python bench/run.py [--quick] [NAME...]`.

Prints one line per figure, `name<TAB>value<TAB>unit`, and writes them to bench/results.json.
Nothing here asserts a timing; CI runs `--quick` as a smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

Figure = tuple[str, float, str]
BENCHMARKS: dict[str, Callable[[bool, Path], list[Figure]]] = {}


def benchmark(
    function: Callable[[bool, Path], list[Figure]],
) -> Callable[[bool, Path], list[Figure]]:
    BENCHMARKS[function.__name__] = function
    return function


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@contextmanager
def built_database(workdir: Path) -> Iterator[Path]:
    """A database file with the dictionary built, shared by the benchmarks of one run."""
    from db import open_db
    from glossary.cedict import ensure_dictionary

    path = workdir / "bench.db"
    if not path.exists():
        database = open_db(path)
        ensure_dictionary(database)
        database.close()
    yield path


def seed_texts() -> list[str]:
    """The seeds if present, else the demo articles shipped with the package."""
    if SEEDS.is_dir():
        files = sorted(SEEDS.iterdir())
    else:
        files = sorted((ROOT / "reader" / "demo").iterdir())
    return [f.read_text(encoding="utf-8") for f in files if f.is_file()]


# --- foundation ----------------------------------------------------------------------------


@benchmark
def dictionary(quick: bool, workdir: Path) -> list[Figure]:
    from db import open_db
    from glossary.cedict import load_dictionary_file, shipped_dictionary_path
    from glossary.lookup import Dictionary

    path = workdir / "dict-build.db"
    database = open_db(path)
    start = time.perf_counter()
    load_dictionary_file(database, shipped_dictionary_path())
    build = time.perf_counter() - start
    from db.dictionary import find_exact

    repeat = 200 if quick else 5000
    words = ["行", "党员", "干部", "群众", "國家"]
    exact = median_seconds(lambda: [find_exact(database, w) for w in words], repeat) / len(words)
    dictionary = Dictionary(database)
    dictionary.lookup("党支部")  # pypinyin loads once, outside the measurement
    breakdown = median_seconds(lambda: dictionary.lookup("村两委员"), repeat // 5)
    database.close()
    return [
        ("dict_build", build, "s"),
        ("exact_lookup_median", exact * 1e6, "us"),
        ("lookup_4char_unknown_median", breakdown * 1e3, "ms"),
    ]


@benchmark
def cli_lookup(quick: bool, workdir: Path) -> list[Figure]:
    with built_database(workdir) as path:
        command = [sys.executable, "-m", "reader", "lookup", "--db", str(path), "行"]
        subprocess.run(command, check=True, capture_output=True)  # warm the OS caches
        runs = 3 if quick else 10
        seconds = median_seconds(
            lambda: subprocess.run(command, check=True, capture_output=True), runs
        )
    return [("cli_lookup_process", seconds, "s")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI smoke run)")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)}")
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results: dict[str, dict[str, float | str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ZHREADER_CACHE"] = str(Path(folder) / "cache")
        for name in args.names or list(BENCHMARKS):
            for figure, value, unit in BENCHMARKS[name](args.quick, Path(folder)):
                print(f"{figure}\t{value:.4g}\t{unit}", flush=True)
                results[figure] = {"value": value, "unit": unit}
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

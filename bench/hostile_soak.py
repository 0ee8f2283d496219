"""Soak variants of tests/test_bad_input.py: full-size hostile imports through the real CLI,
each under a 512 MB address-space limit and a timeout, whole process, timed from outside.

    .venv/bin/python bench/hostile_soak.py

The suite keeps the fast versions (the Markdown parser alone on 800 KB, 200 KB imports).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT = 512 * 1024 * 1024
ZHREADER = str(Path(sys.executable).with_name("zhreader"))
BODY = "第一书记来到村里，和村民一起修路。"

INPUTS = {
    "800 KB of `中 _文` (import)": ("q.md", "中 _文 " * 160_000 + "\n\n" + BODY),
    "300,000 × 中 in one run (jieba's HMM)": ("run.txt", "中" * 300_000),
    "800 KB of `*中`": ("a.md", "*中" * 400_000 + "\n\n" + BODY),
    "800 KB of unclosed `[`": ("b.md", "[中文" * 270_000 + "\n\n" + BODY),
    "200,000 unclosed <p>": ("p.html", "<p>第一书记。" + "<p>中" * 200_000),
}


def limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "soak.db"
        for label, (name, text) in INPUTS.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            started = time.monotonic()
            process = subprocess.run(
                [ZHREADER, "--db", str(db), "import", str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                preexec_fn=limit,
            )
            seconds = time.monotonic() - started
            last = (process.stdout.strip().splitlines() or [process.stderr.strip()])[-1]
            print(f"{label}: exit {process.returncode} in {seconds:.1f} s (512 MB): {last}")


if __name__ == "__main__":
    main()

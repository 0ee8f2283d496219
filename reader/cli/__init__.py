"""The `zhreader` command line: thin commands that parse input, call the core and print.

Commands live in one module per group; `--db` and the error boundary in `base`.
"""

from __future__ import annotations

from reader.cli import dictionary, library, study, terms, words
from reader.cli.root import cli

__all__ = ["cli", "dictionary", "library", "main", "study", "terms", "words"]


def main() -> None:
    cli(prog_name="zhreader")

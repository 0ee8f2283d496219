"""The one error root of zhreader, at the bottom layer so every layer can raise it."""

from __future__ import annotations


class ZhreaderError(Exception):
    """A problem the user can cause or act on. Its text is one clear line, shown as it is:
    `error: …` with exit status 1 in the CLI, a notification in the TUI."""

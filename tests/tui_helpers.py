"""Helpers for Pilot tests: read what widgets paint, as plain text."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def painted_text(widget: Widget) -> str:
    """The text a widget currently paints, row by row (what the user sees in it)."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)

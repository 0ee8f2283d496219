"""Helpers for Pilot tests: open the flood story, wait for writes, read what widgets paint."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from reader.ui.screens.reading import ReadingScreen


def painted_text(widget: Widget) -> str:
    """The text a widget currently paints, row by row (what the user sees in it)."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)


async def open_flood_story(pilot) -> ReadingScreen:  # type: ignore[no-untyped-def]
    """From the demo library, open the third article (洪水来临的那一夜)."""
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


async def settle(pilot, rounds: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Wait for writes (they run on the store thread) and the messages they post; more
    rounds when a write starts further work, such as a background re-cut."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

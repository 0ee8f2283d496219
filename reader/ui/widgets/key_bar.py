"""A one-line bar of the main keys: one widget, so opening a screen stays fast.

Textual's Footer mounts a widget per key, and restyling them cost more than painting the
whole article; this renders the same hints as one Text.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

HELP_BINDING_ID = "app.help"
SEPARATOR = "  "
KEY_STYLE = Style(bold=True, color="#ffa62b")


def fit_keys(keys: list[tuple[str, str]], pinned: tuple[str, str] | None, width: int) -> Text:
    """`key description` pairs in order, then `pinned` (the help key), in `width` cells.

    When they do not fit, whole pairs are dropped from the end of `keys` (the bindings are
    listed most important first), never the pinned one and never half a pair, so `? Help`
    always shows and leads to the rest.
    """
    shown = list(keys)
    tail = [pinned] if pinned is not None else []

    def cells(pairs: list[tuple[str, str]]) -> int:
        used = sum(cell_len(key) + 1 + cell_len(description) for key, description in pairs)
        return used + cell_len(SEPARATOR) * max(len(pairs) - 1, 0)

    while shown and width > 0 and cells(shown + tail) > width:  # 0: not laid out yet
        shown.pop()
    text = Text(no_wrap=True, overflow="ellipsis")
    for key, description in shown + tail:
        if text:
            text.append(SEPARATOR)
        text.append(key, KEY_STYLE)
        text.append(f" {description}")
    return text


class KeyBar(Static):
    """Shows `key description` for every binding marked show=True on this screen, as many
    as the width allows, with `? Help` always last."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh_keys())
        self.call_after_refresh(self.refresh_keys)

    def on_resize(self) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        keys: list[tuple[str, str]] = []
        pinned: tuple[str, str] | None = None
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            identity = binding.id or binding.action
            if not binding.show or not binding.description or identity in seen:
                continue
            seen.add(identity)
            pair = (binding.key_display or self.app.get_key_display(binding), binding.description)
            if binding.id == HELP_BINDING_ID:
                pinned = pair
            else:
                keys.append(pair)
        self.update(fit_keys(keys, pinned, self.size.width))

"""A one-line bar of the main keys: one widget, so opening a screen stays fast.

Textual's Footer mounts a widget per key, and restyling them cost more than painting the
whole article; this renders the same hints as one Text.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static


class KeyBar(Static):
    """Shows `key description` for every binding marked show=True on this screen."""

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

    def refresh_keys(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        key_style = Style(bold=True, color="#ffa62b")
        for active in self.screen.active_bindings.values():
            binding = active.binding
            identity = binding.id or binding.action
            if not binding.show or not binding.description or identity in seen:
                continue
            seen.add(identity)
            if text:
                text.append("  ")
            text.append(binding.key_display or self.app.get_key_display(binding), key_style)
            text.append(f" {binding.description}")
        self.update(text)

"""The whole keymap in one scrollable table (`?`), so nobody has to guess a key."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from shiftboard.domain.text import visible
from shiftboard.tui.safe import literal

KEY_NAMES = {
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "space": "space",
}


def literal_cell(text: str, style: str = "") -> Text:
    """A DataTable cell shown literally: DataTable parses a `str` as markup and cannot measure a `Content`."""
    return Text(visible(text), style=style, no_wrap=True)


def key_words(keys: str) -> str:
    """`left,h` → `← / h`: Textual key names as a person reads them."""
    return " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def keymap_rows(bindings: Iterable[tuple[str, str] | Binding]) -> list[tuple[str, str]]:
    """(key, what it does) for each binding; a Binding's tooltip says more than its short description."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            rows.append((key_words(binding.key), binding.tooltip or binding.description))
        else:
            rows.append((key_words(binding[0]), binding[1]))
    return rows


class HelpScreen(Screen[None]):
    """Every key and what it does; escape or ? closes."""

    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark", "close", "Close", id="help.close")]

    def __init__(self, bindings: Iterable[tuple[str, str] | Binding]) -> None:
        super().__init__()
        self.rows = keymap_rows(bindings)

    def compose(self) -> ComposeResult:
        yield Static(literal("Keys — ↑↓ PgUp PgDn scroll · esc or ? close"), classes="title-bar")
        yield DataTable(id="keys", zebra_stripes=True, cursor_type="none")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns(literal_cell("key"), literal_cell("action"))
        for key, description in self.rows:
            table.add_row(literal_cell(key, "bold"), literal_cell(description))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)

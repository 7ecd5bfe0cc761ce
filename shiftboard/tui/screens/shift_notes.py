"""The shift notes sign-off produced: handed over, kept, closed, carried over, each item once.

Shown after `S` on the checklist. The colleague's shift has ended, so `u` signs them out (the
shared terminal is the next colleague's); `escape` goes back to the board.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from shiftboard.domain.shiftchange import ShiftNotes, notes_lines
from shiftboard.tui.safe import literal

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp


class ShiftNotesScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("shift_notes.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "sign_out", "Sign out", id="notes.sign-out", tooltip="Sign out: the terminal is free"),
        Binding("escape", "back", "Back to the board", id="notes.back"),
    ]

    def __init__(self, notes: ShiftNotes) -> None:
        super().__init__()
        self.notes = notes

    @property
    def board_app(self) -> ShiftboardApp:
        return cast("ShiftboardApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Shift notes — {self.notes.user}, signed off"), classes="title-bar")
        with VerticalScroll(id="notes"):
            desk = self.board_app.desk
            ack_within = timedelta(minutes=desk.settings().ack_within_minutes)
            for line in notes_lines(self.notes, desk.clock.tz, ack_within, title="Your shift"):
                yield Static(literal(line.strip()), classes="note-item" if line.startswith("  ") else "note-heading")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notes", VerticalScroll).focus()

    def action_sign_out(self) -> None:
        self.board_app.lock()

    def action_back(self) -> None:
        self.dismiss(None)

"""The handovers behind a figure of the review (its drill-down): `enter` opens one's detail."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from shiftboard.domain.models import Handover
from shiftboard.services import Desk
from shiftboard.tui.safe import literal
from shiftboard.tui.widgets.handover_table import HandoverTable


class HandoverListScreen(Screen[None]):
    """A titled table of handovers, each with how it counted; escape goes back."""

    CSS_PATH = Path(__file__).with_name("handover_list.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Detail", key_display="⏎", priority=True, id="list.open"),
        Binding("escape", "back", "Back", id="list.back"),
    ]

    def __init__(self, desk: Desk, title: str, rows: list[tuple[Handover, str]], *, note: str) -> None:
        super().__init__()
        self.desk = desk
        self.title_text = title
        self.rows = rows
        self.note = note

    def compose(self) -> ComposeResult:
        yield Static(literal(self.title_text), classes="title-bar")
        yield Static(id="list-summary")
        yield HandoverTable(note=self.note, id="handovers")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(HandoverTable)
        table.show(self.rows, self.desk.clock.tz)
        count = len(self.rows)
        words = f"{count} handover{'s' if count != 1 else ''}" + (" · ⏎ opens one in full" if count else "")
        self.query_one("#list-summary", Static).update(literal(words))
        table.focus()

    def action_open(self) -> None:
        table = self.query_one(HandoverTable)
        if table.row_count:
            table.action_select_cursor()

    def on_handover_table_open(self, message: HandoverTable.Open) -> None:
        from shiftboard.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(message.handover.id, handover=message.handover))

    def action_back(self) -> None:
        self.dismiss(None)

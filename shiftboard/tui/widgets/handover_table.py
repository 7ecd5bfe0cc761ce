"""A table of handovers, one row each, for the history search and a review figure's drill-down.

A DataTable is virtual (only the rows in sight are drawn), so hundreds of results cost what a
screenful does. Customers show as initials and reference, as on the board in privacy mode;
`enter` on a row asks the screen to open that handover's detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from textual.message import Message
from textual.widgets import DataTable

from shiftboard.domain.lifecycle import STATUS_WORDS
from shiftboard.domain.models import Handover
from shiftboard.domain.status import SYMBOLS, customer_label
from shiftboard.tui.screens.help import literal_cell

SUMMARY_CELLS = 60


class HandoverTable(DataTable[object]):
    """Rows of handovers keyed by id; `note` is a column of how each one counted (a drill-down)."""

    class Open(Message):
        """The person chose a handover to see in full."""

        def __init__(self, handover: Handover) -> None:
            super().__init__()
            self.handover = handover

    def __init__(self, *, note: str = "", id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.note_heading = note
        self.handovers: dict[str, Handover] = {}

    def show(self, rows: Iterable[tuple[Handover, str]], tz: tzinfo) -> None:
        """Replace the rows: each handover with its note (ignored when the table has no note column)."""
        self.clear(columns=True)
        headings = ["id", *([self.note_heading] if self.note_heading else []), "status", "from → to", "customer"]
        self.add_columns(*(literal_cell(heading) for heading in [*headings, "handed over", "closed", "summary"]))
        self.handovers = {}
        for handover, note in rows:
            self.handovers[handover.id] = handover
            closed = handover.closed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if handover.closed_at else ""
            cells = [
                literal_cell(handover.id, "bold"),
                *([literal_cell(note)] if self.note_heading else []),
                literal_cell(f"{SYMBOLS[handover.status]} {STATUS_WORDS[handover.status]}"),
                literal_cell(f"{handover.from_} → {handover.to}"),
                literal_cell(customer_label(handover, privacy=True)),
                literal_cell(handover.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
                literal_cell(closed),
                literal_cell(" ".join(handover.summary.split())[:SUMMARY_CELLS]),
            ]
            self.add_row(*cells, key=handover.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        handover = self.handovers.get(str(event.row_key.value))
        if handover is not None:
            self.post_message(self.Open(handover))

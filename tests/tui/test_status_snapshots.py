"""Snapshots, reviewed by eye: the selected card in each status under NO_COLOR and the high-contrast theme.

The card is selected in its holder's column at 80×24; what must show is its id, priority, status symbol
and word (and markers), all readable on the cursor — with NO_COLOR the priority and status used to be
white on white."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp

from .board_helpers import board_of, settle
from .conftest import NARROW
from .test_readable import every_status

# status -> (card, the column holding it)
CARDS = {
    "awaiting-ack": ("H-1009", "alice"),
    "awaiting-ack-late": ("H-1003", "alice"),
    "acknowledged": ("H-1002", "alice"),
    "query": ("H-1005", "carol"),
    "done-verify": ("H-1004", "carol"),
    "unable": ("H-1008", "carol"),
    "taken-back": ("H-1010", "alice"),
    "overdue-flagged": ("H-1006", "bob"),
}


@pytest.mark.parametrize("theme", ["no-color", "high-contrast"])
@pytest.mark.parametrize("status", list(CARDS))
def test_the_selected_card_reads_in_every_status(  # type: ignore[no-untyped-def]
    board_desk: Desk, board_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, snap_compare, status: str, theme: str
) -> None:
    every_status(board_desk, board_clock)
    if theme == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    hid, holder = CARDS[status]

    async def select(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, ShiftboardApp)
        if theme == "high-contrast":
            app.theme = "shiftboard-high-contrast"
        await settle(pilot)
        board = board_of(app)
        board.select_column(board.column_keys.index(holder))
        await settle(pilot)
        assert board.columns[board.current_index].select(hid)
        board.selected_id = hid
        app.clear_notifications()
        await settle(pilot)

    assert snap_compare(ShiftboardApp(board_desk, "alice", bell=False), terminal_size=NARROW, run_before=select)

"""Handing a card on from the board (`r` on a card you hold): the same card reassigned, a handover note
required, the sender told; and a shift's name, which a supervisor typed, shown literally."""

from __future__ import annotations

from collections.abc import Callable

from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.screens.prompts import ReassignPrompt, TextPrompt
from shiftboard.tui.widgets.header import BoardHeader

from .board_helpers import board_of, notes, select_card, settle
from .conftest import NARROW, WIDE

MakeApp = Callable[..., ShiftboardApp]
MARKUP_SHIFT = "[@click=app.quit]Early[/]"


async def test_r_on_a_card_you_hold_hands_it_on_with_a_note(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")  # bob sent it; alice holds it, acknowledged
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReassignPrompt)
        await pilot.press("enter")  # sam ranks first: on shift, holding nothing
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and app.screen.required
        await pilot.press("escape")  # no note: nothing is handed on
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and board_desk.handover("H-1002").to == "alice"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Engineer slot is Thursday 9am", "enter")
        await settle(pilot)
        assert "H-1002 handed to sam; bob is told · z undoes (2 min)" in notes(app)
    moved = board_desk.handover("H-1002")
    assert (moved.from_, moved.to, moved.events[-1].note) == ("bob", "sam", "Engineer slot is Thursday 9am")
    assert len(board_desk.handovers()) == 7  # the same card: no new one


async def test_a_shift_name_is_shown_literally_in_the_header(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.add_shift(MARKUP_SHIFT, start="07:00", end="15:00")
    board_desk.edit_colleague("alice", shifts=[MARKUP_SHIFT])
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert f"shift: {MARKUP_SHIFT} · 5h left" in board_of(app).query_one(BoardHeader).render().plain
        assert app.is_running

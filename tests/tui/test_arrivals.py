"""The first sign-in of a shift: what arrived for the colleague since their last shift, once per shift,
dismissed with escape; and the header's own shift with the time left."""

from __future__ import annotations

from pathlib import Path

import pytest
from teams import Member, ShiftPlan, Team, team_desk
from textual.widgets import OptionList, Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.notifications import NotificationsScreen
from shiftboard.tui.widgets.arrivals import ArrivalsPanel
from shiftboard.tui.widgets.header import BoardHeader

from .board_helpers import board_of, settle
from .conftest import BOARD_NOW, NARROW, WIDE, handover_draft

TEAM = Team(
    (Member("alice", "Alice Archer"), Member("bob", "Bob Baker"), Member("carol", "Carol Chen")),
    shifts=(ShiftPlan("Early", "07:00", "15:00", ("alice",)), ShiftPlan("Late", "15:00", "23:00", ("bob",))),
)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(BOARD_NOW)


@pytest.fixture
def shift_desk(tmp_path: Path, clock: FrozenClock) -> Desk:
    """alice signs off her Early shift at 15:00, handing one card on to bob and keeping one; the clock then
    says Tuesday 15:05, five minutes into bob's Late shift."""
    desk = team_desk(tmp_path / "store", clock, TEAM)
    clock.at = BOARD_NOW.replace(hour=8)
    kept = desk.hand_over(handover_draft(to="alice", customer_name="Kim Park"), by="carol").id  # H-1001
    desk.acknowledge(kept, by="alice", read_back="On it")
    handed = desk.hand_over(handover_draft(to="alice", customer_name="Li Wei", due="20:00"), by="carol").id  # H-1002
    desk.acknowledge(handed, by="alice", read_back="On it")
    sent = desk.hand_over(handover_draft(to="bob", customer_name="Ann Lee", due="tomorrow 12:00"), by="alice").id
    desk.acknowledge(sent, by="bob", read_back="On it")
    clock.at = BOARD_NOW.replace(hour=14, minute=55)
    desk.done(sent, by="bob", outcome="Called her")  # H-1003: bob's done, alice to verify
    desk.keep(kept, by="alice", note="Waiting for the courier")
    desk.reassign(handed, by="alice", to="bob", note="Ring Li Wei back after 17:00")
    clock.at = BOARD_NOW.replace(hour=15)
    desk.sign_off(by="alice")
    clock.at = BOARD_NOW.replace(hour=15, minute=5)
    return desk


def panel(app: ShiftboardApp) -> ArrivalsPanel:
    return board_of(app).query_one(ArrivalsPanel)


async def test_the_first_sign_in_of_a_shift_shows_what_arrived_and_escape_dismisses_it(shift_desk: Desk) -> None:
    app = ShiftboardApp(shift_desk, "bob", bell=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        shown = panel(app)
        assert shown.shown
        text = str(shown.render())
        assert "○ new (1): H-1002 from alice (handed on; sent by carol)" in text
        assert "H-1003" not in text  # already acknowledged by bob before his shift, nothing new
        assert str(shown.border_title) == "Since your last shift (Mon 23:00)"  # the end of his Monday Late
        await pilot.press("escape")
        await pilot.pause()
        assert not shown.shown
        assert board_of(app).selected_id == "H-1002"  # the board was there all along
    assert shift_desk.colleague("bob").signed_on_at == shift_desk.clock.now()
    again = ShiftboardApp(Desk.open(shift_desk.store.root, clock=shift_desk.clock), "bob", bell=False)
    async with again.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert not panel(again).shown  # once per shift


async def test_keys_typed_at_once_still_reach_the_board(shift_desk: Desk) -> None:
    app = ShiftboardApp(shift_desk, "bob", bell=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("n")  # a fast typist: the summary takes no key but escape
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoverForm"


async def test_at_her_next_shift_alice_sees_what_is_late_and_what_waits_on_her(shift_desk: Desk) -> None:
    shift_desk.clock.advance(hours=16, minutes=55)  # Wednesday 08:00: alice's next Early shift
    app = ShiftboardApp(shift_desk, "alice", bell=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lines = str(panel(app).render()).splitlines()
        assert lines == ["◔ late (1): H-1001 overdue", "● waiting on you (1): H-1003 bob: done — verify"]
        assert str(panel(app).border_title) == "Since your last shift (Tue 15:00)"
        assert "shift: Early · 7h left" in board_of(app).query_one(BoardHeader).render().plain


async def test_the_sender_is_told_when_the_holder_hands_her_card_on(shift_desk: Desk) -> None:
    app = ShiftboardApp(shift_desk, "carol", bell=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("N")  # nothing is toasted at start: the notifications list holds it
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        rows = [str(option.prompt) for option in app.screen.query_one("#notices", OptionList).options]
        told = "H-1002: alice handed it on to bob; you stay its sender — “Ring Li Wei back after 17:00”"
        assert any(f"Handed on  H-1002\n   {told}" in row for row in rows), rows


async def test_the_header_says_off_shift_outside_ones_own(shift_desk: Desk) -> None:
    app = ShiftboardApp(shift_desk, "alice", bell=False)  # Tuesday 15:05: alice's Early ended at 15:00
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "shift: off shift" in board_of(app).query_one(BoardHeader).render().plain
        assert not panel(app).shown  # off shift: no shift to begin, so no summary (and no sign-on written)
        assert shift_desk.colleague("alice").signed_on_at is None
        assert not [s for s in app.screen.query(Static) if "Since your last shift" in str(s.border_title or "")]

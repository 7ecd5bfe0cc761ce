"""Snapshots of the board, reviewed by eye: narrow and wide boards, the detail, hostile text shown literally."""

from __future__ import annotations

from textual.pilot import Pilot

from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp

from .board_helpers import select_card, settle
from .conftest import NARROW, WIDE, add_hostile_card


def board_app(desk: Desk) -> ShiftboardApp:
    return ShiftboardApp(desk, "alice", bell=False)


async def quiet(pilot: Pilot[None]) -> None:
    """Start-up alerts are tested elsewhere; here they would only hide the board."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)


def test_board_at_80x24_shows_one_column_with_its_position(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(board_app(board_desk), terminal_size=NARROW, run_before=quiet)


def test_board_at_160x50_shows_as_many_columns_as_fit(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(board_app(board_desk), terminal_size=WIDE, run_before=quiet)


def test_detail_of_a_flagged_overdue_card(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_detail(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        await select_card(pilot, "H-1006")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(board_app(board_desk), terminal_size=(100, 40), run_before=open_detail)


def test_markup_and_escape_sequences_in_cards_are_shown_literally(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    add_hostile_card(board_desk)

    async def show_names(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        await pilot.press("p", "j", "j")
        await settle(pilot)

    assert snap_compare(board_app(board_desk), terminal_size=NARROW, run_before=show_names)


def test_markup_and_escape_sequences_in_the_detail_are_shown_literally(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    add_hostile_card(board_desk)

    async def open_hostile(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        await select_card(pilot, "H-1008")
        await pilot.press("p", "enter")
        await settle(pilot)

    assert snap_compare(board_app(board_desk), terminal_size=(100, 40), run_before=open_hostile)


def test_acknowledge_prompt_shows_the_action_over_the_dimmed_board(board_desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The prompt repeats the action to read back, and the board stays in sight behind it."""

    async def ask(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        await select_card(pilot, "H-1003")
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(board_app(board_desk), terminal_size=NARROW, run_before=ask)

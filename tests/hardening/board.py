"""Driving the board in Pilot for the hardening tests: a board on a store, pick a card, what was said."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

from textual.pilot import Pilot

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen

from .helpers import NOW

os.environ["TEXTUAL_ANIMATIONS"] = "none"
SIZE = (120, 40)


def board_app(root: Path, user: str) -> ShiftboardApp:
    return ShiftboardApp(Desk.open(root, clock=FrozenClock(NOW, tz=UTC)), user, bell=False)


def board_screen(app: ShiftboardApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen), f"expected the board, found {screen}"
    return screen


async def _press_until_still(pilot: Pilot[None], board: BoardScreen, key: str) -> None:
    """Press `key` until the selection stops moving (the first column, the top card ...)."""
    for _ in range(200):
        before = board.selected_handover()
        await pilot.press(key)
        await pilot.pause()
        if board.selected_handover() == before:
            return


async def select(pilot: Pilot[None], hid: str) -> None:
    """Move to `hid` with the keymap's keys as a person would: j down a column, l to the next; from the
    top-left again when the end is reached first."""
    board = board_screen(pilot.app)  # type: ignore[arg-type]
    for attempt in range(2):
        if attempt:
            await _press_until_still(pilot, board, "h")
            await _press_until_still(pilot, board, "k")
        for _ in range(400):
            selected = board.selected_handover()
            if selected is not None and selected.id == hid:
                return
            await pilot.press("j")
            await pilot.pause()
            if board.selected_handover() == selected:  # the column's last card: on to the next column
                column = board.current_index
                await pilot.press("l")
                await pilot.pause()
                if board.current_index == column:  # the last column
                    break
                await _press_until_still(pilot, board, "k")
    raise AssertionError(f"{hid} could not be reached on the board")


def messages(app: ShiftboardApp) -> list[str]:
    """Every notification so far, oldest first."""
    return [notice.message for notice in app.notices]

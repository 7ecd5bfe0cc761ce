"""Small helpers for the board's Pilot tests: what was notified, which card is selected."""

from __future__ import annotations

from textual.pilot import Pilot

from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.widgets.column import CardColumn


def notes(app: ShiftboardApp) -> list[str]:
    """Every notification message so far, oldest first."""
    return [notice.message for notice in app.notices]


def board_of(app: ShiftboardApp) -> BoardScreen:
    screens = [screen for screen in app.screen_stack if isinstance(screen, BoardScreen)]
    assert screens, f"no board in {app.screen_stack}"
    return screens[-1]


def column_cards(column: CardColumn) -> list[str]:
    return [option.id for option in column.options if option.id]


def visible_columns(app: ShiftboardApp) -> list[str]:
    return [column.key for column in board_of(app).columns if column.display]


async def select_card(pilot: Pilot[None], hid: str) -> None:
    """Focus the column holding `hid` and highlight it, as the arrow keys would."""
    board = board_of(pilot.app)  # type: ignore[arg-type]
    for index, column in enumerate(board.columns):
        board.select_column(index)  # a column draws its cards once shown
        if column.select(hid):
            board.selected_id = hid
            await pilot.pause()
            assert board.selected_id == hid
            return
    raise AssertionError(f"{hid} is not on the board")


async def settle(pilot: Pilot[None]) -> None:
    """Let writes (worker threads), redraws (which mount columns) and callbacks finish."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()


async def cards_in(pilot: Pilot[None], key: str) -> list[str]:
    """The cards of column `key`, looked at as a person would: by moving to it (hidden columns draw lazily)."""
    board = board_of(pilot.app)  # type: ignore[arg-type]
    board.select_column(board.column_keys.index(key))
    await pilot.pause()
    return column_cards(board.columns[board.column_keys.index(key)])


def footer_words(app: ShiftboardApp) -> list[str]:
    """The footer as the user reads it: each shown key's label, left to right (the palette's aside).

    Read from the screen's active bindings, which is what Textual's Footer draws."""
    shown: list[str] = []
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.description not in shown:
            shown.append(binding.description)
    return shown

"""Small helpers for the board's Pilot tests: what was notified, which card is selected."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.widgets.column import CardColumn


def notes(app: ShiftboardApp) -> list[str]:
    """Every notification message so far, oldest first."""
    return [notification.message for notification in app._notifications]


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
    """Let redraws (which mount columns) and callbacks finish."""
    for _ in range(3):
        await pilot.pause()


async def cards_in(pilot: Pilot[None], key: str) -> list[str]:
    """The cards of column `key`, looked at as a person would: by moving to it (hidden columns draw lazily)."""
    board = board_of(pilot.app)  # type: ignore[arg-type]
    board.select_column(board.column_keys.index(key))
    await pilot.pause()
    return column_cards(board.columns[board.column_keys.index(key)])


def footer_words(app: ShiftboardApp) -> list[str]:
    """The footer as the user reads it: each shown key's label, left to right (the palette's aside)."""
    return [key.description for key in app.screen.query(FooterKey) if not key.has_class("-command-palette")]

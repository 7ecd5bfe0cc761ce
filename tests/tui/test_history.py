"""The history screen (`H`): the search of `shiftboard search` on the board, opening any result, archived or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from records.stores import build
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.detail import DetailScreen
from shiftboard.tui.screens.history import HistoryScreen

from .board_helpers import footer_words, notes, settle


@pytest.fixture(scope="module")
def history_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "store"
    build(root)  # H-1001 ... H-1004 archived (October and November), H-1005 closed last week, two open
    return root


def board(root: Path) -> ShiftboardApp:
    from records.stores import NOW

    return ShiftboardApp(Desk.open(root, clock=FrozenClock(NOW)), "alice", bell=False)


def results(app: ShiftboardApp) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


def summary(app: ShiftboardApp) -> str:
    return str(app.screen.query_one("#history-summary", Static).render())


async def search(pilot: Pilot[None], **fields: str) -> None:
    screen = pilot.app.screen
    for name, value in fields.items():
        screen.query_one(f"#{name}", Input).value = value
    screen.query_one("#text", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_search_the_history_and_open_an_archived_handover(history_root: Path) -> None:
    app = board(history_root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.query_one("#text", Input).has_focus
        await pilot.press(*"OLGA", "enter")
        await settle(pilot)
        assert results(app) == ["H-1001"]
        assert summary(app).startswith("1 found · newest first")
        assert app.screen.query_one("#results", DataTable).has_focus and "Search / open" in footer_words(app)

        await pilot.press("enter")  # archived in October: its detail, in full (names are shown there)
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.handover is not None and detail.handover.id == "H-1001"
        body = str(detail.query_one("#detail-body", Static).render())
        assert "Olga Oldest" in body and "olga.oldest@example.com" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and results(app) == ["H-1001"]

        await search(pilot, text="refund", since="2026-11-05")  # newest first; October's month is not read
        assert results(app) == ["H-1007", "H-1006", "H-1005", "H-1004"]
        await search(pilot, text="", since="", ref="ref-nina")
        assert results(app) == ["H-1003"]
        await search(pilot, ref="", colleague="carol")
        assert results(app) == [] and summary(app) == "Nothing found"

        await search(pilot, colleague="zed")
        assert notes(app)[-1] == "no colleague 'zed'"
        await search(pilot, colleague="", until="next week")
        assert notes(app)[-1].startswith("until cannot be read: 'next week'")

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


def test_the_history_screen_at_80x24(history_root: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def searched(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.press("H")
        await pilot.pause()
        await pilot.press(*"charged", "enter")
        await settle(pilot)

    assert snap_compare(board(history_root), terminal_size=(80, 24), run_before=searched)

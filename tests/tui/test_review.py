"""The review screen: the Desk's figures per colleague / service / shift and period, drill-down to the handovers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.figures import FIGURES
from shiftboard.services import Desk
from shiftboard.store import store as store_module
from shiftboard.tui.screens.detail import DetailScreen
from shiftboard.tui.screens.handover_list import HandoverListScreen
from shiftboard.tui.screens.review import ReviewScreen, bar

from .board_helpers import footer_words, notes
from .forms_fixtures import NOW, SIZE, BoardHost, Host, draft, team_desk


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Desk:
    desk = team_desk(tmp_path)
    clock = desk.clock
    assert isinstance(clock, FrozenClock)

    def at(delta: timedelta) -> None:
        clock.at = NOW - delta

    at(timedelta(days=20))
    desk.hand_over(draft(to="bob", informed="yes"), by="alice")  # H-1001: closed 10 days ago, so archived
    desk.acknowledge("H-1001", by="bob", read_back="refund it")
    desk.done("H-1001", by="bob", outcome="refunded")
    at(timedelta(days=10))
    desk.verify_close("H-1001", by="alice")
    at(timedelta(hours=1))
    desk.hand_over(draft(to="bob"), by="alice")  # H-1002: acknowledged in 10 minutes
    at(timedelta(minutes=50))
    desk.acknowledge("H-1002", by="bob", read_back="refund one charge")
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 1)  # the next write snapshots and archives H-1001
    at(timedelta(minutes=30))
    desk.hand_over(draft(to="carol", customer_contact="c@x"), by="dave")  # H-1003: 30 minutes unacknowledged
    clock.at = NOW
    desk.add_improvement("Read-back for every [bold]refund[/]", agreed_by=["bob", "alice"], by="dave")
    return desk


def row(app: Host, index: int) -> list[str]:
    return [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(index)]


def text(app: Host, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def settle(app: Host, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_figures_per_colleague_service_shift_and_period(desk: Desk) -> None:
    assert [h.id for h in desk.handovers()] == ["H-1002", "H-1003"]  # H-1001 is in the archive
    app = Host(lambda: ReviewScreen(desk, user="alice"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text(app, "#review-title") == "Review · today (since 00:00) · by colleague"
        # team: handed, received, ack median, p90, in time, read-back, informed, fields, queries, done, unable,
        # taken back, withdrawn, reopened, overdue, escalated, flagged, reassigned, verified
        assert row(app, 0) == ["team", "2", "2", "10m", "10m", "50%", "100%", "100%", "42%", "0.00",
                               "0", "0", "0", "0", "0", "0", "0", "0", "0", "–"]  # fmt: skip
        assert [row(app, i)[0] for i in range(1, 5)] == ["alice", "bob", "carol", "dave"]
        assert row(app, 2)[:7] == ["bob", "0", "1", "10m", "10m", "100%", "100%"]
        assert row(app, 3)[:6] == ["carol", "0", "1", "–", "–", "0%"]  # still waiting after 30 minutes
        assert "Team: 2 handed over · 2 received" in text(app, "#totals")
        chart = text(app, "#chart").splitlines()
        assert chart[0] == "Handed over — m: next figure"
        assert chart[1].startswith("alice") and chart[1].rstrip().endswith("█ 1")
        improvements = text(app, "#improvements").splitlines()
        assert improvements[1] == "I-1 · 10:00 · Read-back for every [bold]refund[/] (agreed by bob, alice)"

        await pilot.press("m", "m", "m", "m")  # the chart follows the cursor's figure
        assert text(app, "#chart").startswith("% acknowledged within 15m")
        assert app.screen.query_one(DataTable).cursor_coordinate.column == 5

        await pilot.press("g")
        assert text(app, "#review-title").endswith("by service") and row(app, 1)[:3] == ["general", "2", "2"]
        await pilot.press("g")
        assert text(app, "#review-title").endswith("by shift")
        assert row(app, 1)[:3] == ["Early", "2", "2"]  # both handed over in the Early shift's hours

        await pilot.press("t")  # this shift: alice's, the Early shift, since 07:00
        await settle(app, pilot)
        assert text(app, "#review-title") == "Review · this shift: Early 07:00–15:00 (since 07:00) · by shift"
        await pilot.press("t", "t")  # 7 days, then 30 days: the archived handover counts too
        await settle(app, pilot)
        assert text(app, "#review-title").startswith("Review · 30 days")
        assert row(app, 0)[:3] == ["team", "3", "3"]
        assert row(app, 0)[19] == "100%"  # H-1001 was done and closed by its sender

        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_any_dates_typed(desk: Desk) -> None:
    app = BoardHost(desk, lambda: ReviewScreen(desk))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d", *"2026-11-01 2026-11-10", "enter")
        await settle(app, pilot)
        assert text(app, "#review-title") == "Review · 2026-11-01 to 2026-11-10 (since 2026-11-01 00:00) · by colleague"
        assert row(app, 0)[:3] == ["team", "1", "1"]  # H-1001, handed over on the 5th
        assert "None (record one with" in text(app, "#improvements")  # I-1 came later
        await pilot.press("d", *"2026-11-01 2026-11-10", "enter")  # the same figures computed again
        await settle(app, pilot)
        assert text(app, "#review-title") == "Review · 2026-11-01 to 2026-11-10 (since 2026-11-01 00:00) · by colleague"
        await pilot.press("d", *"2026-11-10 2026-11-01", "enter")
        await settle(app, pilot)
        assert notes(app)[-1] == "to must come after from"
        assert text(app, "#review-title").startswith("Review · 2026-11-01 to 2026-11-10")
        await pilot.press("d", *"9999-12-31 9999-12-31", "enter")  # once an OverflowError: the board crashed
        await settle(app, pilot)
        assert notes(app)[-1] == "to is out of range: '9999-12-31'"
        assert text(app, "#review-title").startswith("Review · 2026-11-01 to 2026-11-10")
        await pilot.press("t")  # back to the named periods
        await settle(app, pilot)
        assert text(app, "#review-title").startswith("Review · today")


async def test_enter_on_a_figure_lists_the_handovers_behind_it_and_opens_one(desk: Desk) -> None:
    app = BoardHost(desk, lambda: ReviewScreen(desk, user="alice"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)  # type: ignore[arg-type]
        await pilot.press("t", "t", "t")  # 30 days
        await settle(app, pilot)  # type: ignore[arg-type]
        assert "Handovers" in footer_words(app)
        await pilot.press("right", "right", "right", "right")  # to "in time" of the team
        await pilot.press("enter")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, HandoverListScreen)
        table = listing.query_one(DataTable)
        assert str(listing.query_one(".title-bar", Static).render()) == "% acknowledged within 15m · team · 30 days"
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["H-1001", "H-1002", "H-1003"]
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["in time", "in time", "late"]
        await pilot.press("enter")  # H-1001 is archived: its detail comes from what the review read
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.handover is not None
        assert detail.handover.id == "H-1001" and detail.handover.closed_by == "alice"
        assert "H-1001" in str(detail.query_one("#detail-title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is listing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("down", "down", "left", "left", "left", "enter")  # bob's "received"
        await pilot.pause()
        assert isinstance(app.screen, HandoverListScreen)
        names = app.screen.query_one(DataTable)
        assert [str(names.get_row_at(i)[0]) for i in range(names.row_count)] == ["H-1001", "H-1002"]
    assert not [note for note in notes(app) if "Traceback" in note]


def test_bars_grow_in_eighths() -> None:
    assert bar(1, 2, width=4) == "██"
    assert bar(1, 3, width=4) == "█▍"
    assert bar(0, 3) == bar(None, 3) == ""


async def test_the_arrows_move_a_cell_cursor_and_the_wide_table_follows_it(desk: Desk) -> None:
    app = Host(lambda: ReviewScreen(desk))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.has_focus and table.max_scroll_x > 0
        assert footer_words(app)[:2] == ["Handovers", "Period"]  # type: ignore[arg-type]
        for _ in range(len(FIGURES) - 1):
            await pilot.press("right")
        await pilot.pause()
        assert table.cursor_coordinate.column == len(FIGURES)
        assert table.scroll_x == table.max_scroll_x  # the last figure in sight
        assert text(app, "#chart").startswith("% of done closed by the sender's verification")
        assert table.fixed_columns == 1  # the colleague column stays in sight
        await pilot.press("m")  # past the last figure: back to the first
        assert table.cursor_coordinate.column == 1 and text(app, "#chart").startswith("Handed over")


def test_the_review_screen_at_80x24(desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def figures_shown(pilot: Pilot[None]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("t", "t", "t", "right", "right")
        await settle(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(Host(lambda: ReviewScreen(desk, user="alice")), terminal_size=SIZE, run_before=figures_shown)


def test_the_review_screen_wide_by_shift(desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def by_shift(pilot: Pilot[None]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("g", "g")
        await pilot.pause()

    assert snap_compare(Host(lambda: ReviewScreen(desk, user="alice")), terminal_size=(160, 40), run_before=by_shift)

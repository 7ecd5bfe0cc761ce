"""The review screen: the domain's numbers laid out per colleague / per service / per period."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import store as store_module
from shiftboard.tui.screens.review import ReviewScreen, bar

from .forms_fixtures import NOW, SIZE, Host, draft, team_desk


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
    return desk


def row(app: Host, index: int) -> list[str]:
    return [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(index)]


def text(app: Host, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def settle(app: Host, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_numbers_per_colleague_service_and_period(desk: Desk) -> None:
    assert [h.id for h in desk.handovers()] == ["H-1002", "H-1003"]  # H-1001 is in the archive
    app = Host(lambda: ReviewScreen(desk))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text(app, "#review-title") == "Review · today (since 00:00) · by colleague"
        # team: handed, received, ack median, p90, in time, read-back, informed, fields, done, unable, overdue ...
        assert row(app, 0) == ["team", "2", "2", "10m", "10m", "50%", "100%", "100%", "42%",
                               "0", "0", "0", "0", "0", "–", "0", "0", "0", "0"]  # fmt: skip
        assert [row(app, i)[0] for i in range(1, 5)] == ["alice", "bob", "carol", "dave"]
        assert row(app, 2)[:7] == ["bob", "0", "1", "10m", "10m", "100%", "100%"]
        assert row(app, 3)[:6] == ["carol", "0", "1", "–", "–", "0%"]  # still waiting after 30 minutes
        assert "Team: 2 handed over · 2 received" in text(app, "#totals")
        chart = text(app, "#chart").splitlines()
        assert chart[0] == "Handed over — m: next metric"
        assert chart[1].startswith("alice") and chart[1].rstrip().endswith("█ 1")

        await pilot.press("m", "m", "m", "m")
        assert text(app, "#chart").startswith("% acknowledged within 15m")

        await pilot.press("g")
        assert row(app, 1)[:3] == ["general", "2", "2"]

        await pilot.press("t", "t")  # this week, then 30 days: the archived handover counts too
        await settle(app, pilot)
        assert text(app, "#review-title").startswith("Review · 30 days")
        assert row(app, 0)[:3] == ["team", "3", "3"]
        assert row(app, 0)[14] == "100%"  # H-1001 was done and closed by its sender

        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def test_bars_grow_in_eighths() -> None:
    assert bar(1, 2, width=4) == "██"
    assert bar(1, 3, width=4) == "█▍"
    assert bar(0, 3) == bar(None, 3) == ""


async def test_the_arrows_move_the_wide_table_a_column_at_a_time(desk: Desk) -> None:
    from .board_helpers import footer_words

    app = Host(lambda: ReviewScreen(desk))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x > 0 and "Columns" in footer_words(app)  # type: ignore[arg-type]
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        await pilot.press("right")
        assert table.scroll_x == widths[1]  # "handed" scrolled out, "recv" next to the colleague
        await pilot.press("right")
        assert table.scroll_x == widths[1] + widths[2]
        await pilot.press("left", "left", "left")
        assert table.scroll_x == 0
        for _ in range(len(widths)):
            await pilot.press("right")
        assert table.scroll_x == table.max_scroll_x
        assert table.fixed_columns == 1  # the colleague column stays in sight

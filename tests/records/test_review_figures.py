"""Every figure of the review (SPEC §1), per team, colleague, service and shift, on a hand-built history.

The history is written to a real store: the ordinary moves through the Desk, and take-back,
withdraw and reopen as events of those kinds written directly (their moves are another
issue's). Each expected number is worked out by hand in the comments; the board, `report` and
`export` all read `Desk.review`, so this is the one computation they show.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from teams import Member, ShiftPlan, Team, team_desk

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.figures import FIGURES
from shiftboard.domain.periods import Window
from shiftboard.domain.review import Metrics, Review
from shiftboard.services import Desk, new_event

DAY = datetime(2026, 11, 24, tzinfo=UTC)  # Tuesday; times read in UTC
TEAM = Team(
    (Member("alice", "Alice Archer"), Member("bob", "Bob Baker"), Member("carol", "Carol Chen"),
     Member("sam", "Sam Stone", "supervisor")),
    shifts=(ShiftPlan("Early", "07:00", "15:00", ("alice", "bob")),
            ShiftPlan("Late", "15:00", "23:00", ("carol", "sam"))),
)  # fmt: skip


def at(clock: str, day: int = 24) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def draft(to: str, due: datetime, *, informed: bool = False, **more: str) -> HandoverDraft:
    values = {
        "to": to,
        "customer_name": "Ann Lee",
        "customer_contact": "ann@example.com",
        "summary": "Charged twice",
        "actions_taken": "Checked the invoice",
        "action_required": "Refund one charge",
        "due": iso(due),
        "informed": "yes" if informed else "no",
        "informed_note": "" if informed else "Not reachable yet",  # a "no" says why
    }
    return HandoverDraft(**(values | more))


def direct(desk: Desk, kind: EventKind, hid: str, by: str, when: datetime, note: str, **changes: list[Any]) -> None:
    """An event of a kind whose move is built elsewhere, written as that move would write it."""
    with desk.store.transaction() as txn:
        txn.append(new_event(kind, Entity.HANDOVER, hid, by, at=when, changes=changes, note=note))


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    clock = FrozenClock(at("10:00", 23))
    desk = team_desk(Path(tmp_path_factory.mktemp("review")) / "store", clock, TEAM)
    desk.set_setting("require_read_back", "off")  # H-1003 is acknowledged without a read-back

    def when(moment: datetime) -> None:
        clock.at = moment

    # H-1001 (yesterday): alice -> carol, acknowledged at once; reassigned to bob today (H-1006 in the notes below).
    desk.hand_over(draft("carol", at("12:00")), by="alice")
    when(at("10:05", 23))
    desk.acknowledge("H-1001", by="carol", read_back="on it")

    when(at("09:00"))  # H-1002: alice -> bob, informed, 7 of 12 fields; ack in 10m with a read-back; done; verified
    desk.hand_over(
        draft("bob", at("12:00"), informed=True, customer_ref="R-1", promises="refund by Friday"), by="alice"
    )
    desk.reassign("H-1001", by="alice", to="bob")  # 09:00, Early: a reassignment; bob receives it
    when(at("09:03"))
    desk.acknowledge("H-1001", by="bob", read_back="chasing it")  # 3m, read back, in time; overdue at 12:00 (bob)
    when(at("09:10"))
    desk.acknowledge("H-1002", by="bob", read_back="refund it")
    when(at("10:00"))
    desk.done("H-1002", by="bob", outcome="refunded")
    when(at("10:30"))
    desk.verify_close("H-1002", by="alice")

    when(at("09:30"))  # H-1003: alice -> bob; a query after 10m (not yet late), answered at 09:50, acked 30m later
    desk.hand_over(draft("bob", at("11:00")), by="alice")
    when(at("09:40"))
    desk.query("H-1003", by="bob", question="which account?")
    when(at("09:50"))
    desk.comment("H-1003", by="alice", note="the joint one")
    when(at("10:20"))
    desk.acknowledge("H-1003", by="bob")  # 30m, no read-back, late; never done: overdue at 11:00 (bob)

    when(at("14:00"))  # H-1004: bob -> carol; never acknowledged (late from 14:15); bob takes it back and does it
    desk.hand_over(draft("carol", at("20:00")), by="bob")
    direct(desk, EventKind.TAKE_BACK, "H-1004", "bob", at("15:30"), "carol is off sick",
           to=["carol", "bob"], status=["pending", "acknowledged"], acknowledged_by=[None, "bob"],
           acknowledged_at=[None, iso(at("15:30"))])  # fmt: skip
    when(at("16:00"))
    desk.done("H-1004", by="bob", outcome="done it myself")  # the sender's own work: nobody verifies it

    when(at("15:10"))  # H-1005: sam -> alice; acked in 2m without a read-back; unable
    desk.hand_over(draft("alice", at("23:30")), by="sam")
    when(at("15:12"))
    desk.acknowledge("H-1005", by="alice")
    when(at("15:40"))
    desk.unable("H-1005", by="alice", reason="no access")

    when(at("16:00"))  # H-1006: carol -> sam, informed; acked in 5m with a read-back; withdrawn by carol
    desk.hand_over(draft("sam", at("18:00"), informed=True), by="carol")
    when(at("16:05"))
    desk.acknowledge("H-1006", by="sam", read_back="will call")
    direct(desk, EventKind.WITHDRAW, "H-1006", "carol", at("16:30"), "customer cancelled",
           status=["acknowledged", "closed"], closed_by=[None, "carol"],
           closed_at=[None, iso(at("16:30"))])  # fmt: skip

    when(at("17:00"))  # H-1007: sam -> carol; acked in 5m, done, verified; reopened, flagged, acked 20m later, done
    desk.hand_over(draft("carol", at("22:00")), by="sam")
    when(at("17:05"))
    desk.acknowledge("H-1007", by="carol")
    when(at("17:30"))
    desk.done("H-1007", by="carol", outcome="called back")
    when(at("17:45"))
    desk.verify_close("H-1007", by="sam")
    closed = iso(at("17:45"))
    direct(desk, EventKind.REOPEN, "H-1007", "sam", at("18:00"), "the customer called again",
           status=["closed", "pending"], closed_by=["sam", None], closed_at=[closed, None],
           handed_at=[iso(at("17:00")), iso(at("18:00"))], acknowledged_by=["carol", None],
           acknowledged_at=[iso(at("17:05")), None])  # fmt: skip
    when(at("18:10"))
    desk.flag("H-1007", by="sam", note="check the second call")
    when(at("18:20"))
    desk.acknowledge("H-1007", by="carol", read_back="call again")
    when(at("19:00"))
    desk.done("H-1007", by="carol", outcome="called again")
    when(at("23:00"))
    return desk


@pytest.fixture(scope="module")
def today(history: Desk) -> Review:
    return history.review(Window(at("00:00"), at("23:00"), "today"))


def figures(metrics: Metrics) -> dict[str, Any]:
    return {figure.name: getattr(metrics, figure.name) for figure in FIGURES}


def minutes(value: float) -> timedelta:
    return timedelta(minutes=value)


def test_team_figures(today: Review) -> None:
    assert figures(today.total) == {
        "handed_over": 6,  # H-1002 ... H-1007 (H-1001 was handed over yesterday)
        "received": 7,  # those six, and H-1001 reassigned to bob
        "ack_median": minutes(5),  # acks took 3, 10, 30, 2, 5, 5 and 20 minutes
        "ack_p90": minutes(30),
        "acked_within_pct": pytest.approx(100 * 5 / 8),  # late: H-1003 (30m), H-1004 (never), H-1007's second (20m)
        "read_back_pct": pytest.approx(100 * 4 / 7),
        "informed_pct": pytest.approx(100 * 2 / 6),  # H-1002, H-1006
        # 12 fields each; H-1002 has a reference and a promise; the four not informed say why
        "fields_pct": pytest.approx(100 * (7 + 5 * 5 + 4) / 72),
        "queries_per_handover": pytest.approx(1 / 6),  # H-1003's
        "done": 3,  # H-1002, H-1007 twice (H-1004 was finished by its sender: no handover's done)
        "unable": 1,
        "taken_back": 1,
        "withdrawn": 1,
        "reopened": 1,
        "overdue": 2,  # H-1001 at 12:00 and H-1003 at 11:00, both bob's
        "escalated": 3,  # those two, and H-1004 unacknowledged by carol for 30m at 14:30
        "flagged": 1,
        "reassigned": 1,
        "verified_pct": pytest.approx(100 * 2 / 3),  # H-1002 and H-1007's first done; not its second (yet)
    }


def test_per_colleague(today: Review) -> None:
    rows = today.by_colleague
    assert list(rows) == ["alice", "bob", "carol", "sam"]
    assert figures(rows["alice"]) == {
        "handed_over": 2, "received": 1, "ack_median": minutes(2), "ack_p90": minutes(2), "acked_within_pct": 100.0,
        "read_back_pct": 0.0, "informed_pct": 50.0, "fields_pct": pytest.approx(100 * 13 / 24),
        "queries_per_handover": 0.5, "done": 0, "unable": 1, "taken_back": 0, "withdrawn": 0, "reopened": 0,
        "overdue": 0, "escalated": 0, "flagged": 0, "reassigned": 1, "verified_pct": 100.0,
    }  # fmt: skip
    assert figures(rows["bob"]) == {
        "handed_over": 1, "received": 3, "ack_median": minutes(10), "ack_p90": minutes(30),
        "acked_within_pct": pytest.approx(200 / 3), "read_back_pct": pytest.approx(200 / 3), "informed_pct": 0.0,
        "fields_pct": pytest.approx(100 * 6 / 12), "queries_per_handover": 0.0, "done": 1, "unable": 0,
        "taken_back": 1, "withdrawn": 0, "reopened": 0, "overdue": 2, "escalated": 2, "flagged": 0, "reassigned": 0,
        "verified_pct": None,  # his only finished card was his own work
    }  # fmt: skip
    assert figures(rows["carol"]) == {
        "handed_over": 1, "received": 2, "ack_median": minutes(12.5), "ack_p90": minutes(20),
        "acked_within_pct": pytest.approx(100 / 3), "read_back_pct": 50.0, "informed_pct": 100.0,
        "fields_pct": pytest.approx(100 * 5 / 12), "queries_per_handover": 0.0, "done": 2, "unable": 0,
        "taken_back": 0, "withdrawn": 1, "reopened": 0, "overdue": 0, "escalated": 1, "flagged": 0, "reassigned": 0,
        "verified_pct": None,
    }  # fmt: skip
    assert figures(rows["sam"]) == {
        "handed_over": 2, "received": 1, "ack_median": minutes(5), "ack_p90": minutes(5), "acked_within_pct": 100.0,
        "read_back_pct": 100.0, "informed_pct": 0.0, "fields_pct": pytest.approx(100 * 12 / 24),
        "queries_per_handover": 0.0, "done": 0, "unable": 0, "taken_back": 0, "withdrawn": 0, "reopened": 1,
        "overdue": 0, "escalated": 0, "flagged": 1, "reassigned": 0, "verified_pct": 50.0,
    }  # fmt: skip


def test_per_shift_each_fact_goes_to_the_shift_it_happened_in(today: Review) -> None:
    assert list(today.by_shift) == ["Early", "Late"]
    assert figures(today.by_shift["Early"]) == {
        "handed_over": 3, "received": 4, "ack_median": minutes(10), "ack_p90": minutes(30),
        "acked_within_pct": 50.0,  # H-1004's wait went late at 14:15, still the Early shift
        "read_back_pct": pytest.approx(200 / 3), "informed_pct": pytest.approx(100 / 3),
        "fields_pct": pytest.approx(100 * 19 / 36), "queries_per_handover": pytest.approx(1 / 3), "done": 1,
        "unable": 0, "taken_back": 0, "withdrawn": 0, "reopened": 0, "overdue": 2, "escalated": 3, "flagged": 0,
        "reassigned": 1,
        "verified_pct": 100.0,
    }  # fmt: skip
    assert figures(today.by_shift["Late"]) == {
        "handed_over": 3, "received": 3, "ack_median": minutes(5), "ack_p90": minutes(20), "acked_within_pct": 75.0,
        "read_back_pct": 50.0, "informed_pct": pytest.approx(100 / 3), "fields_pct": pytest.approx(100 * 17 / 36),
        "queries_per_handover": 0.0, "done": 2, "unable": 1, "taken_back": 1, "withdrawn": 1, "reopened": 1,
        "overdue": 0, "escalated": 0, "flagged": 1, "reassigned": 0, "verified_pct": 50.0,
    }  # fmt: skip


def test_per_service_and_the_grouped_view(today: Review) -> None:
    assert list(today.by_service) == ["general"]
    assert figures(today.by_service["general"]) == figures(today.total)
    assert today.grouped("shift") is today.by_shift


def test_every_figure_drills_down_to_the_handovers_behind_it(today: Review) -> None:
    total = today.total
    assert total.handovers_behind("overdue") == {"H-1001": "", "H-1003": ""}
    assert list(total.handovers_behind("taken_back")) == ["H-1004"]
    assert list(total.handovers_behind("withdrawn")) == ["H-1006"]
    assert list(total.handovers_behind("reopened")) == ["H-1007"]
    assert total.handovers_behind("ack_p90") == total.handovers_behind("ack_median") == {
        "H-1001": "3m", "H-1002": "10m", "H-1003": "30m", "H-1005": "2m", "H-1006": "5m", "H-1007": "5m, 20m",
    }  # fmt: skip
    assert total.handovers_behind("acked_within_pct") == {
        "H-1001": "in time", "H-1002": "in time", "H-1003": "late", "H-1004": "late", "H-1005": "in time",
        "H-1006": "in time", "H-1007": "in time, late",
    }  # fmt: skip
    assert total.handovers_behind("verified_pct") == {
        "H-1002": "verified by the sender",
        "H-1007": "verified by the sender, not by the sender",
    }
    assert total.handovers_behind("queries_per_handover")["H-1003"] == "1 query"
    assert sorted(total.handovers_behind("done")) == ["H-1002", "H-1007"]
    for figure in FIGURES:  # nothing else hides behind a number
        count = getattr(total, figure.name)
        if figure.unit == "count" and count:
            assert 1 <= len(total.handovers_behind(figure.name)) <= count, figure.name
    assert today.by_colleague["bob"].handovers_behind("received") == {"H-1001": "", "H-1002": "", "H-1003": ""}


def test_a_period_ends_where_it_says(history: Desk) -> None:
    """Up to 16:10 the reopening, the second ack and the withdrawal have not happened yet."""
    early = history.review(Window(at("00:00"), at("16:10"), "to 16:10")).total
    assert (early.handed_over, early.withdrawn, early.reopened, early.done) == (5, 0, 0, 1)  # H-1002; H-1007 at 17:00
    assert early.ack_median == minutes(5)  # 3, 10, 30, 2, 5
    assert early.verified_pct == 100.0  # H-1002 only; H-1004's done was its sender's


def test_yesterday_holds_the_first_receivers_ack(history: Desk) -> None:
    yesterday = history.review(Window(at("00:00", 23), at("00:00"), "yesterday"))
    assert (yesterday.total.handed_over, yesterday.total.received) == (1, 1)
    assert yesterday.by_colleague["carol"].ack_median == minutes(5)
    assert yesterday.by_shift == {"Early": yesterday.by_shift["Early"]}  # 10:00, in Early's hours

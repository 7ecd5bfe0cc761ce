"""Review metrics on a hand-built set of handovers, with every expected number worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shiftboard.domain.models import ChecklistItem, Customer, Event, Handover
from shiftboard.domain.review import fields_completed, period_start, review

NOW = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # a Wednesday
ACK = timedelta(minutes=15)


def at(day: int, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def event(kind: str, when: datetime, actor: str, **extra: Any) -> Event:
    return Event(seq=0, at=when, actor=actor, kind=kind, **extra)


def make(
    hid: str,
    sender: str,
    receiver: str,
    created: datetime,
    due: datetime,
    events: list[Event],
    *,
    service: str = "general",
    informed: bool = False,
    closed_by: str | None = None,
    **fields: Any,
) -> Handover:
    customer = fields.pop("customer", Customer(name="Ann Lee", contact="0123"))
    return Handover(
        id=hid,
        from_=sender,
        to=receiver,
        customer=customer,
        summary="s",
        actions_taken="t",
        action_required="a",
        service=service,
        due=due,
        channel="phone",
        customer_informed=informed,
        created_at=created,
        updated_at=created,
        handed_at=created,
        closed_by=closed_by,
        closed_at=created + timedelta(hours=1) if closed_by else None,
        events=[e.model_copy(update={"seq": n}) for n, e in enumerate([event("create", created, sender), *events], 1)],
        **fields,
    )


HANDOVERS = [
    # Today: acked in 10m with a read-back, done, verified by the sender themself.
    make(
        "H-1",
        "alice",
        "bob",
        at(25, "09:00"),
        at(25, "12:00"),
        [
            event("ack", at(25, "09:10"), "bob", note="I will refund"),
            event("done", at(25, "10:00"), "bob"),
            event("verify", at(25, "10:30"), "alice"),
        ],
        service="refunds",
        informed=True,
        closed_by="alice",
        promises="refund by Friday",
        customer=Customer(name="Ann Lee", contact="0123", ref="R1"),
        checklist=[ChecklistItem(prompt="Ticket?", answer="T-9")],
    ),
    # Today: carol acks late (40m), cannot do it, alice reassigns to bob who acks in 5m; never done, overdue at 13:00.
    make(
        "H-2",
        "alice",
        "bob",
        at(25, "10:00"),
        at(25, "13:00"),
        [
            event("ack", at(25, "10:40"), "carol"),
            event("unable", at(25, "11:00"), "carol", note="no access"),
            event("reassign", at(25, "11:30"), "alice", changes={"to": ["carol", "bob"]}),
            event("ack", at(25, "11:35"), "bob", note="ok"),
        ],
    ),
    # Today: still pending after 2h (late), flagged by its sender.
    make(
        "H-3",
        "bob",
        "alice",
        at(25, "14:00"),
        at(26, "12:00"),
        [event("flag", at(25, "15:00"), "bob", note="check")],
        informed=True,
        check_at=at(25, "17:00"),
    ),
    # Monday (this week): a supervisor verified it for carol, so it is not closed by the sender.
    make(
        "H-4",
        "carol",
        "alice",
        at(23, "09:00"),
        at(23, "12:00"),
        [
            event("ack", at(23, "09:05"), "alice", note="yes"),
            event("done", at(23, "09:30"), "alice"),
            event("verify", at(23, "10:00"), "dave", **{"for": "carol"}),
        ],
        service="refunds",
        informed=True,
        closed_by="dave",
        checklist=[ChecklistItem(prompt="Ticket?", answer="T-1")],
    ),
    # 1 November (30 days): queried after 20m (late), answered, then acked in 2m.
    make(
        "H-5",
        "alice",
        "bob",
        at(1, "09:00"),
        at(1, "12:00"),
        [
            event("query", at(1, "09:20"), "bob", note="which account?"),
            event("answer", at(1, "10:00"), "alice", note="the joint one"),
            event("ack", at(1, "10:02"), "bob"),
            event("done", at(1, "11:00"), "bob"),
            event("verify", at(1, "11:30"), "alice"),
        ],
        closed_by="alice",
    ),
]


def today() -> Any:
    return review(HANDOVERS, since=period_start("today", NOW, UTC), now=NOW, ack_within=ACK)


def test_periods_start_at_local_midnight_monday_and_thirty_days_back() -> None:
    assert period_start("today", NOW, UTC) == at(25, "00:00")
    assert period_start("7 days", NOW, UTC) == NOW - timedelta(days=7)
    assert period_start("30 days", NOW, UTC) == NOW - timedelta(days=30)
    with pytest.raises(ValueError):
        period_start("forever", NOW, UTC)


def test_fields_completed_counts_sender_fields_and_answers() -> None:
    assert fields_completed(HANDOVERS[0]) == (8, 13)
    assert fields_completed(HANDOVERS[1]) == (5, 12)
    assert fields_completed(HANDOVERS[2]) == (6, 12)
    purged = HANDOVERS[1].model_copy(update={"purged": True, "customer": Customer(name=None, contact=None)})
    assert fields_completed(purged) == (3, 9)  # a purge keeps the reference: it counts


def test_today_totals() -> None:
    total = today().total
    assert (total.handed_over, total.received) == (3, 4)
    assert total.ack_median == timedelta(minutes=10)
    assert total.ack_p90 == timedelta(minutes=40)
    assert total.acked_within_pct == 50.0  # H-1 and bob's H-2 in time; carol's H-2 and H-3 late
    assert total.read_back_pct == pytest.approx(200 / 3)
    assert total.informed_pct == pytest.approx(200 / 3)
    assert total.fields_pct == pytest.approx(100 * 19 / 37)
    assert (total.done, total.unable, total.overdue, total.flagged, total.reassigned) == (1, 1, 1, 1, 1)
    assert total.verified_pct == 100.0


def test_today_per_colleague_attributes_sender_and_holder_facts() -> None:
    rows = today().by_colleague
    assert sorted(rows) == ["alice", "bob", "carol"]
    alice, bob, carol = rows["alice"], rows["bob"], rows["carol"]
    assert (alice.handed_over, alice.received, alice.reassigned) == (2, 1, 1)
    assert alice.ack_median is None and alice.read_back_pct is None
    assert alice.acked_within_pct == 0.0
    assert (alice.informed_pct, alice.fields_pct, alice.verified_pct) == (50.0, 52.0, 100.0)
    assert (bob.handed_over, bob.received, bob.done, bob.overdue, bob.flagged) == (1, 2, 1, 1, 1)
    assert bob.ack_median == timedelta(minutes=7, seconds=30)
    assert bob.ack_p90 == timedelta(minutes=10)
    assert (bob.acked_within_pct, bob.read_back_pct, bob.informed_pct, bob.fields_pct) == (100.0, 100.0, 100.0, 50.0)
    assert bob.verified_pct is None
    assert (carol.handed_over, carol.received, carol.unable, carol.done) == (0, 1, 1, 0)
    assert carol.ack_median == carol.ack_p90 == timedelta(minutes=40)
    assert (carol.acked_within_pct, carol.read_back_pct, carol.informed_pct) == (0.0, 0.0, None)


def test_today_per_service() -> None:
    rows = today().by_service
    assert sorted(rows) == ["general", "refunds"]
    assert (rows["refunds"].handed_over, rows["refunds"].done, rows["refunds"].overdue) == (1, 1, 0)
    assert (rows["general"].handed_over, rows["general"].received, rows["general"].overdue) == (2, 3, 1)
    assert rows["general"].ack_median == timedelta(minutes=22, seconds=30)


def test_this_week_adds_mondays_supervisor_closed_handover() -> None:
    total = review(HANDOVERS, since=at(23, "00:00"), now=NOW, ack_within=ACK).total
    assert (total.handed_over, total.done) == (4, 2)
    assert total.verified_pct == 50.0
    assert total.acked_within_pct == 60.0
    assert total.overdue == 1


def test_thirty_days_counts_a_late_query_and_the_ack_after_the_answer() -> None:
    total = review(HANDOVERS, since=period_start("30 days", NOW, UTC), now=NOW, ack_within=ACK).total
    assert total.handed_over == 5
    assert total.ack_median == timedelta(minutes=5)
    assert total.ack_p90 == timedelta(minutes=40)
    assert total.acked_within_pct == pytest.approx(100 * 4 / 7)
    assert total.verified_pct == pytest.approx(200 / 3)


def test_an_empty_period_has_counts_of_zero_and_no_percentages() -> None:
    result = review(HANDOVERS, since=at(26, "00:00"), now=at(26, "00:00") + timedelta(hours=1), ack_within=ACK)
    assert result.total.handed_over == 0
    assert result.total.ack_median is None and result.total.acked_within_pct is None
    assert result.by_colleague == {} and result.by_service == {}


def test_an_undone_action_counts_as_never_made() -> None:
    """bob acknowledged H-9 at 09:05 and undid it at once; he acknowledged it again, with a read-back, at 09:40."""
    undone = make(
        "H-9",
        "alice",
        "bob",
        at(25, "09:00"),
        at(25, "18:00"),
        [
            event("ack", at(25, "09:05"), "bob"),
            event("undo", at(25, "09:06"), "bob"),
            event("ack", at(25, "09:40"), "bob", note="call her"),
        ],
    )
    total = review([undone], since=at(25, "00:00"), now=NOW, ack_within=ACK).total
    assert (total.ack_median, total.acked_within_pct, total.read_back_pct) == (timedelta(minutes=40), 0.0, 100.0)


def test_taken_back_withdrawn_and_reopened_are_counted_and_undone_moves_are_not() -> None:
    """A card its sender took back and finished is counted as taken back, not as done or as waiting on a
    verification (so it does not inflate "% verified"); an undone move counts as nothing."""
    from handbuilt import ALICE, BOB, Card
    from handbuilt import at as minutes_after

    from shiftboard.domain import lifecycle

    taken = (
        Card("H-1")
        .move(lifecycle.acknowledge, BOB, minutes_after(1), read_back="ok")
        .move(lifecycle.unable, BOB, minutes_after(2), reason="No access")
        .move(lifecycle.take_back, ALICE, minutes_after(3))
        .move(lifecycle.done, ALICE, minutes_after(4), outcome="Did it myself")
    )
    verified = (
        Card("H-2")
        .move(lifecycle.acknowledge, BOB, minutes_after(1), read_back="ok")
        .move(lifecycle.done, BOB, minutes_after(2), outcome="Refunded")
        .move(lifecycle.verify_close, ALICE, minutes_after(3))
    )
    withdrawn = (
        Card("H-3")
        .move(lifecycle.withdraw, ALICE, minutes_after(1), reason="Duplicate")
        .move(lifecycle.reopen, ALICE, minutes_after(2), reason="Not a duplicate")
    )
    undone = Card("H-4").move(lifecycle.acknowledge, BOB, minutes_after(1), read_back="ok")
    undone.move(lifecycle.done, BOB, minutes_after(2), outcome="Oops").move(lifecycle.undo, BOB, minutes_after(3))
    result = review(
        [taken.h, verified.h, withdrawn.h, undone.h],
        since=minutes_after(0),
        now=minutes_after(60),
        ack_within=ACK,
    )
    total, alice, bob = result.total, result.by_colleague["alice"], result.by_colleague["bob"]
    assert (total.taken_back, total.withdrawn, total.reopened) == (1, 1, 1)
    assert (alice.taken_back, alice.withdrawn, alice.reopened) == (1, 1, 1)
    assert total.done == 1 and bob.done == 1  # H-2 only: H-1 was finished by its sender, H-4's done undone
    assert total.verified_pct == 100.0  # of handed-over work done, all verified by its sender


def test_escalations_are_counted_for_whoever_held_the_card_by_the_supervisors_rule() -> None:
    """Unacknowledged for more than 2 × ack_within, or not done by its due time: the same moments the
    supervisors on shift are told of (notifications.escalation_moments)."""
    from handbuilt import ALICE, BOB, CAROL, Card
    from handbuilt import at as minutes_after

    from shiftboard.domain import lifecycle

    slow = Card("H-1").move(lifecycle.acknowledge, BOB, minutes_after(40), read_back="Sorry, on it")  # bob: 1
    passed_on = Card("H-2", due=minutes_after(50)).move(lifecycle.reassign, ALICE, minutes_after(5), to=CAROL)
    in_time = Card("H-3", due=minutes_after(50)).move(lifecycle.acknowledge, BOB, minutes_after(1), read_back="ok")
    in_time.move(lifecycle.done, BOB, minutes_after(20), outcome="Done")
    result = review([slow.h, passed_on.h, in_time.h], since=minutes_after(0), now=minutes_after(60), ack_within=ACK)
    # H-2: carol never acknowledged (escalated at 35) and it was not done by 50: two, both carol's.
    assert (result.by_colleague["bob"].escalated, result.by_colleague["carol"].escalated) == (1, 2)
    assert result.total.escalated == 3

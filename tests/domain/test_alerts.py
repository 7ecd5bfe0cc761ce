"""Alerts: who hears what, and that each occasion has one stable key."""

from __future__ import annotations

from datetime import timedelta

from shiftboard.domain.alerts import alerts_for
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

ACK = timedelta(minutes=15)


def kinds(desk: Desk, handle: str, *, on_shift: bool = True) -> list[tuple[str, str]]:
    found = alerts_for(
        desk.colleague(handle), desk.handovers(), now=desk.clock.now(), ack_within=ACK, on_shift=on_shift
    )
    return [(alert.kind, alert.handover_id) for alert in found]


def keys(desk: Desk, handle: str) -> set[str]:
    found = alerts_for(desk.colleague(handle), desk.handovers(), now=desk.clock.now(), ack_within=ACK, on_shift=True)
    return {alert.key for alert in found}


def test_a_new_handover_is_announced_to_its_receiver_only(desk: Desk, make_draft) -> None:
    desk.hand_over(make_draft(), by="alice")
    assert kinds(desk, "bob") == [("new", "H-1001")]
    assert kinds(desk, "alice") == []
    assert kinds(desk, "carol") == []


def test_the_new_alert_ends_with_the_acknowledgement(desk: Desk, make_draft) -> None:
    desk.hand_over(make_draft(), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="On it")
    assert kinds(desk, "bob") == []


def test_a_late_ack_is_told_to_the_sender_with_a_key_that_does_not_change(
    desk: Desk, clock: FrozenClock, make_draft
) -> None:
    desk.hand_over(make_draft(due="3h"), by="alice")
    clock.advance(minutes=14)
    assert kinds(desk, "alice") == []
    clock.advance(minutes=2)
    assert kinds(desk, "alice") == [("late", "H-1001")]
    first = keys(desk, "alice")
    clock.advance(minutes=5)
    assert keys(desk, "alice") == first


def test_a_reassigned_card_is_a_new_occasion_for_its_receiver(desk: Desk, clock: FrozenClock, make_draft) -> None:
    desk.hand_over(make_draft(), by="alice")
    before = keys(desk, "bob")
    desk.reassign("H-1001", by="alice", to="carol")
    clock.advance(minutes=1)
    desk.reassign("H-1001", by="alice", to="bob")
    assert keys(desk, "bob").isdisjoint(before)


def test_query_unable_and_done_reach_the_sender_once_each_however_many_comments(desk: Desk, make_draft) -> None:
    for _ in range(3):
        desk.hand_over(make_draft(), by="alice")
    desk.query("H-1001", by="bob", question="Which order?")
    desk.acknowledge("H-1002", by="bob", read_back="On it")
    desk.unable("H-1002", by="bob", reason="No access to the bank portal")
    desk.acknowledge("H-1003", by="bob", read_back="On it")
    desk.done("H-1003", by="bob", outcome="Called her back")
    assert kinds(desk, "alice") == [("query", "H-1001"), ("unable", "H-1002"), ("done", "H-1003")]
    before = keys(desk, "alice")
    desk.comment("H-1003", by="carol", note="Any news?")
    assert keys(desk, "alice") == before
    message = {
        a.kind: a.message
        for a in alerts_for(
            desk.colleague("alice"), desk.handovers(), now=desk.clock.now(), ack_within=ACK, on_shift=True
        )
    }
    assert message["query"] == "H-1001: bob asks: Which order?"


def test_a_follow_up_check_is_due_to_whoever_flagged_it_when_its_time_comes(
    desk: Desk, clock: FrozenClock, make_draft
) -> None:
    desk.hand_over(make_draft(due="5h"), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="On it")
    desk.flag("H-1001", by="alice", note="Did the trace come back?", check="30m")
    assert kinds(desk, "alice") == []
    clock.advance(minutes=30)
    assert kinds(desk, "alice") == [("check", "H-1001")]
    assert kinds(desk, "bob") == []


def test_the_senders_own_check_time_reminds_them(desk: Desk, clock: FrozenClock, make_draft) -> None:
    desk.hand_over(make_draft(due="5h", check_at="1h"), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="On it")
    clock.advance(minutes=61)
    assert kinds(desk, "alice") == [("check", "H-1001")]


def test_escalation_goes_to_supervisors_on_shift_only(desk: Desk, clock: FrozenClock, make_draft) -> None:
    desk.hand_over(make_draft(due="5h"), by="alice")
    clock.advance(minutes=29)
    assert kinds(desk, "sam") == []
    clock.advance(minutes=2)
    assert kinds(desk, "sam") == [("escalation", "H-1001")]
    assert kinds(desk, "sam", on_shift=False) == []
    assert ("escalation", "H-1001") not in kinds(desk, "carol")


def test_an_overdue_card_escalates_even_when_acknowledged(desk: Desk, clock: FrozenClock, make_draft) -> None:
    desk.hand_over(make_draft(due="20m"), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="On it")
    clock.advance(minutes=21)
    assert kinds(desk, "sam") == [("escalation", "H-1001")]


def test_closed_handovers_raise_nothing(desk: Desk, clock: FrozenClock, make_draft) -> None:
    desk.hand_over(make_draft(due="20m"), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="On it")
    desk.done("H-1001", by="bob", outcome="ok")
    desk.verify_close("H-1001", by="alice")
    clock.advance(hours=5)
    assert kinds(desk, "alice") == kinds(desk, "bob") == kinds(desk, "sam") == []

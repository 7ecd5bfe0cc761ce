"""Needs me and escalations (SPEC §1) on hand-built histories: each card's reason worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from handbuilt import ACK, ALICE, BOB, SAM, Card, at

from shiftboard.domain import lifecycle
from shiftboard.domain.inbox import Why, escalations, needs
from shiftboard.domain.models import Priority


def whys(me: str, *cards: Card, minutes: float) -> list[tuple[str, list[str]]]:
    found = needs(me, [card.h for card in cards], now=at(minutes), ack_within=ACK)
    return [(need.handover.id, [reason.why.value for reason in need.reasons]) for need in found]


def test_a_card_handed_to_you_needs_your_ack_and_nobody_else():
    card = Card()
    assert whys("bob", card, minutes=1) == [("H-1", ["awaiting your ack"])]
    assert whys("alice", card, minutes=1) == []  # not late yet
    assert whys("carol", card, minutes=1) == [] and whys("sam", card, minutes=1) == []
    card.move(lifecycle.acknowledge, BOB, at(2), read_back="I call her")
    assert whys("bob", card, minutes=3) == []


def test_the_sender_is_needed_once_the_ack_is_late_and_no_sooner():
    card = Card()
    assert whys("alice", card, minutes=15) == []  # exactly ack_within: not late yet
    late = needs("alice", [card.h], now=at(16), ack_within=ACK)
    assert [r.why for r in late[0].reasons] == [Why.LATE]
    assert late[0].reasons[0].since == at(15) and late[0].reasons[0].detail == "bob, waiting 16m"
    assert whys("bob", card, minutes=16) == [("H-1", ["awaiting your ack"])]  # and still bob's


def test_query_unable_and_done_each_need_the_sender_with_the_receivers_words():
    queried = Card("H-1").move(lifecycle.query, BOB, at(3), question="Which bank?")
    unable = (
        Card("H-2")
        .move(lifecycle.acknowledge, BOB, at(2), read_back="ok")
        .move(lifecycle.unable, BOB, at(4), reason="No portal access")
    )
    done = (
        Card("H-3")
        .move(lifecycle.acknowledge, BOB, at(2), read_back="ok")
        .move(lifecycle.done, BOB, at(5), outcome="Trace given")
    )
    found = needs("alice", [done.h, unable.h, queried.h], now=at(6), ack_within=ACK)
    assert [(n.handover.id, n.reasons[0].why, n.reasons[0].detail, n.reasons[0].since) for n in found] == [
        ("H-1", Why.ANSWER, "bob asks: Which bank?", at(3)),
        ("H-2", Why.UNABLE, "bob: No portal access", at(4)),
        ("H-3", Why.VERIFY, "bob: Trace given", at(5)),
    ]
    assert whys("bob", queried, unable, done, minutes=6) == []  # each waits on alice


def test_an_answered_query_needs_the_receivers_ack_again():
    card = Card().move(lifecycle.query, BOB, at(3), question="Which bank?")
    card.move(lifecycle.comment, ALICE, at(4), note="Barclays")
    assert whys("alice", card, minutes=5) == []
    assert whys("bob", card, minutes=5) == [("H-1", ["awaiting your ack"])]


def test_a_follow_up_flag_is_due_at_its_time_until_the_sender_clears_it():
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    card.move(lifecycle.flag, ALICE, at(2), note="Did the refund land?", check_at=at(30))
    assert whys("alice", card, minutes=29) == []
    due = needs("alice", [card.h], now=at(31), ack_within=ACK)[0].reasons[0]
    assert (due.why, due.since, due.detail) == (Why.CHECK, at(30), "Did the refund land?")
    card.move(lifecycle.unflag, ALICE, at(32))
    assert whys("alice", card, minutes=33) == []


def test_the_check_time_set_when_handing_over_is_due_until_the_sender_next_acts():
    card = Card(check_at=at(20)).move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    assert whys("alice", card, minutes=19) == []
    assert whys("alice", card, minutes=21) == [("H-1", ["check due"])]
    card.move(lifecycle.comment, ALICE, at(22), note="Any news?")  # she looked
    assert whys("alice", card, minutes=23) == []


def test_one_card_can_need_you_for_several_reasons_the_most_pressing_first():
    card = Card().move(lifecycle.flag, ALICE, at(1), note="Chase", check_at=at(5))
    card.move(lifecycle.query, BOB, at(6), question="Which one?")
    assert whys("alice", card, minutes=7) == [("H-1", ["query to answer", "check due"])]
    assert needs("alice", [card.h], now=at(7), ack_within=ACK)[0].why == "query to answer · check due"


def test_a_card_taken_back_or_closed_needs_nobody():
    taken = (
        Card("H-1")
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.unable, BOB, at(2), reason="No access")
    )
    assert whys("alice", taken, minutes=3) == [("H-1", ["unable — decide"])]
    taken.move(lifecycle.take_back, ALICE, at(4))
    assert whys("alice", taken, minutes=60) == [] and whys("bob", taken, minutes=60) == []
    closed = Card("H-2").move(lifecycle.withdraw, ALICE, at(1), reason="Duplicate")
    assert whys("alice", closed, minutes=60) == [] and whys("bob", closed, minutes=60) == []


def test_a_supervisor_is_not_needed_for_the_cards_they_act_on_for_others():
    card = Card().move(lifecycle.query, SAM, at(3), question="For bob: which bank?")
    assert whys("sam", card, minutes=4) == []
    assert whys("alice", card, minutes=4) == [("H-1", ["query to answer"])]


def test_needs_are_ordered_by_reason_then_priority_then_due():
    late_urgent = Card("H-1", priority=Priority.URGENT)
    handed_to_alice = Card("H-2", sender="bob", receiver="alice")
    handed_urgent = Card("H-3", sender="carol", receiver="alice", priority=Priority.URGENT)
    handed_soon = Card("H-4", sender="bob", receiver="alice", due=at(30))
    ids = [hid for hid, _ in whys("alice", late_urgent, handed_to_alice, handed_urgent, handed_soon, minutes=20)]
    assert ids == ["H-3", "H-4", "H-2", "H-1"]


def reasons(*cards: Card, minutes: float) -> list[tuple[str, str]]:
    return [(e.handover.id, e.reason) for e in escalations([c.h for c in cards], now=at(minutes), ack_within=ACK)]


def test_escalation_after_twice_ack_within_unacknowledged():
    card = Card()
    assert reasons(card, minutes=30) == []  # exactly 2 × ack_within: not yet
    assert reasons(card, minutes=31) == [("H-1", "alice → bob: unacknowledged for 31m")]
    card.move(lifecycle.acknowledge, BOB, at(32), read_back="ok")
    assert reasons(card, minutes=33) == []


def test_escalation_when_overdue_unless_done_or_closed():
    overdue = Card("H-1", due=at(60)).move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    done = (
        Card("H-2", due=at(60))
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.done, BOB, at(70), outcome="Late but done")
    )
    closed = Card("H-3", due=at(60)).move(lifecycle.withdraw, ALICE, at(2), reason="Duplicate")
    assert reasons(overdue, done, closed, minutes=60) == []
    assert reasons(overdue, done, closed, minutes=95) == [("H-1", "alice → bob: overdue by 35m")]


def test_escalations_come_longest_standing_first():
    waiting = Card("H-1", created=at(0))  # escalated at 30
    overdue = Card("H-2", created=at(0), due=at(10)).move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    found = escalations([waiting.h, overdue.h], now=at(40), ack_within=ACK)
    assert [(e.handover.id, e.since) for e in found] == [("H-2", at(10)), ("H-1", at(30))]


@pytest.mark.parametrize("minutes", [0, 14, 15])
def test_nothing_is_escalated_within_ack_within(minutes: int):
    assert reasons(Card(due=at(60)), minutes=minutes) == []
    assert escalations([], now=at(minutes) + timedelta(days=1), ack_within=ACK) == []

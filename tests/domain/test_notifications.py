"""Notifications derived from the events (SPEC §2 `N`), on hand-built histories: who is told what, when,
with which words, and that each occasion keeps one key however often it is asked for."""

from __future__ import annotations

from datetime import datetime

from handbuilt import ACK, ALICE, BOB, CAROL, SAM, Card, at

from shiftboard.domain import lifecycle
from shiftboard.domain.notifications import Notification, Topic, notifications_for


def told(me: str, *cards: Card, minutes: float, supervising: bool = False) -> list[Notification]:
    return notifications_for(me, [c.h for c in cards], now=at(minutes), ack_within=ACK, supervising=supervising)


def said(me: str, *cards: Card, minutes: float, supervising: bool = False) -> list[tuple[datetime, Topic, str]]:
    return [(n.at, n.topic, n.message) for n in told(me, *cards, minutes=minutes, supervising=supervising)]


def test_the_receiver_is_told_of_a_new_card_and_the_sender_of_its_acknowledgement_with_the_read_back() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(3), read_back="Call her with the trace number")
    assert said("bob", card, minutes=4) == [(at(0), Topic.NEW, "H-1 handed to you by alice")]
    assert said("alice", card, minutes=4) == [
        (at(3), Topic.ACKNOWLEDGED, "H-1 acknowledged by bob; read-back: “Call her with the trace number”")
    ]
    assert said("carol", card, minutes=4) == []


def test_an_acknowledgement_without_a_read_back_says_so() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(3), read_back="")
    assert said("alice", card, minutes=4)[-1][2] == "H-1 acknowledged by bob (no read-back)"


def test_the_query_reaches_the_sender_and_the_answer_reaches_the_receiver_with_their_words() -> None:
    card = Card().move(lifecycle.query, BOB, at(3), question="Which bank?")
    card.move(lifecycle.comment, ALICE, at(5), note="Barclays, sort code on the ticket")
    assert said("alice", card, minutes=6) == [(at(3), Topic.QUERY, "H-1: bob asks “Which bank?”")]
    assert said("bob", card, minutes=6)[-1] == (
        at(5),
        Topic.ANSWER,
        "H-1: alice answered “Barclays, sort code on the ticket”; acknowledge it again",
    )


def test_done_and_unable_reach_the_sender_with_the_outcome_and_the_reason() -> None:
    done = (
        Card("H-1")
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.done, BOB, at(9), outcome="Refund traced")
    )
    unable = (
        Card("H-2")
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.unable, BOB, at(8), reason="No portal access")
    )
    messages = [message for _at, _topic, message in said("alice", done, unable, minutes=10)]
    assert messages[-2:] == [
        "H-2: bob was unable: “No portal access”; take it back, reassign or withdraw it",
        "H-1 done by bob: “Refund traced”; verify and close it",
    ]


def test_a_late_acknowledgement_is_told_to_the_sender_at_the_moment_it_became_late_with_one_key() -> None:
    card = Card()
    assert said("alice", card, minutes=15) == []
    first = told("alice", card, minutes=16)
    assert [(n.at, n.topic, n.message) for n in first] == [
        (at(15), Topic.LATE, "H-1: bob has not acknowledged within 15m")
    ]
    assert [n.key for n in told("alice", card, minutes=50)] == [n.key for n in first]
    card.move(lifecycle.acknowledge, BOB, at(60), read_back="Sorry, on it")  # still told: it was late
    assert [n.topic for n in told("alice", card, minutes=61)] == [Topic.LATE, Topic.ACKNOWLEDGED]


def test_an_ack_in_time_is_never_late_and_a_reassignment_is_a_new_occasion() -> None:
    card = Card().move(lifecycle.reassign, ALICE, at(10), to=CAROL)
    assert said("alice", card, minutes=24) == []  # bob's wait ended at 10; carol's began then
    assert said("alice", card, minutes=26)[-1] == (at(25), Topic.LATE, "H-1: carol has not acknowledged within 15m")
    assert said("carol", card, minutes=26) == [(at(10), Topic.NEW, "H-1 handed to you by alice (from bob)")]
    assert said("bob", card, minutes=26)[-1] == (at(10), Topic.CHANGED, "H-1 reassigned from bob to carol by alice")


def test_the_holder_hears_a_withdrawal_a_take_back_a_verification_and_an_undo() -> None:
    withdrawn = Card("H-1").move(lifecycle.withdraw, ALICE, at(2), reason="Customer cancelled")
    taken = Card("H-2").move(lifecycle.take_back, ALICE, at(3))
    verified = (
        Card("H-3")
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.done, BOB, at(2), outcome="Sent")
        .move(lifecycle.verify_close, ALICE, at(4))
    )
    undone = Card("H-4").move(lifecycle.query, BOB, at(1), question="Which?")
    undone.move(lifecycle.comment, ALICE, at(2), note="That one").move(lifecycle.undo, ALICE, at(3))
    changed = [
        m for _at, topic, m in said("bob", withdrawn, taken, verified, undone, minutes=5) if topic == Topic.CHANGED
    ]
    assert changed == [
        "H-1 withdrawn by alice: “Customer cancelled”",
        "H-2 taken back by alice",
        "H-4: alice undid “answered the question”",
        "H-3 verified and closed by alice",
    ]


def test_a_colleague_is_never_told_of_their_own_actions() -> None:
    card = Card().move(lifecycle.flag, ALICE, at(1), note="Chase", check_at=None)
    card.move(lifecycle.comment, ALICE, at(2), note="Note to self").move(lifecycle.take_back, ALICE, at(3))
    assert said("alice", card, minutes=4) == []


def test_comments_reach_the_sender_and_the_holder() -> None:
    card = Card().move(lifecycle.comment, CAROL, at(2), note="Customer rang again")
    expected = (at(2), Topic.COMMENT, "H-1: carol commented “Customer rang again”")
    assert said("alice", card, minutes=3)[-1] == expected and said("bob", card, minutes=3)[-1] == expected


def test_a_supervisor_acting_for_a_colleague_tells_that_colleague() -> None:
    card = Card().move(lifecycle.acknowledge, SAM, at(2), read_back="Bob is on it")
    assert said("bob", card, minutes=3)[-1] == (at(2), Topic.CHANGED, "H-1: sam acknowledged for you: “Bob is on it”")
    assert said("alice", card, minutes=3)[-1][2] == "H-1 acknowledged by sam; read-back: “Bob is on it”"


def test_a_follow_up_check_is_told_when_its_time_comes_unless_cleared_first() -> None:
    kept = Card("H-1").move(lifecycle.flag, ALICE, at(1), note="Did it land?", check_at=at(20))
    cleared = Card("H-2").move(lifecycle.flag, ALICE, at(1), note="Chase", check_at=at(20))
    cleared.move(lifecycle.unflag, ALICE, at(10))

    def checks(minutes: float) -> list[tuple[datetime, Topic, str]]:
        return [note for note in said("alice", kept, cleared, minutes=minutes) if note[1] is Topic.CHECK]

    assert checks(19) == []
    assert checks(21) == [(at(20), Topic.CHECK, "H-1: time to check — Did it land?")]


def test_a_supervisor_on_shift_is_told_each_escalation_with_its_reason() -> None:
    waiting = Card("H-1")
    overdue = Card("H-2", sender="carol", due=at(40)).move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    in_time = (
        Card("H-3", due=at(40))
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.done, BOB, at(39), outcome="Done")
    )
    assert said("sam", waiting, overdue, in_time, minutes=50, supervising=True) == [
        (at(30), Topic.ESCALATION, "H-1 (alice → bob) unacknowledged for 30m"),
        (at(40), Topic.ESCALATION, "H-2 (carol → bob) not done by its due time"),
    ]
    assert said("sam", waiting, overdue, minutes=50, supervising=False) == []  # off shift: not told
    assert (
        said("alice", waiting, minutes=50, supervising=True)[0][1] == Topic.LATE
    )  # a sender hears late, not escalation


def test_every_key_names_one_occasion_and_the_list_is_oldest_first() -> None:
    card = (
        Card().move(lifecycle.acknowledge, BOB, at(20), read_back="ok").move(lifecycle.unable, BOB, at(21), reason="x")
    )
    card.move(lifecycle.reassign, ALICE, at(22), to=CAROL)
    notes = told("alice", card, minutes=60)
    assert [n.at for n in notes] == sorted(n.at for n in notes)
    assert len({n.key for n in notes}) == len(notes)
    assert [n.key for n in told("alice", card, minutes=60)] == [n.key for n in notes]

"""Take back, withdraw and reopen (SPEC §1): what each leaves the card holding, and the rules around them
that the table of every action, state and actor (test_lifecycle) does not show."""

from __future__ import annotations

import pytest
from handbuilt import ALICE, BOB, CAROL, SAM, Card, at

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Status
from shiftboard.domain.status import card_status


def unable_card() -> Card:
    return (
        Card()
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.unable, BOB, at(2), reason="No portal access")
    )


def test_take_back_puts_the_card_in_the_senders_own_hands() -> None:
    card = unable_card().move(lifecycle.take_back, ALICE, at(3))
    h = card.h
    assert (h.to, h.status, h.handed_at, h.unable_reason, h.acknowledged_by) == (
        "alice",
        Status.ACKNOWLEDGED,
        at(3),
        None,
        None,
    )
    assert card_status(h, at(4), at(0) - at(0)).word == "taken back"


def test_the_senders_done_on_a_card_they_took_back_closes_it_without_verification() -> None:
    card = (
        unable_card().move(lifecycle.take_back, ALICE, at(3)).move(lifecycle.done, ALICE, at(9), outcome="Called her")
    )
    h = card.h
    assert (h.status, h.closed_by, h.closed_at, h.outcome) == (Status.CLOSED, "alice", at(9), "Called her")
    assert [event.kind for event in h.events][-2:] == ["take-back", "done"]


def test_a_supervisor_takes_it_back_for_the_sender() -> None:
    card = unable_card().move(lifecycle.take_back, SAM, at(3))
    assert card.h.to == "alice" and card.h.events[-1].for_ == "alice"


def test_a_card_taken_back_cannot_be_queried_marked_unable_or_taken_back_again() -> None:
    card = unable_card().move(lifecycle.take_back, ALICE, at(3))
    with pytest.raises(Refused, match=r"^H-1 is already back with alice$"):
        lifecycle.take_back(card.h, by=ALICE, now=at(4), tz=at(0).tzinfo)
    with pytest.raises(Refused, match=r"^H-1 is alice's own \(taken back\); there is nobody to query$"):
        lifecycle.query(card.h, by=ALICE, question="?", now=at(4), tz=at(0).tzinfo)
    with pytest.raises(Refused, match=r"^H-1 is alice's own \(taken back\): finish it, reassign it or withdraw it$"):
        lifecycle.unable(card.h, by=ALICE, reason="no", now=at(4), tz=at(0).tzinfo)


def test_a_card_taken_back_can_be_handed_to_someone_else_again() -> None:
    card = unable_card().move(lifecycle.take_back, ALICE, at(3)).move(lifecycle.reassign, ALICE, at(4), to=CAROL)
    assert (card.h.to, card.h.status) == ("carol", Status.PENDING)


def test_withdraw_closes_it_recorded_as_withdrawn_with_the_reason() -> None:
    card = Card().move(lifecycle.flag, ALICE, at(1), note="Chase", check_at=None)
    card.move(lifecycle.withdraw, ALICE, at(2), reason="  The customer cancelled  ")
    h = card.h
    assert (h.status, h.closed_by, h.closed_at, h.withdrawn_reason, h.follow_up) == (
        Status.CLOSED,
        "alice",
        at(2),
        "The customer cancelled",
        None,
    )
    assert card_status(h, at(3), at(0) - at(0)).word == "closed — withdrawn"
    with pytest.raises(Refused, match=r"^H-1 was withdrawn by alice at 14:02; it cannot be flagged$"):
        lifecycle.flag(h, by=ALICE, note="x", check_at=None, now=at(3), tz=at(0).tzinfo)


def test_withdraw_and_reopen_need_a_reason() -> None:
    with pytest.raises(Refused, match=r"^reason is required$"):
        lifecycle.withdraw(Card().h, by=ALICE, reason=" ", now=at(1), tz=at(0).tzinfo)
    closed = Card().move(lifecycle.withdraw, ALICE, at(1), reason="Duplicate")
    with pytest.raises(Refused, match=r"^reason is required$"):
        lifecycle.reopen(closed.h, by=ALICE, reason="", now=at(2), tz=at(0).tzinfo)


def test_reopen_puts_a_closed_card_back_to_its_receiver_awaiting_a_fresh_acknowledgement() -> None:
    card = (
        Card()
        .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
        .move(lifecycle.done, BOB, at(2), outcome="Refunded")
        .move(lifecycle.verify_close, ALICE, at(3))
        .move(lifecycle.reopen, SAM, at(40), reason="The customer rang: no refund yet")
    )
    h = card.h
    assert (h.to, h.status, h.handed_at) == ("bob", Status.PENDING, at(40))
    cleared = (h.acknowledged_by, h.read_back, h.outcome, h.closed_by, h.closed_at, h.withdrawn_reason)
    assert cleared == (None,) * 6
    assert (h.events[-1].kind, h.events[-1].note, h.events[-1].for_) == (
        "reopen",
        "The customer rang: no refund yet",
        "alice",
    )


def test_reopening_a_card_the_sender_finished_themself_gives_it_back_to_them() -> None:
    card = unable_card().move(lifecycle.take_back, ALICE, at(3)).move(lifecycle.done, ALICE, at(4), outcome="Done")
    card.move(lifecycle.reopen, ALICE, at(5), reason="Closed by mistake")
    assert (card.h.to, card.h.status) == ("alice", Status.ACKNOWLEDGED)


def test_reassigning_to_the_sender_is_taking_it_back_even_from_pending() -> None:
    step = lifecycle.reassign(Card().h, by=SAM, to=ALICE, now=at(1), tz=at(0).tzinfo)
    assert (step.kind, step.for_, step.changes["to"]) == ("take-back", "alice", ["bob", "alice"])


def test_a_purged_card_cannot_come_back_to_the_board() -> None:
    """Its customer's name and contact are erased: reopened (or its close undone) it would ask a colleague to
    call back nobody. A new handover is the way, with the details the customer gives again."""
    closed = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    closed.move(lifecycle.done, BOB, at(2), outcome="ok").move(lifecycle.verify_close, ALICE, at(3))
    purged = closed.h.model_copy(update={"purged": True})
    erased = r"^H-1's customer details were erased by a retention purge; hand over a new card instead$"
    for who in (ALICE, SAM):
        with pytest.raises(Refused, match=erased):
            lifecycle.reopen(purged, by=who, reason="The customer rang", now=at(4), tz=at(0).tzinfo)
    with pytest.raises(Refused, match=erased):
        lifecycle.may(EventKind.UNDO, purged, by=ALICE, now=at(4), tz=at(0).tzinfo)
    lifecycle.may(EventKind.UNDO, closed.h, by=ALICE, now=at(4), tz=at(0).tzinfo)  # unpurged: it may

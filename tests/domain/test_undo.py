"""Undo (SPEC §1): one's own latest action on a card, within 2 minutes, as a new event that puts back the
state before it; checked like every transition (who, which event, how long ago)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from handbuilt import ALICE, BOB, CAROL, DAVE, SAM, Card, at

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague, Handover

Setup = Callable[[], Card]
# (the card before, the action to undo: rule, actor, details)
UNDOABLE: dict[str, tuple[Setup, Callable[..., lifecycle.Step], Colleague, dict[str, Any]]] = {
    "ack": (lambda: Card(), lifecycle.acknowledge, BOB, {"read_back": "I call her"}),
    "query": (lambda: Card(), lifecycle.query, BOB, {"question": "Which bank?"}),
    "answer": (
        lambda: Card().move(lifecycle.query, BOB, at(1), question="Which bank?"),
        lifecycle.comment,
        ALICE,
        {"note": "Barclays"},
    ),
    "done": (
        lambda: Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok"),
        lifecycle.done,
        BOB,
        {"outcome": "Refunded"},
    ),
    "unable": (
        lambda: Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok"),
        lifecycle.unable,
        BOB,
        {"reason": "No access"},
    ),
    "verify": (
        lambda: (
            Card()
            .move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
            .move(lifecycle.done, BOB, at(2), outcome="Refunded")
        ),
        lifecycle.verify_close,
        ALICE,
        {},
    ),
    "reassign": (lambda: Card(), lifecycle.reassign, ALICE, {"to": CAROL}),
    "take-back": (lambda: Card(), lifecycle.take_back, ALICE, {}),
    "withdraw": (lambda: Card(), lifecycle.withdraw, ALICE, {"reason": "Duplicate"}),
    "reopen": (
        lambda: Card().move(lifecycle.withdraw, ALICE, at(1), reason="Duplicate"),
        lifecycle.reopen,
        ALICE,
        {"reason": "Not a duplicate"},
    ),
    "flag": (lambda: Card(), lifecycle.flag, ALICE, {"note": "Chase", "check_at": at(30)}),
    "unflag": (
        lambda: Card().move(lifecycle.flag, ALICE, at(1), note="Chase", check_at=None),
        lifecycle.unflag,
        ALICE,
        {},
    ),
    "ack for bob": (lambda: Card(), lifecycle.acknowledge, SAM, {"read_back": "Bob will call"}),
}


def state(handover: Handover) -> dict[str, Any]:
    """Everything a card says but when it last changed and its trail."""
    data = handover.to_json()
    del data["updated_at"], data["events"]
    return data


@pytest.mark.parametrize("name", list(UNDOABLE))
def test_undo_within_two_minutes_puts_the_card_back_as_it_was(name: str) -> None:
    setup, rule, actor, details = UNDOABLE[name]
    card = setup()
    before = state(card.h)
    card.move(rule, actor, at(10), **details)
    assert state(card.h) != before
    card.move(lifecycle.undo, actor, at(12))  # exactly two minutes later: still open
    assert state(card.h) == before
    kinds = [event.kind for event in card.h.events]
    assert kinds[-1] == "undo" and kinds[-2] == rule(setup().h, by=actor, now=at(10), tz=at(0).tzinfo, **details).kind


def test_the_audit_keeps_both_the_action_and_its_undo() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok").move(lifecycle.undo, BOB, at(2))
    ack, undo = card.h.events[-2:]
    assert (ack.kind, undo.kind, undo.actor) == ("ack", "undo", "bob")
    assert undo.changes["status"] == ["acknowledged", "pending"]
    assert undo.changes["acknowledged_by"] == ["bob", None] and undo.changes["read_back"] == ["ok", None]


def refusal(card: Card, by: Colleague, minutes: float) -> str:
    with pytest.raises(Refused) as raised:
        lifecycle.undo(card.h, by=by, now=at(minutes), tz=at(0).tzinfo)
    return raised.value.message


def test_only_your_own_action_can_be_undone() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    for other in (ALICE, CAROL, SAM):
        assert refusal(card, other, 2) == (
            "the latest action on H-1 is bob's (“acknowledged”); you can undo only your own"
        )


def test_only_the_latest_event_can_be_undone() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    card.move(lifecycle.comment, CAROL, at(1.5), note="Any news?")
    assert refusal(card, BOB, 2) == "the latest action on H-1 is carol's (“commented”); you can undo only your own"


def test_after_two_minutes_it_is_too_late() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    assert refusal(card, BOB, 3.05) == (
        "your “acknowledged” on H-1 at 14:01 is more than 2 minutes old; it can no longer be undone"
    )


def test_a_creation_an_undo_and_a_comment_cannot_be_undone() -> None:
    assert refusal(Card(), ALICE, 1) == (
        "H-1 has no action to undo; handing it over cannot be undone: withdraw it instead"
    )
    undone = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok").move(lifecycle.undo, BOB, at(2))
    assert refusal(undone, BOB, 2.5) == (
        "your latest action on H-1 is an undo; an undo cannot be undone: act again instead"
    )
    commented = Card().move(lifecycle.comment, BOB, at(1), note="On my list")
    assert refusal(commented, BOB, 2) == "your latest action on H-1 (“commented”) cannot be undone"


def test_a_deactivated_colleague_cannot_undo() -> None:
    card = Card(receiver="dave")
    card.handover = card.h.model_copy(
        update={
            "events": [*card.h.events, card.h.events[0].model_copy(update={"seq": 2, "actor": "dave", "kind": "ack"})]
        }
    )
    assert refusal(card, DAVE, 1) == "dave is deactivated and cannot act on H-1"


def test_next_steps_offer_undo_to_its_actor_only_while_it_is_open() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    assert "undo" in lifecycle.next_steps(card.h, by=BOB, now=at(2), tz=at(0).tzinfo)
    assert "undo" not in lifecycle.next_steps(card.h, by=BOB, now=at(4), tz=at(0).tzinfo)
    assert "undo" not in lifecycle.next_steps(card.h, by=ALICE, now=at(2), tz=at(0).tzinfo)

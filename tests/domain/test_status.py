"""What a card says: symbol and word for every status, late, overdue, flagged, escalated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shiftboard.domain.lifecycle import STATUS_WORDS
from shiftboard.domain.models import Channel, Customer, FollowUp, Handover, Status
from shiftboard.domain.status import (
    FLAGGED_MARK,
    LATE_SYMBOL,
    OVERDUE_MARK,
    SYMBOLS,
    card_status,
    due_clause,
    due_words,
)

T0 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
ACK_WITHIN = timedelta(minutes=15)


def card(status: Status = Status.PENDING, *, due_in: timedelta = timedelta(hours=2), **fields: object) -> Handover:
    times = {"created_at": T0, "updated_at": T0, "handed_at": T0}
    return Handover(
        id="H-1001",
        from_="alice",
        to="bob",
        status=status,
        customer=Customer(name="Ms J. Patel", contact="j@example.com"),
        summary="s",
        actions_taken="t",
        action_required="a",
        due=T0 + due_in,
        channel=Channel.PHONE,
        customer_informed=True,
        **(times | fields),
    )


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.PENDING, "○ awaiting ack"),
        (Status.ACKNOWLEDGED, "● acknowledged"),
        (Status.QUERY, "? query"),
        (Status.DONE, "✓ done — verify"),
        (Status.UNABLE, "✗ unable"),
        (Status.CLOSED, "■ closed"),
    ],
)
def test_every_status_has_a_symbol_and_a_word(status: Status, label: str) -> None:
    shown = card_status(card(status), at(1), ACK_WITHIN)
    assert shown.label == label
    assert (shown.symbol, shown.word) == (SYMBOLS[status], STATUS_WORDS[status])
    assert not (shown.late or shown.overdue or shown.flagged or shown.escalated)


def test_symbols_are_all_different() -> None:
    assert len(set(SYMBOLS.values()) | {LATE_SYMBOL}) == len(Status) + 1


def test_pending_turns_late_after_ack_within_counted_from_handed_at() -> None:
    assert not card_status(card(), at(15), ACK_WITHIN).late
    late = card_status(card(), at(16), ACK_WITHIN)
    assert late.late and not late.escalated
    assert late.label == f"{LATE_SYMBOL} awaiting ack — late"
    assert late.state == "late"
    answered = card(handed_at=at(10))  # a query answered at 14:10: the wait starts again
    assert not card_status(answered, at(16), ACK_WITHIN).late


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.PENDING], ids=str)
def test_only_pending_cards_are_late(status: Status) -> None:
    assert not card_status(card(status), at(45), ACK_WITHIN).late


def test_escalated_after_twice_ack_within_unacknowledged() -> None:
    assert not card_status(card(), at(30), ACK_WITHIN).escalated
    assert card_status(card(), at(31), ACK_WITHIN).escalated
    assert not card_status(card(Status.ACKNOWLEDGED), at(31), ACK_WITHIN).escalated


def test_ack_within_is_the_boards_setting() -> None:
    assert not card_status(card(), at(16), timedelta(minutes=30)).late
    assert card_status(card(), at(31), timedelta(minutes=30)).late


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.CLOSED], ids=str)
def test_any_open_card_past_due_is_overdue_and_escalated(status: Status) -> None:
    shown = card_status(card(status, due_in=timedelta(minutes=5)), at(6), ACK_WITHIN)
    assert shown.overdue and shown.escalated
    assert shown.label.endswith(f" · {OVERDUE_MARK}")


def test_a_closed_card_is_never_overdue() -> None:
    shown = card_status(card(Status.CLOSED, due_in=timedelta(minutes=5)), at(60), ACK_WITHIN)
    assert not shown.overdue and not shown.escalated


def test_a_closed_card_is_due_nothing_any_more() -> None:
    """`in 1h` on a closed card (the listing, show, the detail, the checklist) read as work still to do."""
    assert due_words(card(Status.DONE, due_in=timedelta(hours=2)), at(60)) == "in 1h"
    assert due_words(card(Status.ACKNOWLEDGED, due_in=timedelta(minutes=5)), at(65)) == "overdue 1h"
    assert due_words(card(Status.CLOSED, due_in=timedelta(hours=2)), at(60)) == "closed"
    # After a status word, `due in 1h` or `overdue 1h`: never `due overdue 1h` (the checklist said so).
    assert due_clause(card(Status.DONE, due_in=timedelta(hours=2)), at(60)) == "due in 1h"
    assert due_clause(card(Status.ACKNOWLEDGED, due_in=timedelta(minutes=5)), at(65)) == "overdue 1h"
    assert due_clause(card(Status.CLOSED, due_in=timedelta(minutes=5)), at(65)) == "closed"


def test_flagged_marker_and_all_markers_together() -> None:
    follow = FollowUp(note="check", by="alice", at=T0)
    shown = card_status(card(follow_up=follow, due_in=timedelta(minutes=5)), at(20), ACK_WITHIN)
    assert shown.flagged
    assert shown.label == f"{LATE_SYMBOL} awaiting ack — late · {OVERDUE_MARK} · {FLAGGED_MARK}"
    assert "overdue" in OVERDUE_MARK and "flagged" in FLAGGED_MARK


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (Status.PENDING, "awaiting"),
        (Status.ACKNOWLEDGED, "acknowledged"),
        (Status.QUERY, "query"),
        (Status.DONE, "done"),
        (Status.UNABLE, "unable"),
        (Status.CLOSED, "closed"),
    ],
)
def test_state_key_a_theme_colours(status: Status, key: str) -> None:
    assert card_status(card(status), at(1), ACK_WITHIN).state == key

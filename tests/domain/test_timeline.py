"""The audit timeline in words (both detail views read it): what each event did, never raw field changes."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from handbuilt import ALICE, BOB, CAROL, SAM, Card, at

from shiftboard.domain import lifecycle
from shiftboard.domain.timeline import timeline, timeline_clock


def lines(card: Card, *, days_later: int = 0) -> list[str]:
    now = at(60) + timedelta(days=days_later)
    return [
        f"{e.when} {e.words}" + (f" | {e.said_label}: {e.said}" if e.said else "")
        for e in timeline(card.h, tz=at(0).tzinfo, now=now)
    ]


def test_every_move_reads_as_what_happened() -> None:
    card = (
        Card()
        .move(lifecycle.query, BOB, at(1), question="Which bank?")
        .move(lifecycle.comment, ALICE, at(2), note="Barclays")
        .move(lifecycle.acknowledge, SAM, at(3), read_back="Bob calls Barclays")
        .move(lifecycle.unable, BOB, at(4), reason="No access")
        .move(lifecycle.reassign, ALICE, at(5), to=CAROL)
        .move(lifecycle.flag, ALICE, at(6), note="Chase", check_at=at(30))
        .move(lifecycle.unflag, ALICE, at(7))
        .move(lifecycle.take_back, ALICE, at(8))
        .move(lifecycle.done, ALICE, at(9), outcome="Called her myself")
        .move(lifecycle.reopen, ALICE, at(10), reason="She rang again")
        .move(lifecycle.comment, CAROL, at(11), note="I can help")
        .move(lifecycle.withdraw, ALICE, at(12), reason="Sorted by phone")
        .move(lifecycle.undo, ALICE, at(13))
    )
    assert lines(card) == [
        "14:00 alice handed it over to bob",
        "14:01 bob asked alice a question | question: Which bank?",
        "14:02 alice answered the question; back to bob to acknowledge | answer: Barclays",
        "14:03 sam acknowledged it (for bob) | read-back: Bob calls Barclays",
        "14:04 bob could not complete it; back to alice to decide | reason: No access",
        "14:05 alice reassigned it from bob to carol",
        "14:06 alice flagged it for follow-up, check at 14:30 | note: Chase",
        "14:07 alice cleared the follow-up flag",
        "14:08 alice took it back from carol",
        "14:09 alice finished it and closed it (taken back: nobody verifies) | outcome: Called her myself",
        "14:10 alice reopened it (in alice's own hands) | reason: She rang again",
        "14:11 carol commented | comment: I can help",
        "14:12 alice withdrew it (closed, not done) | reason: Sorted by phone",
        "14:13 alice undid “withdrew it”: back to acknowledged",
    ]


def test_done_verify_and_a_plain_ack_read_as_such() -> None:
    card = (
        Card()
        .move(lifecycle.acknowledge, BOB, at(1), read_back="")
        .move(lifecycle.done, BOB, at(2), outcome="Refunded")
        .move(lifecycle.verify_close, ALICE, at(3))
        .move(lifecycle.reopen, SAM, at(4), reason="No refund yet")
    )
    assert lines(card)[1:] == [
        "14:01 bob acknowledged it (no read-back)",
        "14:02 bob marked it done | outcome: Refunded",
        "14:03 alice verified the outcome and closed it",
        "14:04 sam reopened it for bob (for alice) | reason: No refund yet",
    ]


def test_entries_older_than_today_show_their_date() -> None:
    card = Card().move(lifecycle.acknowledge, BOB, at(1), read_back="ok")
    assert [line.split(" ", 2)[:2] for line in lines(card, days_later=1)] == [
        ["2026-11-24", "14:00"],
        ["2026-11-24", "14:01"],
    ]
    assert [line.split(" ", 1)[0] for line in lines(card, days_later=6)] == ["2026-11-24"] * 2  # not "Tue"


def test_times_read_in_the_stores_zone_and_its_date() -> None:
    new_york = ZoneInfo("America/New_York")
    assert timeline_clock(at(0), new_york, at(60)) == "09:00"
    assert timeline_clock(at(0) - timedelta(hours=15), new_york, at(60)) == "2026-11-23 18:00"

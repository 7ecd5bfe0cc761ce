"""The shift change through the Desk: the checklist read from events, sign-off's notes, handing on,
and the summary of arrivals at a colleague's first sign-in of a shift.

alice and bob work Early (07:00–15:00) and carol Late (15:00–23:00); the clock says Tuesday 14:00 UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Status
from shiftboard.domain.notifications import Topic, notifications_for
from shiftboard.domain.shiftchange import SECTIONS, Decision
from shiftboard.services import Desk

Draft = Callable[..., HandoverDraft]


@pytest.fixture
def team(desk: Desk) -> Desk:
    desk.add_shift("Early", start="07:00", end="15:00")
    desk.add_shift("Late", start="15:00", end="23:00")
    desk.edit_colleague("alice", shifts=["Early"])
    desk.edit_colleague("bob", shifts=["early"])  # any case
    desk.edit_colleague("carol", shifts=["Late"])
    return desk


def decisions(desk: Desk, handle: str) -> dict[str, str]:
    return {item.handover.id: item.decision.value for item in desk.checklist(handle).items}


def test_every_decision_is_read_from_the_events_since_the_shift_began(
    team: Desk, make_draft: Draft, clock: FrozenClock
) -> None:
    clock.advance(hours=-8)  # 06:00, before alice's shift: what she does now belongs to yesterday's
    early = team.hand_over(make_draft(to="bob"), by="alice").id  # H-1001
    team.keep(early, by="alice", note="decided before the shift")
    clock.advance(hours=8)
    sent = team.hand_over(make_draft(to="bob"), by="alice").id  # H-1002
    held = team.hand_over(make_draft(to="alice"), by="carol").id  # H-1003
    team.acknowledge(held, by="alice", read_back="On it")
    done = team.hand_over(make_draft(to="alice"), by="bob").id  # H-1004
    team.acknowledge(done, by="alice", read_back="On it")
    verified = team.hand_over(make_draft(to="carol"), by="alice").id  # H-1005
    team.acknowledge(verified, by="carol", read_back="On it")
    team.done(verified, by="carol", outcome="refunded")
    taken_back = team.hand_over(make_draft(to="bob"), by="alice").id  # H-1006
    team.hand_over(make_draft(to="carol"), by="bob")  # H-1007: not alice's

    assert team.checklist_since("alice") == clock.now().replace(hour=7)
    assert set(decisions(team, "alice").values()) == {Decision.CARRIED_OVER}  # the keep was before the shift

    team.keep(sent, by="alice", note="I chase bob at four")
    team.reassign(held, by="alice", to="carol", note="Call her back after 16:00")
    team.done(done, by="alice", outcome="posted")
    team.verify_close(verified, by="alice")
    team.reassign(taken_back, by="alice", to="carol")
    team.reassign(taken_back, by="alice", to="alice")  # back in her own hands: hers to decide again

    assert decisions(team, "alice") == {
        early: "carried over",
        sent: "kept",
        held: "handed over",  # no longer hers, still in her notes
        done: "closed",
        verified: "closed",  # closed, and still in her notes
        taken_back: "carried over",
    }
    items = {item.handover.id: item for item in team.checklist("alice").items}
    assert items[held].detail == "to carol: Call her back after 16:00" and items[held].to == "carol"
    assert items[sent].detail == "I chase bob at four"
    assert (items[done].detail, items[verified].detail) == ("marked done (the sender verifies)", "verified and closed")


def test_a_card_taken_back_and_finished_reads_as_closed_by_its_sender_not_waiting_for_a_verification(
    team: Desk, make_draft: Draft
) -> None:
    """Its sender's `done` closes it (nobody verifies their own work): the notes must not say otherwise."""
    hid = team.hand_over(make_draft(to="bob"), by="alice").id
    team.take_back(hid, by="alice")
    team.done(hid, by="alice", outcome="called her myself")
    assert team.handover(hid).status is Status.CLOSED
    item = next(item for item in team.checklist("alice").items if item.handover.id == hid)
    assert (item.decision, item.detail) == (Decision.CLOSED, "finished and closed (taken back: nobody verifies)")


def test_sign_off_lists_every_item_once_and_is_never_refused(team: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    ids = [team.hand_over(make_draft(to="bob"), by="alice").id for _ in range(4)]
    held = team.hand_over(make_draft(to="alice"), by="bob").id
    team.keep(ids[0], by="alice", note="mine to chase")
    team.keep(ids[0], by="alice", note="still mine")  # twice: one item all the same
    team.reassign(ids[1], by="alice", to="carol", note="for the late shift")
    team.acknowledge(ids[2], by="bob", read_back="On it")
    team.done(ids[2], by="bob", outcome="done")
    team.verify_close(ids[2], by="alice")
    clock.advance(minutes=30)
    notes = team.sign_off(by="alice")  # ids[3] and `held` undecided: carried over, not refused

    listed = [item.handover.id for item in notes.items]
    assert sorted(listed) == sorted([*ids, held]) and len(listed) == len(set(listed))
    assert notes.ids() == {
        "handed over": [ids[1]],
        "kept": [ids[0]],
        "closed": [ids[2]],
        "carried over": [ids[3], held],
    }
    assert sum(len(notes.section(decision)) for decision in SECTIONS) == len(notes.items)
    assert notes.section(Decision.KEPT)[0].detail == "still mine"
    assert notes.shift == "Early"
    alice = team.colleague("alice")
    assert alice.signed_off_at == clock.now()
    line = (team.store.root / "log" / "2026-11.jsonl").read_text().splitlines()[-1]  # the sign-off event
    assert '"kind":"sign-off"' in line and f'"carried over":["{ids[3]}","{held}"]' in line
    # A new period begins at sign-off: everything open is undecided again.
    clock.advance(minutes=1)
    assert {item.decision for item in team.checklist("alice").items} == {Decision.CARRIED_OVER}


def test_a_deactivated_colleague_cannot_sign_off(team: Desk) -> None:
    team.set_active("carol", False, by="sam")
    with pytest.raises(Refused, match=r"^carol is deactivated$"):
        team.sign_off(by="carol")


def test_the_holder_hands_on_with_a_note_and_the_sender_is_told(team: Desk, make_draft: Draft) -> None:
    hid = team.hand_over(make_draft(to="bob"), by="alice").id
    team.acknowledge(hid, by="bob", read_back="On it")
    with pytest.raises(Refused, match=r"^handover note is required to hand H-1001 on: what carol needs to know$"):
        team.reassign(hid, by="bob", to="carol")
    with pytest.raises(Refused, match=r"^H-1001 was handed over by alice to bob; only alice, bob \(handing it on\)"):
        team.reassign(hid, by="carol", to="carol")
    handed = team.reassign(hid, by="bob", to="carol", note="She wants a call after six")
    assert (handed.from_, handed.to, handed.status) == ("alice", "carol", Status.PENDING)
    assert len(team.handovers()) == 1  # the same card
    now, ack_within = team.clock.now(), timedelta(minutes=15)
    told = notifications_for("alice", team.handovers(), now=now, ack_within=ack_within)
    assert (told[-1].topic, told[-1].message) == (
        Topic.HANDED_ON,
        "H-1001: bob handed it on to carol; you stay its sender — “She wants a call after six”",
    )
    carol = notifications_for("carol", team.handovers(), now=now, ack_within=ack_within)
    assert carol[-1].message == "H-1001 handed to you by bob (handed on; sent by alice) — “She wants a call after six”"
    team.acknowledge(hid, by="carol", read_back="On it")
    team.done(hid, by="carol", outcome="called")
    with pytest.raises(Refused, match=r"^H-1001 is done and waiting to be verified; it cannot be handed on$"):
        team.reassign(hid, by="carol", to="bob", note="x")


def test_keep_is_for_the_holder_or_the_sender_of_an_open_card(team: Desk, make_draft: Draft) -> None:
    hid = team.hand_over(make_draft(to="bob"), by="alice").id
    with pytest.raises(Refused, match=r"^H-1001 is between alice and bob; only they can keep it"):
        team.keep(hid, by="carol", note="mine?")
    with pytest.raises(Refused, match=r"^note is required$"):
        team.keep(hid, by="bob", note="  ")
    assert team.keep(hid, by="bob", note="on it tomorrow").events[-1].kind == "keep"


def test_the_summary_of_arrivals_is_due_once_per_shift(team: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    clock.advance(hours=-20)  # Monday 18:00: bob is off shift
    team.sign_off(by="bob")  # the end of his Monday shift, recorded a little late
    waiting = team.hand_over(make_draft(to="bob", due="30h"), by="carol").id  # arrives while he is away
    overdue = team.hand_over(make_draft(to="bob", due="1h"), by="carol").id
    team.acknowledge(overdue, by="bob", read_back="On it")
    query = team.hand_over(make_draft(to="carol", due="30h"), by="bob").id
    team.query(query, by="carol", question="Which account?")
    clock.advance(hours=20)  # Tuesday 14:00, during his Early shift
    team.hand_over(make_draft(to="carol"), by="alice")  # nothing to do with bob
    fresh = team.hand_over(make_draft(to="bob"), by="alice").id

    arrived = team.arrivals_due("bob")
    assert arrived is not None and arrived.since == clock.now() - timedelta(hours=20)
    assert [(h.id, why) for h, why in arrived.late] == [(waiting, "not acknowledged in time"), (overdue, "overdue")]
    assert [(h.id, why) for h, why in arrived.new] == [(fresh, "from alice")]
    assert [(h.id, why) for h, why in arrived.waiting] == [(query, "carol: asks a question")]

    team.sign_on(by="bob")
    assert team.arrivals_due("bob") is None  # once per shift, on any terminal
    clock.advance(hours=17)  # Wednesday 07:00: a new shift
    assert team.arrivals_due("bob") is not None


def test_without_a_roster_a_sign_off_starts_a_new_period(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    assert desk.arrivals_due("carol") is not None  # never signed on
    desk.sign_on(by="carol")
    assert desk.arrivals_due("carol") is None
    clock.advance(hours=1)
    desk.sign_off(by="carol")
    clock.advance(hours=12)
    desk.hand_over(make_draft(to="carol"), by="alice")
    arrived = desk.arrivals_due("carol")
    assert arrived is not None and [h.id for h, _ in arrived.new] == ["H-1001"]

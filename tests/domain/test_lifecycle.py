"""SPEC §1 lifecycle: every action from every state by every kind of actor, and what each move changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from handbuilt import ALICE, BOB, CAROL, DAVE, SAM, T0, at

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Channel, Colleague, Customer, Handover, Status

ACT_AT = T0 + timedelta(minutes=10)
ACTORS = {"receiver": BOB, "sender": ALICE, "supervisor": SAM, "other": CAROL, "deactivated": DAVE}


def new_handover() -> Handover:
    return Handover(
        id="H-1001",
        from_="alice",
        to="bob",
        customer=Customer(name="Ms J. Patel", contact="j.patel@example.com"),
        summary="Refund not received",
        actions_taken="Checked the ledger",
        action_required="Call back with the trace number",
        due=T0 + timedelta(hours=2),
        channel=Channel.PHONE,
        customer_informed=True,
        created_at=T0,
        updated_at=T0,
        handed_at=T0,
    )


def apply(handover: Handover, step: lifecycle.Step) -> Handover:
    """The handover after `step`, as the store would hold it."""
    return Handover.model_validate(handover.to_json() | {name: new for name, (_old, new) in step.changes.items()})


def in_state(status: Status) -> Handover:
    """bob acknowledges at 14:02, queries at 14:03, finishes at 14:04; alice closes at 14:05."""
    h = new_handover()
    if status is Status.PENDING:
        return h
    h = apply(h, lifecycle.acknowledge(h, by=BOB, read_back="Call her with the trace", now=at(2), tz=UTC))
    if status is Status.QUERY:
        return apply(h, lifecycle.query(h, by=BOB, question="Which bank?", now=at(3), tz=UTC))
    if status is Status.UNABLE:
        return apply(h, lifecycle.unable(h, by=BOB, reason="No access to the bank portal", now=at(4), tz=UTC))
    if status in (Status.DONE, Status.CLOSED):
        h = apply(h, lifecycle.done(h, by=BOB, outcome="Trace number given", now=at(4), tz=UTC))
    if status is Status.CLOSED:
        h = apply(h, lifecycle.verify_close(h, by=ALICE, now=at(5), tz=UTC))
    return h


def flagged(handover: Handover) -> Handover:
    if handover.status is Status.CLOSED:
        return handover  # a closed card cannot carry a flag: verify cleared it
    step = lifecycle.flag(handover, by=ALICE, note="Check the trace came back", check_at=None, now=at(6), tz=UTC)
    return apply(handover, step)


Rule = Callable[[Handover, Colleague], lifecycle.Step]
ACTIONS: dict[str, Rule] = {
    "ack": lambda h, a: lifecycle.acknowledge(h, by=a, read_back="I call her by five", now=ACT_AT, tz=UTC),
    "query": lambda h, a: lifecycle.query(h, by=a, question="Which account?", now=ACT_AT, tz=UTC),
    "done": lambda h, a: lifecycle.done(h, by=a, outcome="Refunded", now=ACT_AT, tz=UTC),
    "unable": lambda h, a: lifecycle.unable(h, by=a, reason="No portal access", now=ACT_AT, tz=UTC),
    "verify": lambda h, a: lifecycle.verify_close(h, by=a, now=ACT_AT, tz=UTC),
    "reassign": lambda h, a: lifecycle.reassign(h, by=a, to=CAROL, now=ACT_AT, tz=UTC, note="Call her by five"),
    "flag": lambda h, a: lifecycle.flag(h, by=a, note="Check at five", check_at=None, now=ACT_AT, tz=UTC),
    "unflag": lambda h, a: lifecycle.unflag(h, by=a, now=ACT_AT, tz=UTC),
    "comment": lambda h, a: lifecycle.comment(h, by=a, note="Any news?", now=ACT_AT, tz=UTC),
    "take-back": lambda h, a: lifecycle.take_back(h, by=a, now=ACT_AT, tz=UTC),
    "withdraw": lambda h, a: lifecycle.withdraw(h, by=a, reason="No longer needed", now=ACT_AT, tz=UTC),
    "reopen": lambda h, a: lifecycle.reopen(h, by=a, reason="The customer came back", now=ACT_AT, tz=UTC),
}
# Who may act: the receiver's moves, the sender's moves (a supervisor may act for either), comments by anyone.
RECEIVER_VERBS = {"ack": "acknowledge it", "query": "query it", "done": "mark it done", "unable": "mark it unable"}
SENDER_VERBS = {
    "verify": "verify and close it",
    "reassign": "reassign it",
    "flag": "flag it",
    "unflag": "unflag it",
    "take-back": "take it back",
    "withdraw": "withdraw it",
    "reopen": "reopen it",
}

P, A, Q, D, U, C = (Status.PENDING, Status.ACKNOWLEDGED, Status.QUERY, Status.DONE, Status.UNABLE, Status.CLOSED)
STANDS = {
    P: "awaiting acknowledgement",
    A: "acknowledged",
    Q: "waiting for an answer to its query",
    D: "done and waiting to be verified",
    U: "marked unable",
}
CLOSED_BY = "H-1001 was closed by alice at 14:05; it cannot be"


def wrong_state(status: Status, past: str) -> str:
    if status is C:
        return f"{CLOSED_BY} {past}"
    return f"H-1001 is {STANDS[status]}; it cannot be {past}"


VERIFY = "verified and closed (only a done handover can be)"
OK = None
# (action, state) -> None when the right actor may do it, else the exact refusal.
BY_STATE: dict[tuple[str, Status], str | None] = {
    ("ack", P): OK,
    ("ack", A): "H-1001 was acknowledged by bob at 14:02",
    **{("ack", s): wrong_state(s, "acknowledged") for s in (Q, D, U, C)},
    **{("query", s): OK for s in (P, A)},
    **{("query", s): wrong_state(s, "queried") for s in (Q, D, U, C)},
    ("done", P): "H-1001 is awaiting acknowledgement; acknowledge it before marking it done",
    ("done", A): OK,
    **{("done", s): wrong_state(s, "marked done") for s in (Q, D, U, C)},
    ("unable", P): "H-1001 is awaiting acknowledgement; acknowledge or query it first",
    ("unable", A): OK,
    **{("unable", s): wrong_state(s, "marked unable") for s in (Q, D, U, C)},
    ("verify", D): OK,
    **{("verify", s): wrong_state(s, VERIFY) for s in (P, A, Q, U, C)},
    **{("reassign", s): OK for s in (P, A, Q, U)},
    **{("reassign", s): wrong_state(s, "reassigned") for s in (D, C)},
    **{("flag", s): OK for s in (P, A, Q, D, U)},
    ("flag", C): wrong_state(C, "flagged"),
    **{("unflag", s): OK for s in (P, A, Q, D, U)},
    ("unflag", C): "H-1001 is not flagged for follow-up",
    **{("comment", s): OK for s in Status},
    **{("take-back", s): OK for s in (P, A, Q, D, U)},
    ("take-back", C): wrong_state(C, "taken back"),
    **{("withdraw", s): OK for s in (P, A, Q, D, U)},
    ("withdraw", C): wrong_state(C, "withdrawn"),
    ("reopen", C): OK,
    **{
        ("reopen", s): f"H-1001 is {STANDS[s]}, not closed; only a closed handover can be reopened"
        for s in (P, A, Q, D, U)
    },
}
STATUS_AFTER = {
    "ack": A,
    "query": Q,
    "done": D,
    "unable": U,
    "verify": C,
    "reassign": P,
    "take-back": A,
    "withdraw": C,
    "reopen": P,
}


def expected(action: str, status: Status, actor: str) -> str | None:
    """Who is checked before where: an actor who may never do this is told so in any state."""
    if actor == "deactivated":
        return "dave is deactivated and cannot act on H-1001"
    if action in RECEIVER_VERBS and actor in ("sender", "other"):
        return f"H-1001 is handed to bob; only bob or a supervisor can {RECEIVER_VERBS[action]}"
    if action == "reassign" and actor == "other":
        return "H-1001 was handed over by alice to bob; only alice, bob (handing it on) or a supervisor can reassign it"
    if action == "reassign" and actor == "receiver":  # the holder hands it on (shift change)
        return None if status in (P, A) else wrong_state(status, "handed on")
    if action in SENDER_VERBS and actor in ("receiver", "other"):
        return f"H-1001 was handed over by alice; only alice or a supervisor can {SENDER_VERBS[action]}"
    return BY_STATE[action, status]


def test_the_table_covers_every_action_and_state() -> None:
    assert set(BY_STATE) == {(action, status) for action in ACTIONS for status in Status}


@pytest.mark.parametrize("actor", list(ACTORS))
@pytest.mark.parametrize("status", list(Status), ids=str)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_from_every_state_by_every_actor(action: str, status: Status, actor: str) -> None:
    handover = flagged(in_state(status)) if action == "unflag" else in_state(status)
    refusal = expected(action, status, actor)
    if refusal is not None:
        with pytest.raises(Refused) as raised:
            ACTIONS[action](handover, ACTORS[actor])
        assert raised.value.message == refusal
        return
    step = ACTIONS[action](handover, ACTORS[actor])
    after = apply(handover, step)
    if action == "comment" and status is Q and actor == "sender":
        assert (step.kind, after.status) == ("answer", P)
    else:
        assert after.status == STATUS_AFTER.get(action, status)
    if actor == "supervisor" and action != "comment":
        assert step.for_ == ("bob" if action in RECEIVER_VERBS else "alice")
    else:
        assert step.for_ is None
    assert step.changes["updated_at"] == [handover.to_json()["updated_at"], "2026-11-24T14:10:00Z"]
    assert all(old != new for old, new in step.changes.values())


def test_a_deactivated_supervisor_cannot_act_for_anyone() -> None:
    retired = SAM.model_copy(update={"active": False})
    with pytest.raises(Refused, match=r"^sam is deactivated and cannot act on H-1001$"):
        lifecycle.acknowledge(new_handover(), by=retired, read_back="", now=ACT_AT, tz=UTC)


def test_changes_record_old_and_new_values_in_json_form() -> None:
    step = lifecycle.acknowledge(new_handover(), by=BOB, read_back="  Call her by five  ", now=ACT_AT, tz=UTC)
    assert step.kind == "ack"
    assert step.note == "Call her by five"
    assert step.changes == {
        "status": ["pending", "acknowledged"],
        "acknowledged_by": [None, "bob"],
        "acknowledged_at": [None, "2026-11-24T14:10:00Z"],
        "read_back": [None, "Call her by five"],
        "updated_at": ["2026-11-24T14:00:00Z", "2026-11-24T14:10:00Z"],
    }


def test_a_blank_read_back_is_no_read_back() -> None:
    step = lifecycle.acknowledge(new_handover(), by=BOB, read_back="   ", now=ACT_AT, tz=UTC)
    assert "read_back" not in step.changes and step.note is None


def test_a_supervisor_acknowledging_is_recorded_as_acting_for_the_receiver() -> None:
    step = lifecycle.acknowledge(new_handover(), by=SAM, read_back="", now=ACT_AT, tz=UTC)
    assert step.for_ == "bob"
    assert step.changes["acknowledged_by"] == [None, "sam"]


def test_double_ack_names_the_day_when_it_was_not_today_and_reads_local_time() -> None:
    acknowledged = in_state(A)
    with pytest.raises(Refused) as raised:
        lifecycle.acknowledge(acknowledged, by=BOB, read_back="", now=T0 + timedelta(days=1), tz=UTC)
    assert raised.value.message == "H-1001 was acknowledged by bob at Tue 14:02"
    with pytest.raises(Refused) as raised:
        lifecycle.acknowledge(acknowledged, by=SAM, read_back="", now=ACT_AT, tz=ZoneInfo("America/New_York"))
    assert raised.value.message == "H-1001 was acknowledged by bob at 09:02"


@pytest.mark.parametrize(
    ("action", "field"),
    [("query", "question"), ("done", "outcome"), ("unable", "reason"), ("flag", "note"), ("comment", "comment")],
)
def test_the_text_an_action_needs_is_required(action: str, field: str) -> None:
    h = in_state(A)
    calls = {
        "query": lambda: lifecycle.query(h, by=BOB, question=" ", now=ACT_AT, tz=UTC),
        "done": lambda: lifecycle.done(h, by=BOB, outcome="", now=ACT_AT, tz=UTC),
        "unable": lambda: lifecycle.unable(h, by=BOB, reason="\n", now=ACT_AT, tz=UTC),
        "flag": lambda: lifecycle.flag(h, by=ALICE, note="", check_at=None, now=ACT_AT, tz=UTC),
        "comment": lambda: lifecycle.comment(h, by=CAROL, note="  ", now=ACT_AT, tz=UTC),
    }
    with pytest.raises(Refused, match=f"^{field} is required$"):
        calls[action]()


def test_action_text_with_a_control_character_is_refused_naming_the_field() -> None:
    with pytest.raises(Refused, match=r"^outcome holds a control character \(ESC\)"):
        lifecycle.done(in_state(A), by=BOB, outcome="done \x1b[2J", now=ACT_AT, tz=UTC)


def test_query_then_the_senders_comment_answers_it_and_the_card_awaits_a_fresh_ack() -> None:
    queried = in_state(Q)
    assert queried.question == "Which bank?"
    step = lifecycle.comment(queried, by=ALICE, note="Barclays, sort code on the ticket", now=ACT_AT, tz=UTC)
    answered = apply(queried, step)
    assert step.kind == "answer" and step.note == "Barclays, sort code on the ticket"
    assert answered.status is Status.PENDING
    assert answered.handed_at == ACT_AT  # lateness counts again from the answer
    assert (answered.acknowledged_by, answered.acknowledged_at, answered.read_back) == (None, None, None)
    again = apply(answered, lifecycle.acknowledge(answered, by=BOB, read_back="", now=at(12), tz=UTC))
    assert again.acknowledged_at == at(12)


@pytest.mark.parametrize("actor", ["receiver", "supervisor", "other"])
def test_a_comment_on_a_query_by_anyone_but_the_sender_leaves_it_waiting(actor: str) -> None:
    step = lifecycle.comment(in_state(Q), by=ACTORS[actor], note="Still waiting", now=ACT_AT, tz=UTC)
    assert step.kind == "comment"
    assert step.changes == {"updated_at": ["2026-11-24T14:03:00Z", "2026-11-24T14:10:00Z"]}


def test_reassign_back_to_self_is_taking_it_back() -> None:
    """The sender never acknowledges, finishes and verifies their own card: their done closes it."""
    unable = in_state(U)
    step = lifecycle.reassign(unable, by=ALICE, to=ALICE, now=ACT_AT, tz=UTC)
    taken = apply(unable, step)
    assert step.kind == "take-back"
    assert (taken.to, taken.from_, taken.status, taken.handed_at) == ("alice", "alice", A, ACT_AT)
    assert taken.unable_reason is None
    closed = apply(taken, lifecycle.done(taken, by=ALICE, outcome="Called her myself", now=at(12), tz=UTC))
    assert (closed.status, closed.closed_by, closed.closed_at, closed.outcome) == (
        C,
        "alice",
        at(12),
        "Called her myself",
    )


@pytest.mark.parametrize("status", [A, Q, U], ids=str)
def test_reassign_clears_ack_read_back_question_and_reason(status: Status) -> None:
    before = in_state(status)
    after = apply(before, lifecycle.reassign(before, by=SAM, to=CAROL, now=ACT_AT, tz=UTC))
    assert (after.to, after.status, after.handed_at) == ("carol", P, ACT_AT)
    cleared = (after.acknowledged_by, after.acknowledged_at, after.read_back, after.question, after.unable_reason)
    assert cleared == (None, None, None, None, None)


def test_reassign_keeps_the_senders_flag() -> None:
    marked = flagged(in_state(A))
    assert apply(marked, lifecycle.reassign(marked, by=ALICE, to=CAROL, now=ACT_AT, tz=UTC)).follow_up is not None


def test_reassign_to_the_same_receiver_is_refused_unless_they_were_unable() -> None:
    with pytest.raises(Refused, match=r"^H-1001 is already handed to bob$"):
        lifecycle.reassign(in_state(A), by=ALICE, to=BOB, now=ACT_AT, tz=UTC)
    retry = apply(in_state(U), lifecycle.reassign(in_state(U), by=ALICE, to=BOB, now=ACT_AT, tz=UTC))
    assert (retry.to, retry.status) == ("bob", P)


def test_reassign_to_a_deactivated_colleague_is_refused() -> None:
    with pytest.raises(Refused, match=r"^dave is deactivated; choose an active colleague$"):
        lifecycle.reassign(in_state(P), by=ALICE, to=DAVE, now=ACT_AT, tz=UTC)


def test_flag_then_unflag() -> None:
    check_at = at(60)
    h = in_state(A)
    step = lifecycle.flag(h, by=SAM, note="Chase the bank", check_at=check_at, now=ACT_AT, tz=UTC)
    marked = apply(h, step)
    assert (step.kind, step.note, step.for_) == ("flag", "Chase the bank", "alice")
    assert marked.follow_up is not None
    assert (marked.follow_up.note, marked.follow_up.by, marked.follow_up.at) == ("Chase the bank", "sam", ACT_AT)
    assert marked.follow_up.check_at == check_at
    assert marked.status is A  # a flag does not move the card
    cleared = apply(marked, lifecycle.unflag(marked, by=ALICE, now=at(11), tz=UTC))
    assert cleared.follow_up is None
    with pytest.raises(Refused, match=r"^H-1001 is not flagged for follow-up$"):
        lifecycle.unflag(cleared, by=ALICE, now=at(12), tz=UTC)


def test_verify_close_clears_the_flag_and_records_who_closed() -> None:
    done = flagged(in_state(D))
    closed = apply(done, lifecycle.verify_close(done, by=SAM, now=ACT_AT, tz=UTC))
    assert (closed.status, closed.closed_by, closed.closed_at, closed.follow_up) == (C, "sam", ACT_AT, None)


def test_status_words_cover_every_status() -> None:
    assert set(lifecycle.STATUS_WORDS) == set(Status)
    assert lifecycle.STATUS_WORDS[P] == "awaiting ack" and lifecycle.STATUS_WORDS[D] == "done — verify"


@pytest.mark.parametrize(
    ("status", "actor", "steps"),
    [
        (Status.PENDING, "receiver", ["ack", "query", "reassign", "keep"]),  # handing on after its own moves
        (Status.PENDING, "sender", ["flag", "reassign", "take-back", "withdraw", "keep"]),
        (Status.ACKNOWLEDGED, "receiver", ["done", "query", "unable", "reassign", "keep"]),
        (Status.QUERY, "sender", ["answer", "flag", "reassign", "take-back", "withdraw", "keep"]),
        (Status.QUERY, "receiver", ["keep"]),
        (Status.DONE, "sender", ["verify", "flag", "take-back", "withdraw", "keep"]),
        (Status.DONE, "receiver", ["keep"]),
        (Status.UNABLE, "sender", ["take-back", "reassign", "withdraw", "flag", "keep"]),
        (Status.CLOSED, "sender", ["reopen"]),
        (Status.CLOSED, "receiver", []),
        (Status.PENDING, "other", []),
        (Status.ACKNOWLEDGED, "deactivated", []),
        (Status.ACKNOWLEDGED, "supervisor", ["done", "flag", "reassign", "take-back", "query", "unable", "withdraw"]),
    ],
)
def test_next_steps_are_the_moves_the_rules_allow(status: Status, actor: str, steps: list[str]) -> None:
    """What the board's footer offers comes from the same rules as the moves themselves."""
    assert lifecycle.next_steps(in_state(status), by=ACTORS[actor], now=at(20), tz=UTC) == steps


def test_next_steps_offer_unflag_instead_of_flag_on_a_flagged_card() -> None:
    handover = flagged(in_state(Status.ACKNOWLEDGED))
    assert lifecycle.next_steps(handover, by=ALICE, now=at(20), tz=UTC) == [
        "unflag",
        "reassign",
        "take-back",
        "withdraw",
        "keep",
    ]

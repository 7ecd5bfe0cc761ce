"""Who may move a handover from which state to which, and what each move changes.

Each move has two halves. `may(kind, …)` asks only who and from which state, so a front end
knows before anyone types whether a move is open (and why not), and `next_steps` lists the
open ones. The move itself (`acknowledge`, `done` …) checks that again, then what was typed,
and returns a `Step`: the event kind and the field changes (old -> new). Nothing here writes;
a refusal is a `Refused` with a sentence for a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Colleague, FollowUp, Handover, Status
from shiftboard.domain.text import MAX_FIELD, check_text

STATUS_WORDS = {
    Status.PENDING: "awaiting ack",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.QUERY: "query",
    Status.DONE: "done — verify",
    Status.UNABLE: "unable",
    Status.CLOSED: "closed",
}
# How a refusal says where a handover stands: "H-1042 is waiting for an answer to its query".
STATE_PHRASES = {
    Status.PENDING: "awaiting acknowledgement",
    Status.ACKNOWLEDGED: "acknowledged",
    Status.QUERY: "waiting for an answer to its query",
    Status.DONE: "done and waiting to be verified",
    Status.UNABLE: "marked unable",
    Status.CLOSED: "closed",
}
OPEN = tuple(status for status in Status if status is not Status.CLOSED)
HAND_ON_FROM = (Status.PENDING, Status.ACKNOWLEDGED)  # a holder hands on what they have not finished


@dataclass
class Step:
    """One change to one handover, ready to become an event."""

    kind: EventKind
    changes: dict[str, list[Any]] = field(default_factory=dict)
    note: str | None = None
    for_: str | None = None


def _changes(handover: Handover, now: datetime, **new: Any) -> dict[str, list[Any]]:
    """Old -> new for each named field, in the JSON form the store keeps.

    Only the named fields are serialised: the whole card, events included, cost most of a step."""
    names = [*new, "updated_at"]
    before = handover.model_dump(mode="json", by_alias=True, include=set(names))
    after = handover.model_copy(update={**new, "updated_at": now}).model_dump(
        mode="json", by_alias=True, include=set(names)
    )
    return {name: [before[name], after[name]] for name in names if before[name] != after[name]}


def _need_active(handover: Handover, actor: Colleague) -> None:
    if not actor.active:
        raise Refused(f"{actor.handle} is deactivated and cannot act on {handover.id}")


def _need_status(handover: Handover, allowed: tuple[Status, ...], verb: str, now: datetime, tz: tzinfo) -> None:
    """Refuse unless the handover is in an allowed state; times read `14:02` today, with the day otherwise."""
    if handover.status in allowed:
        return
    if handover.status is Status.ACKNOWLEDGED and handover.acknowledged_at and verb == "acknowledged":
        when = local_clock(handover.acknowledged_at, tz, now)
        raise Refused(f"{handover.id} was acknowledged by {handover.acknowledged_by} at {when}")
    if handover.status is Status.CLOSED and handover.closed_at:
        when = local_clock(handover.closed_at, tz, now)
        raise Refused(f"{handover.id} was closed by {handover.closed_by} at {when}; it cannot be {verb}")
    raise Refused(f"{handover.id} is {STATE_PHRASES[handover.status]}; it cannot be {verb}")


def _as_receiver(handover: Handover, actor: Colleague, verb: str) -> str | None:
    """The receiver acts, or a supervisor acting for them (returned, to be recorded)."""
    _need_active(handover, actor)
    if actor.handle == handover.to:
        return None
    if actor.role == "supervisor":
        return handover.to
    raise Refused(f"{handover.id} is handed to {handover.to}; only {handover.to} or a supervisor can {verb}")


def _as_sender(handover: Handover, actor: Colleague, verb: str) -> str | None:
    """The sender acts, or a supervisor acting for them."""
    _need_active(handover, actor)
    if actor.handle == handover.from_:
        return None
    if actor.role == "supervisor":
        return handover.from_
    sender = handover.from_
    raise Refused(f"{handover.id} was handed over by {sender}; only {sender} or a supervisor can {verb}")


# Who and from which state, for each move: each returns whom a supervisor acts for (None: for nobody).
Rule = Callable[[Handover, Colleague, datetime, tzinfo], str | None]


def _may_ack(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_receiver(h, by, "acknowledge it")
    _need_status(h, (Status.PENDING,), "acknowledged", now, tz)
    return for_


def _may_query(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_receiver(h, by, "query it")
    _need_status(h, (Status.PENDING, Status.ACKNOWLEDGED), "queried", now, tz)
    return for_


def _may_done(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_receiver(h, by, "mark it done")
    if h.status is Status.PENDING:
        raise Refused(f"{h.id} is awaiting acknowledgement; acknowledge it before marking it done")
    _need_status(h, (Status.ACKNOWLEDGED,), "marked done", now, tz)
    return for_


def _may_unable(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_receiver(h, by, "mark it unable")
    if h.status is Status.PENDING:
        raise Refused(f"{h.id} is awaiting acknowledgement; acknowledge or query it first")
    _need_status(h, (Status.ACKNOWLEDGED,), "marked unable", now, tz)
    return for_


def _may_verify(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "verify and close it")
    _need_status(h, (Status.DONE,), "verified and closed (only a done handover can be)", now, tz)
    return for_


def _may_reassign(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    if by.handle == h.to and by.handle != h.from_ and by.active:
        # The holder hands it on (SPEC §1 "hand on", at shift change): with a note, the sender told.
        _need_status(h, HAND_ON_FROM, "handed on", now, tz)
        return None
    _need_active(h, by)
    if by.handle != h.from_ and by.role != "supervisor":
        raise Refused(
            f"{h.id} was handed over by {h.from_} to {h.to}; only {h.from_}, {h.to} (handing it on) or a supervisor"
            " can reassign it"
        )
    for_ = _as_sender(h, by, "reassign it")
    _need_status(h, (Status.PENDING, Status.ACKNOWLEDGED, Status.QUERY, Status.UNABLE), "reassigned", now, tz)
    return for_


def is_hand_on(h: Handover, by: Colleague) -> bool:
    """Whether `by` reassigning `h` is its holder handing it on (a note required, the sender told)."""
    return by.handle == h.to and by.handle != h.from_


def _may_keep(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    _need_active(h, by)
    if by.handle not in (h.to, h.from_):
        raise Refused(f"{h.id} is between {h.from_} and {h.to}; only they can keep it over their shift change")
    _need_status(h, OPEN, "kept", now, tz)
    return None


def _may_flag(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "flag it")
    _need_status(h, OPEN, "flagged", now, tz)
    return for_


def _may_unflag(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "unflag it")
    if h.follow_up is None:
        raise Refused(f"{h.id} is not flagged for follow-up")
    return for_


def _may_comment(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    _need_active(h, by)
    return None


def _may_answer(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    _need_active(h, by)
    if h.status is not Status.QUERY:
        raise Refused(f"{h.id} is {STATE_PHRASES[h.status]}; there is no question to answer")
    if by.handle != h.from_:
        raise Refused(f"{h.id} was handed over by {h.from_}; only {h.from_} can answer its query")
    return None


RULES: dict[EventKind, Rule] = {
    EventKind.ACK: _may_ack,
    EventKind.QUERY: _may_query,
    EventKind.DONE: _may_done,
    EventKind.UNABLE: _may_unable,
    EventKind.VERIFY: _may_verify,
    EventKind.REASSIGN: _may_reassign,
    EventKind.FLAG: _may_flag,
    EventKind.UNFLAG: _may_unflag,
    EventKind.COMMENT: _may_comment,
    EventKind.ANSWER: _may_answer,
    EventKind.KEEP: _may_keep,
}


def may(kind: EventKind, handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    """Whether `by` may make move `kind` on `handover` now, before anything is typed: Refused (with the
    reason) if not; else whom a supervisor acts for (None when acting for nobody)."""
    return RULES[kind](handover, by, now, tz)


# The moves a person may have next on a card, the likeliest first (the board's footer offers the first few).
NEXT_STEPS = (
    EventKind.ACK,
    EventKind.DONE,
    EventKind.VERIFY,
    EventKind.ANSWER,
    EventKind.FLAG,
    EventKind.UNFLAG,
    EventKind.REASSIGN,
    EventKind.QUERY,
    EventKind.UNABLE,
    EventKind.KEEP,
)


def next_steps(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> list[EventKind]:
    """The NEXT_STEPS that `by` may take on `handover` now, in that order. A comment is always possible,
    so not listed; a flagged card offers unflag, not flag."""
    allowed = []
    for kind in NEXT_STEPS:
        if kind is EventKind.FLAG and handover.follow_up is not None:
            continue
        try:
            may(kind, handover, by=by, now=now, tz=tz)
        except Refused:
            continue
        allowed.append(kind)
    if EventKind.REASSIGN in allowed and is_hand_on(handover, by):
        # Handing on is the holder's shift-change move: after what they do with the card itself.
        allowed.remove(EventKind.REASSIGN)
        allowed.insert(len(allowed) - (EventKind.KEEP in allowed), EventKind.REASSIGN)
    return allowed


def acknowledge(handover: Handover, *, by: Colleague, read_back: str, now: datetime, tz: tzinfo) -> Step:
    """The receiver confirms receipt, ideally reading the action back in their own words."""
    for_ = _may_ack(handover, by, now, tz)
    note = check_text("read-back", read_back).strip() or None
    changes = _changes(
        handover, now, status=Status.ACKNOWLEDGED, acknowledged_by=by.handle, acknowledged_at=now, read_back=note
    )
    return Step(EventKind.ACK, changes, note=note, for_=for_)


def query(handover: Handover, *, by: Colleague, question: str, now: datetime, tz: tzinfo) -> Step:
    """The receiver cannot take it as it stands: the question goes back to the sender."""
    for_ = _may_query(handover, by, now, tz)
    note = check_text("question", question, required=True)
    return Step(EventKind.QUERY, _changes(handover, now, status=Status.QUERY, question=note), note=note, for_=for_)


def done(handover: Handover, *, by: Colleague, outcome: str, now: datetime, tz: tzinfo) -> Step:
    for_ = _may_done(handover, by, now, tz)
    note = check_text("outcome", outcome, required=True)
    return Step(EventKind.DONE, _changes(handover, now, status=Status.DONE, outcome=note), note=note, for_=for_)


def unable(handover: Handover, *, by: Colleague, reason: str, now: datetime, tz: tzinfo) -> Step:
    for_ = _may_unable(handover, by, now, tz)
    note = check_text("reason", reason, required=True)
    changes = _changes(handover, now, status=Status.UNABLE, unable_reason=note)
    return Step(EventKind.UNABLE, changes, note=note, for_=for_)


def verify_close(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    """The sender checks the outcome with the receiver and closes the loop."""
    for_ = _may_verify(handover, by, now, tz)
    changes = _changes(handover, now, status=Status.CLOSED, closed_by=by.handle, closed_at=now, follow_up=None)
    return Step(EventKind.VERIFY, changes, for_=for_)


def reassign(handover: Handover, *, by: Colleague, to: Colleague, now: datetime, tz: tzinfo, note: str = "") -> Step:
    """Hand it to someone else, or take it back (to the sender); the holder may hand it on, with a
    handover note (the sender stays accountable and is told)."""
    for_ = _may_reassign(handover, by, now, tz)
    if not to.active:
        raise Refused(f"{to.handle} is deactivated; choose an active colleague")
    if to.handle == handover.to and handover.status is not Status.UNABLE:
        raise Refused(f"{handover.id} is already handed to {to.handle}")
    if is_hand_on(handover, by) and not note.strip():
        raise Invalid("handover note", f"is required to hand {handover.id} on: what {to.handle} needs to know")
    text = check_text("handover note", note).strip() or None
    changes = _changes(
        handover,
        now,
        to=to.handle,
        status=Status.PENDING,
        handed_at=now,
        acknowledged_by=None,
        acknowledged_at=None,
        read_back=None,
        question=None,
        outcome=None,
        unable_reason=None,
    )
    return Step(EventKind.REASSIGN, changes, note=text, for_=for_)


def keep(handover: Handover, *, by: Colleague, note: str, now: datetime, tz: tzinfo) -> Step:
    """The holder (or sender) keeps it over their shift change, saying why: a checklist decision."""
    _may_keep(handover, by, now, tz)
    text = check_text("note", note, required=True)
    return Step(EventKind.KEEP, _changes(handover, now), note=text)


def flag(handover: Handover, *, by: Colleague, note: str, check_at: datetime | None, now: datetime, tz: tzinfo) -> Step:
    """The sender (or a supervisor) asks to be reminded to check on it."""
    for_ = _may_flag(handover, by, now, tz)
    text = check_text("note", note, required=True)
    follow_up = FollowUp(note=text, check_at=check_at, by=by.handle, at=now)
    return Step(EventKind.FLAG, _changes(handover, now, follow_up=follow_up), note=text, for_=for_)


def unflag(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    for_ = _may_unflag(handover, by, now, tz)
    return Step(EventKind.UNFLAG, _changes(handover, now, follow_up=None), for_=for_)


def comment(handover: Handover, *, by: Colleague, note: str, now: datetime, tz: tzinfo) -> Step:
    """Anyone may add a note; the sender's note on a query is the answer, and the card goes back to pending."""
    _may_comment(handover, by, now, tz)
    text = check_text("comment", note, required=True, limit=MAX_FIELD)
    if handover.status is Status.QUERY and by.handle == handover.from_:
        # Back to pending means a fresh acknowledgement is due: an earlier one no longer stands.
        unacknowledged = {"acknowledged_by": None, "acknowledged_at": None, "read_back": None}
        changes = _changes(handover, now, status=Status.PENDING, handed_at=now, **unacknowledged)
        return Step(EventKind.ANSWER, changes, note=text)
    return Step(EventKind.COMMENT, _changes(handover, now), note=text)

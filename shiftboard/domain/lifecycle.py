"""Who may move a handover from which state to which, and what each move changes.

Each rule takes the handover as it is now (read under the store's lock), the acting
colleague and the time, and returns a `Step`: the event kind and the field changes
(old -> new). Nothing here writes; a refusal is a `Refused` with a sentence for a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Refused
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


@dataclass
class Step:
    """One change to one handover, ready to become an event."""

    kind: str
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


def acknowledge(handover: Handover, *, by: Colleague, read_back: str, now: datetime, tz: tzinfo) -> Step:
    """The receiver confirms receipt, ideally reading the action back in their own words."""
    for_ = _as_receiver(handover, by, "acknowledge it")
    _need_status(handover, (Status.PENDING,), "acknowledged", now, tz)
    note = check_text("read-back", read_back).strip() or None
    changes = _changes(
        handover, now, status=Status.ACKNOWLEDGED, acknowledged_by=by.handle, acknowledged_at=now, read_back=note
    )
    return Step("ack", changes, note=note, for_=for_)


def query(handover: Handover, *, by: Colleague, question: str, now: datetime, tz: tzinfo) -> Step:
    """The receiver cannot take it as it stands: the question goes back to the sender."""
    for_ = _as_receiver(handover, by, "query it")
    _need_status(handover, (Status.PENDING, Status.ACKNOWLEDGED), "queried", now, tz)
    note = check_text("question", question, required=True)
    return Step("query", _changes(handover, now, status=Status.QUERY, question=note), note=note, for_=for_)


def done(handover: Handover, *, by: Colleague, outcome: str, now: datetime, tz: tzinfo) -> Step:
    for_ = _as_receiver(handover, by, "mark it done")
    if handover.status is Status.PENDING:
        raise Refused(f"{handover.id} is awaiting acknowledgement; acknowledge it before marking it done")
    _need_status(handover, (Status.ACKNOWLEDGED,), "marked done", now, tz)
    note = check_text("outcome", outcome, required=True)
    return Step("done", _changes(handover, now, status=Status.DONE, outcome=note), note=note, for_=for_)


def unable(handover: Handover, *, by: Colleague, reason: str, now: datetime, tz: tzinfo) -> Step:
    for_ = _as_receiver(handover, by, "mark it unable")
    if handover.status is Status.PENDING:
        raise Refused(f"{handover.id} is awaiting acknowledgement; acknowledge or query it first")
    _need_status(handover, (Status.ACKNOWLEDGED,), "marked unable", now, tz)
    note = check_text("reason", reason, required=True)
    return Step("unable", _changes(handover, now, status=Status.UNABLE, unable_reason=note), note=note, for_=for_)


def verify_close(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    """The sender checks the outcome with the receiver and closes the loop."""
    for_ = _as_sender(handover, by, "verify and close it")
    _need_status(handover, (Status.DONE,), "verified and closed (only a done handover can be)", now, tz)
    changes = _changes(handover, now, status=Status.CLOSED, closed_by=by.handle, closed_at=now, follow_up=None)
    return Step("verify", changes, for_=for_)


def reassign(handover: Handover, *, by: Colleague, to: Colleague, now: datetime, tz: tzinfo) -> Step:
    """Hand it to someone else, or take it back (to the sender)."""
    for_ = _as_sender(handover, by, "reassign it")
    _need_status(handover, (Status.PENDING, Status.ACKNOWLEDGED, Status.QUERY, Status.UNABLE), "reassigned", now, tz)
    if not to.active:
        raise Refused(f"{to.handle} is deactivated; choose an active colleague")
    if to.handle == handover.to and handover.status is not Status.UNABLE:
        raise Refused(f"{handover.id} is already handed to {to.handle}")
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
    return Step("reassign", changes, for_=for_)


def flag(handover: Handover, *, by: Colleague, note: str, check_at: datetime | None, now: datetime, tz: tzinfo) -> Step:
    """The sender (or a supervisor) asks to be reminded to check on it."""
    for_ = _as_sender(handover, by, "flag it")
    _need_status(handover, tuple(s for s in Status if s is not Status.CLOSED), "flagged", now, tz)
    text = check_text("note", note, required=True)
    follow_up = FollowUp(note=text, check_at=check_at, by=by.handle, at=now)
    return Step("flag", _changes(handover, now, follow_up=follow_up), note=text, for_=for_)


def unflag(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    for_ = _as_sender(handover, by, "unflag it")
    if handover.follow_up is None:
        raise Refused(f"{handover.id} is not flagged for follow-up")
    return Step("unflag", _changes(handover, now, follow_up=None), for_=for_)


def comment(handover: Handover, *, by: Colleague, note: str, now: datetime, tz: tzinfo) -> Step:
    """Anyone may add a note; the sender's note on a query is the answer, and the card goes back to pending."""
    _need_active(handover, by)
    text = check_text("comment", note, required=True, limit=MAX_FIELD)
    if handover.status is Status.QUERY and by.handle == handover.from_:
        # Back to pending means a fresh acknowledgement is due: an earlier one no longer stands.
        unacknowledged = {"acknowledged_by": None, "acknowledged_at": None, "read_back": None}
        changes = _changes(handover, now, status=Status.PENDING, handed_at=now, **unacknowledged)
        return Step("answer", changes, note=text)
    return Step("comment", _changes(handover, now), note=text)


# The moves a person may have next on a card, the likeliest first (the board's footer offers the first few).
NEXT_STEPS = ("ack", "done", "verify", "answer", "flag", "unflag", "reassign", "query", "unable")
UNTYPED = "…"  # stands in for text not typed yet: the rules are tried before anyone is asked to type
NOBODY = Colleague(handle="", name="")  # a receiver not chosen yet, for trying `reassign` in advance


def next_steps(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> list[str]:
    """The NEXT_STEPS that `by` may take on `handover` now, in that order, by trying each rule.

    A comment is always possible and so not listed, except the sender's answer to a query."""
    tries: dict[str, Callable[[], Step]] = {
        "ack": lambda: acknowledge(handover, by=by, read_back="", now=now, tz=tz),
        "done": lambda: done(handover, by=by, outcome=UNTYPED, now=now, tz=tz),
        "verify": lambda: verify_close(handover, by=by, now=now, tz=tz),
        "answer": lambda: comment(handover, by=by, note=UNTYPED, now=now, tz=tz),
        "flag": lambda: flag(handover, by=by, note=UNTYPED, check_at=None, now=now, tz=tz),
        "unflag": lambda: unflag(handover, by=by, now=now, tz=tz),
        "reassign": lambda: reassign(handover, by=by, to=NOBODY, now=now, tz=tz),
        "query": lambda: query(handover, by=by, question=UNTYPED, now=now, tz=tz),
        "unable": lambda: unable(handover, by=by, reason=UNTYPED, now=now, tz=tz),
    }
    allowed = []
    for name in NEXT_STEPS:
        if name == "flag" and handover.follow_up is not None:
            continue  # flagged already: unflag is the move
        try:
            step = tries[name]()
        except Refused:
            continue
        if name == "answer" and step.kind != "answer":
            continue  # a plain comment
        allowed.append(name)
    return allowed

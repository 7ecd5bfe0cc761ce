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
from datetime import datetime, timedelta, tzinfo
from typing import Any

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.events import EventKind, phrase
from shiftboard.domain.models import Colleague, Event, FollowUp, Handover, Status
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
UNDO_WITHIN = timedelta(minutes=2)  # SPEC §1: an undo is open this long after one's own action
# Moves that cannot be undone: the card's creation (withdraw it instead), an undo (do it again), a purge
# (erased data cannot come back), and a comment (it changes nothing; another comment corrects it).
NOT_UNDOABLE = {EventKind.CREATE, EventKind.UNDO, EventKind.PURGE, EventKind.COMMENT}


def taken_back(handover: Handover) -> bool:
    """The sender holds their own card (took it back): their `done` closes it, nobody verifies."""
    return handover.to == handover.from_


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
        how = "withdrawn" if handover.withdrawn_reason is not None else "closed"
        raise Refused(f"{handover.id} was {how} by {handover.closed_by} at {when}; it cannot be {verb}")
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
    if taken_back(h):
        raise Refused(f"{h.id} is {h.from_}'s own (taken back); there is nobody to query")
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
    if taken_back(h):
        raise Refused(f"{h.id} is {h.from_}'s own (taken back): finish it, reassign it or withdraw it")
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


def _may_take_back(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "take it back")
    _need_status(h, OPEN, "taken back", now, tz)
    if taken_back(h):
        raise Refused(f"{h.id} is already back with {h.from_}")
    return for_


def _may_withdraw(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "withdraw it")
    _need_status(h, OPEN, "withdrawn", now, tz)
    return for_


def _may_reopen(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    for_ = _as_sender(h, by, "reopen it")
    if h.status is not Status.CLOSED:
        raise Refused(f"{h.id} is {STATE_PHRASES[h.status]}, not closed; only a closed handover can be reopened")
    _not_purged(h)
    return for_


def _not_purged(h: Handover) -> None:
    """A purged card has no customer to call back: it may not come back to the board (reopen, undo)."""
    if h.purged:
        raise Refused(f"{h.id}'s customer details were erased by a retention purge; hand over a new card instead")


def latest_event(handover: Handover) -> Event | None:
    return max(handover.events, key=lambda event: event.seq, default=None)


def _may_undo(h: Handover, by: Colleague, now: datetime, tz: tzinfo) -> str | None:
    """Only one's own action, only while it is the card's latest event, only for UNDO_WITHIN."""
    _need_active(h, by)
    _not_purged(h)
    last = latest_event(h)
    if last is None or last.kind == EventKind.CREATE:
        raise Refused(f"{h.id} has no action to undo; handing it over cannot be undone: withdraw it instead")
    what = f"“{phrase(last.kind)}”"
    if last.actor != by.handle:
        raise Refused(f"the latest action on {h.id} is {last.actor}'s ({what}); you can undo only your own")
    if last.kind == EventKind.UNDO:
        raise Refused(f"your latest action on {h.id} is an undo; an undo cannot be undone: act again instead")
    if last.kind in NOT_UNDOABLE:
        raise Refused(f"your latest action on {h.id} ({what}) cannot be undone")
    if now - last.at > UNDO_WITHIN:
        when = local_clock(last.at, tz, now)
        raise Refused(f"your {what} on {h.id} at {when} is more than 2 minutes old; it can no longer be undone")
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
    EventKind.TAKE_BACK: _may_take_back,
    EventKind.WITHDRAW: _may_withdraw,
    EventKind.REOPEN: _may_reopen,
    EventKind.UNDO: _may_undo,
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
    EventKind.TAKE_BACK,
    EventKind.QUERY,
    EventKind.UNABLE,
    EventKind.WITHDRAW,
    EventKind.REOPEN,
    EventKind.UNDO,
    EventKind.KEEP,  # last: the shift-change move, after what one does with the card itself
)
# An unable card waits on its sender's decision (SPEC §1): those moves come first.
DECISIONS = (EventKind.TAKE_BACK, EventKind.REASSIGN, EventKind.WITHDRAW)


def next_steps(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> list[EventKind]:
    """The NEXT_STEPS that `by` may take on `handover` now, in that order (an unable card's decisions
    first). A comment is always possible, so not listed; a flagged card offers unflag, not flag."""
    allowed = []
    order: tuple[EventKind, ...] = NEXT_STEPS
    if handover.status is Status.UNABLE:
        order = (*DECISIONS, *(kind for kind in NEXT_STEPS if kind not in DECISIONS))
    for kind in order:
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


def acknowledge(
    handover: Handover, *, by: Colleague, read_back: str, now: datetime, tz: tzinfo, require_read_back: bool = False
) -> Step:
    """The receiver confirms receipt, reading the action back in their own words (required when the team's
    `require_read_back` setting is on: the step handovers most often miss)."""
    for_ = _may_ack(handover, by, now, tz)
    if require_read_back and not read_back.strip():
        raise Invalid("read-back", "is required: say the action back in your own words")
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
    """The outcome; on a card its sender took back, this closes it (nobody verifies their own work)."""
    for_ = _may_done(handover, by, now, tz)
    note = check_text("outcome", outcome, required=True)
    if taken_back(handover):
        closing = {"closed_by": by.handle, "closed_at": now, "follow_up": None}
        changes = _changes(handover, now, status=Status.CLOSED, outcome=note, **closing)
        return Step(EventKind.DONE, changes, note=note, for_=for_)
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
    """Hand it to someone else; the holder may hand it on, with a handover note (the sender stays
    accountable and is told). Handing it to its sender, other than by its holder, is `take_back`."""
    if to.handle == handover.from_ and not is_hand_on(handover, by):
        return take_back(handover, by=by, now=now, tz=tz)
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


# Fields a card carries for one round with one receiver: a new round starts without them.
_ROUND = ("acknowledged_by", "acknowledged_at", "read_back", "question", "outcome", "unable_reason")


def take_back(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    """The sender takes the card into their own hands: theirs to finish, no acknowledgement of their own."""
    for_ = _may_take_back(handover, by, now, tz)
    cleared: dict[str, Any] = dict.fromkeys(_ROUND)
    changes = _changes(handover, now, to=handover.from_, status=Status.ACKNOWLEDGED, handed_at=now, **cleared)
    return Step(EventKind.TAKE_BACK, changes, for_=for_)


def withdraw(handover: Handover, *, by: Colleague, reason: str, now: datetime, tz: tzinfo) -> Step:
    """Cancel an open handover that is no longer needed: closed, recorded as withdrawn with the reason."""
    for_ = _may_withdraw(handover, by, now, tz)
    note = check_text("reason", reason, required=True).strip()
    closing = {"closed_by": by.handle, "closed_at": now, "follow_up": None, "withdrawn_reason": note}
    return Step(EventKind.WITHDRAW, _changes(handover, now, status=Status.CLOSED, **closing), note=note, for_=for_)


def reopen(handover: Handover, *, by: Colleague, reason: str, now: datetime, tz: tzinfo) -> Step:
    """A closed handover back in play (closed by mistake, the customer came back): pending for its receiver
    again, or in the sender's own hands if they had taken it back."""
    for_ = _may_reopen(handover, by, now, tz)
    note = check_text("reason", reason, required=True).strip()
    status = Status.ACKNOWLEDGED if taken_back(handover) else Status.PENDING
    cleared: dict[str, Any] = dict.fromkeys((*_ROUND, "closed_by", "closed_at", "withdrawn_reason"))
    changes = _changes(handover, now, status=status, handed_at=now, **cleared)
    return Step(EventKind.REOPEN, changes, note=note, for_=for_)


def undo(handover: Handover, *, by: Colleague, now: datetime, tz: tzinfo) -> Step:
    """A new event that puts back what the card's latest event (`by`'s own, recent) changed."""
    _may_undo(handover, by, now, tz)
    last = latest_event(handover)
    assert last is not None  # _may_undo refuses a card without one
    names = [name for name in last.changes if name != "updated_at"]
    current = handover.model_dump(mode="json", by_alias=True, include={*names, "updated_at"})
    changes = {name: [current.get(name), last.changes[name][0]] for name in names}
    return Step(EventKind.UNDO, {**changes, **_changes(handover, now)})

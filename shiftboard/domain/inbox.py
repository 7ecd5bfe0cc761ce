"""What needs a colleague now ("Needs me", SPEC §1) and what the supervisors must hear (escalation).

One rule for every front end: the board's first column and its header count, `shiftboard inbox`,
the notifications and the review all ask here. Pure: the handovers (with their events), the
person and the clock are passed in. A card needs you whoever holds it: one you were handed and
have not acknowledged, and the cards you sent that wait on you (a question, an outcome to verify,
an `unable` to decide, an acknowledgement that is late, a check you asked for that is due).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from shiftboard.domain.duetime import span_words
from shiftboard.domain.lifecycle import taken_back
from shiftboard.domain.models import PRIORITY_RANK, Handover, Status
from shiftboard.domain.status import is_late, is_overdue


class Why(StrEnum):
    """Why a card needs you, in the words the board and `inbox` show; listed most pressing first."""

    ACK = "awaiting your ack"
    ANSWER = "query to answer"
    UNABLE = "unable — decide"
    VERIFY = "done — verify"
    LATE = "your handover's ack is late"
    CHECK = "check due"


ORDER = tuple(Why)


@dataclass(frozen=True)
class Reason:
    why: Why
    since: datetime  # when it started to need you
    detail: str  # the words that go with it: the question, the outcome, the reason, the note


@dataclass(frozen=True)
class Need:
    """One card that needs you, with every reason it does (most pressing first)."""

    handover: Handover
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> str:
        """`query to answer · check due`."""
        return " · ".join(reason.why.value for reason in self.reasons)


def _last_own_event_at(handover: Handover, me: str) -> datetime | None:
    return max((event.at for event in handover.events if event.actor == me), default=None)


def _status_at(handover: Handover) -> datetime:
    """When the card came into its current state (the event that last set its status)."""
    for event in reversed(handover.events):
        if "status" in event.changes:
            return event.at
    return handover.handed_at


def reasons_for(me: str, h: Handover, *, now: datetime, ack_within: timedelta) -> list[Reason]:
    """Why `h` needs colleague `me` now (none: it does not)."""
    if h.status is Status.CLOSED:
        return []
    found: list[Reason] = []
    if h.to == me and h.status is Status.PENDING and h.from_ != me:
        found.append(Reason(Why.ACK, h.handed_at, f"from {h.from_}"))
    if h.from_ == me and not taken_back(h):
        if h.status is Status.QUERY:
            found.append(Reason(Why.ANSWER, _status_at(h), f"{h.to} asks: {h.question or ''}"))
        elif h.status is Status.UNABLE:
            found.append(Reason(Why.UNABLE, _status_at(h), f"{h.to}: {h.unable_reason or ''}"))
        elif h.status is Status.DONE:
            found.append(Reason(Why.VERIFY, _status_at(h), f"{h.to}: {h.outcome or ''}"))
        elif is_late(h, now, ack_within):
            found.append(Reason(Why.LATE, h.handed_at + ack_within, f"{h.to}, waiting {span_words(now - h.handed_at)}"))
    check = _check_due(me, h, now)
    if check is not None:
        found.append(check)
    return sorted(found, key=lambda reason: ORDER.index(reason.why))


def _check_due(me: str, h: Handover, now: datetime) -> Reason | None:
    """A follow-up flag of yours whose time has come (until you clear it), or the check time you set when
    handing over, until you next act on the card."""
    flag = h.follow_up
    if flag is not None and flag.by == me and flag.check_at is not None and flag.check_at <= now:
        return Reason(Why.CHECK, flag.check_at, flag.note)
    if h.from_ == me and h.check_at is not None and h.check_at <= now:
        acted = _last_own_event_at(h, me)
        if acted is None or acted < h.check_at:
            return Reason(Why.CHECK, h.check_at, "check progress")
    return None


def needs(me: str, handovers: Iterable[Handover], *, now: datetime, ack_within: timedelta) -> list[Need]:
    """Every card that needs `me` now, whoever holds it: most pressing reason first, then priority, due."""
    found = []
    for handover in handovers:
        reasons = reasons_for(me, handover, now=now, ack_within=ack_within)
        if reasons:
            found.append(Need(handover, tuple(reasons)))
    return sorted(
        found,
        key=lambda need: (
            ORDER.index(need.reasons[0].why),
            PRIORITY_RANK[need.handover.priority],
            need.handover.due,
            need.handover.number,
        ),
    )


@dataclass(frozen=True)
class Escalation:
    """A card the supervisors on shift must hear of (SPEC §1): unacknowledged after 2 × ack_within, or
    overdue; `reason` says which, in words."""

    handover: Handover
    since: datetime
    reason: str


def escalation_of(h: Handover, *, now: datetime, ack_within: timedelta) -> Escalation | None:
    if h.status is Status.CLOSED:
        return None
    waited = now - h.handed_at
    route = f"{h.from_} → {h.to}"
    if h.status is Status.PENDING and waited > 2 * ack_within:
        return Escalation(h, h.handed_at + 2 * ack_within, f"{route}: unacknowledged for {span_words(waited)}")
    if is_overdue(h, now) and h.status is not Status.DONE:  # done in time or late, it waits on its sender now
        return Escalation(h, h.due, f"{route}: overdue by {span_words(now - h.due)}")
    return None


def escalations(handovers: Iterable[Handover], *, now: datetime, ack_within: timedelta) -> list[Escalation]:
    """Every open card escalated now, the longest-standing first."""
    found = [e for h in handovers if (e := escalation_of(h, now=now, ack_within=ack_within)) is not None]
    return sorted(found, key=lambda escalation: (escalation.since, escalation.handover.number))

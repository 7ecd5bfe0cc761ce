"""Which notifications are due for the colleague at the keyboard, right now.

Pure: the board passes the open handovers, the person, the time and `ack_within`, and
announces each alert once, remembering its `key`. A key names the occasion (the hand-over,
the moment the check falls due ...), so the same occasion is never announced twice while a
new one (the card handed back again, a new check time) is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from shiftboard.domain.duetime import span_words
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Colleague, Event, Handover, Status
from shiftboard.domain.status import is_late, is_overdue

# Order of announcement when several fall due at once: what needs this person first.
KINDS = ("new", "query", "unable", "done", "handed_on", "late", "check", "escalation")


@dataclass(frozen=True)
class Alert:
    key: str
    kind: str
    handover_id: str
    message: str


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat() if moment else "-"


def _status_seq(h: Handover) -> int:
    """The event that put the card in its current state: comments after it are not a new occasion."""
    return next((event.seq for event in reversed(h.events) if "status" in event.changes), 0)


def alerts_for(
    user: Colleague,
    handovers: Iterable[Handover],
    *,
    now: datetime,
    ack_within: timedelta,
    on_shift: bool,
) -> list[Alert]:
    """Alerts due for `user`: new cards to them, news on cards they sent, checks due, escalations."""
    found: list[Alert] = []
    me = user.handle
    supervising = user.role == "supervisor" and on_shift
    for h in handovers:
        if h.status is Status.CLOSED:
            continue
        hand_on = _hand_on(h)
        if h.to == me and h.status is Status.PENDING:
            by = f"{hand_on.actor} (handed on; sent by {h.from_})" if hand_on else h.from_
            found.append(Alert(f"new:{h.id}:{_stamp(h.handed_at)}", "new", h.id, f"{h.id} handed to you by {by}"))
        if hand_on is not None and h.from_ == me and hand_on.actor != me:
            note = f" — {hand_on.note}" if hand_on.note else ""
            message = f"{h.id}: {hand_on.actor} handed it on to {h.to}; you stay its sender{note}"
            found.append(Alert(f"handed_on:{h.id}:{hand_on.seq}", "handed_on", h.id, message))
        if h.from_ == me:
            found.extend(_sender_alerts(h, now, ack_within))
        follow_up = h.follow_up
        if follow_up and follow_up.by == me and follow_up.check_at and follow_up.check_at <= now:
            found.append(
                Alert(
                    f"check:{h.id}:{_stamp(follow_up.check_at)}",
                    "check",
                    h.id,
                    f"{h.id}: time to check — {follow_up.note}",
                )
            )
        if supervising and h.from_ != me:
            found.extend(_escalation(h, now, ack_within))
    return sorted(found, key=lambda a: (KINDS.index(a.kind), a.handover_id))


def _hand_on(h: Handover) -> Event | None:
    """The event that put the card in its holder's hands, when that was its previous holder handing it on
    (not the sender, nor a supervisor acting for them): the sender stays accountable and is told."""
    last = next((event for event in reversed(h.events) if event.kind == EventKind.REASSIGN), None)
    if (
        last is None
        or last.actor == h.from_
        or last.for_ is not None
        or last.changes.get("to", [None, None])[1] != h.to
    ):
        return None
    return last


def _sender_alerts(h: Handover, now: datetime, ack_within: timedelta) -> list[Alert]:
    """What the sender must hear to follow through: late acks, questions, outcomes, own check time."""
    found = []
    if is_late(h, now, ack_within):
        waited = span_words(now - h.handed_at)
        found.append(
            Alert(
                f"late:{h.id}:{_stamp(h.handed_at)}",
                "late",
                h.id,
                f"{h.id}: {h.to} has not acknowledged after {waited}",
            )
        )
    if h.status is Status.QUERY:
        found.append(Alert(f"query:{h.id}:{_status_seq(h)}", "query", h.id, f"{h.id}: {h.to} asks: {h.question or ''}"))
    if h.status is Status.UNABLE:
        found.append(
            Alert(
                f"unable:{h.id}:{_status_seq(h)}",
                "unable",
                h.id,
                f"{h.id}: {h.to} was unable to complete it — {h.unable_reason or ''}; reassign or take it back",
            )
        )
    if h.status is Status.DONE:
        found.append(
            Alert(f"done:{h.id}:{_status_seq(h)}", "done", h.id, f"{h.id} is done by {h.to}: verify and close")
        )
    if h.check_at and h.check_at <= now:
        found.append(Alert(f"check-at:{h.id}:{_stamp(h.check_at)}", "check", h.id, f"{h.id}: time to check progress"))
    return found


def _escalation(h: Handover, now: datetime, ack_within: timedelta) -> list[Alert]:
    """Supervisors on shift hear of cards unacknowledged for 2 × ack_within, or overdue."""
    found = []
    if h.status is Status.PENDING and now - h.handed_at > 2 * ack_within:
        found.append(
            Alert(
                f"escalation-ack:{h.id}:{_stamp(h.handed_at)}",
                "escalation",
                h.id,
                f"{h.id} from {h.from_} to {h.to} unacknowledged for {span_words(now - h.handed_at)}",
            )
        )
    if is_overdue(h, now):
        found.append(
            Alert(
                f"escalation-due:{h.id}:{_stamp(h.due)}",
                "escalation",
                h.id,
                f"{h.id} from {h.from_} to {h.to} is overdue by {span_words(now - h.due)}",
            )
        )
    return found

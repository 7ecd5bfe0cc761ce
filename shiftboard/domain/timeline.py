"""A handover's audit trail in words: what each event did, said as a person would say it.

Both detail views (the board's and `shiftboard show`) read the timeline from here, so
`acknowledged_by: — → bob` never reaches a reader: each entry says who did what, for whom,
and the words they typed (a read-back, a question, a reason) under their own label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.events import EventKind, phrase
from shiftboard.domain.lifecycle import STATUS_WORDS
from shiftboard.domain.models import Event, Handover, Status
from shiftboard.domain.notifications import first_receiver

# The label of the words a person typed with each kind of event.
SAID: dict[str, str] = {
    EventKind.ACK: "read-back",
    EventKind.QUERY: "question",
    EventKind.ANSWER: "answer",
    EventKind.DONE: "outcome",
    EventKind.UNABLE: "reason",
    EventKind.WITHDRAW: "reason",
    EventKind.REOPEN: "reason",
    EventKind.FLAG: "note",
    EventKind.COMMENT: "comment",
    EventKind.REASSIGN: "handover note",
    EventKind.KEEP: "note",
}


@dataclass(frozen=True)
class Entry:
    """One event: when (`14:02` today, with its date before), who did what, and what they said."""

    when: str
    words: str
    said_label: str
    said: str | None
    event: Event

    @property
    def account(self) -> str:
        """` (unix: alice)`: the Unix account that wrote the event (SPEC §6), shown after the words."""
        return f" (unix: {self.event.unix})" if self.event.unix else ""


def timeline_clock(moment: datetime, tz: tzinfo, now: datetime) -> str:
    """`14:02` today; `2026-11-23 14:02` on any other day, so an older entry never passes for today's."""
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return local_clock(moment, tz, now)
    return local_clock(moment, tz)


def _status_word(value: Any) -> str:
    try:
        return STATUS_WORDS[Status(value)]
    except ValueError:
        return str(value)


def _words(event: Event, before: str, holder: str, sender: str, previous: Event | None, when: str) -> str:
    who, kind, changes = event.actor, event.kind, event.changes
    if kind == EventKind.CREATE:
        return f"{who} handed it over to {holder}"
    if kind == EventKind.ACK:
        return f"{who} acknowledged it" + ("" if event.note else " (no read-back)")
    if kind == EventKind.QUERY:
        return f"{who} asked {sender} a question"
    if kind == EventKind.ANSWER:
        return f"{who} answered the question; back to {holder} to acknowledge"
    if kind == EventKind.DONE:
        closed = changes.get("status", [None, None])[1] == Status.CLOSED
        return f"{who} finished it and closed it (taken back: nobody verifies)" if closed else f"{who} marked it done"
    if kind == EventKind.UNABLE:
        return f"{who} could not complete it; back to {sender} to decide"
    if kind == EventKind.VERIFY:
        return f"{who} verified the outcome and closed it"
    if kind == EventKind.REASSIGN and who == before != sender:
        return f"{who} handed it on to {holder}"
    if kind == EventKind.REASSIGN:
        return f"{who} reassigned it from {before} to {holder}"
    if kind == EventKind.TAKE_BACK:
        return f"{who} took it back from {before}"
    if kind == EventKind.WITHDRAW:
        return f"{who} withdrew it (closed, not done)"
    if kind == EventKind.REOPEN:
        return f"{who} reopened it" + (f" for {holder}" if holder != sender else f" (in {sender}'s own hands)")
    if kind == EventKind.UNDO:
        undone = f"“{phrase(previous.kind)}”" if previous is not None else "their last action"
        status = changes.get("status")
        return f"{who} undid {undone}" + (f": back to {_status_word(status[1])}" if status else "")
    if kind == EventKind.FLAG:
        flag = changes.get("follow_up", [None, None])[1]
        check = flag.get("check_at") if isinstance(flag, dict) else None
        return f"{who} flagged it for follow-up" + (f", check at {when}" if check else "")
    if kind == EventKind.UNFLAG:
        return f"{who} cleared the follow-up flag"
    if kind == EventKind.COMMENT:
        return f"{who} commented"
    return f"{who} {phrase(kind)}"


def timeline(handover: Handover, *, tz: tzinfo, now: datetime) -> list[Entry]:
    """Every event of `handover`, oldest first, in words."""
    entries = []
    holder = first_receiver(handover)
    previous: Event | None = None
    for event in sorted(handover.events, key=lambda e: e.seq):
        before = holder
        if "to" in event.changes:
            holder = str(event.changes["to"][1])
        check_text = ""
        flag = event.changes.get("follow_up", [None, None])[1] if event.kind == EventKind.FLAG else None
        if isinstance(flag, dict) and flag.get("check_at"):
            check_text = timeline_clock(datetime.fromisoformat(str(flag["check_at"]).replace("Z", "+00:00")), tz, now)
        words = _words(event, before, holder, handover.from_, previous, check_text)
        if event.for_:
            words += f" (for {event.for_})"
        entries.append(Entry(timeline_clock(event.at, tz, now), words, SAID.get(event.kind, "note"), event.note, event))
        previous = event
    return entries

"""The shift change (SPEC §1 "Shifts and review"): the checklist, sign-off's shift notes, and the summary
of what arrived for a colleague since their last shift.

Decisions are read from the handovers' own events, never kept on the side: a card the colleague
reassigned since their shift began is handed over, one they kept (a `keep` event, with a note)
is kept, one they marked done, verified or unable is closed; everything else they hold or sent
is undecided, and sign-off lists it as carried over. So closing the board, another terminal or
the command line all see the same checklist, and the audit shows every decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.events import PHRASES, EventKind
from shiftboard.domain.models import Event, Handover, Status
from shiftboard.domain.status import card_status, customer_label, due_clause, is_late, is_overdue

NO_ROSTER_LOOK_BACK = timedelta(hours=24)  # a colleague with no shift and no sign-off: their last day


class Decision(StrEnum):
    HANDED_OVER = "handed over"
    KEPT = "kept"
    CLOSED = "closed"
    CARRIED_OVER = "carried over"  # undecided when the colleague signs off


SECTIONS = (Decision.HANDED_OVER, Decision.KEPT, Decision.CLOSED, Decision.CARRIED_OVER)
CLOSING: dict[str, str] = {
    EventKind.DONE: "marked done (the sender verifies)",
    EventKind.VERIFY: PHRASES[EventKind.VERIFY],
    EventKind.UNABLE: "marked unable (back to the sender)",
    EventKind.WITHDRAW: "withdrawn (closed, not done)",
}
FINISHED = "finished and closed (taken back: nobody verifies)"  # the sender's own `done` on a card taken back


@dataclass(frozen=True)
class ShiftItem:
    """One item of a colleague's checklist: the card, what they decided, and the words for it."""

    handover: Handover
    decision: Decision
    detail: str = ""  # `to bob: note`, the keep note, `verified and closed`
    at: datetime | None = None
    to: str | None = None  # handed over: to whom

    @property
    def decided(self) -> bool:
        return self.decision is not Decision.CARRIED_OVER


DECISION_WORDS = {  # how a decision reads on the checklist, a symbol and a word (never colour alone)
    Decision.HANDED_OVER: "→ handed over",
    Decision.KEPT: "● kept",
    Decision.CLOSED: "■ closed",
    Decision.CARRIED_OVER: "○ undecided",
}


def role_words(handover: Handover, user: str) -> str:
    """`you hold it, from dave`, `you sent it to bob`, or `now with carol` once it has left them."""
    if handover.to == user:
        return "you hold it" + (f", from {handover.from_}" if handover.from_ != user else "")
    if handover.from_ == user:
        return f"you sent it to {handover.to}"
    return f"now with {handover.to}"


def checklist_start(*, shift_start: datetime | None, signed_off_at: datetime | None, now: datetime) -> datetime:
    """Where this shift's decisions begin: the start of the colleague's current (or latest) shift, or
    their last sign-off when later; with neither, the last NO_ROSTER_LOOK_BACK."""
    known = [moment for moment in (shift_start, signed_off_at) if moment is not None and moment <= now]
    return max(known) if known else now - NO_ROSTER_LOOK_BACK


def _decision(handover: Handover, user: str, since: datetime) -> ShiftItem | None:
    """The latest decision `user` made on `handover` since `since`; None when they made none (or took it
    back into their own hands, which leaves it theirs to decide)."""
    for event in reversed(handover.events):
        if event.at < since:
            return None
        if event.actor != user:
            continue
        found = _as_decision(handover, event, user)
        if found is not None:
            return found
        if event.kind in (EventKind.REASSIGN, EventKind.TAKE_BACK):
            return None  # back in their own hands: theirs to decide again
    return None


def _as_decision(handover: Handover, event: Event, user: str) -> ShiftItem | None:
    note = event.note or ""
    if event.kind == EventKind.REASSIGN:
        to = event.changes.get("to", [None, handover.to])[1]
        if to == user:
            return None  # taken back
        return ShiftItem(handover, Decision.HANDED_OVER, f"to {to}" + (f": {note}" if note else ""), event.at, to)
    if event.kind == EventKind.KEEP:
        return ShiftItem(handover, Decision.KEPT, note, event.at)
    if event.kind in CLOSING:
        closed = event.changes.get("status", [None, None])[1] == Status.CLOSED
        detail = FINISHED if event.kind == EventKind.DONE and closed else CLOSING[event.kind]
        return ShiftItem(handover, Decision.CLOSED, detail, event.at)
    return None


def shift_items(handovers: Iterable[Handover], user: str, since: datetime) -> list[ShiftItem]:
    """Every open card `user` holds or sent, and every card they decided on since `since` (a card
    handed on or closed has left them, and still belongs in their notes); each once, by number."""
    items = []
    for handover in sorted(handovers, key=lambda h: h.number):
        decided = _decision(handover, user, since)
        if decided is not None:
            items.append(decided)
        elif handover.status is not Status.CLOSED and user in (handover.to, handover.from_):
            items.append(ShiftItem(handover, Decision.CARRIED_OVER))
    return items


@dataclass(frozen=True)
class ShiftNotes:
    """What sign-off records: the colleague, the span of their shift, and each item under one heading."""

    user: str
    since: datetime
    at: datetime
    shift: str  # the shift's name, or "" when they had none
    items: list[ShiftItem]

    def section(self, decision: Decision) -> list[ShiftItem]:
        return [item for item in self.items if item.decision is decision]

    def ids(self) -> dict[str, list[str]]:
        """`handed over` -> [H-1001 …]: what the sign-off event keeps, every item under exactly one heading."""
        return {decision.value: [item.handover.id for item in self.section(decision)] for decision in SECTIONS}


HEADINGS = {
    Decision.HANDED_OVER: "handed over",
    Decision.KEPT: "kept",
    Decision.CLOSED: "closed",
    Decision.CARRIED_OVER: "carried over, undecided",
}


def item_words(item: ShiftItem, user: str, now: datetime, ack_within: timedelta) -> str:
    """One item of the notes: `H-1001 · to bob: call at 9 — J.P.`; an undecided one with where it stands."""
    h = item.handover
    who = customer_label(h, privacy=True)
    if item.decided:
        return f"{h.id} · {item.detail} — {who}"
    status = card_status(h, now, ack_within).label
    return f"{h.id} · {role_words(h, user)} · {status} · {due_clause(h, now)} — {who} · {h.action_required}"


def notes_lines(notes: ShiftNotes, tz: tzinfo, ack_within: timedelta, *, title: str) -> list[str]:
    """The shift notes as text, each item once under its heading; customers as initials (notes get printed
    and pasted). The command line prints these lines and the board shows them."""
    shift = f" ({notes.shift})" if notes.shift else ""
    lines = [f"{title}{shift}: {local_clock(notes.since, tz, notes.at)} to {local_clock(notes.at, tz, notes.at)}"]
    if not notes.items:
        lines.append("  nothing you hold or sent is open, and nothing was decided")
    for decision in SECTIONS:
        items = notes.section(decision)
        if items:
            lines.append(f"{HEADINGS[decision]} ({len(items)})")
            lines.extend("  " + item_words(item, notes.user, notes.at, ack_within) for item in items)
    return lines


@dataclass(frozen=True)
class Arrivals:
    """What waits for a colleague at the first sign-in of a shift, each card under one heading."""

    since: datetime | None
    late: list[tuple[Handover, str]]
    new: list[tuple[Handover, str]]
    waiting: list[tuple[Handover, str]]

    def __bool__(self) -> bool:
        return bool(self.late or self.new or self.waiting)


SENDER_WAITS = {
    Status.QUERY: "asks a question",
    Status.DONE: "done — verify",
    Status.UNABLE: "unable — decide",
}


def arrivals(
    handovers: Iterable[Handover], user: str, *, since: datetime | None, now: datetime, ack_within: timedelta
) -> Arrivals:
    """Late: cards they hold that are overdue or unacknowledged too long, and cards they sent that are
    overdue. New: cards put in their hands since `since`. Waiting on them: cards awaiting their
    acknowledgement, and cards they sent that need them (a query, an outcome to verify, unable)."""
    late, new, waiting = [], [], []
    for h in sorted(handovers, key=lambda h: h.number):
        if h.status is Status.CLOSED or user not in (h.to, h.from_):
            continue
        holds = h.to == user
        if is_overdue(h, now) and (holds or h.from_ == user):
            late.append((h, "overdue" if holds else f"overdue with {h.to}"))
        elif holds and is_late(h, now, ack_within):
            late.append((h, "not acknowledged in time"))
        elif holds and h.status is Status.PENDING and (since is None or h.handed_at >= since):
            new.append((h, f"from {_handed_by(h)}"))
        elif holds and h.status is Status.PENDING:
            waiting.append((h, "awaiting your acknowledgement"))
        elif h.from_ == user and h.to != user and h.status in SENDER_WAITS:
            waiting.append((h, f"{h.to}: {SENDER_WAITS[h.status]}"))
    return Arrivals(since, late, new, waiting)


def _handed_by(handover: Handover) -> str:
    """Who put it in the holder's hands: the sender, or the colleague who handed it on."""
    last = next((e for e in reversed(handover.events) if e.kind == EventKind.REASSIGN), None)
    if last is not None and last.actor != handover.from_ and last.for_ is None:
        return f"{last.actor} (handed on; sent by {handover.from_})"
    return handover.from_


def summary_due(
    *,
    rostered: bool,
    shift_start: datetime | None,
    signed_on_at: datetime | None,
    signed_off_at: datetime | None,
) -> bool:
    """Whether this sign-in is the colleague's first of a shift. On a roster: they are on a shift now and
    have not signed on since it began (off shift, there is no shift to begin). Without one (a team that
    keeps no roster works by sign-offs): never signed on, or signed off since."""
    if rostered:
        return shift_start is not None and (signed_on_at is None or signed_on_at < shift_start)
    return signed_on_at is None or (signed_off_at is not None and signed_off_at >= signed_on_at)

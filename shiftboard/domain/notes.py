"""Shift notes (SPEC §1 "Exports"): what a supervisor prints or pastes into an e-mail at shift change.

Every open handover once, under whoever holds it, saying whether it is acknowledged (by whom,
with the read-back) and whether it falls due in the next shift; then what closed in the period
and how (the outcome, or why it was withdrawn). Customers appear as initials and reference, as
on the board in privacy mode: notes travel by e-mail and paper, where the store's protections
do not follow (the full record is one `shiftboard show` away).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Handover, Shift, Status
from shiftboard.domain.periods import Window, next_team_shift, shift_label
from shiftboard.domain.roster import ShiftTime
from shiftboard.domain.status import card_status, customer_label

WITHOUT_ROSTER = timedelta(hours=8)  # "the next shift" when no roster says when it is


@dataclass(frozen=True)
class NoteLine:
    """One handover as the notes show it."""

    id: str
    status: str
    priority: str
    sender: str
    holder: str
    customer: str
    service: str
    action: str
    handed_at: datetime
    due: datetime
    overdue: bool
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    read_back: str
    due_next_shift: bool
    closed_at: datetime | None = None
    closed_by: str | None = None
    how_closed: str = ""
    outcome: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


@dataclass(frozen=True)
class ShiftNotes:
    window: Window
    generated_at: datetime
    zone: str  # "Europe/London (UTC+00:00)": every time in the notes is in it
    next_shift: str  # "Late 15:00-23:00, from 15:00", or the hours used without a roster
    open_by_holder: dict[str, list[NoteLine]]
    closed: list[NoteLine]

    @property
    def open(self) -> list[NoteLine]:
        return [line for lines in self.open_by_holder.values() for line in lines]

    @property
    def not_acknowledged(self) -> list[NoteLine]:
        return [line for line in self.open if not line.acknowledged]

    @property
    def acknowledged(self) -> list[NoteLine]:
        return [line for line in self.open if line.acknowledged]

    @property
    def due_next_shift(self) -> list[NoteLine]:
        return [line for line in self.open if line.due_next_shift]


def zone_words(tz: tzinfo, now: datetime) -> str:
    """The zone times are shown in, by name and offset: `Europe/London (UTC+00:00)`."""
    local = now.astimezone(tz)
    offset = local.strftime("%z")
    sign_hours = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
    name = getattr(tz, "key", None) or local.tzname() or "local time"
    return (
        "UTC" if name in ("UTC", "UTC+00:00", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "Zulu") else f"{name} (UTC{sign_hours})"
    )


def how_closed(handover: Handover) -> tuple[str, str]:
    """(how it was closed, the outcome or reason) from its last closing event."""
    closing = [e for e in handover.events if e.kind in (EventKind.VERIFY, EventKind.WITHDRAW, EventKind.DONE)]
    last = closing[-1] if closing else None
    if last is not None and last.kind == EventKind.WITHDRAW:
        return f"withdrawn by {last.actor}", last.note or ""
    if last is not None and last.kind == EventKind.VERIFY:
        return f"verified by {last.actor}", handover.outcome or ""
    if last is not None and last.kind == EventKind.DONE:
        return f"done by {last.actor}", handover.outcome or ""
    return f"closed by {handover.closed_by or '?'}", handover.outcome or ""


def _line(
    handover: Handover, *, now: datetime, ack_within: timedelta, next_window: tuple[datetime, datetime]
) -> NoteLine:
    status = card_status(handover, now, ack_within)
    closed = handover.status is Status.CLOSED
    how, outcome = how_closed(handover) if closed else ("", "")
    return NoteLine(
        id=handover.id,
        status=status.label,
        priority=handover.priority.value,
        sender=handover.from_,
        holder=handover.to,
        customer=customer_label(handover, privacy=True),
        service=handover.service,
        action=handover.action_required,
        handed_at=handover.handed_at,
        due=handover.due,
        overdue=status.overdue,
        acknowledged_by=handover.acknowledged_by,
        acknowledged_at=handover.acknowledged_at,
        read_back=handover.read_back or "",
        due_next_shift=not closed and next_window[0] <= handover.due < next_window[1],
        closed_at=handover.closed_at,
        closed_by=handover.closed_by,
        how_closed=how,
        outcome=outcome,
    )


def shift_notes(
    open_handovers: Iterable[Handover],
    closed_handovers: Iterable[Handover],
    *,
    window: Window,
    now: datetime,
    tz: tzinfo,
    shifts: Sequence[Shift],
    ack_within: timedelta,
) -> ShiftNotes:
    """The notes: `open_handovers` as they stand now, and those of `closed_handovers` closed in `window`."""
    coming: ShiftTime | None = next_team_shift(shifts, now, tz)
    if coming is not None:
        next_window = (coming.start, coming.end)
        next_words = f"{shift_label(coming)}, starting {coming.start.astimezone(tz):%Y-%m-%d %H:%M}"
    else:
        next_window = (now, now + WITHOUT_ROSTER)
        next_words = f"no roster: the next {WITHOUT_ROSTER.seconds // 3600} hours"
    by_holder: dict[str, list[NoteLine]] = {}
    for handover in sorted(open_handovers, key=lambda h: (h.to, h.due, h.number)):
        if handover.status is not Status.CLOSED:
            line = _line(handover, now=now, ack_within=ack_within, next_window=next_window)
            by_holder.setdefault(handover.to, []).append(line)
    closed = [
        _line(handover, now=now, ack_within=ack_within, next_window=next_window)
        for handover in sorted(closed_handovers, key=lambda h: (h.closed_at or now, h.number))
        if handover.closed_at is not None and window.since <= handover.closed_at <= window.until
    ]
    return ShiftNotes(
        window=window,
        generated_at=now,
        zone=zone_words(tz, now),
        next_shift=next_words,
        open_by_holder=dict(sorted(by_holder.items())),
        closed=closed,
    )

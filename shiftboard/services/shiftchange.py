"""The shift change: keeping an item (an event with a note), the checklist read from the events since
the colleague's shift began, sign-off with its shift notes, and the summary of what arrived for a
colleague since their last shift (shown at their first sign-in of a shift, recorded as a sign-on).

The domain's `shiftchange` is imported by the methods that use it: a command that never touches the
shift change (`shiftboard ack`) does not pay for loading it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shiftboard.domain import lifecycle, roster
from shiftboard.domain.duetime import utc_now_iso
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import Colleague, Handover
from shiftboard.services.handovers import HandoverDesk

if TYPE_CHECKING:
    from shiftboard.domain.shiftchange import Arrivals, ShiftNotes


class ShiftChangeDesk(HandoverDesk):
    def keep(self, hid: str, *, by: str, note: str) -> Handover:
        """`by` keeps the item over their shift change, with a note saying why (a checklist decision)."""
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.keep(h, by=a, note=note, now=now, tz=tz))

    def checklist_since(self, handle: str) -> datetime:
        """Where `handle`'s checklist begins: the start of their current (or latest) shift, or their last
        sign-off when later."""
        from shiftboard.domain import shiftchange

        colleague = self.colleague(handle)
        now = self.clock.now()
        latest = roster.latest_shift(colleague, self.shifts(), now, self.clock.tz)
        return shiftchange.checklist_start(
            shift_start=latest.start if latest else None, signed_off_at=colleague.signed_off_at, now=now
        )

    def checklist(self, handle: str) -> ShiftNotes:
        """Every item `handle` holds or sent, and what they decided on each since their checklist began."""
        colleague = self.colleague(handle)
        return self._notes(colleague, self.clock.now())

    def _notes(self, colleague: Colleague, now: datetime) -> ShiftNotes:
        from shiftboard.domain import shiftchange

        since = self.checklist_since(colleague.handle)
        latest = roster.latest_shift(colleague, self.shifts(), now, self.clock.tz)
        items = shiftchange.shift_items(self.handovers(), colleague.handle, since)
        return shiftchange.ShiftNotes(colleague.handle, since, now, latest.shift.name if latest else "", items)

    def sign_off(self, *, by: str) -> ShiftNotes:
        """Record the end of `by`'s shift and return their shift notes; never refused for items left
        undecided (they are carried over)."""
        with self.store.transaction() as txn:
            colleague = self._actor(by)
            now = self.clock.now()
            notes = self._notes(colleague, now)
            counts = ", ".join(f"{len(ids)} {heading}" for heading, ids in notes.ids().items())
            changes = {"signed_off_at": [colleague.to_json()["signed_off_at"], utc_now_iso(now)]}
            event = self._event(
                EventKind.SIGN_OFF, Entity.COLLEAGUE, colleague.handle, colleague.handle,
                changes=changes, note=counts, notes=notes.ids(),
            )  # fmt: skip
            txn.append(event)
        return notes

    def arrivals_due(self, handle: str) -> Arrivals | None:
        """What arrived for `handle` since their last shift, when this is their first sign-in of a shift
        (else None): late, new, and waiting on them."""
        from shiftboard.domain import shiftchange

        colleague = self.colleague(handle)
        now, tz = self.clock.now(), self.clock.tz
        shifts = self.shifts()
        current = roster.current_shift(colleague, shifts, now, tz)
        due = shiftchange.summary_due(
            rostered=any(colleague.handle in shift.members for shift in shifts) or bool(colleague.roster),
            shift_start=current.start if current else None,
            signed_on_at=colleague.signed_on_at,
            signed_off_at=colleague.signed_off_at,
        )
        if not due:
            return None
        previous = roster.previous_shift(colleague, shifts, now, tz)
        ended = [moment for moment in (colleague.signed_off_at, previous.end if previous else None) if moment]
        since = max(ended) if ended else colleague.signed_on_at
        ack_within = timedelta(minutes=self.settings().ack_within_minutes)
        return shiftchange.arrivals(
            self.handovers(include_closed=False), colleague.handle, since=since, now=now, ack_within=ack_within
        )

    def sign_on(self, *, by: str) -> Colleague:
        """Record `by`'s first sign-in of a shift, so the summary of arrivals is shown once per shift."""
        with self.store.transaction() as txn:
            colleague = self._actor(by)
            changes = {"signed_on_at": [colleague.to_json()["signed_on_at"], utc_now_iso(self.clock.now())]}
            txn.append(
                self._event(EventKind.SIGN_ON, Entity.COLLEAGUE, colleague.handle, colleague.handle, changes=changes)
            )
        return self.colleague(by)

"""Shifts and the roster: named shifts on days of the week, who works them, one-off changes by date,
and who is on shift now (the maths is the domain's: `domain.roster`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from shiftboard.domain import roster
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import WEEKDAYS, Colleague, Shift
from shiftboard.domain.roster import DayRoster, ShiftTime
from shiftboard.domain.text import MAX_SHORT, check_text
from shiftboard.services.base import reading
from shiftboard.services.settings import SettingsDesk


class RosterDesk(SettingsDesk):
    @reading
    def shifts(self, *, include_removed: bool = False) -> list[Shift]:
        rows = list(self.validated("shifts", Shift).values())
        return [shift for shift in rows if shift.active or include_removed]

    def find_shift(self, name: str) -> Shift | None:
        """The shift named `name` (any case), removed ones included; None when there is none."""
        wanted = name.strip().lower()
        return next((s for s in self.shifts(include_removed=True) if s.name.lower() == wanted), None)

    def shift(self, name: str) -> Shift:
        """The current shift named `name` (any case); refused, naming the shifts there are, when none is."""
        found = self.find_shift(name)
        if found is None or not found.active:
            names = ", ".join(s.name for s in self.shifts()) or "none yet (add one with: shiftboard shift add)"
            raise Refused(f"no shift {name.strip()!r}; the shifts are: {names}")
        return found

    def current_shift_names(self) -> list[str]:
        return [shift.name for shift in roster.current_shifts(self.shifts(), self.clock.now(), self.clock.tz)]

    def on_shift(self, colleague: Colleague) -> bool:
        return roster.is_on_shift(colleague, self.shifts(), self.clock.now(), self.clock.tz)

    def shift_now(self, handle: str) -> ShiftTime | None:
        """The shift `handle` is working now, with its end (for `Early · 2h10m left`)."""
        return roster.current_shift(self.colleague(handle), self.shifts(), self.clock.now(), self.clock.tz)

    def next_shift(self, handle: str) -> ShiftTime | None:
        return roster.next_shift(self.colleague(handle), self.shifts(), self.clock.now(), self.clock.tz)

    def shifts_of(self, handle: str) -> list[str]:
        """The regular shifts `handle` works (one-off changes aside)."""
        return [shift.name for shift in self.shifts() if handle in shift.members]

    def today(self) -> date:
        return roster.local_day(self.clock.now(), self.clock.tz)

    def day_roster(self, day: str = "today") -> DayRoster:
        """Who works which shift starting on `day` (`today`, `tomorrow`, `2026-12-24`)."""
        when = roster.parse_day(day, today=self.today())
        return roster.day_roster(when, self.colleagues(), self.shifts(), self.clock.tz)

    # Changes (a supervisor's, once set-up is closed) ------------------------------------

    def add_shift(
        self,
        name: str,
        *,
        start: str,
        end: str,
        days: str | None = None,
        members: list[str] | None = None,
        by: str | None = None,
    ) -> Shift:
        """A new shift (every day unless `days` says, e.g. `mon-fri`); adding one that exists changes its
        hours (and days, when given), keeping who works it. `members` sets who does (else: `colleague edit
        --shifts`)."""
        actor = self._admin_actor(by, "changing shifts")
        title = check_text("shift name", name, limit=MAX_SHORT, required=True, one_line=True).strip()
        if "," in title:
            raise Refused(f"shift name {title!r}: no commas (colleague --shifts lists names with them)")
        begins, ends = roster.check_clock(start, "shift start"), roster.check_clock(end, "shift end")
        if begins == ends:
            raise Refused(f"shift {title}: the start and end are both {begins}; a shift ends at another time")
        chosen = roster.parse_days(days) if days is not None else None
        handles = self._handles(members) if members is not None else None
        with self.store.transaction() as txn:
            self.authorize_admin(by, "changing shifts")  # again, on the latest state
            existing = self.find_shift(title)
            if existing is None:
                shift = Shift(name=title, start=begins, end=ends, days=chosen or list(WEEKDAYS), members=handles or [])
                txn.append(self._event(EventKind.SHIFT_ADD, Entity.SHIFT, shift.name, actor, record=shift.to_json()))
                return shift
            update: dict[str, Any] = {"start": begins, "end": ends, "active": True}
            if chosen is not None:
                update["days"] = chosen
            if handles is not None:
                update["members"] = handles
            elif not existing.active:
                update["members"] = []  # a removed shift comes back empty, as it was left
            changes = {k: [getattr(existing, k), v] for k, v in update.items() if getattr(existing, k) != v}
            if changes:
                txn.append(self._event(EventKind.SHIFT_UPDATE, Entity.SHIFT, existing.name, actor, changes=changes))
            return existing.model_copy(update=update)

    def remove_shift(self, name: str, *, by: str | None = None) -> Shift:
        """Take a shift off the roster (kept in the store for the audit, as colleagues are)."""
        actor = self._admin_actor(by, "changing shifts")
        with self.store.transaction() as txn:
            self.authorize_admin(by, "changing shifts")
            shift = self.shift(name)
            changes = {"active": [True, False], "members": [shift.members, []]}
            txn.append(self._event(EventKind.SHIFT_REMOVE, Entity.SHIFT, shift.name, actor, changes=changes))
        return shift

    def set_roster(self, handle: str, day: str, shift: str | None, *, by: str | None = None) -> Colleague:
        """A one-off change for one local date: `shift` worked that day instead of the usual, or None for a
        day off."""
        return self._change_roster(handle, day, shift, by=by, clear=False)

    def clear_roster(self, handle: str, day: str, *, by: str | None = None) -> Colleague:
        """Back to the regular roster on `day`."""
        return self._change_roster(handle, day, None, by=by, clear=True)

    def _change_roster(self, handle: str, day: str, shift: str | None, *, by: str | None, clear: bool) -> Colleague:
        actor = self._admin_actor(by, "changing the roster")
        today = self.today()
        key = roster.check_roster_day(roster.parse_day(day, today=today), today=today).isoformat()
        with self.store.transaction() as txn:
            self.authorize_admin(by, "changing the roster")
            colleague = self.colleague(handle)
            if not colleague.active:
                raise Refused(f"{colleague.handle} is deactivated; reactivate them before changing their roster")
            new = dict(colleague.roster)
            if clear:
                new.pop(key, None)
            else:
                new[key] = self.shift(shift).name if shift is not None else None
            if new != colleague.roster:
                changes = {"roster": [colleague.roster, new]}
                event = self._event(EventKind.ROSTER_SET, Entity.COLLEAGUE, colleague.handle, actor, changes=changes)
                txn.append(event)
        return self.colleague(handle)

    def _membership_events(self, handle: str, names: list[str], actor: str) -> list[dict[str, Any]]:
        """The events that make `handle` a member of exactly the shifts `names` (one per shift that changes);
        refused, before anything is written, when a name is no shift."""
        wanted = {self.shift(name).name for name in names}
        events = []
        for shift in self.shifts():
            member = handle in shift.members
            if member == (shift.name in wanted):
                continue
            new = [h for h in shift.members if h != handle] if member else [*shift.members, handle]
            changes = {"members": [shift.members, new]}
            events.append(self._event(EventKind.SHIFT_UPDATE, Entity.SHIFT, shift.name, actor, changes=changes))
        return events

    def _handles(self, handles: list[str]) -> list[str]:
        return [self.colleague(handle).handle for handle in handles]

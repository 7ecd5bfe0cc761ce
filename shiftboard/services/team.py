"""The team: colleagues, the services they deliver (with handover templates), shifts and who is on."""

from __future__ import annotations

import pwd
import re

from shiftboard.domain.drafts import GENERAL
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.fields import REQUIRABLE
from shiftboard.domain.models import Colleague, Service, Shift
from shiftboard.domain.pins import check_pin_format, hash_pin
from shiftboard.domain.roster import check_clock, current_shifts, is_on_shift
from shiftboard.domain.text import MAX_SHORT, check_text
from shiftboard.services.base import DeskBase, reading, tags

_HANDLE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}\$?$")
ROLES = ("agent", "supervisor")
SETUP = "setup"  # the actor of a set-up change made while the store was open for set-up (no one signed in)
WHEN = ("shift-change", "mid-shift", "both")


def unix_accounts(names: list[str]) -> list[str]:
    """Unix account names as given to --unix, each one that exists on this host."""
    accounts = [name.strip() for name in names if name.strip()]
    for name in accounts:
        check_text("--unix", name, limit=64, one_line=True)
        if not _ACCOUNT.match(name):
            raise Refused(f"--unix {name!r} is not a Unix account name")
        try:
            pwd.getpwnam(name)
        except KeyError:
            raise Refused(f"--unix {name!r}: there is no such Unix account on this host") from None
    return accounts


class TeamDesk(DeskBase):
    @reading
    def services(self) -> list[Service]:
        rows = list(self.validated("services", Service).values())
        names = {service.name for service in rows}
        return ([] if "general" in names else [GENERAL]) + sorted(rows, key=lambda s: s.name)

    @reading
    def shifts(self) -> list[Shift]:
        return list(self.validated("shifts", Shift).values())

    def current_shift_names(self) -> list[str]:
        return [shift.name for shift in current_shifts(self.shifts(), self.clock.now(), self.clock.tz)]

    def on_shift(self, colleague: Colleague) -> bool:
        return is_on_shift(colleague, self.shifts(), self.clock.now(), self.clock.tz)

    def add_colleague(
        self,
        handle: str,
        *,
        name: str,
        role: str = "agent",
        skills: list[str] | None = None,
        unix: list[str] | None = None,
        pin: str | None = None,
        by: str | None = None,
        first: bool = False,
    ) -> Colleague:
        """Add a colleague (an admin command: `by` is the authenticated caller, None when nobody is);
        `first`: only into an empty store (`init`), checked under the lock."""
        self.authorize_admin(by, "adding a colleague")
        handle = handle.strip().lower()
        if not _HANDLE.match(handle):
            raise Refused(
                f"handle {handle!r}: use 1-32 lowercase letters, digits, '.', '_' or '-', starting with a letter"
            )
        if role not in ROLES:
            raise Refused(f"role {role!r}: choose agent or supervisor")
        colleague = Colleague(
            handle=handle,
            name=check_text("name", name, limit=MAX_SHORT, required=True, one_line=True).strip(),
            role=role,  # type: ignore[arg-type]
            skills=tags(skills or [], "skills"),
            unix=unix_accounts(unix or []),
            pin=hash_pin(check_pin_format(pin)) if pin is not None else None,
        )
        with self.store.transaction() as txn:
            if first and self.store.position.seq:
                raise Refused(f"{self.store.root} already holds a board; init makes a new, empty team store")
            self.authorize_admin(by, "adding a colleague")  # again, on the latest state
            if txn.state.get("colleague", handle) is not None:
                raise Refused(f"colleague {handle!r} already exists")
            self._refuse_bound(colleague)
            record = colleague.to_json()
            txn.append(self._event(EventKind.COLLEAGUE_ADD, Entity.COLLEAGUE, handle, by or SETUP, record=record))
        return self.colleague(handle)

    def _refuse_bound(self, colleague: Colleague) -> None:
        """A Unix account is one person's: bound to two colleagues, either could act as the other."""
        for other in self.colleagues(include_inactive=True):
            shared = set(other.unix) & set(colleague.unix)
            if other.handle != colleague.handle and shared:
                raise Refused(f"the Unix account {sorted(shared)[0]} is already {other.handle}'s")

    def set_on_shift(self, handle: str, on_shift: bool | None, *, by: str) -> Colleague:
        with self.store.transaction() as txn:
            colleague = self.colleague(handle)
            if colleague.on_shift != on_shift:
                changes = {"on_shift": [colleague.on_shift, on_shift]}
                txn.append(
                    self._event(EventKind.COLLEAGUE_UPDATE, Entity.COLLEAGUE, colleague.handle, by, changes=changes)
                )
        return self.colleague(handle)

    def set_active(self, handle: str, active: bool, *, by: str) -> Colleague:
        """Deactivate (or bring back) a colleague: never deleted, so the audit trail keeps pointing at them."""
        with self.store.transaction() as txn:
            colleague = self.colleague(handle)
            if colleague.active != active:
                changes = {"active": [colleague.active, active]}
                txn.append(
                    self._event(EventKind.COLLEAGUE_UPDATE, Entity.COLLEAGUE, colleague.handle, by, changes=changes)
                )
        return self.colleague(handle)

    def add_service(
        self,
        name: str,
        *,
        skills: list[str] | None = None,
        prompts: list[str] | None = None,
        require: list[str] | None = None,
        when: str = "both",
        by: str | None = None,
    ) -> Service:
        self.authorize_admin(by, "adding a service")
        key = check_text("service name", name, limit=MAX_SHORT, required=True, one_line=True).strip().lower()
        unknown = [field for field in require or [] if field not in REQUIRABLE]
        if unknown:
            raise Refused(f"--require {unknown[0]!r}: choose from {', '.join(REQUIRABLE)}")
        if when not in WHEN:
            raise Refused(f"--when {when!r}: choose shift-change, mid-shift or both")
        service = Service(
            name=key,
            skills=tags(skills or [], "skills"),
            prompts=[check_text(f"prompt {n}", p, required=True) for n, p in enumerate(prompts or [], 1)],
            require=list(require or []),
            when=when,  # type: ignore[arg-type]
        )
        with self.store.transaction() as txn:
            self.authorize_admin(by, "adding a service")
            if key == "general" or txn.state.get("service", key) is not None:
                raise Refused(f"service {key!r} already exists")
            txn.append(self._event(EventKind.SERVICE_ADD, Entity.SERVICE, key, by or SETUP, record=service.to_json()))
        return service

    def add_shift(self, name: str, *, start: str, end: str, members: list[str], by: str | None = None) -> Shift:
        self.authorize_admin(by, "adding a shift")
        shift = Shift(
            name=check_text("shift name", name, limit=MAX_SHORT, required=True, one_line=True),
            start=check_clock(start, "shift start"),
            end=check_clock(end, "shift end"),
            members=members,
        )
        with self.store.transaction() as txn:
            self.authorize_admin(by, "adding a shift")
            kind = EventKind.SHIFT_UPDATE if txn.state.get("shift", shift.name) else EventKind.SHIFT_ADD
            txn.append(self._event(kind, Entity.SHIFT, shift.name, by or SETUP, record=shift.to_json()))
        return shift

"""The team: colleagues (added, edited, deactivated, their PINs) and the services they deliver (with
handover templates); shifts and the roster are the part below (`roster`). Every change is an event,
and once set-up is closed (a protected supervisor exists) only a supervisor may make one."""

from __future__ import annotations

import pwd
import re
from typing import cast

from shiftboard.domain.drafts import GENERAL
from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.fields import REQUIRABLE
from shiftboard.domain.models import Colleague, Role, Service, When
from shiftboard.domain.pins import check_pin_format, hash_pin
from shiftboard.domain.text import MAX_SHORT, check_text
from shiftboard.services.base import reading, tags
from shiftboard.services.roster import RosterDesk

_HANDLE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}\$?$")
ROLES = ("agent", "supervisor")
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


class TeamDesk(RosterDesk):
    @reading
    def services(self) -> list[Service]:
        rows = list(self.validated("services", Service).values())
        names = {service.name for service in rows}
        return ([] if "general" in names else [GENERAL]) + sorted(rows, key=lambda s: s.name)

    def add_colleague(
        self,
        handle: str,
        *,
        name: str,
        role: str = "agent",
        skills: list[str] | None = None,
        unix: list[str] | None = None,
        shifts: list[str] | None = None,
        pin: str | None = None,
        by: str | None = None,
        first: bool = False,
    ) -> Colleague:
        """Add a colleague (an admin command: `by` is the authenticated caller, None when nobody is), on
        the shifts named; `first`: only into an empty store (`init`), checked under the lock."""
        actor = self._admin_actor(by, "adding a colleague")
        handle = handle.strip().lower()
        if not _HANDLE.match(handle):
            raise Refused(
                f"handle {handle!r}: use 1-32 lowercase letters, digits, '.', '_' or '-', starting with a letter"
            )
        colleague = Colleague(
            handle=handle,
            name=_name(name),
            role=_role(role),
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
            added = self._event(EventKind.COLLEAGUE_ADD, Entity.COLLEAGUE, handle, actor, record=colleague.to_json())
            txn.append(added, *self._membership_events(handle, shifts or [], actor))
        return self.colleague(handle)

    def _refuse_bound(self, colleague: Colleague) -> None:
        """A Unix account is one person's: bound to two colleagues, either could act as the other."""
        for other in self.colleagues(include_inactive=True):
            shared = set(other.unix) & set(colleague.unix)
            if other.handle != colleague.handle and shared:
                raise Refused(f"the Unix account {sorted(shared)[0]} is already {other.handle}'s")

    def edit_colleague(
        self,
        handle: str,
        *,
        name: str | None = None,
        role: str | None = None,
        skills: list[str] | None = None,
        unix: list[str] | None = None,
        shifts: list[str] | None = None,
        by: str | None = None,
    ) -> tuple[Colleague, list[str]]:
        """Change what is given (None leaves it); returns the colleague and the names of what changed."""
        actor = self._admin_actor(by, "changing a colleague")
        wanted: dict[str, object] = {}
        if name is not None:
            wanted["name"] = _name(name)
        if role is not None:
            wanted["role"] = _role(role)
        if skills is not None:
            wanted["skills"] = tags(skills, "skills")
        if unix is not None:
            wanted["unix"] = unix_accounts(unix)
        with self.store.transaction() as txn:
            self.authorize_admin(by, "changing a colleague")  # again, on the latest state
            before = self.colleague(handle)
            changes = {k: [getattr(before, k), v] for k, v in wanted.items() if getattr(before, k) != v}
            after = before.model_copy(update=wanted)
            self._refuse_bound(after)
            self._keep_an_administrator(before, after)
            events = self._membership_events(before.handle, shifts, actor) if shifts is not None else []
            if changes:
                events.insert(
                    0, self._event(EventKind.COLLEAGUE_UPDATE, Entity.COLLEAGUE, before.handle, actor, changes=changes)
                )
            if events:
                txn.append(*events)
            changed = [*changes, *(["shifts"] if len(events) > bool(changes) else [])]
        return self.colleague(handle), changed

    def set_on_shift(self, handle: str, on_shift: bool | None, *, by: str | None = None) -> Colleague:
        actor = self._admin_actor(by, "changing who is on shift")
        with self.store.transaction() as txn:
            self.authorize_admin(by, "changing who is on shift")
            colleague = self.colleague(handle)
            if colleague.on_shift != on_shift:
                changes = {"on_shift": [colleague.on_shift, on_shift]}
                txn.append(
                    self._event(EventKind.COLLEAGUE_UPDATE, Entity.COLLEAGUE, colleague.handle, actor, changes=changes)
                )
        return self.colleague(handle)

    def set_active(self, handle: str, active: bool, *, by: str | None = None) -> Colleague:
        """Deactivate (or bring back) a colleague: never deleted, so the audit trail keeps pointing at them."""
        actor = self._admin_actor(by, "deactivating a colleague" if not active else "reactivating a colleague")
        kind = EventKind.COLLEAGUE_REACTIVATE if active else EventKind.COLLEAGUE_DEACTIVATE
        with self.store.transaction() as txn:
            self.authorize_admin(by, "deactivating a colleague" if not active else "reactivating a colleague")
            colleague = self.colleague(handle)
            if colleague.active != active:
                self._keep_an_administrator(colleague, colleague.model_copy(update={"active": active}))
                changes = {"active": [colleague.active, active]}
                txn.append(self._event(kind, Entity.COLLEAGUE, colleague.handle, actor, changes=changes))
        return self.colleague(handle)

    def _keep_an_administrator(self, before: Colleague, after: Colleague) -> None:
        """Refuse the change that would leave a closed store with no supervisor able to administer it."""
        if not _administers(before) or _administers(after):
            return
        others = [c for c in self.colleagues() if c.handle != before.handle and _administers(c)]
        if not others:
            raise Refused(
                f"{before.handle} is the last supervisor with a Unix account or PIN; make another supervisor first"
            )

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
        actor = self._admin_actor(by, "adding a service")
        key = check_text("service name", name, limit=MAX_SHORT, required=True, one_line=True).strip().lower()
        unknown = [field for field in require or [] if field not in REQUIRABLE]
        if unknown:
            raise Refused(f"--require {unknown[0]!r}: choose from {', '.join(REQUIRABLE)}")
        applies = _when(when)
        service = Service(
            name=key,
            skills=tags(skills or [], "skills"),
            prompts=[check_text(f"prompt {n}", p, required=True) for n, p in enumerate(prompts or [], 1)],
            require=list(require or []),
            when=applies,
        )
        with self.store.transaction() as txn:
            self.authorize_admin(by, "adding a service")
            if key == "general" or txn.state.get("service", key) is not None:
                raise Refused(f"service {key!r} already exists")
            txn.append(self._event(EventKind.SERVICE_ADD, Entity.SERVICE, key, actor, record=service.to_json()))
        return service

    def receiver_warnings(self, handle: str, service_name: str) -> list[str]:
        """Why handing to `handle` may be a mistake, though allowed (SPEC §1 "Receiver warnings"): off shift
        now (with their next shift), or without the skills the service needs."""
        colleague = self.colleague(handle)
        service = next((s for s in self.services() if s.name == service_name), GENERAL)
        warnings = []
        if not self.on_shift(colleague):
            upcoming = self.next_shift(colleague.handle)
            when = (
                f" (next on shift {local_clock(upcoming.start, self.clock.tz, self.clock.now())})" if upcoming else ""
            )
            warnings.append(f"{colleague.handle} is off shift now{when}")
        missing = [skill for skill in service.skills if skill not in colleague.skills]
        if missing:
            warnings.append(f"{colleague.handle} lacks the {service.name} skills: {', '.join(missing)}")
        return warnings


def _name(name: str) -> str:
    return check_text("name", name, limit=MAX_SHORT, required=True, one_line=True).strip()


def _role(role: str) -> Role:
    if role not in ROLES:
        raise Refused(f"role {role!r}: choose agent or supervisor")
    return cast(Role, role)


def _when(when: str) -> When:
    if when not in WHEN:
        raise Refused(f"--when {when!r}: choose shift-change, mid-shift or both")
    return cast(When, when)


def _administers(colleague: Colleague) -> bool:
    return colleague.role == "supervisor" and colleague.active and colleague.protected

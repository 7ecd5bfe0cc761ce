"""What every part of the Desk shares: the store, the clock, and reading colleagues and settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import update_wrapper
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from pydantic import BaseModel

from shiftboard.domain.clock import Clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import Colleague, Settings, handover_id, handover_number
from shiftboard.services.events import new_event
from shiftboard.store import Store

_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
SETUP = "setup"  # the actor of a set-up change made while the store was open for set-up (no one signed in)

P = ParamSpec("P")
R = TypeVar("R")
D = TypeVar("D", bound="DeskBase")
M = TypeVar("M", bound=BaseModel)


def reading(method: Callable[Concatenate[D, P], R]) -> Callable[Concatenate[D, P], R]:
    """Read the in-memory state under the store's mutex: the board reads on its UI thread while a worker
    thread may be applying its own write (the mutex is never held while waiting for the OS lock)."""

    def locked(self: D, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.mutex:
            return method(self, *args, **kwargs)

    update_wrapper(locked, method)
    return locked


class DeskBase:
    """The store and the clock; the Desk's parts (handovers, team) build on this."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or Clock()
        # table -> ((state, version), its rows validated): an action reads its actor, the team and the
        # settings, which change rarely; validating them again per action cost a tenth of it.
        self._validated: dict[str, tuple[object, int, dict[str, Any]]] = {}
        self._host_tz = self.clock.tz
        self._zone_name: str | None = None
        self.follow_timezone()

    def validated(self, table: str, model: type[M]) -> dict[str, M]:
        """Every row of `table` (a team table: colleagues, services, shifts, settings) as a `model`, by row
        key; built once per change to the table. Shared: treat the models as read-only."""
        state = self.store.state
        version = state.versions.get(table, 0)
        cached = self._validated.get(table)
        if cached is None or cached[0] is not state or cached[1] != version:  # a reload makes a new state
            rows = state.tables.get(table, {})
            cached = (state, version, {key: model.model_validate(row) for key, row in rows.items()})
            self._validated[table] = cached
        return cached[2]

    @classmethod
    def open(cls: type[D], root: Path | str, *, clock: Clock | None = None, create: bool = False, **options: Any) -> D:
        return cls(Store.open(root, create=create, **options), clock)

    def refresh(self) -> bool:
        changed = self.store.refresh()
        self.follow_timezone()
        return changed

    def follow_timezone(self) -> None:
        """Read and show times in the store's zone (`settings.timezone`), else the clock's own (the host's):
        the clock is the one every front end reads `tz` from, so a change made anywhere reaches them all."""
        with self.store.mutex:
            name = self.store.state.settings().get("timezone")
        if name == self._zone_name:
            return
        self._zone_name = name
        from shiftboard.domain.settings import zone  # only for a store that names its zone

        try:
            self.clock.tz = zone(name) if name else self._host_tz
        except Refused:  # a zone this host does not know (set elsewhere): the host's, rather than no board
            self.clock.tz = self._host_tz

    def seen_seq(self) -> int:
        """The seq of the last event this process has seen, its own writes included: a view that
        remembers it knows whether anything changed since, whoever (and whichever screen) wrote."""
        return self.store.position.seq

    @reading
    def settings(self) -> Settings:
        return next(iter(self.validated("settings", Settings).values()), None) or Settings()

    @reading
    def colleagues(self, *, include_inactive: bool = False) -> list[Colleague]:
        rows = self.validated("colleagues", Colleague).values()
        return sorted((c for c in rows if c.active or include_inactive), key=lambda c: c.handle)

    @reading
    def colleague(self, handle: str) -> Colleague:
        wanted = handle.strip().lower()
        found = next((c for c in self.validated("colleagues", Colleague).values() if c.handle == wanted), None)
        if found is None:
            raise Refused(f"no colleague {handle.strip()!r}")
        return found

    @reading
    def has_protected_supervisor(self) -> bool:
        """Whether set-up is closed: once a supervisor has a Unix account or a PIN (`init` makes one),
        administering the team needs an authenticated supervisor (SPEC §6)."""
        return any(c.role == "supervisor" and c.active and c.protected for c in self.colleagues())

    def authorize_admin(self, by: str | None, what: str) -> None:
        """Refuse `what` (colleague, service, shift, roster, settings, purge changes) unless `by` may
        administer: an active supervisor, or anyone while the store is still open for set-up. `by` is the
        colleague the caller has authenticated (the command line's and the board's identity rule)."""
        if not self.has_protected_supervisor():
            return
        if by is None:
            raise Refused(f"{what} needs a supervisor: give --as with a supervisor's handle")
        actor = self.colleague(by)
        if actor.role != "supervisor" or not actor.active:
            raise Refused(f"{what} needs a supervisor; {actor.handle} is not one")

    def _admin_actor(self, by: str | None, what: str) -> str:
        """Authorise `what` (see authorize_admin) and name who the event records: the colleague, else
        SETUP (a store still open for set-up, changed by whoever may open it; the event keeps their
        Unix account)."""
        self.authorize_admin(by, what)
        return by.strip().lower() if by else SETUP

    def _actor(self, handle: str) -> Colleague:
        colleague = self.colleague(handle)
        if not colleague.active:
            raise Refused(f"{colleague.handle} is deactivated")
        return colleague

    def _event(self, kind: EventKind, entity: Entity, key: str | None, by: str, **data: Any) -> dict[str, Any]:
        return new_event(kind, entity, key, by, at=self.clock.now(), **data)


def normalise_id(hid: str) -> str:
    """`h-1042` or `1042` as `H-1042`; ASCII digits only (SPEC §6: `H-１００２` is not an id)."""
    try:
        return handover_id(handover_number(hid))
    except ValueError:
        raise Refused(f"{hid.strip()!r} is not a handover id (like H-1042)") from None


def tags(values: list[str], what: str) -> list[str]:
    found = [value.strip().lower() for value in values if value.strip()]
    for tag in found:
        if not _TAG.match(tag):
            raise Refused(f"{what}: {tag!r} is not a tag (lowercase letters, digits, '-' or '_')")
    return found

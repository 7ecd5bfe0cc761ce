"""The use cases both front ends call: load -> domain rule -> event -> save, in one locked step.

"Acknowledge H-1001 as carol" is `desk.acknowledge("H-1001", by="carol", read_back=...)`.
Reads come from the in-memory state (call `refresh()` to see other processes' writes);
every write re-reads the latest state under the store's lock before the rule runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from shiftboard.domain import lifecycle
from shiftboard.domain.clock import Clock
from shiftboard.domain.drafts import GENERAL, REQUIRABLE, HandoverDraft, build_handover
from shiftboard.domain.duetime import parse_when, utc_now_iso
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import (
    Colleague,
    Event,
    Handover,
    Service,
    Settings,
    Shift,
    Status,
    handover_id,
    handover_number,
)
from shiftboard.domain.pins import check_pin_format, hash_pin, pin_matches
from shiftboard.domain.roster import check_clock, current_shifts, is_on_shift
from shiftboard.domain.text import MAX_SHORT, check_text
from shiftboard.store import Store, Transaction

FIRST_NUMBER = 1001  # real handovers: H-1001, H-1002 ...
DEMO_FIRST_NUMBER = 1  # demo cards (H-1 ... H-35) leave the H-1001 range to the team's own handovers
_HANDLE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class ReceiverChoice:
    """A colleague as the receiver picker shows them."""

    colleague: Colleague
    on_shift: bool
    has_skills: bool
    open_count: int


class Desk:
    """The one way to read and change a store, for the board and the command line alike."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or Clock()
        # id -> (row, its events list, model). A running board re-reads every open handover
        # after each change anywhere; validating 2,000 rows each time cost a fifth of a second.
        self._models: dict[str, tuple[dict[str, Any], list[Any], Handover]] = {}

    @classmethod
    def open(cls, root: Path | str, *, clock: Clock | None = None, create: bool = False, **options: Any) -> Desk:
        return cls(Store.open(root, create=create, **options), clock)

    def refresh(self) -> bool:
        return self.store.refresh()

    def seen_seq(self) -> int:
        """The seq of the last event this process has seen, its own writes included: a view that
        remembers it knows whether anything changed since, whoever (and whichever screen) wrote."""
        return self.store.position.seq

    # Reads ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        return Settings.model_validate(self.store.state.settings())

    def colleagues(self, *, include_inactive: bool = False) -> list[Colleague]:
        rows = [Colleague.model_validate(row) for row in self.store.state.table("colleague").all()]
        return sorted((c for c in rows if c.active or include_inactive), key=lambda c: c.handle)

    def colleague(self, handle: str) -> Colleague:
        row = self.store.state.get("colleague", handle.strip().lower())
        if row is None:
            raise Refused(f"no colleague {handle.strip()!r}")
        return Colleague.model_validate(row)

    def services(self) -> list[Service]:
        rows = [Service.model_validate(row) for row in self.store.state.table("service").all()]
        names = {service.name for service in rows}
        return ([] if "general" in names else [GENERAL]) + sorted(rows, key=lambda s: s.name)

    def shifts(self) -> list[Shift]:
        return [Shift.model_validate(row) for row in self.store.state.table("shift").all()]

    def current_shift_names(self) -> list[str]:
        return [shift.name for shift in current_shifts(self.shifts(), self.clock.now(), self.clock.tz)]

    def on_shift(self, colleague: Colleague) -> bool:
        return is_on_shift(colleague, self.shifts(), self.clock.now(), self.clock.tz)

    def handovers(
        self, *, to: str | None = None, from_: str | None = None, status: str | None = None, include_closed: bool = True
    ) -> list[Handover]:
        table = self.store.state.tables["handovers"]
        if len(self._models) > 2 * len(table) + 100:  # forget handovers archived (or reloaded) since
            live = {id(row) for row in table.values()}
            self._models = {key: cached for key, cached in self._models.items() if id(cached[0]) in live}
        rows = table.values()
        found = [
            self._live_model(row)
            for row in rows
            if (to is None or row["to"] == to)
            and (from_ is None or row["from"] == from_)
            and (status is None or row["status"] == status)
            and (include_closed or row["status"] != Status.CLOSED)
        ]
        return sorted(found, key=lambda h: h.number)

    def handover(self, hid: str) -> Handover:
        """A live handover, or an archived one (read-only)."""
        key = _normalise_id(hid)
        row = self.store.state.row("handover", key)
        if row is not None:
            return self._live_model(row)
        row = self.store.archived_handover(key)
        if row is None:
            raise Refused(f"no handover {hid.strip()!r}")
        return Handover.model_validate(row)

    def _live_model(self, row: dict[str, Any]) -> Handover:
        """The row as a model, validated once per change: every event that touches a row gives it a new
        events list (store.state.note_event), and a reload new rows, so identity says when to look again.
        The model is shared between callers: treat it as read-only (change a copy: model_copy)."""
        events = row["events"]
        cached = self._models.get(row["id"])
        if cached is not None and cached[0] is row:
            if cached[1] is events:
                return cached[2]
            known = cached[1]
            if len(events) > len(known) and events[: len(known)] == known:
                # Events were added (each change adds one): validate the fields and the new events only.
                # A busy card's hundred comments made each action on it validate all of them, twice.
                fields = Handover.model_validate({**row, "events": []})
                added = [Event.model_validate(event) for event in events[len(known) :]]
                model = fields.model_copy(update={"events": [*cached[2].events, *added]})
                self._models[row["id"]] = (row, events, model)
                return model
        model = Handover.model_validate(row)
        self._models[row["id"]] = (row, events, model)
        return model

    def open_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.store.state.tables["handovers"].values():
            if row["status"] != Status.CLOSED:
                counts[row["to"]] = counts.get(row["to"], 0) + 1
        return counts

    def archived_handovers(self) -> Iterator[Handover]:
        """Every archived (closed) handover, one month file in memory at a time; the board never reads these."""
        return (Handover.model_validate(row) for row in self.store.archived())

    def archived_since(self, since: datetime) -> list[Handover]:
        """Archived handovers closed at or after `since` (reads archive files only: safe in a worker thread)."""
        day = since.astimezone(UTC).date().isoformat()
        rows = self.store.archived(since_month=day[:7])
        archived = (Handover.model_validate(row) for row in rows if (row.get("closed_at") or "")[:10] >= day)
        return [h for h in archived if h.closed_at is not None and h.closed_at >= since]

    def receivers(self, service_name: str, *, sender: str) -> list[ReceiverChoice]:
        """Colleagues to hand to: on shift with the service's skills first, then on shift, then the rest."""
        service = next((s for s in self.services() if s.name == service_name), GENERAL)
        counts = self.open_counts()
        choices = [
            ReceiverChoice(
                colleague=c,
                on_shift=self.on_shift(c),
                has_skills=set(service.skills) <= set(c.skills),
                open_count=counts.get(c.handle, 0),
            )
            for c in self.colleagues()
            if c.handle != sender
        ]
        return sorted(choices, key=lambda r: (not r.on_shift, not r.has_skills, r.open_count, r.colleague.handle))

    def check_pin(self, handle: str, pin: str) -> bool:
        colleague = self.colleague(handle)
        return colleague.pin is None or pin_matches(pin, colleague.pin)

    # Writes -----------------------------------------------------------------------------

    def _event(self, kind: str, entity: str, key: str | None, by: str, **data: Any) -> dict[str, Any]:
        return new_event(kind, entity, key, by, at=self.clock.now(), **data)

    def _actor(self, handle: str) -> Colleague:
        colleague = self.colleague(handle)
        if not colleague.active:
            raise Refused(f"{colleague.handle} is deactivated")
        return colleague

    def hand_over(self, draft: HandoverDraft, *, by: str, first_number: int = FIRST_NUMBER) -> Handover:
        with self.store.transaction() as txn:
            sender = self._actor(by)
            now = self.clock.now()
            record = build_handover(
                draft,
                number=txn.state.next_handover_number(first_number),
                sender=sender,
                colleagues={c.handle: c for c in self.colleagues(include_inactive=True)},
                services={s.name: s for s in self.services()},
                now=now,
                tz=self.clock.tz,
            )
            self._archive_cutoff(txn)
            txn.append(create_event(record, by=sender.handle, at=now))
        return self.handover(record.id)  # read back after the lock is let go: other writers wait less

    def _step(self, hid: str, by: str, rule: Callable[[Handover, Colleague], lifecycle.Step]) -> Handover:
        key = _normalise_id(hid)
        with self.store.transaction() as txn:
            row = txn.state.row("handover", key)
            if row is None:
                if self.store.archived_handover(key) is not None:
                    raise Refused(f"{key} is closed and archived; it can no longer change")
                raise Refused(f"no handover {hid.strip()!r}")
            # The rule checks the actor is active, so its refusal names the handover.
            step = rule(self._live_model(row), self.colleague(by))
            self._archive_cutoff(txn)
            txn.append(step_event(step, key, by=by.strip().lower(), at=self.clock.now()))
        return self.handover(key)

    def _archive_cutoff(self, txn: Transaction) -> None:
        days = self.settings().archive_after_days
        txn.archive_before = utc_now_iso(self.clock.now() - timedelta(days=days))

    def acknowledge(self, hid: str, *, by: str, read_back: str = "") -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.acknowledge(h, by=a, read_back=read_back, now=now, tz=tz))

    def query(self, hid: str, *, by: str, question: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.query(h, by=a, question=question, now=now, tz=tz))

    def done(self, hid: str, *, by: str, outcome: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.done(h, by=a, outcome=outcome, now=now, tz=tz))

    def unable(self, hid: str, *, by: str, reason: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.unable(h, by=a, reason=reason, now=now, tz=tz))

    def verify_close(self, hid: str, *, by: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.verify_close(h, by=a, now=now, tz=tz))

    def reassign(self, hid: str, *, by: str, to: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.reassign(h, by=a, to=self.colleague(to), now=now, tz=tz))

    def flag(self, hid: str, *, by: str, note: str, check: str = "") -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        check_at = parse_when(check, now=now, tz=tz, field="check") if check.strip() else None
        return self._step(hid, by, lambda h, a: lifecycle.flag(h, by=a, note=note, check_at=check_at, now=now, tz=tz))

    def unflag(self, hid: str, *, by: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.unflag(h, by=a, now=now, tz=tz))

    def comment(self, hid: str, *, by: str, note: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.comment(h, by=a, note=note, now=now, tz=tz))

    def add_colleague(
        self,
        handle: str,
        *,
        name: str,
        role: str = "agent",
        skills: list[str] | None = None,
        pin: str | None = None,
        by: str = "admin",
    ) -> Colleague:
        handle = handle.strip().lower()
        if not _HANDLE.match(handle):
            raise Refused(
                f"handle {handle!r}: use 1-32 lowercase letters, digits, '.', '_' or '-', starting with a letter"
            )
        if role not in ("agent", "supervisor"):
            raise Refused(f"role {role!r}: choose agent or supervisor")
        colleague = Colleague(
            handle=handle,
            name=check_text("name", name, limit=MAX_SHORT, required=True).strip(),
            role=role,  # type: ignore[arg-type]
            skills=_tags(skills or [], "skills"),
            pin=hash_pin(check_pin_format(pin)) if pin is not None else None,
        )
        with self.store.transaction() as txn:
            if txn.state.get("colleague", handle) is not None:
                raise Refused(f"colleague {handle!r} already exists")
            txn.append(self._event("colleague.add", "colleague", handle, by, record=colleague.to_json()))
        return self.colleague(handle)

    def set_on_shift(self, handle: str, on_shift: bool | None, *, by: str) -> Colleague:
        with self.store.transaction() as txn:
            colleague = self.colleague(handle)
            if colleague.on_shift != on_shift:
                changes = {"on_shift": [colleague.on_shift, on_shift]}
                txn.append(self._event("colleague.update", "colleague", colleague.handle, by, changes=changes))
        return self.colleague(handle)

    def set_active(self, handle: str, active: bool, *, by: str) -> Colleague:
        """Deactivate (or bring back) a colleague: never deleted, so the audit trail keeps pointing at them."""
        with self.store.transaction() as txn:
            colleague = self.colleague(handle)
            if colleague.active != active:
                changes = {"active": [colleague.active, active]}
                txn.append(self._event("colleague.update", "colleague", colleague.handle, by, changes=changes))
        return self.colleague(handle)

    def add_service(
        self,
        name: str,
        *,
        skills: list[str] | None = None,
        prompts: list[str] | None = None,
        require: list[str] | None = None,
        when: str = "both",
        by: str = "admin",
    ) -> Service:
        key = check_text("service name", name, limit=MAX_SHORT, required=True).strip().lower()
        unknown = [field for field in require or [] if field not in REQUIRABLE]
        if unknown:
            raise Refused(f"--require {unknown[0]!r}: choose from {', '.join(REQUIRABLE)}")
        if when not in ("shift-change", "mid-shift", "both"):
            raise Refused(f"--when {when!r}: choose shift-change, mid-shift or both")
        service = Service(
            name=key,
            skills=_tags(skills or [], "skills"),
            prompts=[check_text(f"prompt {n}", p, required=True) for n, p in enumerate(prompts or [], 1)],
            require=list(require or []),
            when=when,  # type: ignore[arg-type]
        )
        with self.store.transaction() as txn:
            if key == "general" or txn.state.get("service", key) is not None:
                raise Refused(f"service {key!r} already exists")
            txn.append(self._event("service.add", "service", key, by, record=service.to_json()))
        return service

    def add_shift(self, name: str, *, start: str, end: str, members: list[str], by: str = "admin") -> Shift:
        shift = Shift(
            name=check_text("shift name", name, limit=MAX_SHORT, required=True),
            start=check_clock(start, "shift start"),
            end=check_clock(end, "shift end"),
            members=members,
        )
        with self.store.transaction() as txn:
            kind = "shift.update" if txn.state.get("shift", shift.name) else "shift.add"
            txn.append(self._event(kind, "shift", shift.name, by, record=shift.to_json()))
        return shift


def _normalise_id(hid: str) -> str:
    try:
        return handover_id(handover_number(hid))
    except ValueError:
        raise Refused(f"{hid.strip()!r} is not a handover id (like H-1042)") from None


def _tags(values: list[str], what: str) -> list[str]:
    tags = [value.strip().lower() for value in values if value.strip()]
    for tag in tags:
        if not _TAG.match(tag):
            raise Refused(f"{what}: {tag!r} is not a tag (lowercase letters, digits, '-' or '_')")
    return tags


def new_event(kind: str, entity: str, key: str | None, by: str, *, at: datetime, **data: Any) -> dict[str, Any]:
    """An event as the store appends it (before seq and hash); empty details are left out."""
    event: dict[str, Any] = {"at": utc_now_iso(at), "actor": by, "kind": kind, "entity": entity}
    if key is not None:
        event["key"] = key
    event.update({name: value for name, value in data.items() if value not in (None, {}, [])})
    return event


def create_event(handover: Handover, *, by: str, at: datetime) -> dict[str, Any]:
    """The event that puts a new handover on the board (public for the demo's bulk history)."""
    record = handover.to_json()
    record.pop("events")
    return new_event("create", "handover", handover.id, by, at=at, record=record)


def step_event(step: lifecycle.Step, hid: str, *, by: str, at: datetime) -> dict[str, Any]:
    """The event recording one lifecycle step of handover `hid`."""
    return new_event(step.kind, "handover", hid, by, at=at, changes=step.changes, note=step.note, **{"for": step.for_})

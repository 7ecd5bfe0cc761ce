"""Handovers: reading them, handing over, and every lifecycle move, each one locked step.

"Acknowledge H-1001 as carol" is `desk.acknowledge("H-1001", by="carol", read_back=...)`: under the
store's lock, the latest state is read, the domain rule runs, and one event is appended.
`check` and `next_steps` run the same rules without writing, so a front end can say at once
whether a move is open before anyone types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from shiftboard.domain import lifecycle
from shiftboard.domain.drafts import GENERAL, HandoverDraft, build_handover
from shiftboard.domain.duetime import parse_when, utc_now_iso
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Colleague, Event, Handover, Status
from shiftboard.services.base import normalise_id, reading
from shiftboard.services.events import create_event, step_event
from shiftboard.services.team import TeamDesk
from shiftboard.store import StoreCorrupt, StoreError, Transaction

FIRST_NUMBER = 1001  # real handovers: H-1001, H-1002 ...
DEMO_FIRST_NUMBER = 1  # demo cards (H-1 ... H-35) leave the H-1001 range to the team's own handovers


@dataclass(frozen=True)
class ReceiverChoice:
    """A colleague as the receiver picker shows them."""

    colleague: Colleague
    on_shift: bool
    has_skills: bool
    open_count: int


class HandoverDesk(TeamDesk):
    """Reads and moves of handovers, on top of the team (colleagues, services, shifts)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # id -> (row, its events list, model). A running board re-reads every open handover
        # after each change anywhere; validating 2,000 rows each time cost a fifth of a second.
        self._models: dict[str, tuple[dict[str, Any], list[Any], int, Handover]] = {}

    # Reads ------------------------------------------------------------------------------

    @reading
    def handovers(
        self, *, to: str | None = None, from_: str | None = None, status: str | None = None, include_closed: bool = True
    ) -> list[Handover]:
        table = self.store.state.tables["handovers"]
        if len(self._models) > 2 * len(table) + 100:  # forget handovers archived (or reloaded) since
            live = {id(row) for row in table.values()}
            self._models = {key: cached for key, cached in self._models.items() if id(cached[0]) in live}
        found = [
            self._live_model(row)
            for row in table.values()
            if (to is None or row["to"] == to)
            and (from_ is None or row["from"] == from_)
            and (status is None or row["status"] == status)
            and (include_closed or row["status"] != Status.CLOSED)
        ]
        return sorted(found, key=lambda h: h.number)

    @reading
    def handover(self, hid: str) -> Handover:
        """A live handover, or an archived one (read-only)."""
        key = normalise_id(hid)
        row = self.store.state.row("handover", key)
        if row is not None:
            return self._live_model(row)
        row = self.store.archived_handover(key)
        if row is None:
            raise Refused(f"no handover {hid.strip()!r}")
        return Handover.model_validate(row)

    def _live_model(self, row: dict[str, Any]) -> Handover:
        """The row as a model, validated once per change. Every event that touches a row adds one to its
        `events` list (store.state.note_event), and a reload makes new rows: so the row, its list and the
        list's length say when to look again. The model is shared between callers: treat it as read-only
        (change a copy: model_copy)."""
        events = row["events"]
        cached = self._models.get(row["id"])
        if cached is not None and cached[0] is row and cached[1] is events:
            _row, _events, count, known = cached
            if count == len(events):
                return known
            if count < len(events):
                # Events were added (each change adds one): validate the fields and the new events only.
                # A busy card's hundred comments made each action on it validate all of them, twice.
                fields = Handover.model_validate({**row, "events": []})
                added = [Event.model_validate(event) for event in events[count:]]
                model = fields.model_copy(update={"events": [*known.events, *added]})
                self._models[row["id"]] = (row, events, len(events), model)
                return model
        model = Handover.model_validate(row)
        self._models[row["id"]] = (row, events, len(events), model)
        return model

    @reading
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
        """Archived handovers closed at or after `since` (reads archive files only: safe in a worker thread).

        Only the rows in the period are validated, each once (a month's full check first cost the review of
        30 days on the board half its second); one that does not validate is refused as corruption."""
        day = since.astimezone(UTC).date().isoformat()
        found = []
        for row in self.store.archived(since_month=day[:7], check=False):
            closed = row.get("closed_at")
            if not isinstance(closed, str) or closed[:10] < day:
                continue
            try:
                handover = Handover.model_validate(row)
            except ValidationError as error:
                raise StoreCorrupt(
                    f"archive: {row.get('id')!r} is not a valid handover ({error.errors()[0]['msg']})"
                ) from None
            if handover.closed_at is not None and handover.closed_at >= since:
                found.append(handover)
        return found

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

    # Which moves are open ---------------------------------------------------------------

    def check(self, kind: EventKind, handover: Handover, *, by: str) -> None:
        """Refused (with the reason) unless `by` may make move `kind` on `handover` now; writes nothing.
        The move itself checks again, on the latest state, under the lock."""
        lifecycle.may(kind, handover, by=self.colleague(by), now=self.clock.now(), tz=self.clock.tz)

    def next_steps(self, handover: Handover, *, by: str) -> list[EventKind]:
        """The moves `by` may make on `handover` now, the likeliest first (none for an unknown colleague)."""
        try:
            colleague = self.colleague(by)
        except (Refused, StoreError):
            return []
        return lifecycle.next_steps(handover, by=colleague, now=self.clock.now(), tz=self.clock.tz)

    # Writes -----------------------------------------------------------------------------

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
        key = normalise_id(hid)
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
        """Acknowledge; the read-back is required while the team's `require_read_back` setting is on."""
        now, tz = self.clock.now(), self.clock.tz
        required = self.settings().require_read_back
        return self._step(
            hid,
            by,
            lambda h, a: lifecycle.acknowledge(
                h, by=a, read_back=read_back, now=now, tz=tz, require_read_back=required
            ),
        )

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

    def reassign(self, hid: str, *, by: str, to: str, note: str = "") -> Handover:
        """To another colleague (or back to the sender); its holder may hand it on, with a handover `note`."""
        now, tz = self.clock.now(), self.clock.tz
        return self._step(
            hid, by, lambda h, a: lifecycle.reassign(h, by=a, to=self.colleague(to), now=now, tz=tz, note=note)
        )

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

    def take_back(self, hid: str, *, by: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.take_back(h, by=a, now=now, tz=tz))

    def withdraw(self, hid: str, *, by: str, reason: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.withdraw(h, by=a, reason=reason, now=now, tz=tz))

    def reopen(self, hid: str, *, by: str, reason: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.reopen(h, by=a, reason=reason, now=now, tz=tz))

    def undo(self, hid: str, *, by: str) -> Handover:
        now, tz = self.clock.now(), self.clock.tz
        return self._step(hid, by, lambda h, a: lifecycle.undo(h, by=a, now=now, tz=tz))

"""Hand-built histories: a card moved through the lifecycle's own moves, each recorded as the event the
store would hold (seq, time, actor, changes), with no store at all.

`Card().move(lifecycle.acknowledge, BOB, at(2), read_back="…")` applies the move at 14:02 and keeps its
event, so the domain rules that read events (Needs me, notifications, escalations, the timeline, undo)
are tested on a history whose every step is known.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from shiftboard.domain import lifecycle
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Channel, Colleague, Customer, Event, Handover, Priority

T0 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # a Tuesday
ACK = timedelta(minutes=15)

# The domain tests' one team (no store), the lifecycle's tests included.
ALICE = Colleague(handle="alice", name="Alice Archer")  # usually the sender
BOB = Colleague(handle="bob", name="Bob Baker")  # usually the receiver
CAROL = Colleague(handle="carol", name="Carol Chen")
SAM = Colleague(handle="sam", name="Sam Stone", role="supervisor")
DAVE = Colleague(handle="dave", name="Dave Dunn", active=False)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Card:
    """One handover and its events, as the store would hold them after each move."""

    def __init__(
        self,
        hid: str = "H-1",
        *,
        sender: str = "alice",
        receiver: str = "bob",
        created: datetime = T0,
        due: datetime | None = None,
        priority: Priority = Priority.NORMAL,
        check_at: datetime | None = None,
    ) -> None:
        self.handover = Handover(
            id=hid,
            from_=sender,
            to=receiver,
            customer=Customer(name="Ms J. Patel", contact="j.patel@example.com"),
            summary="Refund not received",
            actions_taken="Checked the ledger",
            action_required="Call back with the trace number",
            due=due or created + timedelta(hours=2),
            priority=priority,
            channel=Channel.PHONE,
            customer_informed=True,
            check_at=check_at,
            created_at=created,
            updated_at=created,
            handed_at=created,
            events=[Event(seq=1, at=created, actor=sender, kind=EventKind.CREATE)],
        )

    def move(self, rule: Callable[..., lifecycle.Step], by: Colleague, when: datetime, **details: Any) -> Card:
        """Apply `rule` (a lifecycle move) by `by` at `when`, keeping its event."""
        step = rule(self.handover, by=by, now=when, tz=UTC, **details)
        data = self.handover.to_json() | {name: new for name, (_old, new) in step.changes.items()}
        event = Event(
            seq=len(self.handover.events) + 1,
            at=when,
            actor=by.handle,
            kind=step.kind,
            changes=step.changes,
            note=step.note,
            for_=step.for_,
        )
        data["events"] = [*data["events"], event.to_json()]
        self.handover = Handover.model_validate(data)
        return self

    @property
    def h(self) -> Handover:
        return self.handover

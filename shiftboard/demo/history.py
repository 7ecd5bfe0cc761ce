"""The demo's past: many closed handovers, written in bulk yet by the real rules.

Each handover's whole life (create, ack, done, verify, now and then a query, a reassign or
a flag) comes from `build_handover` and the lifecycle rules, as events shaped by the same
helpers the Desk uses. Lives overlap in time, so their events are merged in time order
through a heap holding only the handovers in flight. Events go to the store in batches,
one fsync'd append each, under one lock; at each month's end a checkpoint moves that
month's closed handovers to `archive/`, so memory stays bounded by one month.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from shiftboard.demo import texts
from shiftboard.demo.team import plan_handover, someone_else, span
from shiftboard.domain import lifecycle
from shiftboard.domain.drafts import build_handover
from shiftboard.domain.duetime import utc_now_iso
from shiftboard.domain.models import Colleague, Handover, Service
from shiftboard.services import DEMO_FIRST_NUMBER, create_event, step_event
from shiftboard.store import Store

PER_DAY = 150  # handovers a team of eight makes on a busy day
GAP_DAYS = 9  # the newest is made this long ago, closed within two days: past archive_after (7 days)
BATCH = 2000
Event = dict[str, Any]


def history_start(count: int, end: datetime) -> datetime:
    """When the archived history begins: long enough for `count` handovers at a busy team's pace."""
    days = max(30, -(-count // PER_DAY))
    return end - timedelta(days=GAP_DAYS + days)


def creation_times(rng: random.Random, count: int, end: datetime, tz: tzinfo) -> Iterator[datetime]:
    """`count` moments in working hours (07:00-23:00 local), spread over the history, in order."""
    start = history_start(count, end)
    days = (end - timedelta(days=GAP_DAYS) - start).days
    per_day = [count // days + (1 if i < count % days else 0) for i in range(days)]
    rng.shuffle(per_day)
    first_day = start.astimezone(tz).date()
    for offset, n in enumerate(per_day):
        midnight = datetime.combine(first_day + timedelta(days=offset), time(0), tz)
        for minute in sorted(rng.uniform(7 * 60, 23 * 60) for _ in range(n)):
            yield (midnight + timedelta(minutes=round(minute))).astimezone(UTC)


class _Life:
    """One handover's events, each step run by the lifecycle rule on the handover as it then stands."""

    def __init__(self, rng: random.Random, handover: Handover, at: datetime, people: dict[str, Colleague], tz: tzinfo):
        self.rng, self.handover, self.t, self.people, self.tz = rng, handover, at, people, tz
        self.data = handover.to_json()
        self.events: list[tuple[datetime, Event]] = [(at, create_event(handover, by=handover.from_, at=at))]

    def step(self, low: int, high: int, by: str, rule: Callable[..., lifecycle.Step], **details: Any) -> None:
        self.t += timedelta(minutes=self.rng.randint(low, high))
        actor = self.people[by]
        step = rule(self.handover, by=actor, now=self.t, tz=self.tz, **details)
        self.events.append((self.t, step_event(step, self.handover.id, by=by, at=self.t)))
        self.data.update({name: new for name, (_old, new) in step.changes.items()})
        self.handover = Handover.model_validate(self.data)


def _ack_delay(rng: random.Random) -> tuple[int, int]:
    roll = rng.random()
    return (1, 15) if roll < 0.7 else (16, 40) if roll < 0.9 else (41, 120)


def life_of(
    rng: random.Random,
    number: int,
    at: datetime,
    people: dict[str, Colleague],
    services: dict[str, Service],
    tz: tzinfo,
) -> list[tuple[datetime, Event]]:
    """Every event of one handover from creation to close, mostly the plain ack -> done -> verify."""
    plan = plan_handover(rng, due=span(rng.randint(60, 480)))
    sender, receiver = plan.sender, plan.draft.to
    handover = build_handover(
        plan.draft, number=number, sender=people[sender], colleagues=people, services=services, now=at, tz=tz
    )
    life = _Life(rng, handover, at, people, tz)
    read_back = rng.choice(texts.READ_BACKS[plan.draft.service]).format(ticket=plan.story.ticket)
    roll = rng.random()
    if 0.72 <= roll < 0.78:
        life.step(3, 20, receiver, lifecycle.query, question=rng.choice(texts.QUESTIONS))
        life.step(5, 40, sender, lifecycle.comment, note=rng.choice(texts.ANSWERS))
    elif 0.78 <= roll < 0.83:
        life.step(*_ack_delay(rng), receiver, lifecycle.acknowledge, read_back="")
        life.step(15, 120, receiver, lifecycle.unable, reason=rng.choice(texts.UNABLE))
        receiver = someone_else(rng, sender, receiver)
        life.step(5, 30, sender, lifecycle.reassign, to=people[receiver])
    elif 0.89 <= roll < 0.94:
        life.step(1, 10, sender, lifecycle.flag, note=rng.choice(texts.FLAG_NOTES), check_at=None)
    elif 0.94 <= roll < 0.97:
        receiver = someone_else(rng, sender, receiver)
        life.step(1, 10, sender, lifecycle.reassign, to=people[receiver])
    acker = receiver
    if roll >= 0.97:
        supervisors = (
            c.handle for c in people.values() if c.role == "supervisor" and c.handle not in (sender, receiver)
        )
        acker = next(supervisors, receiver)
    life.step(*_ack_delay(rng), acker, lifecycle.acknowledge, read_back=read_back if rng.random() < 0.7 else "")
    if 0.83 <= roll < 0.89:
        life.step(30, 180, sender, lifecycle.comment, note=rng.choice(texts.COMMENTS))
    life.step(20, 480, receiver, lifecycle.done, outcome=rng.choice(texts.OUTCOMES))
    life.step(5, 720, sender, lifecycle.verify_close)
    return life.events


def _month_start(at: datetime) -> datetime:
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def write_history(
    store: Store,
    rng: random.Random,
    *,
    count: int,
    end: datetime,
    tz: tzinfo,
    people: dict[str, Colleague],
    services: dict[str, Service],
    archive_before: datetime,
    tick: Callable[[], None],
) -> None:
    """Append `count` closed handovers' lives, archiving each month as it ends, all under one lock."""
    heap: list[tuple[datetime, int, Event]] = []
    order = itertools.count()
    batch: list[Event] = []
    with store.transaction() as txn:

        def flush() -> None:
            if batch:
                txn.append(*batch)
                batch.clear()

        def emit_before(limit: datetime | None) -> None:
            while heap and (limit is None or heap[0][0] < limit):
                event = heapq.heappop(heap)[2]
                if batch and (len(batch) >= BATCH or event["at"][:7] != batch[0]["at"][:7]):
                    flush()  # one month's log file per append
                batch.append(event)

        month: datetime | None = None
        numbers = itertools.count(txn.state.next_handover_number(DEMO_FIRST_NUMBER))
        for number, at in zip(numbers, creation_times(rng, count, end, tz), strict=False):
            if month is not None and _month_start(at) != month:
                emit_before(_month_start(at))
                flush()
                store.checkpoint(archive_before=utc_now_iso(_month_start(at)))
            month = _month_start(at)
            emit_before(at)
            for when, event in life_of(rng, number, at, people, services, tz):
                heapq.heappush(heap, (when, next(order), event))
            tick()
        emit_before(None)
        flush()
        store.checkpoint(archive_before=utc_now_iso(archive_before))

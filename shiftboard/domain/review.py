"""How actions were shared over a period, per colleague and per service (SPEC §1 "Review").

Everything is read from each handover's own events, so the numbers follow what happened
(reassignments, queries answered) rather than only the card's latest state. A fact counts
in a period when it happened in it: a handover is "handed over" when created, "received"
when put in someone's hands (created or reassigned to them), "done" when marked done.

Attribution: what the sender controls (handed over, customer informed, fields completed,
follow-ups flagged, reassignments, verification) goes to the sender; what the receiver
controls (received, acknowledgement times and read-backs, done, unable, overdue) goes to
whoever held the card at that moment.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

from shiftboard.domain.events import EventKind
from shiftboard.domain.fields import COMPLETABLE
from shiftboard.domain.models import Event, Handover
from shiftboard.domain.notifications import escalation_moments

PERIODS = ("today", "this week", "30 days")


def period_start(period: str, now: datetime, tz: tzinfo) -> datetime:
    """Where a period begins: local midnight today, local Monday 00:00, or 30 days ago."""
    local = now.astimezone(tz)
    if period == "today":
        return datetime.combine(local.date(), time(0), tz)
    if period == "this week":
        return datetime.combine(local.date() - timedelta(days=local.weekday()), time(0), tz)
    if period == "30 days":
        return now - timedelta(days=30)
    raise ValueError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}")


@dataclass(frozen=True)
class Metrics:
    """One row of the review. Percentages are 0-100, None when there was nothing to measure."""

    handed_over: int = 0
    received: int = 0
    ack_median: timedelta | None = None
    ack_p90: timedelta | None = None
    acked_within_pct: float | None = None
    read_back_pct: float | None = None
    informed_pct: float | None = None
    fields_pct: float | None = None
    done: int = 0
    unable: int = 0
    overdue: int = 0
    flagged: int = 0
    reassigned: int = 0
    verified_pct: float | None = None
    taken_back: int = 0
    withdrawn: int = 0
    reopened: int = 0
    escalated: int = 0  # escalations (unacknowledged 2 × ack_within, or not done by due) while they held it


@dataclass(frozen=True)
class Review:
    since: datetime
    until: datetime
    total: Metrics
    by_colleague: dict[str, Metrics]
    by_service: dict[str, Metrics]


@dataclass
class _Tally:
    handed_over: int = 0
    received: int = 0
    ack_delays: list[timedelta] = field(default_factory=list)
    read_backs: int = 0
    waits_decided: int = 0
    waits_in_time: int = 0
    informed: int = 0
    fields_filled: int = 0
    fields_total: int = 0
    done: int = 0
    unable: int = 0
    overdue: int = 0
    flagged: int = 0
    reassigned: int = 0
    finished: int = 0
    verified_by_sender: int = 0
    taken_back: int = 0
    withdrawn: int = 0
    reopened: int = 0
    escalated: int = 0

    def metrics(self) -> Metrics:
        delays = sorted(self.ack_delays)
        return Metrics(
            handed_over=self.handed_over,
            received=self.received,
            ack_median=_median(delays),
            ack_p90=delays[math.ceil(0.9 * len(delays)) - 1] if delays else None,
            acked_within_pct=_pct(self.waits_in_time, self.waits_decided),
            read_back_pct=_pct(self.read_backs, len(delays)),
            informed_pct=_pct(self.informed, self.handed_over),
            fields_pct=_pct(self.fields_filled, self.fields_total),
            done=self.done,
            unable=self.unable,
            overdue=self.overdue,
            flagged=self.flagged,
            reassigned=self.reassigned,
            verified_pct=_pct(self.verified_by_sender, self.finished),
            taken_back=self.taken_back,
            withdrawn=self.withdrawn,
            reopened=self.reopened,
            escalated=self.escalated,
        )


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(value.total_seconds() for value in values))


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def review(handovers: Iterable[Handover], *, since: datetime, now: datetime, ack_within: timedelta) -> Review:
    """The review of [since, now] over `handovers` (live and archived alike)."""
    total = _Tally()
    colleagues: dict[str, _Tally] = {}
    services: dict[str, _Tally] = {}

    def tallies(handover: Handover, who: str) -> tuple[_Tally, ...]:
        return (
            total,
            colleagues.setdefault(who, _Tally()),
            services.setdefault(handover.service, _Tally()),
        )

    def within(moment: datetime) -> bool:
        return since <= moment <= now

    for handover in handovers:
        _walk(handover, tallies, within, now, ack_within)
        for escalation in escalation_moments(handover, now=now, ack_within=ack_within):
            if within(escalation.at):
                for tally in tallies(handover, escalation.holder):
                    tally.escalated += 1
    return Review(
        since=since,
        until=now,
        total=total.metrics(),
        by_colleague={key: tally.metrics() for key, tally in sorted(colleagues.items())},
        by_service={key: tally.metrics() for key, tally in sorted(services.items())},
    )


def fields_completed(handover: Handover) -> tuple[int, int]:
    """(filled, total) over the sender's fields and checklist answers; erased personal data is not counted."""
    values: list[object] = [field.value(handover) for field in COMPLETABLE if not (field.personal and handover.purged)]
    values += [item.answer for item in handover.checklist]
    filled = sum(1 for value in values if value is not None and (not isinstance(value, str) or value.strip()))
    return filled, len(values)


def _first_receiver(handover: Handover, events: list[Event]) -> str:
    for event in events:
        if event.kind != EventKind.CREATE and "to" in event.changes:
            return str(event.changes["to"][0])
    return handover.to


def without_undone(events: list[Event]) -> list[Event]:
    """The events that still stand: an undo takes back the event just before it (SPEC §1 "undo"), so
    neither counts."""
    kept: list[Event] = []
    for event in events:
        if event.kind == EventKind.UNDO:
            if kept:
                kept.pop()
        else:
            kept.append(event)
    return kept


def _walk(
    handover: Handover,
    tallies: Callable[[Handover, str], tuple[_Tally, ...]],
    within: Callable[[datetime], bool],
    now: datetime,
    ack_within: timedelta,
) -> None:
    """Replay one handover's events, adding each fact to the sender's or the holder's tallies."""
    events = without_undone(sorted(handover.events, key=lambda event: event.seq))
    sender = handover.from_
    holder = _first_receiver(handover, events)
    holders: list[tuple[datetime, str]] = []
    wait_start: datetime | None = None  # while pending: since when the holder has been asked to acknowledge
    done_at: datetime | None = None

    def close_wait(end: datetime, acked: bool) -> None:
        nonlocal wait_start
        if wait_start is None:
            return
        waited = end - wait_start
        decided_at = end if acked else wait_start + ack_within
        # A wait is judged once acknowledged, or once it has gone past ack_within unacknowledged.
        if (acked or waited > ack_within) and within(decided_at):
            for tally in tallies(handover, holder):
                tally.waits_decided += 1
                tally.waits_in_time += acked and waited <= ack_within
        wait_start = None

    def add(who: str, name: str, moment: datetime) -> None:
        if within(moment):
            for tally in tallies(handover, who):
                setattr(tally, name, getattr(tally, name) + 1)

    for event in events:
        at = event.at
        if event.kind == EventKind.CREATE:
            holders.append((at, holder))
            wait_start = at
            add(sender, "handed_over", at)
            add(holder, "received", at)
            if within(at):
                filled, count = fields_completed(handover)
                for tally in tallies(handover, sender):
                    tally.informed += handover.customer_informed
                    tally.fields_filled += filled
                    tally.fields_total += count
        elif event.kind == EventKind.REASSIGN:
            close_wait(at, acked=False)
            add(sender, "reassigned", at)
            if "to" in event.changes:
                holder = str(event.changes["to"][1])
                holders.append((at, holder))
                add(holder, "received", at)
            wait_start = at
        elif event.kind == EventKind.ANSWER:
            close_wait(at, acked=False)
            wait_start = at
        elif event.kind == EventKind.ACK:
            if wait_start is not None and within(at):
                for tally in tallies(handover, holder):
                    tally.ack_delays.append(at - wait_start)
                    tally.read_backs += bool(event.note)
            close_wait(at, acked=True)
        elif event.kind == EventKind.QUERY:
            close_wait(at, acked=False)
        elif event.kind == EventKind.TAKE_BACK:
            # Back in the sender's hands: their own finish is not a handover's, so it is not counted as done
            # for anyone nor as waiting on a verification (SPEC §1 "take back").
            close_wait(at, acked=False)
            add(sender, "taken_back", at)
            holder = sender
            holders.append((at, holder))
        elif event.kind == EventKind.WITHDRAW:
            close_wait(at, acked=False)
            add(sender, "withdrawn", at)
        elif event.kind == EventKind.REOPEN:
            add(sender, "reopened", at)
            if holder != sender:
                wait_start = at
        elif event.kind == EventKind.DONE and holder == sender:
            done_at = done_at or at
        elif event.kind == EventKind.DONE:
            done_at = done_at or at
            add(holder, "done", at)
            if within(at):
                closed_by_sender = handover.closed_at is not None and handover.closed_by == sender
                for tally in tallies(handover, sender):
                    tally.finished += 1
                    tally.verified_by_sender += closed_by_sender
        elif event.kind == EventKind.UNABLE:
            add(holder, "unable", at)
        elif event.kind == EventKind.FLAG:
            add(sender, "flagged", at)
    close_wait(now, acked=False)
    if within(handover.due) and (done_at is None or done_at > handover.due):
        add(_holder_at(holders, handover.due, holder), "overdue", handover.due)


def _holder_at(holders: list[tuple[datetime, str]], moment: datetime, latest: str) -> str:
    current = holders[0][1] if holders else latest
    for at, who in holders:
        if at <= moment:
            current = who
    return current

"""How actions were shared over a period, per colleague, per service and per shift (SPEC §1 "Review").

Everything is read from each handover's own events, so the numbers follow what happened
(reassignments, queries answered, cards taken back or reopened) rather than only the card's
latest state. A fact counts in a period when it happened in it: a handover is "handed over"
when created, "received" when put in someone's hands (created or reassigned to them), "done"
when marked done. Events after the period's end are not looked at, so a report of last month
reads as it would have then.

Attribution: what the sender controls (handed over, customer informed, fields completed,
queries their handovers drew, follow-ups flagged, reassignments, take-backs, withdrawals,
reopenings, verification) goes to the sender; what the receiver controls (received,
acknowledgement times and read-backs, done, unable, overdue) goes to whoever held the card at
that moment. Per shift, a fact goes to the shift (in roster order) whose hours hold its moment.

An action undone (`undo`) counts as never made. A taken-back card is counted as taken back, not
handed over again: its sender's own `done` finishes it, and nobody verifies their own work, so it
does not count towards "% closed by the sender's verification". Queries per handover are the
queries drawn (up to the period's end) by the handovers handed over in the period.

Every figure keeps the handovers behind it (`Metrics.behind`), each with a word on how it
counted, so a screen can drill down from a number to the cards.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from shiftboard.domain.duetime import span_words
from shiftboard.domain.events import EventKind
from shiftboard.domain.fields import COMPLETABLE
from shiftboard.domain.figures import GROUPINGS as GROUPINGS  # re-exported: the review screen reads it
from shiftboard.domain.models import Event, Handover, Shift
from shiftboard.domain.notifications import escalation_moments
from shiftboard.domain.periods import PERIODS as PERIODS  # re-exported: the review screen and the bench read it
from shiftboard.domain.periods import period_window
from shiftboard.domain.roster import shift_covers

NO_SHIFT = "(no shift)"


# The figures whose drill-down lists the same handovers: both acknowledgement times come from one set of acks.
_SHARED_BEHIND = {"ack_p90": "ack_median"}


@dataclass(frozen=True)
class Metrics:
    """One row of the review. Percentages are 0-100, None when there was nothing to measure.

    `behind` maps a figure's name to the handovers behind it: id -> how it counted ("late", "12m")."""

    handed_over: int = 0
    received: int = 0
    ack_median: timedelta | None = None
    ack_p90: timedelta | None = None
    acked_within_pct: float | None = None
    read_back_pct: float | None = None
    informed_pct: float | None = None
    fields_pct: float | None = None
    queries_per_handover: float | None = None
    done: int = 0
    unable: int = 0
    taken_back: int = 0
    withdrawn: int = 0
    reopened: int = 0
    overdue: int = 0
    flagged: int = 0
    reassigned: int = 0
    verified_pct: float | None = None
    escalated: int = 0  # escalations (unacknowledged 2 × ack_within, or not done by due) while they held it
    behind: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def handovers_behind(self, name: str) -> dict[str, str]:
        """The handovers behind figure `name`, each with how it counted."""
        return self.behind.get(_SHARED_BEHIND.get(name, name), {})


@dataclass(frozen=True)
class Review:
    since: datetime
    until: datetime
    total: Metrics
    by_colleague: dict[str, Metrics]
    by_service: dict[str, Metrics]
    by_shift: dict[str, Metrics] = field(default_factory=dict)

    def grouped(self, by: str) -> dict[str, Metrics]:
        """The rows of one grouping: `colleague`, `service` or `shift`."""
        return {"colleague": self.by_colleague, "service": self.by_service, "shift": self.by_shift}[by]


def period_start(period: str, now: datetime, tz: tzinfo, shifts: Sequence[Shift] = ()) -> datetime:
    """Where one of PERIODS begins (see `periods.period_window`)."""
    return period_window(period, now, tz, shifts=shifts).since


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
    queries: int = 0
    done: int = 0
    unable: int = 0
    taken_back: int = 0
    withdrawn: int = 0
    reopened: int = 0
    overdue: int = 0
    flagged: int = 0
    reassigned: int = 0
    finished: int = 0
    verified_by_sender: int = 0
    escalated: int = 0
    behind: dict[str, dict[str, str]] = field(default_factory=dict)

    def note(self, figure: str, hid: str, how: str = "") -> None:
        """Remember that `hid` is behind `figure` (a second note on the same card is added to the first)."""
        notes = self.behind.get(figure)
        if notes is None:
            notes = self.behind[figure] = {}
        before = notes.get(hid)
        if before is None:
            notes[hid] = how
        elif how:
            notes[hid] = f"{before}, {how}" if before else how

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
            queries_per_handover=self.queries / self.handed_over if self.handed_over else None,
            done=self.done,
            unable=self.unable,
            taken_back=self.taken_back,
            withdrawn=self.withdrawn,
            reopened=self.reopened,
            overdue=self.overdue,
            flagged=self.flagged,
            reassigned=self.reassigned,
            verified_pct=_pct(self.verified_by_sender, self.finished),
            escalated=self.escalated,
            behind=self.behind,
        )


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(value.total_seconds() for value in values))


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


Tallies = Callable[[Handover, str, datetime], tuple[_Tally, ...]]


def review(
    handovers: Iterable[Handover],
    *,
    since: datetime,
    now: datetime,
    ack_within: timedelta,
    until: datetime | None = None,
    shifts: Sequence[Shift] = (),
    tz: tzinfo = UTC,
) -> Review:
    """The review of [since, until] (until: now) over `handovers` (live and archived alike); per shift
    by the hours of `shifts`, read in local zone `tz`."""
    end = min(until or now, now)
    total = _Tally()
    colleagues: dict[str, _Tally] = {}
    services: dict[str, _Tally] = {}
    by_shift: dict[str, _Tally] = {}

    shift_of: dict[datetime, str] = {}  # a handover's facts often share a moment (created: three of them)

    def shift_name(moment: datetime) -> str:
        name = shift_of.get(moment)
        if name is None:
            name = shift_of[moment] = next((s.name for s in shifts if shift_covers(s, moment, tz)), NO_SHIFT)
        return name

    def tallies(handover: Handover, who: str, moment: datetime) -> tuple[_Tally, ...]:
        return (
            total,
            colleagues.get(who) or colleagues.setdefault(who, _Tally()),
            services.get(handover.service) or services.setdefault(handover.service, _Tally()),
            by_shift.get(name := shift_name(moment)) or by_shift.setdefault(name, _Tally()),
        )

    for handover in handovers:
        _Walk(handover, tallies, since, end, ack_within).run()
        for escalation in escalation_moments(handover, now=end, ack_within=ack_within):
            if since <= escalation.at <= end:
                for tally in tallies(handover, escalation.holder, escalation.at):
                    tally.escalated += 1
                    tally.note("escalated", handover.id)
    order = [shift.name for shift in shifts] + [NO_SHIFT]
    return Review(
        since=since,
        until=end,
        total=total.metrics(),
        by_colleague={key: tally.metrics() for key, tally in sorted(colleagues.items())},
        by_service={key: tally.metrics() for key, tally in sorted(services.items())},
        by_shift={key: by_shift[key].metrics() for key in order if key in by_shift},
    )


def fields_completed(handover: Handover) -> tuple[int, int]:
    """(filled, total) over the sender's fields and checklist answers; erased personal data is not counted."""
    values: list[object] = [field.value(handover) for field in COMPLETABLE if not (field.personal and handover.purged)]
    values += [item.answer for item in handover.checklist]
    filled = sum(1 for value in values if value is not None and (not isinstance(value, str) or value.strip()))
    return filled, len(values)


def _first_receiver(handover: Handover, events: list[Event]) -> str:
    for event in events:
        if event.kind in (EventKind.REASSIGN, EventKind.TAKE_BACK) and "to" in event.changes:
            return str(event.changes["to"][0])
    return handover.to


# What may follow a `done` before its verification: if one of these comes first, that done was not verified.
_ENDS_A_DONE = {EventKind.DONE, EventKind.REOPEN, EventKind.REASSIGN, EventKind.TAKE_BACK, EventKind.WITHDRAW}


class _Walk:
    """Replay one handover's events up to the period's end, adding each fact to the right tallies."""

    def __init__(self, handover: Handover, tallies: Tallies, since: datetime, end: datetime, ack_within: timedelta):
        self.handover = handover
        self.tallies = tallies
        self.since, self.end = since, end
        self.ack_within = ack_within
        every = _without_undone(sorted(handover.events, key=lambda e: e.seq))
        self.events = [e for e in every if e.at <= end]
        self.sender = handover.from_
        self.holder = _first_receiver(handover, every)  # later events say who had it first
        self.holders: list[tuple[datetime, str]] = []
        self.wait_start: datetime | None = None  # while pending: since when the holder has been asked to ack
        self.finished_at: datetime | None = None  # first done or withdrawal: nothing is overdue after it

    def within(self, moment: datetime) -> bool:
        return self.since <= moment <= self.end

    def add(self, who: str, name: str, moment: datetime) -> None:
        if self.within(moment):
            for tally in self.tallies(self.handover, who, moment):
                setattr(tally, name, getattr(tally, name) + 1)
                tally.note(name, self.handover.id)

    def close_wait(self, end: datetime, *, acked: bool) -> None:
        if self.wait_start is None:
            return
        waited = end - self.wait_start
        decided_at = end if acked else self.wait_start + self.ack_within
        # A wait is judged once acknowledged, or once it has gone past ack_within unacknowledged.
        if (acked or waited > self.ack_within) and self.within(decided_at):
            in_time = acked and waited <= self.ack_within
            for tally in self.tallies(self.handover, self.holder, decided_at):
                tally.waits_decided += 1
                tally.waits_in_time += in_time
                tally.note("acked_within_pct", self.handover.id, "in time" if in_time else "late")
        self.wait_start = None

    def run(self) -> None:
        handlers: dict[str, Callable[[int, Event], None]] = {
            EventKind.CREATE: self.created,
            EventKind.REASSIGN: self.reassigned,
            EventKind.ANSWER: self.answered,
            EventKind.ACK: self.acknowledged,
            EventKind.QUERY: lambda _i, event: self.close_wait(event.at, acked=False),
            EventKind.DONE: self.done,
            EventKind.UNABLE: lambda _i, event: self.add(self.holder, "unable", event.at),
            EventKind.FLAG: lambda _i, event: self.add(self.sender, "flagged", event.at),
            EventKind.TAKE_BACK: self.taken_back,
            EventKind.WITHDRAW: self.withdrawn,
            EventKind.REOPEN: self.reopened,
        }
        for index, event in enumerate(self.events):
            handler = handlers.get(event.kind)
            if handler is not None:
                handler(index, event)
        self.close_wait(self.end, acked=False)
        due = self.handover.due
        if self.within(due) and (self.finished_at is None or self.finished_at > due):
            self.add(_holder_at(self.holders, due, self.holder), "overdue", due)

    def created(self, _index: int, event: Event) -> None:
        at = event.at
        self.holders.append((at, self.holder))
        self.wait_start = at
        self.add(self.sender, "handed_over", at)
        self.add(self.holder, "received", at)
        if not self.within(at):
            return
        handover = self.handover
        filled, count = fields_completed(handover)
        queries = sum(1 for e in self.events if e.kind == EventKind.QUERY)
        for tally in self.tallies(handover, self.sender, at):
            tally.informed += handover.customer_informed
            tally.note("informed_pct", handover.id, "told" if handover.customer_informed else "not told")
            tally.fields_filled += filled
            tally.fields_total += count
            tally.note("fields_pct", handover.id, f"{filled}/{count}")
            tally.queries += queries
            tally.note("queries_per_handover", handover.id, f"{queries} quer{'y' if queries == 1 else 'ies'}")

    def reassigned(self, _index: int, event: Event) -> None:
        self.close_wait(event.at, acked=False)
        self.add(self.sender, "reassigned", event.at)
        if "to" in event.changes:
            self.holder = str(event.changes["to"][1])
            self.holders.append((event.at, self.holder))
            self.add(self.holder, "received", event.at)
        self.wait_start = event.at

    def answered(self, _index: int, event: Event) -> None:
        self.close_wait(event.at, acked=False)
        self.wait_start = event.at

    def acknowledged(self, _index: int, event: Event) -> None:
        if self.wait_start is not None and self.within(event.at):
            delay = event.at - self.wait_start
            for tally in self.tallies(self.handover, self.holder, event.at):
                tally.ack_delays.append(delay)
                tally.read_backs += bool(event.note)
                tally.note("ack_median", self.handover.id, span_words(delay))
                tally.note("read_back_pct", self.handover.id, "read back" if event.note else "no read-back")
        self.close_wait(event.at, acked=True)

    def done(self, index: int, event: Event) -> None:
        self.finished_at = self.finished_at or event.at
        if self.holder == self.sender:
            return  # the sender's own finish (taken back) is no handover's: not done for anyone, nor verified
        self.add(self.holder, "done", event.at)
        if not self.within(event.at):
            return
        following = next((e for e in self.events[index + 1 :] if e.kind in _ENDS_A_DONE | {EventKind.VERIFY}), None)
        verified = following is not None and following.kind == EventKind.VERIFY and following.actor == self.sender
        for tally in self.tallies(self.handover, self.sender, event.at):
            tally.finished += 1
            tally.verified_by_sender += verified
            tally.note("verified_pct", self.handover.id, "verified by the sender" if verified else "not by the sender")

    def taken_back(self, _index: int, event: Event) -> None:
        self.close_wait(event.at, acked=False)
        self.add(self.sender, "taken_back", event.at)
        self.holder = str(event.changes["to"][1]) if "to" in event.changes else self.sender
        self.holders.append((event.at, self.holder))

    def withdrawn(self, _index: int, event: Event) -> None:
        self.close_wait(event.at, acked=False)
        self.finished_at = self.finished_at or event.at
        self.add(self.sender, "withdrawn", event.at)

    def reopened(self, _index: int, event: Event) -> None:
        self.add(self.sender, "reopened", event.at)
        if "to" in event.changes:
            self.holder = str(event.changes["to"][1])
            self.holders.append((event.at, self.holder))
        self.wait_start = event.at


def _without_undone(events: list[Event]) -> list[Event]:
    """The events with each undo and the action it undid (the one just before it) left out: an undone
    acknowledgement, done or reassignment never happened, as far as the review is concerned."""
    kept: list[Event] = []
    for event in events:
        if event.kind == EventKind.UNDO and kept and kept[-1].kind != EventKind.CREATE:
            kept.pop()
        elif event.kind != EventKind.UNDO:
            kept.append(event)
    return kept


def _holder_at(holders: list[tuple[datetime, str]], moment: datetime, latest: str) -> str:
    current = holders[0][1] if holders else latest
    for at, who in holders:
        if at <= moment:
            current = who
    return current

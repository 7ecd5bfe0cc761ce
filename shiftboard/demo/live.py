"""The demo's open board: handovers in every state, made through the Desk as people would make them.

Every action is planned at a time in the last few days, all actions are sorted, and the
frozen clock is moved to each one before the Desk runs it: so the rules, the events and
the times are the real ones, and the board ends at `end` (the real now).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shiftboard.demo import texts
from shiftboard.demo.team import COLLEAGUES, Plan, plan_handover, someone_else, span, weighted
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import DEMO_FIRST_NUMBER, Desk

# Each state once first, so even a small board shows all of them; then a realistic mix.
EVERY_STATE = [
    "pending",
    "late",
    "acknowledged",
    "query",
    "done",
    "unable",
    "overdue",
    "flagged",
    "answered",
    "reassigned",
]
MIX = {
    "acknowledged": 25,
    "pending": 12,
    "late": 8,
    "query": 6,
    "answered": 4,
    "done": 12,
    "unable": 5,
    "reassigned": 4,
    "overdue": 12,
    "flagged": 12,
}
# How long ago each kind was handed over, in minutes.
AGES = {
    "pending": (1, 12),
    "late": (20, 90),
    "acknowledged": (30, 420),
    "query": (25, 240),
    "answered": (60, 300),
    "done": (60, 480),
    "unable": (60, 480),
    "reassigned": (90, 400),
    "overdue": (180, 600),
    "flagged": (40, 400),
    "closed": (24 * 60, int(6.5 * 24 * 60)),
}
Action = Callable[[Desk], Any]


@dataclass
class _Card:
    """One planned handover and its id, known once the Desk has made it."""

    plan: Plan
    id: str = ""


class _Timeline:
    """Steps of one handover at increasing times, none later than a minute before `end`."""

    def __init__(self, rng: random.Random, start: datetime, end: datetime) -> None:
        self.rng, self.t, self.end = rng, start, end
        self.steps: list[tuple[datetime, Action]] = []

    def after(self, low: int, high: int, action: Action) -> None:
        budget = int((self.end - self.t).total_seconds() // 60) - 1
        high = max(1, min(high, budget))
        self.t += timedelta(minutes=self.rng.randint(max(1, min(low, high)), high))
        self.steps.append((self.t, action))


def plan_live(rng: random.Random, end: datetime, open_count: int, closed_count: int) -> list[tuple[datetime, Action]]:
    """Every Desk call of the open and recently closed handovers, in time order."""
    kinds = [EVERY_STATE[i] if i < len(EVERY_STATE) else weighted(rng, MIX) for i in range(open_count)]
    kinds += ["closed"] * closed_count
    actions: list[tuple[datetime, int, Action]] = []
    for kind in kinds:
        for when, action in _timeline(rng, kind, end):
            actions.append((when, len(actions), action))
    actions.sort(key=lambda item: (item[0], item[1]))
    return [(when, action) for when, _, action in actions]


def run_live(desk: Desk, clock: FrozenClock, actions: list[tuple[datetime, Action]]) -> Iterator[None]:
    """Run the planned calls, the clock moved to each; yields after each (for progress)."""
    for when, action in actions:
        clock.at = when
        action(desk)
        yield


def _timeline(rng: random.Random, kind: str, end: datetime) -> list[tuple[datetime, Action]]:
    age = rng.randint(*AGES[kind])
    created = end - timedelta(minutes=age)
    # An overdue one was due well before now; the others fall due from 20 minutes to 8 hours from now.
    due = span(rng.randint(30, age - 90)) if kind == "overdue" else span(age + rng.randint(20, 480))
    plan = plan_handover(rng, due=due)
    card = _Card(plan)
    line = _Timeline(rng, created, end)

    def create(desk: Desk) -> None:
        card.id = desk.hand_over(plan.draft, by=plan.sender, first_number=DEMO_FIRST_NUMBER).id

    line.steps.append((created, create))
    _steps(rng, kind, card, line)
    return line.steps


def _steps(rng: random.Random, kind: str, card: _Card, line: _Timeline) -> None:
    """The planned calls after the handover is made; each captures its actor now, not when it runs."""
    sender, receiver = card.plan.sender, card.plan.draft.to
    service, ticket = card.plan.draft.service, card.plan.story.ticket
    if kind in ("acknowledged", "done", "unable", "reassigned", "closed") or (
        kind in ("query", "overdue", "flagged") and rng.random() < 0.8
    ):
        line.after(2, 15, _ack(rng, card, receiver, service, ticket))
    if kind in ("query", "answered"):
        question = rng.choice(texts.QUESTIONS)
        line.after(3, 20, lambda d: d.query(card.id, by=receiver, question=question))
    if kind == "answered":
        answer = rng.choice(texts.ANSWERS)
        line.after(10, 30, lambda d: d.comment(card.id, by=sender, note=answer))
    if kind == "acknowledged" and rng.random() < 0.35:
        author, note = rng.choice([sender, receiver]), rng.choice(texts.COMMENTS)
        line.after(10, 120, lambda d: d.comment(card.id, by=author, note=note))
    if kind in ("done", "closed"):
        outcome = rng.choice(texts.OUTCOMES)
        line.after(20, 300, lambda d: d.done(card.id, by=receiver, outcome=outcome))
    if kind in ("unable", "reassigned"):
        reason = rng.choice(texts.UNABLE)
        line.after(15, 120, lambda d: d.unable(card.id, by=receiver, reason=reason))
    if kind == "reassigned":
        new = someone_else(rng, receiver, sender)
        line.after(5, 30, lambda d: d.reassign(card.id, by=sender, to=new))
        if rng.random() < 0.5:
            line.after(2, 15, _ack(rng, card, new, service, ticket))
    if kind == "flagged":
        note, check = rng.choice(texts.FLAG_NOTES), rng.choice(["30m", "1h", "2h"])
        line.after(5, 30, lambda d: d.flag(card.id, by=sender, note=note, check=check))
    if kind == "closed":
        line.after(10, 600, lambda d: d.verify_close(card.id, by=sender))


def _ack(rng: random.Random, card: _Card, receiver: str, service: str, ticket: str) -> Action:
    """The receiver acknowledges, now and then a supervisor for them, reading the action back (the demo's
    team requires a read-back, as every new team does)."""
    supervisors = [
        c.handle for c in COLLEAGUES if c.role == "supervisor" and c.handle not in (card.plan.sender, receiver)
    ]
    by = rng.choice(supervisors) if supervisors and rng.random() < 0.08 else receiver
    read_back = rng.choice(texts.READ_BACKS[service]).format(ticket=ticket)
    return lambda d: d.acknowledge(card.id, by=by, read_back=read_back)

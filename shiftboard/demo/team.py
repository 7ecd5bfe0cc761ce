"""The demo team: colleagues, services with their handover templates, the roster, and who hands what to whom."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from shiftboard.demo import texts
from shiftboard.demo.texts import Story, story
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.models import Colleague, Service
from shiftboard.services import Desk

# carol is left out on purpose: the README's walk-through adds her to a demo board.
COLLEAGUES = [
    Colleague(handle="alice", name="Alice Moreno", skills=["billing", "refunds"]),
    Colleague(handle="bob", name="Bob Okonkwo", skills=["broadband", "bookings"]),
    Colleague(handle="dave", name="Dave Kowalski", skills=["billing", "refunds", "complaints"]),
    Colleague(handle="erin", name="Erin Byrne", skills=["broadband"]),
    Colleague(handle="frank", name="Frank Lindqvist", skills=["bookings", "complaints"]),
    Colleague(handle="grace", name="Grace Adeyemi", skills=["billing", "broadband", "bookings"]),
    Colleague(
        handle="sam", name="Sam Patel", role="supervisor", skills=["billing", "refunds", "complaints", "broadband"]
    ),
    Colleague(handle="tess", name="Tess Nakamura", role="supervisor", skills=["complaints", "bookings", "refunds"]),
]
SERVICES = [
    Service(name="refunds", skills=["billing", "refunds"], prompts=["Refund ticket number?"], require=["promises"]),
    Service(
        name="complaint", skills=["complaints"], prompts=["Apologised?", "Who took ownership?"], require=["contingency"]
    ),
    Service(
        name="technical fault",
        skills=["broadband"],
        prompts=["Fault reference?", "Line test result?"],
        require=["customer.ref"],
    ),
    Service(name="bookings", skills=["bookings"], prompts=["Booking reference?"], when="mid-shift"),
]
# (name, start, end, days): the board is lively whatever day the demo is made on.
SHIFTS = [
    ("Early", "07:00", "15:00", "every day"),
    ("Late", "15:00", "23:00", "every day"),
    ("Night", "23:00", "07:00", "every day"),
]
ROSTER = {
    "alice": ["Early"],
    "bob": ["Early"],
    "grace": ["Early"],
    "sam": ["Early"],
    "dave": ["Late"],
    "erin": ["Late"],
    "tess": ["Late"],
    "frank": ["Night"],
}
# One-off changes, days after the demo's day: grace takes a day off and erin covers her Early shift.
ONE_OFFS = [("grace", 2, None), ("erin", 2, "Early")]
SETTINGS = [("lock_after", "10m")]  # a demo is explored slowly
SERVICE_WEIGHTS = {"refunds": 30, "general": 25, "technical fault": 20, "complaint": 12, "bookings": 13}
PRIORITIES = {"normal": 60, "high": 20, "low": 10, "urgent": 10}
CHANNELS = {"phone": 35, "verbal": 25, "crm": 20, "note": 12, "email": 8}
ADMIN = "demo"


def set_up_team(desk: Desk) -> None:
    """Settings, shifts, colleagues on their shifts and services, through the same Desk calls as the
    commands a supervisor types (`settings set`, `shift add`, `colleague add --shifts`, `service add`)."""
    for key, value in SETTINGS:
        desk.set_setting(key, value, by=ADMIN)
    for name, start, end, days in SHIFTS:
        desk.add_shift(name, start=start, end=end, days=days, by=ADMIN)
    for colleague in COLLEAGUES:
        desk.add_colleague(
            colleague.handle,
            name=colleague.name,
            role=colleague.role,
            skills=colleague.skills,
            shifts=ROSTER[colleague.handle],
            by=ADMIN,
        )
    for service in SERVICES:
        desk.add_service(
            service.name,
            skills=service.skills,
            prompts=service.prompts,
            require=service.require,
            when=service.when,
            by=ADMIN,
        )


def plan_one_offs(desk: Desk, today: date) -> None:
    """The one-off roster changes (`roster set`), in the days after `today` (the demo's local date)."""
    for handle, days_ahead, shift in ONE_OFFS:
        desk.set_roster(handle, (today + timedelta(days=days_ahead)).isoformat(), shift, by=ADMIN)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Plan:
    """Who hands what to whom: the draft as typed, and the story behind it (for replies)."""

    sender: str
    draft: HandoverDraft
    story: Story


def plan_handover(rng: random.Random, due: str) -> Plan:
    """A sender, a skilled receiver and a draft due at `due` (as a person would type it)."""
    service_name = weighted(rng, SERVICE_WEIGHTS)
    needed = next((set(s.skills) for s in SERVICES if s.name == service_name), set())
    skilled = [c.handle for c in COLLEAGUES if needed <= set(c.skills)]
    receiver = rng.choice(skilled)
    sender = rng.choice([c.handle for c in COLLEAGUES if c.handle != receiver])
    told = story(rng, service_name)
    informed = rng.random() < 0.8
    draft = HandoverDraft(
        to=receiver,
        customer_name=told.customer_name,
        customer_contact=told.customer_contact,
        customer_ref=told.customer_ref,
        preferences=told.preferences,
        summary=told.summary,
        actions_taken=told.actions_taken,
        action_required=told.action_required,
        sender_keeps=told.sender_keeps,
        service=service_name,
        answers=dict(told.answers),
        promises=told.promises,
        contingency=told.contingency,
        due=due,
        priority=weighted(rng, PRIORITIES),
        channel=weighted(rng, CHANNELS),
        informed="yes" if informed else "no",
        informed_note=(f"Told them {receiver.capitalize()} will take it from here" if rng.random() < 0.6 else "")
        if informed
        else rng.choice(texts.NOT_TOLD),
    )
    return Plan(sender, draft, told)


def someone_else(rng: random.Random, *handles: str) -> str:
    return rng.choice([c.handle for c in COLLEAGUES if c.handle not in handles])


def span(minutes: int) -> str:
    """A due time as a person types it: `45m`, `2h`, `3h15m`."""
    hours, rest = divmod(max(1, minutes), 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest or not hours else "")

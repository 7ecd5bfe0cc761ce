"""The one way a test builds its team: colleagues, shifts and services on a fresh store, through the Desk.

Each suite names the team it needs as data (`Member`s) and calls `team_desk`; the people differ
where a suite's own assertions or snapshots show them (`Alice Archer` on the board, `Carol
[bold]Cole[/]` where markup in a name is under test).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from shiftboard.domain.clock import Clock
from shiftboard.services import Desk


@dataclass(frozen=True)
class Member:
    handle: str
    name: str
    role: str = "agent"
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShiftPlan:
    name: str
    start: str
    end: str
    members: tuple[str, ...]
    days: str = "every day"


@dataclass(frozen=True)
class ServicePlan:
    name: str
    skills: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    when: str = "both"


@dataclass(frozen=True)
class Team:
    members: tuple[Member, ...]
    shifts: tuple[ShiftPlan, ...] = ()
    services: tuple[ServicePlan, ...] = field(default=())


# alice usually hands over to bob; carol is an unrelated colleague; sam supervises.
STANDARD = Team(
    (
        Member("alice", "Alice Archer", skills=("billing",)),
        Member("bob", "Bob Baker", skills=("billing", "refunds")),
        Member("carol", "Carol Chen", skills=("tech",)),
        Member("sam", "Sam Stone", "supervisor", ("billing", "refunds", "tech")),
    )
)


def team_desk(root: Path, clock: Clock | None, team: Team = STANDARD) -> Desk:
    """A new store at `root` holding `team`, set up as a supervisor would: shifts, then each colleague on
    theirs (`colleague add --shifts`), then services."""
    desk = Desk.open(root, clock=clock, create=True)
    for shift in team.shifts:
        desk.add_shift(shift.name, start=shift.start, end=shift.end, days=shift.days)
    add_members(desk, team.members, team.shifts)
    for service in team.services:
        desk.add_service(
            service.name,
            skills=list(service.skills),
            prompts=list(service.prompts),
            require=list(service.require),
            when=service.when,
        )
    return desk


def add_members(desk: Desk, members: Iterable[Member], shifts: Iterable[ShiftPlan] = ()) -> None:
    plans = list(shifts)
    for member in members:
        works = [shift.name for shift in plans if member.handle in shift.members]
        desk.add_colleague(member.handle, name=member.name, role=member.role, skills=list(member.skills), shifts=works)

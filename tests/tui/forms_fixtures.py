"""A small team on a temporary store, and host apps that show one screen alone.

Used by the form, prompt, checklist, review and help tests (kept out of conftest.py so the
board's fixtures and these never clash). Screens that write (the form, the checklist) run in
`BoardHost`, the real app, because they write through its non-blocking write path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from teams import Member, ServicePlan, ShiftPlan, Team
from teams import team_desk as make_team
from textual import events
from textual.app import App
from textual.screen import Screen

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday, during the Early shift
SIZE = (80, 24)


FORMS_TEAM = Team(
    (
        Member("alice", "Alice Adams"),
        Member("bob", "Bob Brown", skills=("billing", "refunds")),
        Member("carol", "Carol [bold]Cole[/]", skills=("billing",)),
        Member("dave", "Dave Dune", "supervisor"),
    ),
    shifts=(ShiftPlan("Early", "07:00", "15:00", ("alice", "bob", "dave")),),
    services=(
        ServicePlan("refunds", ("refunds",), ("Refund ticket number?",), ("promises",)),
        ServicePlan("complaint", (), ("Apologised?", "Who took ownership?"), ("contingency",)),
    ),
)


def team_desk(root: Path) -> Desk:
    """alice (agent, early), bob (billing+refunds, early), carol (off shift), dave (supervisor, early)."""
    return make_team(root / "store", FrozenClock(NOW, tz=UTC), FORMS_TEAM)


def draft(**fields: Any) -> HandoverDraft:
    base = dict(
        to="bob",
        customer_name="Ann Lee",
        customer_contact="ann@example.com",
        summary="Charged twice for November",
        actions_taken="Checked the invoice",
        action_required="Refund one charge",
        informed="yes",
    )
    return HandoverDraft(**(base | fields))


class Host(App[None]):
    """Pushes one screen on mount and records what it dismisses with."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)


class BoardHost(ShiftboardApp):
    """The real app signed in as `user`, showing one screen alone (no board, no polling);
    records what the screen dismisses with."""

    def __init__(self, desk: Desk, make_screen: Callable[[], Screen[Any]], user: str = "alice") -> None:
        super().__init__(desk, user, bell=False)
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # ShiftboardApp.on_mount would open the board and start polling
        self.live.reload()
        self.push_screen(self.make_screen(), callback=self.results.append)

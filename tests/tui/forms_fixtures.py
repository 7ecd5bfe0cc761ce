"""A small team on a temporary store, and a host app that shows one screen alone.

Used by the form, prompt, checklist, review and help tests (kept out of conftest.py so the
board's fixtures and these never clash).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk

os.environ["TEXTUAL_ANIMATIONS"] = "none"

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday, during the Early shift
SIZE = (80, 24)


def team_desk(root: Path) -> Desk:
    """alice (agent, early), bob (billing+refunds, early), carol (off shift), dave (supervisor, early)."""
    desk = Desk.open(root / "store", clock=FrozenClock(NOW, tz=UTC), create=True)
    desk.add_colleague("alice", name="Alice Adams")
    desk.add_colleague("bob", name="Bob Brown", skills=["billing", "refunds"])
    desk.add_colleague("carol", name="Carol [bold]Cole[/]", skills=["billing"])
    desk.add_colleague("dave", name="Dave Dune", role="supervisor")
    desk.add_shift("Early", start="07:00", end="15:00", members=["alice", "bob", "dave"])
    desk.add_service("refunds", skills=["refunds"], prompts=["Refund ticket number?"], require=["promises"])
    desk.add_service("complaint", prompts=["Apologised?", "Who took ownership?"], require=["contingency"])
    return desk


def draft(**fields: Any) -> HandoverDraft:
    base = dict(
        to="bob",
        customer_name="Ann Lee",
        customer_contact="ann@example.com",
        summary="Charged twice for November",
        actions_taken="Checked the invoice",
        action_required="Refund one charge",
    )
    return HandoverDraft(**(base | fields))


class Host(App[None]):
    """Pushes one screen on mount and records what it dismisses with."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.animation_level = "none"  # TEXTUAL_ANIMATIONS is read when textual is first imported, maybe before us
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)

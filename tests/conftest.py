"""Shared fixtures: a frozen clock, a small team on a temporary store, and a valid draft to vary.

The team: alice (agent, billing) usually hands over to bob (agent, billing + refunds);
carol (agent, tech) is an unrelated colleague; sam is the supervisor.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import textual.constants
from teams import STANDARD, team_desk

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk

# Stable screens: no animations. Textual reads TEXTUAL_ANIMATIONS once, when first imported, and
# the pytest-textual-snapshot plugin imports it before any conftest runs; so the value it read is
# replaced here (every App reads it when created), and the variable is set for child processes.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # a Tuesday afternoon; London is on UTC in November


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports and witnesses go to the user's state directory: a test's own, never the real one."""
    state = tmp_path / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


def own_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test (nor a program it starts) reads or writes the developer's own board preferences."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def clock() -> FrozenClock:
    """Frozen at NOW (UTC), reading times in UTC; `clock.advance(minutes=5)` moves it."""
    return FrozenClock(NOW, tz=UTC)


@pytest.fixture
def desk(tmp_path: Path, clock: FrozenClock) -> Desk:
    """A fresh store under tmp_path with alice, bob, carol (agents) and sam (supervisor)."""
    return team_desk(tmp_path / "store", clock, STANDARD)


@pytest.fixture
def make_draft() -> Callable[..., HandoverDraft]:
    """`make_draft(to="carol", due="45m")`: a draft that passes every check unless a field says otherwise."""

    def make(**fields: Any) -> HandoverDraft:
        values: dict[str, Any] = {
            "to": "bob",
            "customer_name": "Ms J. Patel",
            "customer_contact": "+44 20 7946 0018",
            "summary": "Refund for order 5521 not received after 10 days",
            "actions_taken": "Checked the ledger: refund issued on the 12th",
            "action_required": "Call her back with the bank's trace number",
            "informed": "yes",
        }
        return HandoverDraft(**(values | fields))

    return make

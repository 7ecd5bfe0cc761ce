"""Fixtures for the store tests: a temporary store, a frozen clock, a seeded desk, a private state directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .helpers import START, seed


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own state directory, so witnesses go there (child processes inherit it), never to ~."""
    home = tmp_path / "state-home"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def desk(root: Path, clock: FrozenClock) -> Desk:
    return seed(root, clock)

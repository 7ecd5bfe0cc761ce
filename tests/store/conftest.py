"""Fixtures for the store tests: a temporary store, a frozen clock, a seeded desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .helpers import START, seed


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def desk(root: Path, clock: FrozenClock) -> Desk:
    return seed(root, clock)

"""Fixtures for the records tests: the history store (built once, copied per test) and the command-line
tests' runner, on the shared frozen clock (NOW, as the history's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli.helpers import Cli, cli_runner

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .stores import build


@pytest.fixture(scope="session")
def built_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "store"
    build(root)
    return root


@pytest.fixture
def root(built_history: Path, tmp_path: Path) -> Path:
    """A fresh copy of the history store, this test's to change."""
    copy = tmp_path / "store"
    shutil.copytree(built_history, copy)
    return copy


@pytest.fixture
def desk(root: Path, clock: FrozenClock) -> Desk:
    return Desk.open(root, clock=clock)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(capsys, clock, monkeypatch)

"""Fixtures for the records tests: the history store (built once, copied per test) and a command-line runner."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from shiftboard.cli import main
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .stores import NOW, build


@dataclass
class Result:
    code: int
    out: str
    err: str

    def one_error_line(self) -> str:
        """The single stderr line a failure must print (and nothing on stdout, no traceback)."""
        assert self.out == "", self.out
        assert self.err.endswith("\n") and self.err.count("\n") == 1, repr(self.err)
        return self.err.strip()


Cli = Callable[..., Result]


@pytest.fixture(scope="session")
def built_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "store"
    build(root)
    return root


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


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
    monkeypatch.delenv("SHIFTBOARD_STORE", raising=False)
    monkeypatch.delenv("USER", raising=False)

    def run(*argv: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv), clock=clock)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run

"""Running the command line in-process: `cli("ack", "H-1001", "--as", "bob")` -> Result(code, out, err).

Uses the shared frozen clock and an environment with neither SHIFTBOARD_STORE nor USER set;
`store` is the shared `desk` fixture's store (alice, bob, carol, sam) as --store takes it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shiftboard.cli import main
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .helpers import Result

Cli = Callable[..., Result]


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


@pytest.fixture
def store(desk: Desk, tmp_path: Path) -> str:
    return str(tmp_path / "store")

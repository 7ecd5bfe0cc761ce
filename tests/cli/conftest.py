"""Running the command line in-process: `cli("ack", "H-1001", "--as", "bob")` -> Result(code, out, err).

Uses the shared frozen clock and an environment with neither SHIFTBOARD_STORE nor USER set;
`store` is the shared `desk` fixture's store (alice, bob, carol, sam) as --store takes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .helpers import Cli, cli_runner


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(capsys, clock, monkeypatch)


@pytest.fixture
def store(desk: Desk, tmp_path: Path) -> str:
    return str(tmp_path / "store")

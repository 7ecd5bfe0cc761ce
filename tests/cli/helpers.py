"""Shared pieces of the command-line tests: the in-process runner and a run's result, a store's bytes, a
complete `add`. The records tests run commands with the same runner."""

from __future__ import annotations

import io
import os
import pwd
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from shiftboard.cli import main
from shiftboard.domain.clock import FrozenClock

ME = pwd.getpwuid(os.getuid()).pw_name  # the Unix account the tests run as: every event records it


@dataclass
class Result:
    code: int
    out: str
    err: str

    def one_error_line(self) -> str:
        """The single stderr line a failure must print (and nothing on stdout, no traceback)."""
        assert self.out == "", self.out
        assert self.err.endswith("\n") and self.err.count("\n") == 1, repr(self.err)
        assert "Traceback" not in self.err
        return self.err.strip()


Cli = Callable[..., Result]


def cli_runner(capsys: pytest.CaptureFixture[str], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """`run("ack", "H-1001", "--as", "bob", stdin="")` -> Result, in this process, on `clock`, with neither
    SHIFTBOARD_STORE nor USER set."""
    monkeypatch.delenv("SHIFTBOARD_STORE", raising=False)
    monkeypatch.delenv("USER", raising=False)

    def run(*argv: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv), clock=clock)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def files(root: Path | str) -> dict[str, bytes]:
    """Every file of a store with its bytes: compared before and after a refused command."""
    root = Path(root)
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


ADD = ("--customer", "Ms J. Patel", "--contact", "07700 900018", "--summary", "Refund not received")
ADD += ("--taken", "Checked the ledger", "--action", "Call her back with the trace number", "--informed", "yes")


def add_args(store: str, *extra: str, sender: str = "alice", to: str = "bob") -> list[str]:
    """`shiftboard add` with every required option, handing from `sender` to `to`."""
    return ["add", "--store", store, "--as", sender, "--to", to, *ADD, *extra]


def new_id(out: str) -> str:
    """`add` prints the new id as the first word of its output."""
    return out.split()[0]

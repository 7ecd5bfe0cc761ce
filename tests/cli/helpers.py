"""Shared pieces of the command-line tests: a run's result, a store's bytes, a complete `add`."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from pathlib import Path

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

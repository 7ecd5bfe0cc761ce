"""Shared by the hardening tests: the command line run in-process, a store's bytes, a card in every state."""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from shiftboard.cli import main
from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)

# alice hands each card to bob; carol is an unrelated agent, sam a supervisor, dora has left.
STATES = {
    "H-1001": "pending",
    "H-1002": "acknowledged",
    "H-1003": "done",
    "H-1004": "unable",
    "H-1005": "query",
    "H-1006": "flagged",
}


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def one_line(self) -> str:
        """The single stderr line a failure prints: nothing on stdout, no traceback."""
        assert self.out == "", self.out
        assert self.err.endswith("\n") and self.err.count("\n") == 1, repr(self.err)
        assert "Traceback" not in self.err and "unexpected error" not in self.err, self.err
        return self.err.strip()


def run_cli(*argv: str, stdin: str = "", clock: FrozenClock | None = None) -> Ran:
    """`shiftboard ARGV` in this process, with stdin, stdout and stderr of its own."""
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv), clock=clock or FrozenClock(NOW, tz=UTC))
    finally:
        sys.stdin = saved
    return Ran(code, out.getvalue(), err.getvalue())


def digest(root: Path) -> dict[str, str]:
    """Every file of a store (hidden ones too) -> sha256 of its bytes: compared before and after."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def draft(to: str = "bob", **fields: str) -> HandoverDraft:
    values = {
        "to": to,
        "customer_name": "Ms Jaya Patel",
        "customer_contact": "+44 20 7946 0018",
        "customer_ref": "ACC-5521",
        "summary": "Refund for order 5521 not received",
        "actions_taken": "Checked the ledger",
        "action_required": "Call her back with the trace number",
        "informed": "yes",
    }
    return HandoverDraft(**(values | fields))


def every_state(root: Path, clock: FrozenClock | None = None) -> Desk:
    """A store whose cards, all alice → bob, stand in every open state (see STATES)."""
    desk = Desk.open(root, clock=clock or FrozenClock(NOW, tz=UTC), create=True)
    for handle, role in (("alice", "agent"), ("bob", "agent"), ("carol", "agent"), ("sam", "supervisor")):
        desk.add_colleague(handle, name=f"{handle.title()} Example", role=role)
    desk.add_colleague("dora", name="Dora Example")
    ids = [desk.hand_over(draft(), by="alice").id for _ in STATES]
    for hid in ids[1:]:
        if STATES[hid] != "query":
            desk.acknowledge(hid, by="bob", read_back="On it")
    desk.done("H-1003", by="bob", outcome="Called her back")
    desk.unable("H-1004", by="bob", reason="The bank is closed")
    desk.query("H-1005", by="bob", question="Which order?")
    desk.flag("H-1006", by="alice", note="Did she get it?", check="30m")
    desk.set_active("dora", False, by="sam")
    for handle in ("alice", "bob", "carol", "sam"):
        desk.sign_on(by=handle)  # each has begun their shift: opening the board writes nothing more
    return desk

"""Shared pieces of the store tests: seeding a store, hashing its files, reading its log, probing its lock,
slowing a child's writes so a kill lands inside one."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from teams import Member, Team, team_desk

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.models import Handover
from shiftboard.services import Desk

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
STORE_TEAM = Team(
    (Member("alice", "Alice Archer"), Member("bob", "Bob Baker"), Member("sue", "Sue Super", "supervisor"))
)
LOG = "log/2026-11.jsonl"


def draft(customer: str = "Jane Doe", *, to: str = "bob", **fields: str) -> HandoverDraft:
    """A valid handover draft; the customer's contact and preferences derive from the name, to grep for."""
    slug = customer.lower().replace(" ", ".")
    values = {
        "to": to,
        "customer_name": customer,
        "customer_contact": f"{slug}@example.com",
        "preferences": f"call {customer} after five",
        "summary": "the customer was double charged",
        "actions_taken": "checked the invoice",
        "action_required": "refund the second charge",
        "informed": "yes",
    }
    return HandoverDraft(**(values | fields))


def split_write(real_write: Callable[[int, bytes], int], pause: float) -> Callable[[int, bytes], int]:
    """An `os.write` for a child that is about to be killed: 64 bytes or more to a regular file go in two
    halves, `pause` seconds apart, so many kills land inside one write (a torn line, a half-written file)."""

    def write(fd: int, data: bytes) -> int:
        if len(data) < 64 or not stat.S_ISREG(os.fstat(fd).st_mode):
            return real_write(fd, data)
        half = len(data) // 2
        written = real_write(fd, data[:half])
        time.sleep(pause)
        return written + real_write(fd, data[half:])

    return write


def seed(root: Path, clock: FrozenClock | None = None) -> Desk:
    """A new store with two agents and a supervisor: alice hands over to bob, sue supervises."""
    return team_desk(root, clock or FrozenClock(START), STORE_TEAM)


def close(desk: Desk, hid: str) -> Handover:
    """Take a handover through ack, done and the sender's verification."""
    desk.acknowledge(hid, by="bob", read_back="refund it")
    desk.done(hid, by="bob", outcome="refunded")
    return desk.verify_close(hid, by="alice")


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden and temp files too) -> sha256 of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def log_lines(root: Path, name: str = LOG) -> list[bytes]:
    return (root / name).read_bytes().splitlines(keepends=True)


def events(root: Path, name: str = LOG) -> list[dict[str, Any]]:
    """The complete events of one log file, in order (a torn tail left out)."""
    return [json.loads(line) for line in log_lines(root, name) if line.endswith(b"\n")]


def all_bytes(root: Path) -> bytes:
    return b"\n".join((root / name).read_bytes() for name in tree(root))


def tables(root: Path) -> dict[str, Any]:
    """A fresh process's view of the store, as plain data."""
    from shiftboard.store import Store

    state = Store.open(root).state.tables
    return {name: state[name] for name in ("handovers", "colleagues", "services", "shifts", "settings")}


def lock_is_free(root: Path) -> bool:
    """Whether a writer could take both its locks (`.lock`, then the store's directory) right now."""
    fds = [os.open(root / ".lock", os.O_RDWR), os.open(root, os.O_RDONLY | os.O_DIRECTORY)]
    try:
        for fd in fds:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        for fd in fds:
            os.close(fd)

"""Crash safety: `kill -9` at any instant leaves a store that opens, verifies and holds every returned write."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import LOG, START, draft, events, log_lines, seed, split_write, tables

FORK = multiprocessing.get_context("fork")
KILLS = 24


def writer(root: Path, report: int, day: int) -> None:
    """Loop through whole lifecycles, telling the parent each action only after it returned.

    Writes to regular files are split in two with a pause between, so many kills land inside
    one: a torn line in the log, a half-written temp file of a snapshot or archive.
    """
    real_write = os.write
    os.write = split_write(real_write, 0.002)  # type: ignore[assignment]  # this child only
    clock = FrozenClock(START + timedelta(days=day))
    desk = Desk.open(root, clock=clock)

    def said(kind: str, hid: str, note: str = "") -> None:
        real_write(report, (json.dumps([kind, hid, note]) + "\n").encode())
        clock.advance(minutes=7)

    n = 0
    while True:
        n += 1
        hid = desk.hand_over(draft(f"Day{day} Cust{n}"), by="alice").id
        said("create", hid)
        note = f"day {day} note {n}"
        desk.comment(hid, by="alice", note=note)
        said("comment", hid, note)
        desk.acknowledge(hid, by="bob", read_back="On it")
        said("ack", hid)
        if n % 3:  # leave every third one open
            desk.done(hid, by="bob", outcome="refunded")
            said("done", hid)
            desk.verify_close(hid, by="alice")
            said("verify", hid)


def check_returned(store: Store, returned: list[list[str]]) -> None:
    """Every action that returned before the kill is in the store (closed ones possibly archived), once."""
    live = store.state.tables["handovers"].values()
    rows = {row["id"]: row for row in store.archived()} | {row["id"]: row for row in live}
    for kind, hid, note in returned:
        found = [e for e in rows[hid]["events"] if e["kind"] == kind and (not note or e.get("note") == note)]
        assert len(found) == 1, (kind, hid, note)


def test_kill_minus_nine_loses_no_returned_write(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 9)  # checkpoints (and archiving) inside the kill window
    seed(root)
    rng = random.Random(20261102)
    returned: list[list[str]] = []
    torn = 0
    for day in range(KILLS):
        read, write = os.pipe()
        proc = FORK.Process(target=writer, args=(root, write, day))
        proc.start()
        os.close(write)
        time.sleep(rng.uniform(0.02, 0.2))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        with os.fdopen(read, "rb") as pipe:
            lines = pipe.read().splitlines()
        returned += [json.loads(line) for line in lines]

        report = verify_store(root)
        assert report.ok, (day, report.problems)
        torn += report.torn_tail is not None
        check_returned(Store.open(root), returned)

    assert len(returned) > KILLS * 5  # the writers got real work done between kills
    assert torn >= 1  # and some kills did land mid-line
    # The next writer cuts any torn tail and carries on from the last whole event.
    desk = Desk.open(root, clock=FrozenClock(START + timedelta(days=KILLS)))
    last = events(root)[-1]["seq"]
    hid = desk.hand_over(draft("After The Storm"), by="alice").id
    assert log_lines(root)[-1].endswith(b"\n")
    assert events(root)[-1]["seq"] == last + 1 and events(root)[-1]["key"] == hid
    report = verify_store(root)
    assert report.ok and report.torn_tail is None, report.problems
    check_returned(desk.store, returned)
    assert any((root / "archive").glob("*.json"))  # archiving happened inside the kill window too


def test_torn_tail_is_ignored_by_readers_and_cut_by_the_next_writer(root: Path, clock: FrozenClock) -> None:
    desk = seed(root, clock)
    first = desk.hand_over(draft("Jane Doe"), by="alice").id
    desk.acknowledge(first, by="bob", read_back="On it")
    before = tables(root)
    reader = Store.open(root)
    whole = (root / LOG).read_bytes()

    # The shape a crash leaves: half of the next line, no newline.
    torn = b'{"actor":"alice","at":"2026-11-02T09:00:00Z","entity":"handover","kind":"comm'
    with open(root / LOG, "ab") as handle:
        handle.write(torn)

    assert reader.refresh() is False
    assert tables(root) == before
    report = verify_store(root)
    assert report.ok, report.problems
    assert report.torn_tail is not None and f"{LOG} line {len(whole.splitlines()) + 1}" in report.torn_tail

    desk.comment(first, by="alice", note="after the crash")
    after = (root / LOG).read_bytes()
    assert after.startswith(whole) and torn not in after and after.endswith(b"\n")
    assert [e["seq"] for e in events(root)] == list(range(1, len(events(root)) + 1))
    assert [e.kind for e in Desk.open(root).handover(first).events] == ["create", "ack", "comment"]
    assert reader.refresh() is True
    report = verify_store(root)
    assert report.ok and report.torn_tail is None, report.problems


def test_a_whole_line_missing_only_its_newline_is_a_torn_tail_too(root: Path, clock: FrozenClock) -> None:
    """The write had not returned (the newline is its last byte): cut, and the chain still continues.

    This test makes that state by cutting the newline off a write that did return, which the writer's
    witness rightly names as events cut off; a write that never returned is never in the witness, so
    verify runs here as a user without one would."""
    desk = seed(root, clock)
    hid = desk.hand_over(draft("Jane Doe"), by="alice").id
    lines = log_lines(root)
    (root / LOG).write_bytes(b"".join(lines)[:-1])  # the last event, without its newline
    assert Store.open(root).position.seq == len(lines) - 1
    assert verify_store(root, own_witness=False).ok
    again = Desk.open(root, clock=clock).hand_over(draft("John Roe"), by="alice")  # the next process
    assert again.id == hid  # the unreturned create is gone; the number is free again
    assert [e["seq"] for e in events(root)] == list(range(1, len(lines) + 1))
    assert verify_store(root, own_witness=False).ok

"""verify reads a consistent cut: run while eight processes write (snapshots, archiving and a purge
among them), it never reports a difference that is not there, and never fails with an exception."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import cut, lock
from shiftboard.store import store as store_module
from shiftboard.store.erase import erase_customers
from shiftboard.store.verify import verify_store

from .helpers import START, close, draft, seed

FORK = multiprocessing.get_context("fork")
WRITERS = 8
VERIFIES = 10


def writer(root: Path, number: int, start, stop) -> None:  # type: ignore[no-untyped-def]
    """Hand over, comment and close; half the writers live 8 days later, so their checkpoints archive
    what the others closed; one purges a closed handover now and then."""
    clock = FrozenClock(START + timedelta(days=8 if number % 2 == 0 else 0))
    desk = Desk.open(root, clock=clock)
    pause = random.Random(number).uniform
    start.wait()
    n = 0
    while not stop.is_set():
        n += 1
        time.sleep(pause(0, 0.003))
        hid = desk.hand_over(draft(f"Cust W{number}N{n}"), by="alice").id
        desk.comment("H-1001", by="bob", note=f"w{number} n{n}")
        if n % 2:
            close(desk, hid)
            if number == 1 and n % 5 == 1:
                with desk.store.transaction() as txn:
                    erase_customers(txn, [hid], actor="sue", at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))


def test_verify_finds_nothing_wrong_while_eight_processes_write(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 20)  # checkpoints (archiving, markers) all through
    desk = seed(root)
    desk.hand_over(draft("Shared Card"), by="alice")
    start, stop = FORK.Event(), FORK.Event()
    procs = [FORK.Process(target=writer, args=(root, n, start, stop)) for n in range(WRITERS)]
    for proc in procs:
        proc.start()
    reports = []
    try:
        start.set()
        time.sleep(0.3)
        for _ in range(VERIFIES):
            reports.append(verify_store(root))  # this user's witness included: the writers share it
            time.sleep(0.1)
    finally:
        stop.set()
        for proc in procs:
            proc.join(30)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    for report in reports:
        assert report.ok, report.problems
    assert reports[-1].events > reports[0].events > 0  # the store moved between the cuts
    assert reports[-1].archived > 0  # archiving happened while verify ran
    final = verify_store(root)
    assert final.ok and final.events >= reports[-1].events, final.problems


def test_verify_does_not_wait_for_a_writer_hung_holding_the_lock(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cut, "CUT_WAIT_SECONDS", 0.3)
    desk = seed(root)
    desk.hand_over(draft(), by="alice")
    entered, leave = threading.Event(), threading.Event()

    def hang() -> None:
        with lock.exclusive(root / ".lock", 0o600):
            entered.set()
            leave.wait(30)

    holder = threading.Thread(target=hang)
    holder.start()
    try:
        assert entered.wait(10)
        started = time.monotonic()
        report = verify_store(root)
        assert time.monotonic() - started < 5
    finally:
        leave.set()
        holder.join(10)
    assert report.ok, report.problems
    assert any(note.startswith("another process held the store's lock throughout") for note in report.notes)

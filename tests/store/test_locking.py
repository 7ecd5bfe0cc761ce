"""Readers never block; a writer waits for the lock, says so, and gives up with StoreBusy."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, StoreBusy, lock
from shiftboard.store.verify import verify_store

from .helpers import draft, seed, tree

FORK = multiprocessing.get_context("fork")


def hold_lock(path: Path, locked, release, hold_for: float) -> None:  # type: ignore[no-untyped-def]
    fd = os.open(path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    locked.set()
    release.wait(hold_for)
    os.close(fd)


class Holder:
    """Another process holding the store's lock until released (or `hold_for` seconds)."""

    def __init__(self, root: Path, hold_for: float = 30.0) -> None:
        self.locked, self.release = FORK.Event(), FORK.Event()
        self.proc = FORK.Process(target=hold_lock, args=(root / ".lock", self.locked, self.release, hold_for))

    def __enter__(self) -> Holder:
        self.proc.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.proc.join(10)


def test_readers_never_wait_for_the_lock(root: Path, clock: FrozenClock) -> None:
    desk = seed(root, clock)
    reader = Store.open(root)
    hid = desk.hand_over(draft(), by="alice").id
    with Holder(root):
        started = time.monotonic()
        assert reader.refresh() is True
        assert reader.state.get("handover", hid) is not None
        assert reader.refresh() is False
        opened = Desk.open(root, clock=clock)
        assert opened.handover(hid).status == "pending"
        assert verify_store(root).ok
        assert time.monotonic() - started < 2.0


def test_a_writer_gives_up_with_store_busy(root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "WAIT_SECONDS", 1.3)
    seed(root, clock)
    told: list[float] = []
    desk = Desk.open(root, clock=clock, on_wait=lambda: told.append(time.monotonic()))
    before = tree(root)
    with Holder(root):
        started = time.monotonic()
        with pytest.raises(StoreBusy) as busy:
            desk.hand_over(draft(), by="alice")
        waited = time.monotonic() - started
    assert 1.3 <= waited < 5
    message = str(busy.value)
    assert "busy" in message and str(root / ".lock") in message and "1.3s" in message and "try again" in message
    assert len(told) == 1 and told[0] - started < 1.0  # told once, early, while still waiting
    assert tree(root) == before  # nothing written


def test_a_writer_waits_for_the_lock_then_writes(root: Path, clock: FrozenClock) -> None:
    seed(root, clock)
    told: list[str] = []
    desk = Desk.open(root, clock=clock, on_wait=lambda: told.append("waiting"))
    with Holder(root, hold_for=0.6):
        started = time.monotonic()
        hid = desk.hand_over(draft(), by="alice").id
        assert time.monotonic() - started >= 0.4
    assert told == ["waiting"]
    assert Desk.open(root, clock=clock).handover(hid).customer.name == "Jane Doe"

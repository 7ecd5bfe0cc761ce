"""The lock holds whatever happens to `.lock`: deleted, recreated or replaced while others write,
it never lets two writers in, and writes neither stop nor get lost."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import random
import threading
import time
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import StoreBusy, Transaction, lock
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import START, draft, events, lock_is_free, seed

FORK = multiprocessing.get_context("fork")
WRITERS = 8


def writer(root: Path, number: int, start, out: Path, write_for: float) -> None:  # type: ignore[no-untyped-def]
    """Write until the time is up, noting the seq each action reported it wrote."""
    desk = Desk.open(root, clock=FrozenClock(START))
    returned: list[list[object]] = []
    pause = random.Random(number).uniform
    wrote: list[int] = []
    real_append = Transaction.append

    def append(self: Transaction, *events: dict[str, object]) -> None:
        real_append(self, *events)
        wrote.append(events[-1]["seq"])  # type: ignore[arg-type]

    Transaction.append = append  # type: ignore[method-assign]  # this child only
    start.wait()
    deadline = time.monotonic() + write_for
    n = 0
    while time.monotonic() < deadline:
        n += 1
        time.sleep(pause(0, 0.002))  # people between key presses: writers arrive while another holds the lock
        if n % 2:
            hid = desk.hand_over(draft(f"Cust W{number}N{n}"), by="alice").id
            returned.append(["create", hid, wrote[-1]])
        else:
            note = f"w{number} n{n}"
            desk.comment("H-1001", by="bob", note=note)
            returned.append(["comment", note, wrote[-1]])
    out.write_text(json.dumps(returned))


def lock_games(root: Path, start, stop, every: float) -> None:  # type: ignore[no-untyped-def]
    """Every `every` seconds, delete `.lock` and make a new one, or rename a new file over it."""
    path = root / ".lock"
    start.wait()
    n = 0
    while not stop.wait(every):
        n += 1
        if n % 2:
            path.unlink(missing_ok=True)
            path.write_bytes(b"")
        else:
            (root / f"lock.{n}").write_bytes(b"")
            os.replace(root / f"lock.{n}", path)


# Every 0.2 s is the tester's cadence; every 0.01 s makes the race a lock on `.lock` alone would lose
# (a writer locking a new `.lock` while another still holds the deleted one) near certain in a second.
@pytest.mark.parametrize(("every", "write_for"), [(0.2, 1.6), (0.01, 0.8)], ids=["every-0.2s", "every-0.01s"])
def test_writers_stay_one_at_a_time_while_lock_is_deleted_and_replaced(
    every: float, write_for: float, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 50)  # checkpoints in the mix
    desk = seed(root)
    desk.hand_over(draft("Shared Card"), by="alice")
    start, stop = FORK.Event(), FORK.Event()
    outs = [root.parent / f"writer-{n}.json" for n in range(WRITERS)]
    procs = [FORK.Process(target=writer, args=(root, n, start, outs[n], write_for)) for n in range(WRITERS)]
    games = FORK.Process(target=lock_games, args=(root, start, stop, every))
    for proc in [*procs, games]:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(60)
    stop.set()
    games.join(10)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS

    report = verify_store(root)
    assert report.ok, report.problems
    logged = {event["seq"]: event for event in events(root)}
    assert sorted(logged) == list(range(1, len(logged) + 1))
    returned = [item for out in outs for item in json.loads(out.read_text())]
    assert len(returned) > WRITERS * 10  # the writers got real work done during the games
    for kind, what, seq in returned:  # every write that reported success is in the log, at its seq
        event = logged[seq]
        assert event["kind"] == kind, (kind, what, seq)
        assert (event["key"] if kind == "create" else event["note"]) == what
    assert len({seq for _k, _w, seq in returned}) == len(returned)


def hold(root: Path, entered: threading.Event, leave: threading.Event) -> None:
    with lock.exclusive(root / ".lock", 0o600):
        entered.set()
        leave.wait(10)


def test_a_deleted_lock_file_does_not_let_a_second_writer_in(root: Path) -> None:
    """The holder's `.lock` is unlinked; a new one is made and locked at once; the directory's lock still holds."""
    seed(root)
    entered, leave = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold, args=(root, entered, leave))
    holder.start()
    try:
        assert entered.wait(10)
        (root / ".lock").unlink()
        with pytest.raises(StoreBusy), lock.exclusive(root / ".lock", 0o600, timeout=0.5):
            pytest.fail("a second writer got in")
        assert not lock_is_free(root)
    finally:
        leave.set()
        holder.join(10)
    # Free again (the given-up wait lets go of a lock it gets late, so allow it that moment).
    deadline = time.monotonic() + 5
    while not lock_is_free(root):
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_a_writer_that_locked_a_replaced_lock_file_locks_the_new_one(root: Path) -> None:
    """So a person's `flock STORE/.lock …` (a backup) is respected by every writer."""
    seed(root)
    first_in, first_out = threading.Event(), threading.Event()
    second_in, second_out = threading.Event(), threading.Event()
    first = threading.Thread(target=hold, args=(root, first_in, first_out))
    second = threading.Thread(target=hold, args=(root, second_in, second_out))
    first.start()
    assert first_in.wait(10)
    second.start()
    time.sleep(0.2)  # the second writer opened the old `.lock` and waits on it
    (root / "new-lock").write_bytes(b"")
    os.replace(root / "new-lock", root / ".lock")
    probe = os.open(root / ".lock", os.O_RDWR)
    try:
        first_out.set()
        assert second_in.wait(10)
        with pytest.raises(BlockingIOError):  # the second holds the file now at the path
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        first_out.set()
        second_out.set()
        first.join(10)
        second.join(10)
        os.close(probe)

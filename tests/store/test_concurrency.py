"""No lost update: many processes writing one store at once, all through the Desk."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.errors import Refused
from shiftboard.services import Desk
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import START, draft, events, seed

WORKERS = 8
ROUNDS = 12
RACED = 6  # pending handovers every worker tries to acknowledge; exactly one ack each may win

FORK = multiprocessing.get_context("fork")


def worker(root: Path, number: int, start, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Hand over, comment on the shared card, ack its own card, and race the others to ack the shared ones."""
    desk = Desk.open(root, clock=FrozenClock(START))
    done: list[list[str]] = []
    pause = random.Random(number).uniform
    start.wait()
    for round_ in range(ROUNDS):
        time.sleep(pause(0, 0.004))  # people between key presses: lets the writers interleave
        created = desk.hand_over(draft(f"Cust W{number}R{round_}"), by="alice")
        done.append(["create", created.id, created.customer.name or ""])
        note = f"w{number} r{round_}"
        desk.comment("H-1001", by="alice" if round_ % 2 else "bob", note=note)
        done.append(["comment", "H-1001", note])
        desk.acknowledge(created.id, by="bob", read_back=f"own {number}")
        done.append(["ack", created.id, ""])
        raced = f"H-{1002 + round_ % RACED}"
        try:
            desk.acknowledge(raced, by="sue", read_back=f"race w{number}")
            done.append(["race", raced, f"race w{number}"])
        except Refused:
            pass
    out.write_text(json.dumps(done))


def test_eight_processes_lose_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Snapshots every few actions, so writers also reload each other's checkpoints mid-run.
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 25)
    desk = seed(root)
    desk.hand_over(draft("Shared Card"), by="alice")
    for n in range(RACED):
        desk.hand_over(draft(f"Raced {n}"), by="alice")
    seeded = desk.store.position.seq

    start = FORK.Event()
    outs = [root.parent / f"worker-{n}.json" for n in range(WORKERS)]
    procs = [FORK.Process(target=worker, args=(root, n, start, outs[n])) for n in range(WORKERS)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(60)
    assert [proc.exitcode for proc in procs] == [0] * WORKERS

    done = [tuple(item) for out in outs for item in json.loads(out.read_text())]
    fresh = Desk.open(root, clock=FrozenClock(START))
    every = events(root)

    # Every event is in the log once, in one unbroken sequence.
    races = [item for item in done if item[0] == "race"]
    assert len(every) == seeded + WORKERS * ROUNDS * 3 + len(races)
    assert [event["seq"] for event in every] == list(range(1, len(every) + 1))

    # Handover ids are unique and sequential, each holding the customer its creator was told.
    created = {hid: name for kind, hid, name in done if kind == "create"}
    assert len(created) == WORKERS * ROUNDS
    numbers = sorted(int(hid[2:]) for hid in created)
    assert numbers == list(range(1002 + RACED, 1002 + RACED + WORKERS * ROUNDS))
    creates = [event["key"] for event in every if event["kind"] == "create"]
    assert len(creates) == len(set(creates)) == 1 + RACED + WORKERS * ROUNDS
    for hid, name in created.items():
        handover = fresh.handover(hid)
        assert handover.customer.name == name
        assert handover.status == "acknowledged"
        assert [e.kind for e in handover.events] == ["create", "ack"]

    # Every comment on the one shared card is there exactly once, and the writers really did interleave.
    shared = fresh.handover("H-1001")
    writers = [e.note.split()[0] for e in shared.events if e.kind == "comment" and e.note]
    assert sum(a != b for a, b in itertools.pairwise(writers)) >= WORKERS
    notes = Counter(e.note for e in shared.events if e.kind == "comment")
    assert notes == Counter(note for kind, _hid, note in done if kind == "comment")
    assert set(notes.values()) == {1} and len(notes) == WORKERS * ROUNDS

    # The raced acks: one winner per card, and it is the one that was told it won.
    assert sorted(hid for _k, hid, _n in races) == [f"H-{1002 + n}" for n in range(RACED)]
    for _kind, hid, read_back in races:
        handover = fresh.handover(hid)
        assert [e.kind for e in handover.events].count("ack") == 1
        assert handover.read_back == read_back

    report = verify_store(root)
    assert report.ok, report.problems
    assert report.torn_tail is None

"""One action in a running process (what the board does), against its floors and stock TinyDB.

The action goes through `Desk`, lock and fsync included. The floors: the store's own minimum
(lock + one fsync'd append of an event line) and the minimum of any design that rewrites its
live file per action (an fsync'd atomic replace of a file the size of `state.json`).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.timing import Spread, time_each
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.models import Colleague
from shiftboard.services import Desk
from shiftboard.store.files import append_durably, replace_atomically
from shiftboard.store.lock import exclusive

KINDS = ("create", "acknowledge", "comment")


@dataclass
class ActionCosts:
    spreads: dict[str, Spread]
    open_before: int
    floors: dict[str, Spread]  # the floor, sampled right before each action of that kind (empty: not asked)
    floor_samples: list[float]  # all of those, pooled


def draft_for(receiver: str, index: int) -> HandoverDraft:
    """A realistic, fully filled-in handover as a person would type it."""
    return HandoverDraft(
        to=receiver,
        customer_name=f"Bench Customer {index}",
        customer_contact=f"bench{index}@example.org",
        customer_ref=f"BN-{index:06d}",
        preferences="Prefers e-mail; not before 10:00.",
        summary="Refund of a double charge has not arrived after ten working days; the customer is upset.",
        actions_taken="Checked the ledger: refund issued on the 3rd. Gave the bank reference.",
        action_required="Call the bank's merchant line, then call the customer back with their answer.",
        promises="A call back today before 17:00.",
        contingency="If the bank cannot find it, reissue the refund by cheque.",
        due="2h",
        priority="high",
        channel="phone",
        informed="yes",
    )


def pair(desk: Desk, rng: random.Random) -> tuple[Colleague, Colleague]:
    """A sender and a different receiver among the active colleagues."""
    people = desk.colleagues()
    sender, receiver = rng.sample(people, 2)
    return sender, receiver


def action_costs(root: Path, *, count: int, seed: int = 1, floor: Callable[[int], object] | None = None) -> ActionCosts:
    """Median and p95 of `count` creates, then acknowledgements of those, then comments, through Desk.

    `floor`, when given, is timed right before each action: the floor and the action it judges are
    paired, a millisecond apart, so both see the same disk and the same load (other work on the
    machine moved the floor threefold within a minute)."""
    desk = Desk.open(root)
    rng = random.Random(seed)
    open_before = sum(1 for row in desk.store.state.tables["handovers"].values() if row["status"] != "closed")
    made: list[tuple[str, str]] = []

    def create(index: int) -> None:
        sender, receiver = pair(desk, rng)
        made.append((desk.hand_over(draft_for(receiver.handle, index), by=sender.handle).id, receiver.handle))

    def acknowledge(index: int) -> None:
        hid, receiver = made[index]
        desk.acknowledge(hid, by=receiver, read_back="I call the bank, then the customer, before 17:00.")

    def comment(index: int) -> None:
        hid, receiver = made[index]
        desk.comment(hid, by=receiver, note=f"Bank says three more days; told the customer ({index}).")

    spreads, floors, pooled = {}, {}, []
    for kind, action in zip(KINDS, (create, acknowledge, comment), strict=True):
        if floor is None:
            spreads[kind] = Spread.of(time_each(action, count))
            continue
        took, floored = time_pairs(action, floor, count)
        spreads[kind], floors[kind] = Spread.of(took), Spread.of(floored)
        pooled += floored
    return ActionCosts(spreads, open_before, floors, pooled)


def time_pairs(
    action: Callable[[int], object], floor: Callable[[int], object], count: int
) -> tuple[list[float], list[float]]:
    """Milliseconds of floor(i) then action(i), for i = 0..count-1: (actions, floors)."""
    took, floored = [], []
    for index in range(count):
        start = time.perf_counter()
        floor(index)
        middle = time.perf_counter()
        action(index)
        end = time.perf_counter()
        floored.append((middle - start) * 1000)
        took.append((end - middle) * 1000)
    return took, floored


def comment_costs_interleaved(roots: list[Path], *, count: int) -> list[Spread]:
    """Comments on live handovers (the cheapest action: its cost is the store's own overhead) on several
    stores, one on each in turn, so a drift of the machine's speed (other work, the disk) weighs on every
    store alike: the growth figure compares them."""
    desks = [Desk.open(root) for root in roots]
    live = [
        [row for row in desk.store.state.tables["handovers"].values() if row["status"] != "closed"] for desk in desks
    ]
    people = [[c.handle for c in desk.colleagues()] for desk in desks]
    took: list[list[float]] = [[] for _ in roots]
    for index in range(count):
        for number, desk in enumerate(desks):
            row = live[number][index % len(live[number])]
            by = people[number][index % len(people[number])]
            start = time.perf_counter()
            desk.comment(row["id"], by=by, note=f"Any news on this one? ({index})")
            took[number].append((time.perf_counter() - start) * 1000)
    return [Spread.of(values) for values in took]


def append_floor(root: Path, *, count: int) -> Spread:
    """Lock + one fsync'd append of a line the size of an event: what any durable action costs at least."""
    return Spread.of(append_floor_samples(root, count=count))


def append_floor_samples(root: Path, *, count: int) -> list[float]:
    """The floor's single timings, in ms, for pooling samples taken at several moments of a run."""
    return time_each(floor_append(root), count)


def floor_append(root: Path) -> Callable[[int], None]:
    """One floor operation: lock + one fsync'd append of a line the size of an event, to a file of its own."""
    line = _sample_event_line(root)
    target = root / "floor" / "append.jsonl"
    target.parent.mkdir(exist_ok=True)

    def append(_index: int) -> None:
        with exclusive(root / ".lock", 0o600):
            append_durably(target, line, 0o600)

    return append


def rewrite_floor(root: Path, *, count: int) -> tuple[Spread, Spread, int]:
    """An fsync'd atomic replace of a file the size of the live file, and json.dumps of it: the floor of
    any design that rewrites its live file per action (bytes prepared once, so this is the disk alone)."""
    document = json.loads((root / "state.json").read_bytes())
    data = json.dumps(document, ensure_ascii=False).encode()
    target = root / "floor" / "state-copy.json"
    target.parent.mkdir(exist_ok=True)
    writes = Spread.of(time_each(lambda _i: replace_atomically(target, data, 0o600), count))
    dumps = Spread.of(time_each(lambda _i: json.dumps(document, ensure_ascii=False).encode(), max(3, count // 4)))
    return writes, dumps, len(data)


def _sample_event_line(root: Path) -> bytes:
    logs = sorted((root / "log").glob("*.jsonl"))
    with open(logs[-1], "rb") as handle:
        handle.seek(max(0, os.path.getsize(logs[-1]) - 4096))
        lines = handle.read().splitlines(keepends=True)
    return lines[-1] if lines else b"{}\n"

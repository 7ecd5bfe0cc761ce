"""Snapshots made outside the lock: other writers go on meanwhile, and nothing they did is lost.

A writer serialises `state.json` without the lock, then takes it again to install the file.
Each test lets another process's desk act in that gap (by wrapping `Store._prepare`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import close, draft, seed, tables


def snapshot_seq(root: Path) -> int:
    return json.loads((root / "state.json").read_bytes())["position"]["seq"]


def in_the_gap(monkeypatch: pytest.MonkeyPatch, writer: Desk, meanwhile: Callable[[], None]) -> list[int]:
    """Run `meanwhile` after `writer` prepared a snapshot and before it installs it (once)."""
    prepared_at: list[int] = []
    real = Store._prepare

    def prepare(self: Store, archive_before: str | None) -> store_module.Prepared:
        prepared = real(self, archive_before)
        if self is writer.store and not prepared_at:
            prepared_at.append(prepared.position.seq)
            meanwhile()
        return prepared

    monkeypatch.setattr(Store, "_prepare", prepare)
    return prepared_at


def test_writes_made_while_a_snapshot_is_prepared_stay_in_the_tail(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    alice = seed(root, clock)  # 3 events
    bob = Desk.open(root, clock=clock)
    prepared_at = in_the_gap(
        monkeypatch, alice, lambda: bob.comment(alice.handovers()[0].id, by="bob", note="written in the gap")
    )
    hid = alice.hand_over(draft(), by="alice").id  # seq 4 crosses the multiple: alice prepares

    assert prepared_at == [4]
    assert snapshot_seq(root) == 4  # installed: snapshot at 4, bob's comment (5) in the log after it
    fresh = Store.open(root)
    assert fresh.position.seq == 5
    assert [e.note for e in Desk.open(root, clock=clock).handover(hid).events if e.kind == "comment"] == [
        "written in the gap"
    ]
    (root / "state.json").rename(root / "state.json.aside")  # the same as replaying the whole log
    assert tables(root)["handovers"] == fresh.state.tables["handovers"]
    assert verify_store(root).ok


def test_a_snapshot_is_dropped_when_another_process_wrote_a_newer_one(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    alice = seed(root, clock)
    bob = Desk.open(root, clock=clock)

    def bob_snapshots() -> None:
        bob.comment(alice.handovers()[0].id, by="bob", note="then a snapshot of its own")  # seq 5
        with bob.store.transaction():
            bob.store.checkpoint(archive_before=None)

    in_the_gap(monkeypatch, alice, bob_snapshots)
    hid = alice.hand_over(draft(), by="alice").id

    assert snapshot_seq(root) == 5  # bob's newer snapshot stands; alice's older one was not installed
    after = alice.comment(hid, by="alice", note="alice carries on")
    assert [e.seq for e in after.events] == [4, 5, 6]
    assert Desk.open(root, clock=clock).handover(hid).events == after.events
    assert verify_store(root).ok


def test_archiving_is_dropped_when_a_handover_it_moves_changed_meanwhile(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 10)
    alice = seed(root, clock)  # 3
    old = alice.hand_over(draft("Old Customer"), by="alice").id  # 4
    close(alice, old)  # 5, 6, 7
    kept = alice.hand_over(draft("Open Customer"), by="alice").id  # 8
    clock.advance(days=8)  # `old` closed past archive_after: the next snapshot moves it to the archive
    bob = Desk.open(root, clock=clock)
    in_the_gap(monkeypatch, alice, lambda: bob.comment(old, by="bob", note="a late word on a closed card"))
    alice.comment(kept, by="alice", note="tick")  # 9
    alice.comment(kept, by="alice", note="tock")  # 10: prepares a snapshot that archives `old`

    assert not (root / "archive").exists() and not (root / "state.json").exists()
    for reader in (alice, Desk.open(root, clock=clock)):
        notes = [e.note for e in reader.handover(old).events if e.kind == "comment"]
        assert notes == ["a late word on a closed card"]
    assert verify_store(root).ok


def test_a_failed_snapshot_is_tried_again_after_the_next_action(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    desk = seed(root, clock)
    real = store_module.replace_atomically
    failures = [OSError(28, "No space left on device")]

    def replace(path: Path, data: bytes, mode: int) -> None:
        if failures:
            raise failures.pop()
        real(path, data, mode)

    monkeypatch.setattr(store_module, "replace_atomically", replace)
    hid = desk.hand_over(draft(), by="alice").id  # seq 4: the snapshot fails, the action stands
    assert not (root / "state.json").exists()
    assert Desk.open(root, clock=clock).handover(hid).id == hid

    desk.comment(hid, by="alice", note="the next action")  # seq 5: tried again, not at the next multiple
    assert snapshot_seq(root) == 5
    assert verify_store(root).ok

"""Snapshots and archives: start-up is snapshot + tail, a crash between snapshot and log is harmless."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.errors import Refused
from shiftboard.services import Desk
from shiftboard.store import Store, log
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import LOG, close, draft, seed, tables


def snapshot(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "state.json").read_bytes())


def test_startup_reads_the_snapshot_then_only_the_tail(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 5)
    desk = seed(root, clock)  # 3 events
    hid = desk.hand_over(draft(), by="alice").id  # 4
    desk.acknowledge(hid, by="bob", read_back="On it")  # 5: checkpoint
    position = snapshot(root)["position"]
    assert position["seq"] == 5 and position["offset"] == (root / LOG).stat().st_size
    desk.comment(hid, by="alice", note="in the tail")  # 6, 7: after the snapshot
    desk.comment(hid, by="bob", note="also in the tail")

    asked: list[log.Position] = []
    real = log.read_after

    def spy(directory: Path, since: log.Position, **kw):  # type: ignore[no-untyped-def]
        asked.append(since)
        return real(directory, since, **kw)

    monkeypatch.setattr(log, "read_after", spy)
    fresh = Store.open(root)
    assert [(p.file, p.offset, p.seq) for p in asked] == [(position["file"], position["offset"], 5)]
    assert fresh.position.seq == 7
    assert fresh.state.tables["handovers"] == desk.store.state.tables["handovers"]

    # The same as replaying the whole log from nothing.
    (root / "state.json").rename(root / "state.json.aside")
    assert tables(root)["handovers"] == fresh.state.tables["handovers"]


def test_a_crash_between_snapshot_and_log_is_harmless(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id  # seq 4: first snapshot
    old = (root / "state.json").read_bytes()
    desk.acknowledge(hid, by="bob", read_back="On it")
    desk.comment(hid, by="alice", note="one")
    desk.comment(hid, by="alice", note="two")
    desk.comment(hid, by="alice", note="three")  # seq 8: second snapshot
    desk.comment(hid, by="alice", note="four")
    assert snapshot(root)["position"]["seq"] == 8
    now = tables(root)

    # The newest snapshot never made it (crash before its rename): the older one plus a longer tail.
    (root / "state.json").write_bytes(old)
    assert tables(root) == now
    # A leftover temp file of the interrupted replace is not read.
    (root / ".state.json.interrupted.tmp").write_bytes(old[: len(old) // 2])
    assert tables(root) == now
    assert verify_store(root).ok

    # And writing carries on from the log's end, not the snapshot's.
    after = Desk.open(root, clock=clock).comment(hid, by="bob", note="five")
    assert [e.note for e in after.events if e.kind == "comment"] == ["one", "two", "three", "four", "five"]
    assert [e.seq for e in after.events] == [4, 5, 6, 7, 8, 9, 10]
    assert verify_store(root).ok


def test_old_closed_handovers_move_to_the_archive_and_stay_readable(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    desk = seed(root, clock)
    closed = [desk.hand_over(draft(f"Closed {n}"), by="alice").id for n in range(2)]
    for hid in closed:
        close(desk, hid)
    kept = desk.hand_over(draft("Still Open"), by="alice").id
    recent = desk.hand_over(draft("Closed Recently"), by="alice").id
    clock.advance(days=6)
    close(desk, recent)
    clock.advance(days=2)  # the first two closed 8 days ago, past archive_after (7 days); `recent` 2 days ago

    while not (root / "archive").exists():  # a few actions until the next checkpoint runs
        desk.comment(kept, by="alice", note="tick")

    archived = json.loads((root / "archive" / "2026-11.json").read_bytes())
    assert sorted(archived["handovers"]) == closed
    assert sorted(h["id"] for h in snapshot(root)["tables"]["handovers"].values()) == sorted([kept, recent])
    for reader in (desk, Desk.open(root, clock=clock)):
        assert sorted(h.id for h in reader.handovers()) == sorted([kept, recent])
        for hid in closed:
            handover = reader.handover(hid)
            assert handover.status == "closed"
            assert [e.kind for e in handover.events] == ["create", "ack", "done", "verify"]
    with pytest.raises(Refused, match="archived"):
        desk.comment(closed[0], by="alice", note="too late")
    report = verify_store(root)
    assert report.ok, report.problems
    assert report.archived == 2


def test_ids_are_never_reused_once_the_highest_is_archived(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 2)
    desk = seed(root, clock)
    ids = [desk.hand_over(draft(f"Cust {n}"), by="alice").id for n in range(3)]
    for hid in ids:
        close(desk, hid)
    clock.advance(days=8)
    desk.comment(ids[-1], by="alice", note="archives everything at this checkpoint")
    assert desk.handovers() == [] and (root / "archive" / "2026-11.json").exists()

    for opener in (lambda: desk, lambda: Desk.open(root, clock=clock)):
        new = opener().hand_over(draft("New Customer"), by="alice")
        assert new.id not in ids and int(new.id[2:]) > int(ids[-1][2:])
        assert opener().handover(ids[0]).customer.name == "Cust 0"
    assert verify_store(root).ok


def test_a_store_copied_mid_snapshot_opens_the_same(root: Path, clock: FrozenClock, tmp_path: Path) -> None:
    """A backup taken between a snapshot and the next append reads the same as the live store."""
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=None)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    desk.acknowledge(hid, by="bob", read_back="On it")
    assert tables(copy)["handovers"]["1001"]["status"] == "pending"
    assert tables(root)["handovers"]["1001"]["status"] == "acknowledged"
    assert verify_store(copy).ok and verify_store(root).ok


def test_the_row_check_is_skipped_only_for_the_bytes_a_checkpoint_wrote(
    root: Path, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening trusts `state.json` only when its sha256 is the one `.checkpoint` recorded; a copy of the
    store (new inodes and times, same bytes) is trusted too, a hand edit is checked in full."""
    from shiftboard.store import snapshot as snapshot_module

    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=None)
    checked: list[dict] = []  # type: ignore[type-arg]
    real = snapshot_module.validate_rows

    def spy(tables, name):  # type: ignore[no-untyped-def]
        checked.append(tables)
        return real(tables, name)

    monkeypatch.setattr(snapshot_module, "validate_rows", spy)
    Store.open(root)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)  # what a backup or a move to another disk does
    assert Store.open(copy).state.tables["handovers"] == desk.store.state.tables["handovers"]
    assert checked == []

    path = copy / "state.json"
    path.write_bytes(path.read_bytes().replace(b"double charged", b"double billed"))  # a hand edit, still well typed
    edited = Store.open(copy)
    assert len(checked) == 1 and "1001" in checked[0]["handovers"]
    assert edited.state.tables["handovers"]["1001"]["summary"] == "the customer was double billed"

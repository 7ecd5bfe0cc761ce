"""Witnesses: what the chain alone cannot show (every hash recomputed, the last events cut off) is
named by the witness of a user who saw those events; without one, verify passes and says so."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from platformdirs import user_state_path

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, witness
from shiftboard.store.chain import seal, to_line
from shiftboard.store.verify import verify_store
from shiftboard.store.witness import Witness, state_dir, witness_path

from .helpers import LOG, draft, events, lock_is_free, log_lines, seed


@pytest.fixture
def written(root: Path, clock: FrozenClock) -> Desk:
    """Seqs 1-3 colleagues, 4 create H-1001, 5-9 comments; all written by this user (so witnessed)."""
    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    for n in range(5):
        desk.comment("H-1001", by="bob", note=f"note {n}")
    return desk


def as_another_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Path:
    """From here on, this process keeps its witnesses in `name`'s own state directory."""
    home = tmp_path / name
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def test_the_last_events_cut_off_are_named_by_the_writers_witness(
    written: Desk, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = witness_path(root)
    lines = log_lines(root)
    (root / LOG).write_bytes(b"".join(lines[:-2]))  # what is left still links: the chain check passes

    report = verify_store(root)
    assert report.problems == [
        f"the store ends at seq 7 but this user's witness ({mine}) saw seq 9: events were cut off"
    ], report.problems

    # Another user, who never saw seqs 8 and 9, cannot tell: verify passes, and says why it could not.
    as_another_user(monkeypatch, tmp_path, "carol")
    report = verify_store(root)
    assert report.ok, report.problems
    assert any(note.startswith("no witness: this user has none for this store") for note in report.notes)
    # ... unless given the writer's witness.
    report = verify_store(root, witnesses=[mine])
    assert report.problems == [f"the store ends at seq 7 but the witness ({mine}) saw seq 9: events were cut off"]


def rehash_from(root: Path, seq: int, edit) -> None:  # type: ignore[no-untyped-def]
    """Edit event `seq`, then recompute its hash and every later one, so every link holds again."""
    chain = events(root)
    head = chain[seq - 2]["hash"] if seq > 1 else "0" * 64
    for event in chain[seq - 1 :]:
        if event["seq"] == seq:
            edit(event)
        seal(event, head)
        head = event["hash"]
    (root / LOG).write_bytes(b"".join(to_line(event) for event in chain))


def test_an_edit_with_every_hash_recomputed_is_named_by_the_writers_witness(
    written: Desk, root: Path, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with written.store.transaction():
        written.store.checkpoint(archive_before=None)
    mine = witness_path(root)

    # Mallory, of the team's group, rewrites note 1 and every later hash, then remakes the snapshot.
    as_another_user(monkeypatch, tmp_path, "mallory")
    rehash_from(root, 6, lambda event: event.update(note="note one, as I remember it"))
    (root / "state.json").unlink()
    (root / ".checkpoint").unlink()
    forged = Store.open(root)
    with forged.transaction():
        forged.checkpoint(archive_before=None)
    assert verify_store(root, own_witness=False).ok  # the chain and the replay alone see nothing

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))  # back to the writer
    report = verify_store(root)
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert problem.startswith(f"{LOG} line 6: event seq 6 was witnessed with hash "), problem
    assert f"by this user's witness ({mine}), but the store's seq 6 has hash " in problem
    assert problem.endswith("history was rewritten (at this event or before it)")

    as_another_user(monkeypatch, tmp_path, "carol")
    assert f"by the witness ({mine})" in verify_store(root, witnesses=[mine]).problems[0]


def test_the_witness_is_this_users_alone_and_written_after_the_lock(
    written: Desk, root: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = witness_path(root)
    assert path.parent == state_home / "shiftboard" / "witness"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert lines[0] == {"store": str(root.resolve())}
    hashes = {event["seq"]: event["hash"] for event in events(root)}
    assert {(entry["seq"], entry["hash"]) for entry in lines[1:] if entry["as"] == "wrote"} == set(hashes.items())

    lock_free: list[bool] = []
    real = Witness._note

    def note(self: Witness, data: bytes, *, restart: bool) -> None:
        lock_free.append(lock_is_free(root))
        real(self, data, restart=restart)

    monkeypatch.setattr(Witness, "_note", note)
    written.comment("H-1001", by="alice", note="one more")
    assert lock_free == [True]  # nobody waits on the witness


def test_no_state_directory_never_stops_a_write(root: Path, clock: FrozenClock, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    in_the_way = tmp_path / "a-file"
    in_the_way.write_bytes(b"")
    monkeypatch.setenv("XDG_STATE_HOME", str(in_the_way))  # no directory can be made there
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    assert Desk.open(root, clock=clock).handover(hid).customer.name == "Jane Doe"
    report = verify_store(root)
    assert report.ok and any(note.startswith("no witness") for note in report.notes)


def test_a_long_witness_is_compacted_and_still_catches_a_cut(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(witness, "MAX_BYTES", 2000)
    monkeypatch.setattr(witness, "KEEP", 5)
    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    for n in range(40):
        desk.comment("H-1001", by="bob", note=f"note {n}")
    path = witness_path(root)
    assert path.stat().st_size <= 2000 + 200
    entries = [json.loads(line) for line in path.read_bytes().splitlines()[1:]]
    assert max(entry["seq"] for entry in entries) == 44
    (root / LOG).write_bytes(b"".join(log_lines(root)[:-1]))
    assert "but this user's witness" in verify_store(root).problems[0]


def test_a_new_store_at_the_same_path_starts_a_new_witness(root: Path, clock: FrozenClock) -> None:
    seed(root, clock).hand_over(draft(), by="alice")
    shutil.rmtree(root)
    seed(root, clock)  # this user writes seq 1 again: the old store's notes no longer apply
    assert verify_store(root).ok


def test_verify_notes_what_each_witness_covered(written: Desk, root: Path) -> None:
    report = verify_store(root)
    assert report.ok
    assert report.notes == [f"checked against this user's witness ({witness_path(root)}): 9 events it saw, up to seq 9"]


def test_a_running_reader_notes_the_last_event_it_read(root: Path, clock: FrozenClock, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    desk = seed(root, clock)
    as_another_user(monkeypatch, tmp_path, "reader")
    reader = Store.open(root)
    desk.hand_over(draft(), by="alice")
    monkeypatch.setattr(witness, "READ_EVERY_SECONDS", 0.0)
    assert reader.refresh()
    entries = [json.loads(line) for line in witness_path(root).read_bytes().splitlines()[1:]]
    assert entries[-1] == {"seq": 4, "hash": events(root)[-1]["hash"], "as": "read"}
    (root / LOG).write_bytes(b"".join(log_lines(root)[:-1]))
    assert verify_store(root).problems[0].startswith("the store ends at seq 3 but this user's witness")


@pytest.mark.parametrize("xdg", [None, "/srv/state"])
def test_the_state_directory_is_platformdirs_own(xdg: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if xdg is None:
        monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_STATE_HOME", xdg)
    assert state_dir() == user_state_path("shiftboard", appauthor=False, ensure_exists=False)
    assert os.path.isabs(state_dir())

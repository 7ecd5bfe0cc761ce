"""Temp files of a crashed atomic replace are removed by the next writer, cheaply."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import debris
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import START, draft, seed

FORK = multiprocessing.get_context("fork")


def snapshot_then_hang(root: Path, report: int) -> None:
    """Write until a snapshot's temp file is half written, say so, and wait to be killed there."""
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.startswith(".state.json.") and name.endswith(".tmp"):
            done = real_write(fd, bytes(data)[: len(data) // 2])
            real_write(report, name.encode() + b"\n")
            time.sleep(60)
            return done
        return real_write(fd, data)

    os.write = write  # type: ignore[assignment]  # this child only
    desk = Desk.open(root, clock=FrozenClock(START))
    for n in range(20):
        desk.hand_over(draft(f"Kept Secret{n}"), by="alice")


def test_a_kill_during_a_snapshot_leaves_a_temp_file_the_next_write_removes(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 6)
    seed(root)
    read, write = os.pipe()
    proc = FORK.Process(target=snapshot_then_hang, args=(root, write))
    proc.start()
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        name = pipe.readline().strip().decode()
        os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    left = root / name
    assert left.exists() and b"Kept Secret" in left.read_bytes()  # customer data, in a file nothing renames

    desk = Desk.open(root, clock=FrozenClock(START))
    assert left.exists()  # opening reads; only a writer, holding the lock, may take it away
    desk.comment("H-1001", by="bob", note="the next write")
    assert not left.exists()
    assert not list(root.rglob("*.tmp"))
    assert verify_store(root).ok


@pytest.mark.parametrize("where", ["", "log", "archive"])
def test_debris_in_each_directory_is_removed_and_a_link_there_only_unlinked(
    where: str, root: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    desk = seed(root, clock)
    directory = root / where
    directory.mkdir(exist_ok=True)
    (directory / ".2026-11.json.k1ll3d.tmp").write_bytes(b"half a file")
    aim = tmp_path / "someone-elses"
    aim.write_bytes(b"not the store's")
    os.symlink(aim, directory / ".state.json.l1nk.tmp")
    keep = directory / "notes.tmp"  # not an atomic replace's name: not ours to remove
    keep.write_bytes(b"")
    desk.hand_over(draft(), by="alice")
    assert sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp")) == ["notes.tmp"]
    assert aim.read_bytes() == b"not the store's"


def test_a_clean_directory_is_not_listed_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of an action: a stat per directory, a listing only when one changed since it was clean."""
    monkeypatch.setattr(debris, "SETTLED_NS", 0)
    directory = tmp_path / "d"
    directory.mkdir()
    listed: list[int] = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda fd: listed.append(fd) or real(fd))
    watch = debris.Debris(directory)
    watch.sweep()
    watch.sweep()
    assert len(listed) == 1
    time.sleep(0.02)  # a tick of the file system's clock
    (directory / ".state.json.abc.tmp").write_bytes(b"")
    watch.sweep()
    assert len(listed) == 2 and not any(directory.iterdir())


def test_a_directory_changed_just_now_is_listed_again(tmp_path: Path) -> None:
    """A change in the same mtime tick as the last look would not move the mtime: recent means look again."""
    directory = tmp_path / "d"
    directory.mkdir()
    info = os.stat(directory)
    watch = debris.Debris(directory)
    watch.sweep()  # clean, but changed within SETTLED_NS: not trusted to stay so
    temp = directory / ".state.json.abc.tmp"
    temp.write_bytes(b"")
    os.utime(directory, ns=(info.st_atime_ns, info.st_mtime_ns))  # as if made in the same tick
    watch.sweep()
    assert not temp.exists()

"""Durable on return: the log is fsync'd before an action returns; a failed write is reported and harmless."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import LOG, close, draft, events, seed, tables, tree


class Trace:
    """Records writes, fsyncs and renames by path, through the os functions the store calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ops: list[tuple[str, str]] = []
        self.paths: dict[int, str] = {}
        self.fail: Callable[[str, str], None] = lambda op, path: None
        real = {name: getattr(os, name) for name in ("open", "close", "write", "fsync", "replace", "ftruncate")}
        self.real = real

        def op_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
            fd = real["open"](path, flags, mode, dir_fd=dir_fd)
            self.paths[fd] = self.where(path, dir_fd)
            return fd

        def op_close(fd: int) -> None:
            self.paths.pop(fd, None)
            real["close"](fd)

        def by_fd(name: str) -> Callable[..., Any]:
            def call(fd: int, *args: Any) -> Any:
                path = self.paths.get(fd, f"fd {fd}")
                self.fail(name, path)
                self.ops.append((name, path))
                return real[name](fd, *args)

            return call

        def op_replace(src: Any, dst: Any, **kwargs: Any) -> None:
            self.ops.append(("replace", self.where(dst, kwargs.get("dst_dir_fd"))))
            real["replace"](src, dst, **kwargs)

        for name, fake in [("open", op_open), ("close", op_close), ("replace", op_replace)]:
            monkeypatch.setattr(os, name, fake)
        for name in ("write", "fsync", "ftruncate"):
            monkeypatch.setattr(os, name, by_fd(name))

    def where(self, path: Any, dir_fd: int | None) -> str:
        """The whole path of a file named relative to an open directory (the store opens that way)."""
        if dir_fd is None:
            return os.fspath(path)
        return os.path.join(self.paths.get(dir_fd, f"fd {dir_fd}"), os.fspath(path))

    def during(self, action: Callable[[], Any]) -> list[tuple[str, str]]:
        start = len(self.ops)
        action()
        return self.ops[start:]


@pytest.fixture
def trace(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trace]:
    yield Trace(monkeypatch)


def test_every_action_fsyncs_the_log_before_it_returns(root: Path, clock: FrozenClock, trace: Trace) -> None:
    log = str(root / LOG)
    first = trace.during(lambda: seed(root, clock))
    # The first write creates log/ and the month's file: both directory entries are made durable too.
    assert ("fsync", str(root)) in first and ("fsync", str(root / "log")) in first
    desk = Desk.open(root, clock=clock)
    actions: list[Callable[[], Any]] = [
        lambda: desk.hand_over(draft(), by="alice"),
        lambda: desk.acknowledge("H-1001", by="bob", read_back="On it"),
        lambda: desk.comment("H-1001", by="alice", note="noted"),
        lambda: desk.done("H-1001", by="bob", outcome="refunded"),
        lambda: desk.verify_close("H-1001", by="alice"),
        lambda: desk.add_colleague("carl", name="Carl"),
    ]
    for action in actions:
        ops = trace.during(action)
        writes = [i for i, op in enumerate(ops) if op == ("write", log)]
        fsyncs = [i for i, op in enumerate(ops) if op == ("fsync", log)]
        assert len(writes) == 1 and fsyncs and fsyncs[-1] > writes[-1], ops


def test_a_snapshot_is_fsynced_before_and_after_its_rename(
    root: Path, clock: FrozenClock, trace: Trace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)
    ops = trace.during(lambda: seed(root, clock).hand_over(draft(), by="alice"))
    rename = ops.index(("replace", str(root / "state.json")))
    temp = next(path for op, path in reversed(ops[:rename]) if op == "write")
    assert Path(temp).parent == root and Path(temp).name.startswith(".state.json.")
    assert ("fsync", temp) in ops[:rename]
    assert ("fsync", str(root)) in ops[rename:]


def disk_full(on: str, op: str = "write") -> Callable[[str, str], None]:
    def fail(name: str, path: str) -> None:
        if name == op and Path(path).name.startswith(on):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return fail


@pytest.mark.parametrize("op", ["write", "fsync"])
def test_a_failed_append_is_reported_and_leaves_nothing_behind(
    op: str, root: Path, clock: FrozenClock, trace: Trace
) -> None:
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    before, state = tree(root), tables(root)
    real_write = trace.real["write"]

    def half_then_full(name: str, path: str) -> None:
        if name == "write" and op == "write" and path.endswith(LOG):
            # Half the line reaches the file, then the disk is full.
            fd = next(fd for fd, p in trace.paths.items() if p == path)
            real_write(fd, b'{"actor":"alice","at":')
        disk_full("2026-11.jsonl", op)(name, path)

    trace.fail = half_then_full
    with pytest.raises(StoreError, match=r"could not write log/2026-11\.jsonl \(No space left on device\); the action"):
        desk.comment(hid, by="alice", note="lost to a full disk")
    assert tree(root) == before and tables(root) == state  # cut back: nothing a reader could see
    assert verify_store(root).ok and verify_store(root).torn_tail is None
    assert "lost to a full disk" not in [e.note for e in desk.handover(hid).events]

    trace.fail = lambda name, path: None
    desk.comment(hid, by="alice", note="after the disk was cleared")
    assert [e.note for e in Desk.open(root, clock=clock).handover(hid).events if e.kind == "comment"] == [
        "after the disk was cleared"
    ]
    assert [e["seq"] for e in events(root)] == list(range(1, len(events(root)) + 1))


def test_a_failed_append_that_cannot_be_cut_back_is_a_torn_tail(root: Path, clock: FrozenClock, trace: Trace) -> None:
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    state = tables(root)
    real_write = trace.real["write"]

    def failing(name: str, path: str) -> None:
        if not path.endswith(LOG):
            return
        if name == "write":
            fd = next(fd for fd, p in trace.paths.items() if p == path)
            real_write(fd, b'{"actor":"alice","at":')
            raise OSError(errno.ENOSPC, "No space left on device")
        if name == "ftruncate":
            raise OSError(errno.EIO, "Input/output error")

    trace.fail = failing
    with pytest.raises(StoreError, match="the action was not saved"):
        desk.comment(hid, by="alice", note="lost")
    assert (root / LOG).read_bytes().endswith(b'{"actor":"alice","at":')
    assert tables(root) == state and verify_store(root).ok  # readers skip the torn tail

    trace.fail = lambda name, path: None
    desk.comment(hid, by="bob", note="next")
    assert (root / LOG).read_bytes().endswith(b"\n")
    assert verify_store(root).torn_tail is None and verify_store(root).ok


@pytest.mark.parametrize("target", ["state.json", "2026-11.json"])
def test_a_failed_snapshot_or_archive_does_not_fail_the_action_it_follows(
    target: str, root: Path, clock: FrozenClock, trace: Trace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The action's event is already durable: reporting it as failed would invite a second, duplicate try."""
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 3)
    desk = seed(root, clock)  # snapshot at seq 3
    hid = desk.hand_over(draft(), by="alice").id
    close(desk, hid)  # seq 7; snapshots at seq 3 and 6
    clock.advance(days=8)
    snapshot = (root / "state.json").read_bytes()

    refused: list[str] = []

    def full(name: str, path: str) -> None:
        if name == "write" and Path(path).name.startswith(f".{target}."):
            refused.append(path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    trace.fail = full
    desk.set_on_shift("alice", True, by="sue")  # seq 8
    new = desk.hand_over(draft("John Roe"), by="alice")  # seq 9: due a checkpoint that archives H-1001
    assert refused  # the checkpoint did run, and failed
    desk.refresh()
    assert (root / "state.json").read_bytes() == snapshot
    assert not [p for p in root.rglob("*.tmp")]
    assert Desk.open(root, clock=clock).handover(new.id).customer.name == "John Roe"
    assert desk.handover(hid).status == "closed"
    assert verify_store(root).ok

    trace.fail = lambda name, path: None
    desk.comment(new.id, by="alice", note="disk cleared")  # the next action checkpoints
    assert (root / "state.json").read_bytes() != snapshot
    assert (root / "archive" / "2026-11.json").exists()
    assert [h.id for h in Desk.open(root, clock=clock).handovers()] == [new.id]
    assert verify_store(root).ok

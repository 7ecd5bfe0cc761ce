"""Change detection: a reader sees other processes' writes on refresh(), and re-reads nothing when nothing changed."""

from __future__ import annotations

import builtins
import io
import multiprocessing
import os
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store

from .helpers import START, close, draft, seed

FORK = multiprocessing.get_context("fork")


def comment_elsewhere(root: Path, note: str) -> None:
    Desk.open(root, clock=FrozenClock(START)).comment("H-1001", by="bob", note=note)


def write_in_another_process(root: Path, note: str) -> None:
    proc = FORK.Process(target=comment_elsewhere, args=(root, note))
    proc.start()
    proc.join(20)
    assert proc.exitcode == 0


def opens_during(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[str]:
    """Every file under `root` opened from now on (by open(), io.open, Path.read_bytes or os.open);
    listing a directory (an open with O_DIRECTORY) is not reading a file."""
    opened: list[str] = []

    def spy(real, *, os_open: bool = False):  # type: ignore[no-untyped-def]
        def call(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs.get("dir_fd") is not None:  # opened relative to a directory's descriptor
                file = Path(os.readlink(f"/proc/self/fd/{kwargs['dir_fd']}")) / file
            directory = os_open and bool(args[0] & os.O_DIRECTORY)
            if isinstance(file, (str, Path)) and str(file).startswith(str(root)) and not directory:
                opened.append(str(file))
            return real(file, *args, **kwargs)

        return call

    monkeypatch.setattr(builtins, "open", spy(builtins.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    monkeypatch.setattr(os, "open", spy(os.open, os_open=True))
    return opened


def test_a_reader_sees_another_process_write_after_refresh(root: Path, clock: FrozenClock) -> None:
    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    reader = Desk.open(root, clock=clock)
    assert reader.refresh() is False

    write_in_another_process(root, "from elsewhere")
    assert [e.note for e in reader.handover("H-1001").events if e.kind == "comment"] == []  # until it looks
    assert reader.refresh() is True
    assert [e.note for e in reader.handover("H-1001").events if e.kind == "comment"] == ["from elsewhere"]
    assert reader.refresh() is False


def test_refresh_with_nothing_new_stats_but_reads_nothing(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=None)
    desk.comment("H-1001", by="alice", note="in the tail")
    reader = Store.open(root)
    state = reader.state

    opened = opens_during(monkeypatch, root)
    for _ in range(3):
        assert reader.refresh() is False
    assert opened == [] and reader.state is state

    write_in_another_process(root, "new")
    assert reader.refresh() is True
    assert opened == [str(root / "log" / "2026-11.jsonl")]  # only the log's new tail; not state.json


def test_a_new_snapshot_that_archived_cards_counts_as_a_change(root: Path, clock: FrozenClock) -> None:
    """Archiving moves cards without a new event; a board that asked must still learn of it."""
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    close(desk, hid)
    reader = Desk.open(root, clock=clock)
    clock.advance(days=8)
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=clock.now().isoformat())
    assert reader.refresh() is True
    assert reader.handovers() == [] and reader.handover(hid).status == "closed"
    assert reader.refresh() is False


def test_tinydb_queries_see_other_processes_writes_under_the_lock(root: Path, clock: FrozenClock) -> None:
    """TinyDB caches query results per table: they must not survive another process's write."""
    from tinydb import Query

    desk = seed(root, clock)
    desk.hand_over(draft(), by="alice")
    reader = Desk.open(root, clock=clock)
    table = reader.store.state.table("handover")
    pending = Query().status == "pending"
    assert [row["id"] for row in table.search(pending)] == ["H-1001"]  # now cached

    Desk.open(root, clock=clock).acknowledge("H-1001", by="bob", read_back="On it")
    assert reader.refresh() is True
    assert reader.store.state.table("handover").search(pending) == []
    # And a write's check runs on the latest state even without a refresh first.
    Desk.open(root, clock=clock).done("H-1001", by="bob", outcome="refunded")
    assert reader.verify_close("H-1001", by="alice").status == "closed"

"""Symbolic links anywhere in the store are refused, never followed; what they point to is left untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, StoreError
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .helpers import LOG, close, draft, seed

TARGETS = [".lock", LOG, "state.json", ".checkpoint", "archive/2026-11.json", "log", "archive"]


def every_file(root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Desk:
    """A store with each kind of file: lock, log, snapshot, marker, archive."""
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 3)
    desk = seed(root, clock)
    close(desk, desk.hand_over(draft(), by="alice").id)
    clock.advance(days=8)
    desk.hand_over(draft("John Roe"), by="alice")
    desk.hand_over(draft("Fred Bloggs"), by="alice")
    assert all((root / target).exists() for target in TARGETS)
    return desk


def fingerprint(path: Path) -> dict[str, tuple[str, int]]:
    """Every file at or under `path` -> (sha256, mtime): what must not change."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}


def swap_for_link(root: Path, target: str, elsewhere: Path) -> Path:
    """Move the store's `target` out to `elsewhere` and leave a link to it in its place."""
    place = root / target
    moved = elsewhere / place.name
    elsewhere.mkdir(exist_ok=True)
    shutil.move(place, moved)
    os.symlink(moved, place)
    return moved


def refused(attempt) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError) as error:
        attempt()
    return str(error.value)


@pytest.mark.parametrize("target", TARGETS)
def test_a_link_in_the_store_is_refused_and_its_target_untouched(
    target: str, root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    open_before = every_file(root, clock, monkeypatch)
    moved = swap_for_link(root, target, tmp_path / "elsewhere")
    before = fingerprint(moved)

    for attempt in (lambda: Desk.open(root, clock=clock), lambda: Store.open(root, create=True)):
        message = refused(attempt)
        assert f"{root / target} is a symbolic link" in message and "\n" not in message, message
    report = verify_store(root)
    assert not report.ok and f"{root / target} is a symbolic link" in report.problems[0], report.problems

    # A process that opened the store before the link appeared: its writes refuse the link or never meet it.
    for write in (
        lambda: open_before.comment("H-1002", by="alice", note="after the swap"),
        lambda: open_before.hand_over(draft("Late Comer"), by="alice"),
    ):
        try:
            write()
        except StoreError as error:
            assert "is a symbolic link" in str(error) and "\n" not in str(error), error
    assert fingerprint(moved) == before, "the link's target was changed"
    assert (root / target).is_symlink()


def test_a_dangling_lock_link_creates_nothing_where_it_points(root: Path, tmp_path: Path) -> None:
    desk = seed(root)
    (root / ".lock").unlink()
    aim = tmp_path / "planted" / "lock"
    aim.parent.mkdir()
    os.symlink(aim, root / ".lock")
    message = refused(lambda: desk.comment("H-1001", by="alice", note="x"))
    assert message.startswith(f"{root / '.lock'} is a symbolic link")
    assert list(aim.parent.iterdir()) == []


def test_a_store_reached_through_a_link_is_used_where_it_really_is(root: Path, tmp_path: Path) -> None:
    """The path a person gives may run through links; it is resolved once, and nothing below it may be one."""
    seed(root)
    via = tmp_path / "shortcut"
    os.symlink(root, via)
    desk = Desk.open(via)
    hid = desk.hand_over(draft(), by="alice").id
    assert desk.store.root == root.resolve()
    assert Desk.open(root).handover(hid).customer.name == "Jane Doe"
    assert verify_store(via).ok


@pytest.mark.parametrize("target", [LOG, "state.json", ".checkpoint", "archive/2026-11.json"])
def test_a_fifo_in_place_of_a_file_is_refused_at_once_not_waited_on(
    target: str, root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any member of the team's group may swap a store file for a named pipe: opening it waited for a
    writer forever, so every board and command of every colleague hung without a word."""
    every_file(root, clock, monkeypatch)
    (root / target).unlink()
    os.mkfifo(root / target, 0o660)
    done = subprocess.run(
        [sys.executable, "-m", "shiftboard", "list", "--all", "--store", str(root)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    refusal = f"shiftboard: {root / target} is not a regular file; a store holds only files and directories\n"
    assert done.stderr == refusal
    assert verify_store(root).ok is False

"""A store's host failing, as people meet it on the command line and on the board.

tests/store/ checks the bytes (a failed append cut back, corruption refused, modes); here the
same faults reach a person: a disk that is full (a real small tmpfs, and a failing write that
needs no privilege), a read-only store, a lock held by a hung process, a store written by a
newer Shiftboard, and a store edited by hand. Each gives one clear line (or one notification
on a board that keeps running), nothing is lost and not one byte is overwritten.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from pathlib import Path

import pytest

from shiftboard.store import lock as lock_module
from shiftboard.store import store as store_module
from shiftboard.store.verify import verify_store

from .board import SIZE, board_app, board_screen, messages, select
from .faults import fill, lock_held_by_a_hung_process, remount_read_only, tmpfs
from .helpers import STATES, digest, every_state, run_cli
from .ptys import Pty

BIG = "x" * 1900  # six of these make an event far larger than the slack left in a file's last page
BIG_ADD = [
    "--customer",
    "Ms Jaya Patel",
    "--contact",
    "07700 900018",
    "--summary",
    BIG,
    "--taken",
    BIG,
    "--informed",
    "yes",
]
BIG_ADD += ["--action", BIG, "--prefs", BIG, "--promise", BIG, "--contingency", BIG]
SCRIPT = Path(sys.executable).with_name("shiftboard")


def add(root: Path, *extra: str) -> list[str]:
    return ["add", "--as", "alice", "--to", "bob", *extra, "--store", str(root)]


async def acknowledge_on_the_board(pilot, app, hid: str = "H-1001") -> None:  # type: ignore[no-untyped-def]
    """bob selects the card, presses a, reads the action back and enters."""
    await select(pilot, hid)
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*"On it", "enter")
    await pilot.pause()


# A full disk -----------------------------------------------------------------------------------


def test_a_full_disk_on_the_command_line_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        root = disk / "store"
        every_state(root)
        filler = fill(disk)
        before = digest(root)

        refused = run_cli(*add(root, *BIG_ADD))
        assert refused.code == 1
        line = refused.one_line()
        assert "No space left on device" in line and "the action was not saved" in line, line
        assert digest(root) == before, "a failed write left bytes behind"
        listed = run_cli("list", "--store", str(root))
        assert listed.code == 0 and all(hid in listed.out for hid in STATES), "reading still works"

        filler.unlink()
        saved = run_cli(*add(root, *BIG_ADD))
        assert saved.code == 0 and saved.out.startswith("H-1007"), saved
        assert verify_store(root).ok


def _disk_full_on_append(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes, mode: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_module, "append_durably", full)


def test_a_failing_write_on_the_command_line_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "store"
    every_state(root)
    before = digest(root)
    _disk_full_on_append(monkeypatch)
    for argv in (
        ["ack", "H-1001", "--as", "bob", "--note", "On it"],
        ["comment", "H-1002", "--as", "carol", "--note", "n"],
    ):
        result = run_cli(*argv, "--store", str(root))
        assert result.code == 1
        assert result.one_line() == (
            "shiftboard: could not write log/2026-11.jsonl (No space left on device); the action was not saved"
        )
    assert digest(root) == before
    monkeypatch.undo()
    assert run_cli("ack", "H-1001", "--as", "bob", "--note", "On it", "--store", str(root)).code == 0


async def test_a_failing_write_on_the_board_is_a_notification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "store"
    every_state(root)
    before = digest(root)
    app = board_app(root, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _disk_full_on_append(monkeypatch)
        await acknowledge_on_the_board(pilot, app)
        board_screen(app)
        assert "No space left on device" in messages(app)[-1] and "not saved" in messages(app)[-1]
        assert digest(root) == before
        monkeypatch.undo()  # the disk is cleared: the same key works
        await acknowledge_on_the_board(pilot, app)
        assert messages(app)[-1] == "H-1001 acknowledged · z undoes (2 min)"
        assert app.is_running
    assert verify_store(root).ok


# A read-only store -----------------------------------------------------------------------------


def test_a_read_only_store_reads_but_refuses_writes_clearly(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        root = disk / "store"
        every_state(root)
        remount_read_only(disk)
        before = digest(root)
        assert run_cli("list", "--store", str(root)).code == 0
        assert run_cli("verify", "--store", str(root)).code == 0
        small = [
            "--customer",
            "c",
            "--contact",
            "c",
            "--summary",
            "s",
            "--taken",
            "t",
            "--action",
            "a",
            "--informed",
            "yes",
        ]
        for argv in (["ack", "H-1001", "--as", "bob", "--note", "On it", "--store", str(root)], add(root, *small)):
            result = run_cli(*argv)
            assert result.code == 1, result
            assert result.one_line() == f"shiftboard: cannot write to the store: Read-only file system ({root}/.lock)"
        assert digest(root) == before


async def test_a_read_only_store_on_the_board_is_a_notification(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        root = disk / "store"
        every_state(root)
        remount_read_only(disk)
        before = digest(root)
        app = board_app(root, "bob")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await acknowledge_on_the_board(pilot, app)
            board_screen(app)
            assert "cannot write to the store: Read-only file system" in messages(app)[-1]
            assert app.is_running
        assert digest(root) == before


# A lock held by a hung process -----------------------------------------------------------------


def test_a_hung_lock_holder_makes_a_script_give_up_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "store"
    every_state(root)
    before = digest(root)
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 1.0)
    with lock_held_by_a_hung_process(root):
        started = time.monotonic()
        result = run_cli("ack", "H-1001", "--as", "bob", "--note", "On it", "--store", str(root))
        waited = time.monotonic() - started
    assert result.code == 1
    assert result.one_line() == (
        f"shiftboard: the store is busy: another process has held {root}/.lock for over 1s; try again"
    )
    assert 0.9 <= waited < 30
    assert digest(root) == before
    assert run_cli("ack", "H-1001", "--as", "bob", "--note", "On it", "--store", str(root)).code == 0, (
        "free again once it is gone"
    )


def test_a_hung_lock_holder_on_a_terminal_says_it_waits_then_gives_up(tmp_path: Path) -> None:
    """The real script on a terminal: a waiting line at once, the busy line after the timeout."""
    root = tmp_path / "store"
    every_state(root)
    before = digest(root)
    env = {k: v for k, v in os.environ.items() if k not in ("USER", "SHIFTBOARD_STORE")}
    env["SHIFTBOARD_LOCK_WAIT"] = "2"  # the wait is configurable: the test need not sleep the default 10 s
    with lock_held_by_a_hung_process(root):
        started = time.monotonic()
        terminal = Pty([str(SCRIPT), "ack", "H-1001", "--as", "bob", "--note", "On it", "--store", str(root)], env)
        terminal.expect("waiting for another shiftboard process", timeout=30)
        status = terminal.wait(timeout=2 + 60)
        waited = time.monotonic() - started
    lines = [line for line in terminal.text.splitlines() if line.strip()]
    assert status == 1
    assert lines == [
        "shiftboard: waiting for another shiftboard process to finish writing...",
        f"shiftboard: the store is busy: another process has held {root}/.lock for over 2s; try again",
    ], terminal.text
    assert 2 <= waited < 2 + 60
    assert digest(root) == before


async def _wait_for_message(pilot, app, wanted: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not any(wanted in said for said in messages(app)):
        assert time.monotonic() < deadline, f"never said {wanted!r}: {messages(app)}"
        await pilot.pause(0.05)


async def test_a_hung_lock_holder_on_the_board_never_freezes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "store"
    every_state(root)
    before = digest(root)
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 3.0)
    app = board_app(root, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with lock_held_by_a_hung_process(root):
            started = time.monotonic()
            await acknowledge_on_the_board(pilot, app)
            assert time.monotonic() - started < 2.5, "the key press waited for the lock"
            # The write waits in its worker thread and says so after 0.1 s: wait for that, not for a pause.
            await _wait_for_message(pilot, app, "Another process is writing to the store; retrying", timeout=2.0)
            await pilot.press("l", "j")  # the board answers keys while the write waits (on to bob's own column)
            await pilot.pause()
            assert board_screen(app).selected_handover().id != "H-1001"  # type: ignore[union-attr]
            await _wait_for_message(pilot, app, "the store is busy")
            assert "try again" in messages(app)[-1]
            assert digest(root) == before
        await acknowledge_on_the_board(pilot, app)  # the holder is gone: the same key works at once
        assert messages(app)[-1] == "H-1001 acknowledged · z undoes (2 min)"


async def test_the_board_writes_as_soon_as_a_slow_holder_lets_go(tmp_path: Path) -> None:
    root = tmp_path / "store"
    every_state(root)
    app = board_app(root, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with lock_held_by_a_hung_process(root) as holder:
            await acknowledge_on_the_board(pilot, app)
            await _wait_for_message(pilot, app, "retrying", timeout=2.0)  # said after 0.1 s, from the worker
            holder.kill()
            await _wait_for_message(pilot, app, "H-1001 acknowledged · z undoes (2 min)")
        assert board_screen(app) and app.is_running
    assert verify_store(root).ok


# A store from a newer Shiftboard, and one edited by hand ---------------------------------------


def _snapshot(root: Path) -> Path:
    desk = every_state(root)
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=None)
    return root / "state.json"


def _newer(snapshot: Path) -> None:
    document = json.loads(snapshot.read_bytes())
    document["schema"] = 99
    snapshot.write_text(json.dumps(document))


def test_a_store_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "store"
    snapshot = _snapshot(root)
    _newer(snapshot)
    before = digest(root)
    says = (
        "shiftboard: state.json was written by a newer Shiftboard (schema 99; this one reads up to 1); "
        "upgrade Shiftboard"
    )
    for argv in (["list"], ["ack", "H-1001", "--as", "bob", "--note", "On it"], ["--as", "bob"], ["verify"]):
        result = run_cli(*argv, "--store", str(root))
        assert result.code == 1, argv
        line = result.one_line()
        assert line == says or (argv == ["verify"] and "newer Shiftboard" in line), (argv, line)
    assert digest(root) == before


async def test_a_newer_version_writing_under_a_running_board_stops_its_writes(tmp_path: Path) -> None:
    root = tmp_path / "store"
    snapshot = _snapshot(root)
    app = board_app(root, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _newer(snapshot)  # another process, upgraded, rewrote the snapshot
        before = digest(root)
        deadline = time.monotonic() + 30
        while not any("newer Shiftboard" in m for m in messages(app)) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert any("newer Shiftboard" in m for m in messages(app)), messages(app)
        await acknowledge_on_the_board(pilot, app)
        assert "newer Shiftboard" in messages(app)[-1]
        assert app.is_running
    assert digest(root) == before


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda line: line[: len(line) // 2] + b"\n", "not valid JSON"),
        (lambda line: line.replace(b'"entity":"handover"', b'"entity":1'), "field 'entity' is missing or not a str"),
        (lambda line: line.replace(b'"kind":"create"', b'"kind":"create","x":"\\udc80"'), "lone surrogate"),
    ],
    ids=["cut-in-half", "wrong-type", "lone-surrogate"],
)
def test_a_store_edited_by_hand_is_refused_naming_the_place(tmp_path: Path, edit, says: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "store"
    every_state(root)
    log = next((root / "log").iterdir())
    lines = log.read_bytes().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if b'"kind":"create"' in line)
    lines[first] = edit(lines[first])
    log.write_bytes(b"".join(lines))
    before = digest(root)
    for argv in (["list"], ["ack", "H-1001", "--as", "bob", "--note", "On it"], ["--as", "bob"]):
        result = run_cli(*argv, "--store", str(root))
        assert result.code == 1, (argv, result)
        line = result.one_line()
        assert line.startswith(f"shiftboard: log/{log.name} at byte ") and says in line, (argv, line)
    verified = run_cli("verify", "--store", str(root))
    assert verified.code == 1 and f"log/{log.name} line {first + 1}" in verified.one_line()
    assert digest(root) == before, "a store edited by hand is never rewritten"


# A link planted in the store --------------------------------------------------------------------


@pytest.mark.parametrize("target", [".lock", "log/2026-11.jsonl"])
def test_a_link_planted_in_the_store_is_one_line_and_never_followed(tmp_path: Path, target: str) -> None:
    """Someone in the team's group swaps a store file for a link (to another user's file, say): every
    command refuses in one line naming it, and the file it points to keeps every byte."""
    root = tmp_path / "store"
    every_state(root)
    place = root / target
    aimed_at = tmp_path / "someone-elses-file"
    aimed_at.write_bytes(place.read_bytes())
    place.unlink()
    os.symlink(aimed_at, place)
    before, target_bytes = digest(root), aimed_at.read_bytes()
    for argv in (["list"], ["ack", "H-1001", "--as", "bob"], ["verify"]):
        result = run_cli(*argv, "--store", str(root))
        assert result.code == 1, (argv, result)
        line = result.one_line()
        assert f"{place} is a symbolic link" in line, (argv, line)
    assert digest(root) == before and aimed_at.read_bytes() == target_bytes

"""Files private to the owner (0600), or owner and group in a team store (0660); world-writable refused."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import StoreError, files
from shiftboard.store import store as store_module

from .helpers import LOG, close, draft, seed


@pytest.fixture
def temp_modes(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The mode of every temp file in the store at the moment an atomic replace renames it into place
    (the user's witness, outside the store, is 0600 whatever the store)."""
    seen: list[tuple[str, int]] = []
    real = os.replace

    def spy(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        directory = kwargs.get("dst_dir_fd")
        where = Path(os.readlink(f"/proc/self/fd/{directory}")) if directory is not None else Path(dst).parent
        mode = os.stat(src, dir_fd=kwargs.get("src_dir_fd"), follow_symlinks=False).st_mode
        if where == root or root in where.parents:
            seen.append((Path(dst).name, stat.S_IMODE(mode)))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(files.os, "replace", spy)
    return seen


@pytest.fixture(params=[0o022, 0o077, 0o000], ids=["umask022", "umask077", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def fill(root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Desk:
    """Every kind of file a store has: lock, log, snapshot, archive."""
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 3)
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    close(desk, hid)
    clock.advance(days=8)
    desk.hand_over(draft("John Roe"), by="alice")
    desk.hand_over(draft("Fred Bloggs"), by="alice")
    assert {".lock", LOG, "state.json", "archive/2026-11.json"} <= set(modes(root))
    return desk


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}


def test_a_private_store_is_owner_only(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, umask: int, temp_modes: list[tuple[str, int]]
) -> None:
    fill(root, clock, monkeypatch)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    for name, mode in modes(root).items():
        assert mode == (0o700 if (root / name).is_dir() else 0o600), name
    assert {name for name, _mode in temp_modes} >= {"state.json", "2026-11.json"}
    assert all(mode == 0o600 for _name, mode in temp_modes), temp_modes


def test_a_team_store_is_shared_with_the_group(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, umask: int, temp_modes: list[tuple[str, int]]
) -> None:
    root.mkdir()
    os.chmod(root, 0o770)  # a group-writable directory makes a team store
    fill(root, clock, monkeypatch)
    for name, mode in modes(root).items():
        assert mode == (0o770 if (root / name).is_dir() else 0o660), name
    assert temp_modes and all(mode == 0o660 for _name, mode in temp_modes), temp_modes


@pytest.mark.parametrize("target", ["", "log", LOG, "state.json", ".lock", "archive", "archive/2026-11.json"])
def test_anything_world_writable_is_refused(
    target: str, root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(root, clock, monkeypatch)
    path = root / target if target else root
    os.chmod(path, stat.S_IMODE(path.stat().st_mode) | stat.S_IWOTH)
    for attempt in (lambda: Desk.open(root, clock=clock), lambda: Desk.open(root, clock=clock, create=True)):
        with pytest.raises(StoreError) as refused:
            attempt()
        assert f"chmod o-w {path}" in str(refused.value) and "writable by anyone" in str(refused.value)


def test_a_new_store_in_a_world_writable_directory_is_refused(root: Path) -> None:
    root.mkdir()
    os.chmod(root, 0o777)
    with pytest.raises(StoreError, match="chmod o-w"):
        Desk.open(root, create=True)
    assert list(root.iterdir()) == []

"""A team store shared by a Unix group on one host, set up as the README says, used by two people.

The directory is the group's with mode 2770 (set-group-ID); each colleague is another Unix user
whose own primary group is not the team's. We fork and drop to their uids (numeric ids: no
accounts are created), so this needs root — as here and in CI — and is skipped otherwise.
Both can read and write everything; every file is the team's group, never open to others; and
an outsider cannot read a byte.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shiftboard.domain.errors import Refused
from shiftboard.services import Desk
from shiftboard.store import StoreError

from .helpers import draft

TEAM = 61010
ALICE = (61001, 61001)  # uid, primary gid (a group of her own, as Debian gives each user)
BOB = (61002, 61002)
OUTSIDER = (61003, 61003)


def as_user(user: tuple[int, int], groups: list[int], action: Callable[[], str]) -> str:
    """Run `action` in a child process as `user` in `groups`; its result string, or its error as text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            os.close(read)
            os.setgroups(groups)
            os.setgid(user[1])
            os.setuid(user[0])
            os.umask(0o022)  # a careless umask: the store must set its own modes
            try:
                said = action()
            except (OSError, Refused, StoreError) as error:
                said = f"{type(error).__name__}: {error}"
            os.write(write, said.encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


@pytest.fixture
def team_dir() -> Iterator[Path]:
    """As the README's set-up: a directory of the team's group, mode 2770, where all can pass through."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as several Unix users")
    base = Path(tempfile.mkdtemp(prefix="sb-team-", dir="/tmp"))
    try:
        os.chmod(base, 0o711)
        store = base / "team"
        store.mkdir()
        os.chown(store, 0, TEAM)
        os.chmod(store, 0o2770)
        yield store
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_two_colleagues_share_a_team_store_and_nobody_else_can_read_it(team_dir: Path) -> None:
    def alice_starts() -> str:
        desk = Desk.open(team_dir, create=True)
        for handle in ("alice", "bob"):
            desk.add_colleague(handle, name=handle.title())
        return desk.hand_over(draft("bob"), by="alice").id

    def bob_acknowledges() -> str:
        desk = Desk.open(team_dir)
        desk.comment("H-1001", by="bob", note="On it")
        return desk.acknowledge("H-1001", by="bob", read_back="Call her back").status.value

    def alice_reads() -> str:
        handover = Desk.open(team_dir).handover("H-1001")
        return f"{handover.status.value} by {handover.acknowledged_by}"

    def outsider_reads() -> str:
        return str(len(Desk.open(team_dir).handovers()))

    assert as_user(ALICE, [ALICE[1], TEAM], alice_starts) == "H-1001"
    assert as_user(BOB, [BOB[1], TEAM], bob_acknowledges) == "acknowledged"
    assert as_user(ALICE, [ALICE[1], TEAM], alice_reads) == "acknowledged by bob"
    assert as_user(OUTSIDER, [OUTSIDER[1]], outsider_reads).startswith(("PermissionError", "StoreError")), (
        "someone outside the team read the store"
    )

    for path in [team_dir, *team_dir.rglob("*")]:
        info = path.stat()
        assert info.st_gid == TEAM, f"{path} is not the team's group: new files would be unreadable to the others"
        assert info.st_mode & 0o007 == 0, f"{path} is open to others: {stat.filemode(info.st_mode)}"
        if path.is_dir():
            assert stat.S_IMODE(info.st_mode) == 0o2770, f"{path}: {stat.filemode(info.st_mode)}"
        else:
            assert stat.S_IMODE(info.st_mode) == 0o660, f"{path}: {stat.filemode(info.st_mode)}"

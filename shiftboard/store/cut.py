"""A consistent cut of a store, for `verify`: every file as it was at one instant, read at leisure.

Writers change a store only under the lock: they append to the month's log, cut a torn tail, and
replace `state.json`, `.checkpoint`, archive months and (purge) log files atomically. So
`take_cut` holds the lock, shared, on the store's directory (every writer holds it exclusively)
just long enough to open each file and note each log file's size, then lets go. An open
descriptor goes on reading the file it opened after an atomic replace, and a log file only grows
past the size noted; so verify then reads exactly the store as it was at that instant, for as long
as it takes, while others go on writing.

A writer that hangs holding the lock (stopped mid-action) must not hang verify too: after
CUT_WAIT_SECONDS the files are opened without the lock, `state.json` first, then the archives,
then the logs, the order that sees a checkpoint either whole or not at all. Only a purge caught
halfway could then look like a difference, so `changed()` tells verify to look again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from shiftboard.store import archive, checkpoint, log
from shiftboard.store.errors import StoreError
from shiftboard.store.files import open_file
from shiftboard.store.lock import shared_briefly

CUT_WAIT_SECONDS = 2.0


@dataclass
class LogFile:
    name: str
    fd: int
    size: int  # bytes at the cut; anything after was written later


@dataclass
class Cut:
    root: Path
    locked: bool = False
    snapshot: int | None = None
    marker: int | None = None
    archives: list[tuple[str, int]] = field(default_factory=list)
    logs: list[LogFile] = field(default_factory=list)

    def read(self, fd: int | None) -> bytes | None:
        """The whole of a file held at the cut (state.json, .checkpoint, an archive month)."""
        if fd is None:
            return None
        size, chunks, offset = os.fstat(fd).st_size, [], 0
        while offset < size:
            chunk = os.pread(fd, size - offset, offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
        return b"".join(chunks)

    def fingerprint(self) -> list[tuple[str, int, int]]:
        """Inode and mtime of each file held but the logs; `changed()` compares them with the store's now."""
        held = [(".checkpoint", self.marker), ("state.json", self.snapshot)]
        held += [(f"archive/{name}", fd) for name, fd in self.archives]
        return [(name, *_identity(os.fstat(fd))) for name, fd in held if fd is not None]

    def changed(self) -> bool:
        """Whether a checkpoint or purge replaced any file since the cut (appends alone do not count)."""
        try:
            return self._changed()
        except (OSError, StoreError):  # a file went or came meanwhile
            return True

    def _changed(self) -> bool:
        now: list[tuple[str, int, int]] = []
        paths = [(".checkpoint", self.root / checkpoint.NAME), ("state.json", self.root / "state.json")]
        paths += [
            (f"archive/{name}", self.root / "archive" / name) for name in archive.archive_names(self.root / "archive")
        ]
        for name, path in paths:
            try:
                now.append((name, *_identity(os.lstat(path))))
            except FileNotFoundError:
                continue
        logs_now = {name: os.lstat(self.root / "log" / name).st_ino for name in log.log_files(self.root / "log")}
        logs_then = {item.name: os.fstat(item.fd).st_ino for item in self.logs}
        return now != self.fingerprint() or any(logs_now.get(name) != ino for name, ino in logs_then.items())

    def close(self) -> None:
        fds = [self.snapshot, self.marker, *(fd for _name, fd in self.archives), *(item.fd for item in self.logs)]
        for fd in fds:
            if fd is not None:
                os.close(fd)
        self.snapshot, self.marker, self.archives, self.logs = None, None, [], []


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_ino, info.st_mtime_ns


def take_cut(root: Path, *, wait: float | None = None) -> Cut:
    """Open every file of the store at one instant (see the module's docstring). Close it when done."""
    with shared_briefly(root, timeout=CUT_WAIT_SECONDS if wait is None else wait) as locked:
        cut = Cut(root, locked=locked)
        try:
            cut.snapshot = _open_if_there(root / "state.json")
            cut.marker = _open_if_there(root / checkpoint.NAME)
            for name in archive.archive_names(root / "archive"):
                fd = _open_if_there(root / "archive" / name)
                if fd is not None:
                    cut.archives.append((name, fd))
            for name in log.log_files(root / "log"):
                fd = _open_if_there(root / "log" / name)
                if fd is not None:
                    cut.logs.append(LogFile(name, fd, os.fstat(fd).st_size))
        except BaseException:
            cut.close()
            raise
    return cut


def _open_if_there(path: Path) -> int | None:
    try:
        return open_file(path, os.O_RDONLY)
    except FileNotFoundError:
        return None

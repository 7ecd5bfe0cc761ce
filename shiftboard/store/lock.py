"""One writer at a time across processes, whatever happens to `.lock`.

A writer takes two OS locks (flock) for a whole action, always in this order:

1. `.lock`, the store's documented lock file (a person or a backup script can hold it with
   `flock STORE/.lock …`). After locking it the writer checks that the file it locked is still
   the one at the path (same device and inode); if someone deleted or replaced it meanwhile,
   it locks the one there now.
2. The store's directory itself. A file can be unlinked while one process holds its lock, and
   then a second process creates a new `.lock` and locks that: both would be in. The directory
   cannot be unlinked while it is the store, so its lock is the one no file game can split.

`verify` takes the directory's lock shared, for a moment, to read a consistent cut.
Every open refuses a symbolic link (O_NOFOLLOW): a `.lock` that points elsewhere is refused.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from shiftboard.store.errors import StoreBusy, StoreError
from shiftboard.store.files import open_dir, open_in

WAIT_SECONDS = 10.0  # how long a write waits for another process's lock; SHIFTBOARD_LOCK_WAIT overrides it
WAIT_VARIABLE = "SHIFTBOARD_LOCK_WAIT"
TELL_AFTER_SECONDS = 0.1


def wait_seconds() -> float:
    """The lock wait: `$SHIFTBOARD_LOCK_WAIT` seconds when set to a positive number (a slow shared disk, or a
    test that must not sleep the full wait), else WAIT_SECONDS."""
    try:
        configured = float(os.environ.get(WAIT_VARIABLE, ""))
    except ValueError:
        return WAIT_SECONDS
    return configured if 0 < configured < 3600 else WAIT_SECONDS


@contextmanager
def exclusive(
    path: Path, mode: int, *, timeout: float | None = None, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the lock; after a moment's wait say so once, and give up after `timeout` (default WAIT_SECONDS)."""
    if timeout is None:
        timeout = wait_seconds()  # read now, not when this module was imported, so it can be configured
    wait = _Wait(path, timeout, on_wait)
    directory = open_dir(path.parent)
    try:
        fd = _lock_file(directory, path, mode, wait)
        try:
            wait.acquire(directory, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(directory, fcntl.LOCK_UN)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
    finally:
        os.close(directory)


@contextmanager
def shared_briefly(root: Path, *, timeout: float) -> Iterator[bool]:
    """Hold the store directory's lock shared, so no writer is writing; yields False (holding nothing)
    when a writer kept it for over `timeout` seconds. Works on a read-only store too."""
    directory = open_dir(root)
    try:
        try:
            _Wait(root, timeout, None).acquire(directory, fcntl.LOCK_SH)
            held = True
        except StoreBusy:
            held = False
        try:
            yield held
        finally:
            if held:
                fcntl.flock(directory, fcntl.LOCK_UN)
    finally:
        os.close(directory)


def _lock_file(directory: int, path: Path, mode: int, wait: _Wait) -> int:
    """A descriptor of `.lock`, locked, and still the file at `path` once locked."""
    while True:
        fd = _open(directory, path, mode)
        try:
            wait.acquire(fd, fcntl.LOCK_EX)
            if _still_at(fd, directory, path.name):
                return fd
            fcntl.flock(fd, fcntl.LOCK_UN)  # deleted or replaced while we waited: lock the one there now
            wait.check()
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _still_at(fd: int, directory: int, name: str) -> bool:
    held = os.fstat(fd)
    try:
        there = os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)


def _open(directory: int, path: Path, mode: int) -> int:
    try:
        return open_in(directory, path, os.O_RDWR | os.O_CREAT, mode)
    except OSError as error:  # a read-only file system or directory, or a team store of another group
        raise StoreError(f"cannot write to the store: {error.strerror or error} ({path})") from error


class _Wait:
    """One wait for the lock, however many flocks it takes: one deadline, one "waiting" message."""

    def __init__(self, path: Path, timeout: float, on_wait: Callable[[], None] | None) -> None:
        self.path = path
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.on_wait = on_wait
        self.told = on_wait is None or timeout <= TELL_AFTER_SECONDS + 1.0
        self.started: float | None = None

    def check(self) -> None:
        """StoreBusy once the time is up (a `.lock` replaced faster than it can be locked)."""
        if time.monotonic() > self.deadline:
            raise self._busy()

    def _busy(self) -> StoreBusy:
        return StoreBusy(
            f"the store is busy: another process has held {self.path} for over {self.timeout:g}s; try again"
        )

    def acquire(self, fd: int, operation: int) -> None:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            self._wait_for(fd, operation)

    def _wait_for(self, fd: int, operation: int) -> None:
        """Wait in the kernel, woken the moment the holder lets go, so the lock never idles between writers.

        flock has no timeout, so a helper thread blocks on a duplicate descriptor (same open file, same
        lock) while this thread waits with one; a lock that arrives after we gave up is let go at once.
        (Polling with a back-off instead measured 3× slower with 16 writers: the lock sat free while they slept.)
        """
        if self.started is None:
            self.started = time.monotonic()
        mine = os.dup(fd)
        got = threading.Event()
        guard = threading.Lock()
        abandoned = False

        def block() -> None:
            try:
                fcntl.flock(mine, operation)
                with guard:
                    if abandoned:
                        fcntl.flock(mine, fcntl.LOCK_UN)
                    else:
                        got.set()
            finally:
                os.close(mine)

        threading.Thread(target=block, name="shiftboard-lock", daemon=True).start()
        if not self.told:
            if got.wait(max(0.0, self.started + TELL_AFTER_SECONDS - time.monotonic())):
                return
            self.told = True
            if self.on_wait is not None:  # always so here: `told` starts true without one
                self.on_wait()
        if got.wait(max(0.0, self.deadline - time.monotonic())):
            return
        with guard:
            if got.is_set():
                return
            abandoned = True
        raise self._busy()

"""One writer at a time across processes: an OS lock on `.lock`, held for a whole action."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from shiftboard.store.errors import StoreBusy
from shiftboard.store.files import open_private

WAIT_SECONDS = 10.0


@contextmanager
def exclusive(
    path: Path, mode: int, *, timeout: float = WAIT_SECONDS, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the lock; after a moment's wait say so once, and give up after `timeout`."""
    fd = open_private(path, os.O_RDWR, mode)
    try:
        deadline = time.monotonic() + timeout
        told = False
        delay = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    raise StoreBusy(
                        f"the store is busy: another process has held {path} for over {timeout:.0f}s; try again"
                    ) from None
                if not told and on_wait is not None and now + 1.0 < deadline and delay >= 0.05:
                    on_wait()
                    told = True
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

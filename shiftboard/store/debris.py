"""Temp files a crashed atomic replace left behind, removed by the next writer.

Every atomic replace (snapshot, `.checkpoint`, an archive month, a purge's rewrite of a log file)
writes `.NAME.RANDOM.tmp` beside its file while holding the lock. So a temp file that the lock's
holder finds is debris: the process writing it died. It may hold customer data (a snapshot's
whole state), so it must not stay.

Listing the root, `log/` and `archive/` on every action would add a few listings to each; so a
directory is listed again only when its mtime moved since it was last found clean. A directory
changed within SETTLED_NS of that look is not trusted to be clean: some file systems tick mtime
coarsely, and a change in the same tick as the look would not move it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from shiftboard.store.errors import StoreError
from shiftboard.store.files import open_dir

TEMP = re.compile(r"\..+\.tmp\Z", re.DOTALL)
SETTLED_NS = 2_000_000_000


def remove_temp_files(directory: Path) -> int:
    """Remove every `.*.tmp` in `directory` (never following a link); how many went. Call it under the lock."""
    try:
        fd = open_dir(directory)
    except (OSError, StoreError):  # missing, or a link that the action itself will refuse
        return 0
    removed = 0
    try:
        for name in os.listdir(fd):
            if TEMP.match(name):
                try:
                    os.unlink(name, dir_fd=fd)
                    removed += 1
                except OSError:
                    pass  # another writer's cleanup got it, or we may not; the next writer tries again
    finally:
        os.close(fd)
    return removed


class Debris:
    """The directories one store's writer keeps clean, and when each was last found clean."""

    def __init__(self, *directories: Path) -> None:
        self.directories = directories
        self._clean_at: dict[Path, int] = {}  # directory -> its mtime when it was last listed and clean

    def sweep(self) -> None:
        """Remove debris from any directory that changed since it was last found clean. Lock must be held."""
        now = time.time_ns()
        for directory in self.directories:
            try:
                mtime = os.lstat(directory).st_mtime_ns
            except OSError:
                continue
            if self._clean_at.get(directory) == mtime:
                continue
            if remove_temp_files(directory) == 0 and now - mtime > SETTLED_NS:
                self._clean_at[directory] = mtime

"""A progress bar for long commands, on stderr and only when stderr is a terminal.

Scripts and CI see nothing extra: when stderr is not a terminal `progress_bar` yields
None, and the long-running function skips its progress calls altogether.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Progress = Callable[[int, int], None]
WIDTH = 30
EVERY_SECONDS = 0.1


class ProgressBar:
    """`bar(done, total)` redraws `label [#####.....]  42%` in place, at most ten times a second."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.drawn = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done >= total
        if not finished and now - self._last < EVERY_SECONDS:
            return
        self._last = now
        share = min(1.0, done / total) if total > 0 else 1.0
        filled = int(share * WIDTH)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {int(share * 100):3d}%")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar so the command's own output starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def progress_bar(label: str, stream: TextIO | None = None) -> Iterator[ProgressBar | None]:
    """A bar for `label` when `stream` (default stderr) is a terminal, else None."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        yield None
        return
    bar = ProgressBar(label, stream)
    try:
        yield bar
    finally:
        bar.close()

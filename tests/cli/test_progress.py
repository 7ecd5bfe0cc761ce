"""A progress bar on a terminal's stderr; nothing at all when stderr is a file or a pipe."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from shiftboard import progress
from shiftboard.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with progress_bar("verifying", stream) as bar:
        assert bar is None
    assert stream.getvalue() == ""


def test_a_bar_redrawn_in_place_then_erased(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter([10.0, 10.01, 10.5, 10.51])
    monkeypatch.setattr(progress, "time", SimpleNamespace(monotonic=lambda: next(ticks)))
    stream = Terminal()
    with progress_bar("verifying", stream) as bar:
        assert bar is not None
        bar(1, 4)  # drawn
        bar(2, 4)  # too soon after the last: skipped
        bar(3, 4)
        bar(4, 4)  # the end is always drawn
    frames = stream.getvalue().split("\r")[1:]
    assert frames == [
        "verifying [#######.......................]  25%",
        "verifying [######################........]  75%",
        "verifying [##############################] 100%",
        "\x1b[K",
    ]

"""Unexpected errors: one line on the terminal, and a crash report holding no personal data.

SPEC §6: never a traceback on the terminal, never personal data in either. An exception's
message and a frame's local variables may hold a customer's name or contact, so the report
keeps only what locates the fault: the exception's type and, for each frame, file, line and
function. It goes to the user's state directory (`…/shiftboard/crash/`, directory 0700, file
0600, never through a symbolic link).
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from shiftboard.locations import state_dir

# A frame as Rich's traceback draws it ("│ /path/to/board.py:123 in action_ack │", or "│ in broken:5 │" for
# code without a file), and the exception line.
_RICH_FRAME = re.compile(r"^│ (?:(/\S+\.py):(\d+) in ([\w.<>]+)|in ([\w.<>]+):(\d+)) *│$")
_RICH_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit|Failed)):")


def frames_of(error: BaseException) -> list[str]:
    """`file:line in function` for each frame of `error`'s traceback, innermost last."""
    return [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(error.__traceback__)]


def frames_from_rich(rendered: str) -> tuple[str, list[str]]:
    """The exception's type and its frames, read back from a traceback Rich drew (Textual draws one for
    an error on the board): everything else it holds (locals, the message) is left behind."""
    frames = []
    for text in rendered.splitlines():
        match = _RICH_FRAME.match(text.strip())
        if match:
            path, line, name, bare_name, bare_line = match.groups()
            frames.append(f"{path}:{line} in {name}" if path else f"<no file>:{bare_line} in {bare_name}")
    kinds = [match.group(1) for text in rendered.splitlines() if (match := _RICH_EXCEPTION.match(text.strip()))]
    return (kinds[-1] if kinds else "unknown error"), frames


def write_report(kind: str, frames: list[str], *, where: str) -> Path | None:
    """Write a crash report; its path, or None when it could not be written (the one line still says what)."""
    from shiftboard import __version__

    now = datetime.now(UTC)
    lines = [
        f"Shiftboard {__version__} crash report ({where})",
        f"when:    {now.isoformat(timespec='seconds')}",
        f"python:  {sys.version.split()[0]} on {platform.system()} {platform.release()}",
        f"error:   {kind} (its message is left out: it may hold personal data)",
        "frames (innermost last):",
        *(f"  {frame}" for frame in frames),
        "",
    ]
    try:
        directory = state_dir() / "crash"
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        path = directory / f"crash-{now:%Y%m%dT%H%M%S}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
    except OSError:
        return None
    return path


def crash_line(kind: str, report: Path | None) -> str:
    """The one line the terminal gets."""
    where = f"crash report: {report}" if report else "no crash report could be written"
    return f"shiftboard: unexpected error ({kind}); {where}"

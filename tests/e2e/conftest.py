"""End-to-end fixtures: the installed `shiftboard` script, a clean environment, and tmux terminals.

The program runs as a user would run it: the console script, in a real terminal (tmux),
with an environment that holds only what the test gives it (never the developer's $USER,
$SHIFTBOARD_STORE or home directory).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from .tmux import Tmux

SCRIPT = Path(sys.executable).with_name("shiftboard")


def program_env(home: Path, **extra: str) -> dict[str, str]:
    """A whole, minimal environment for the program: PATH, HOME, a UTF-8 locale, TERM, and `extra`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
        **extra,
    }


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def terminal() -> Iterator[Callable[..., Tmux]]:
    """`terminal(argv, width=80, height=24, env=...)` starts a program in tmux; all are closed after the test."""
    opened: list[Tmux] = []

    def start(command: Sequence[str], **options: Any) -> Tmux:
        session = Tmux(command, **options)
        opened.append(session)
        return session

    yield start
    for session in opened:
        session.close()

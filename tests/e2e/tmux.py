"""Driving a real program in a real terminal: a private tmux server per test, polled, never slept on.

Each `Tmux` runs its own server (`tmux -S <its own socket>`, its own config), so tests in parallel
workers never share a session and a developer's own tmux is never touched. `wait_for` polls
`capture-pane` until the screen says what is expected, with a generous deadline for a loaded
CI machine, and fails showing the last screen.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
DEADLINE = 60.0  # seconds: a board starts in ~1 s here; CI runs two test workers on two cores
POLL = 0.1


def require_tmux() -> str:
    """tmux's path; skipped only on a developer machine without it (CI installs it, see .ci/run)."""
    if TMUX is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing on CI: .ci/run should have installed it")
        pytest.skip("tmux is not installed")
    return TMUX


class Tmux:
    """One detached session of a private tmux server running `command` at `width`×`height`.

    `options` are tmux commands for the server's config (e.g. `set-option -g set-clipboard on`);
    the pane stays after the program exits (`remain-on-exit`), so its last words can be read.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        width: int = 80,
        height: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.tmux = require_tmux()
        # The server's socket and config live in a directory of our own, removed on close (a short
        # path: a Unix socket's may not exceed 107 bytes). Options go in the config file, so they
        # hold before the program writes a byte.
        self.home = Path(tempfile.mkdtemp(prefix="sb-tmux-"))
        self.socket = str(self.home / "socket")
        self.config = str(self.home / "tmux.conf")
        Path(self.config).write_text("\n".join(["set-option -g remain-on-exit on", *options]) + "\n")
        # `env` is the program's whole environment (TERM included): tmux would otherwise hand it
        # the server's own, and the test would not be testing the terminal it names.
        assignments = [f"{name}={value}" for name, value in (env or {}).items()]
        script = " ".join(shlex.quote(part) for part in ["env", "-i", *assignments, *command])
        if cwd:
            script = f"cd {shlex.quote(cwd)} && {script}"
        self.run("-f", self.config, "new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), script)

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-S", self.socket, *args], capture_output=True, text=True, timeout=30, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self, *, escapes: bool = False) -> str:
        """The visible pane as text (with its colour and style escapes when `escapes`)."""
        return self.run("capture-pane", "-p", "-t", "main", *(["-e"] if escapes else []))

    def lines(self) -> list[str]:
        """The pane's rows, exactly as many as it is high, trailing blanks kept (so a row's last cell is its end)."""
        return self.run("capture-pane", "-p", "-N", "-t", "main").split("\n")[: self.size()[1]]

    def size(self) -> tuple[int, int]:
        width, height = self.run("display-message", "-p", "-t", "main", "#{pane_width} #{pane_height}").split()
        return int(width), int(height)

    def show(self, format_: str) -> str:
        """A tmux format of the pane, e.g. `#{pane_title}` or `#{pane_dead}`."""
        return self.run("display-message", "-p", "-t", "main", format_).rstrip("\n")

    def send(self, *keys: str) -> None:
        """tmux key names (`Enter`, `Escape`, `C-c`) or plain words, as `send-keys` takes them."""
        self.run("send-keys", "-t", "main", *keys)

    def type(self, text: str) -> None:
        """Literal text, each character a key press."""
        self.run("send-keys", "-t", "main", "-l", text)

    def wait_for(self, found: Callable[[str], bool], what: str, *, timeout: float = DEADLINE) -> str:
        """Poll the screen until `found(screen)`; fail with the last screen when it never comes."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if found(screen):
                return screen
            time.sleep(POLL)
        raise AssertionError(f"the terminal never showed {what} within {timeout:g}s; last screen:\n{screen}")

    def wait_for_text(self, *texts: str, timeout: float = DEADLINE) -> str:
        return self.wait_for(lambda screen: all(text in screen for text in texts), repr(texts), timeout=timeout)

    def wait_until_dead(self, timeout: float = DEADLINE) -> None:
        """Wait for the program to exit (the pane stays, showing what it printed last)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.show("#{pane_dead}") == "1":
                return
            time.sleep(POLL)
        raise AssertionError(f"the program did not exit within {timeout:g}s; last screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([self.tmux, "-S", self.socket, "kill-server"], capture_output=True, timeout=30, check=False)
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

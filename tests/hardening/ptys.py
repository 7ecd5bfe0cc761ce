"""A command run on a real terminal (a pty that is its controlling terminal), as a person types into it.

Typing waits for the prompt first, as a person does: characters typed before a program turns
echo off would be echoed by the terminal itself, which is not what a no-echo test asks about.
"""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Mapping, Sequence

DEADLINE = 60.0


class Pty:
    def __init__(self, argv: Sequence[str], env: Mapping[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal, so /dev/tty is it too
            try:
                os.execve(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.output = b""
        self.status: int | None = None

    def _read(self, timeout: float) -> str:
        """Take in what the program wrote within `timeout`: "data", "idle", or "closed" (it exited)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return "idle"
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the program exited and the terminal closed
            return "closed"
        self.output += data
        return "data" if data else "closed"

    @property
    def text(self) -> str:
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def expect(self, wanted: str, timeout: float = DEADLINE) -> str:
        """Wait until the terminal shows `wanted`; returns everything shown so far."""
        deadline = time.monotonic() + timeout
        while wanted not in self.text:
            if time.monotonic() > deadline or self._read(0.1) == "closed":
                raise AssertionError(f"the terminal never showed {wanted!r}; it showed:\n{self.text}")
        return self.text

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def wait(self, timeout: float = DEADLINE) -> int:
        """Read to the end, reap the program and return its exit status."""
        deadline = time.monotonic() + timeout
        while True:
            self._read(0.1)
            finished, status = os.waitpid(self.pid, os.WNOHANG)
            if finished:
                while self._read(0.05) == "data":  # what it wrote just before it exited
                    pass
                self.status = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
                raise AssertionError(f"the program did not finish; it showed:\n{self.text}")
        os.close(self.fd)
        return self.status

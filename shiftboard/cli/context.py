"""What every command gets: the parsed options, the clock, the store directory, and who is acting."""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shiftboard.cli.identity import signed_in
from shiftboard.domain.clock import Clock
from shiftboard.locations import store_path
from shiftboard.services import Caller, Desk


class Context:
    """The parsed options, the clock, and the store directory they name."""

    def __init__(self, args: argparse.Namespace, clock: Clock | None) -> None:
        self.args = args
        self.clock = clock or Clock()
        self.root = store_path(getattr(args, "store", None))
        self.command = "shiftboard" + (f" {args.command}" if getattr(args, "command", None) else "")
        self.caller = Caller.here(served=bool(getattr(args, "served", False)))

    def desk(self, *, create: bool = False) -> Desk:
        on_wait = _say_waiting if sys.stderr.isatty() else None
        try:
            return Desk.open(self.root, clock=self.clock, create=create, on_wait=on_wait)
        finally:
            gc.enable()  # main turned it off while the store loads

    def user(self, desk: Desk) -> str:
        """The colleague acting, proved by this Unix account or their PIN (a usage error if nobody is named)."""
        handle = signed_in(desk, getattr(self.args, "as_", None), command=self.command, caller=self.caller)
        assert handle is not None
        return handle

    def admin(self, desk: Desk) -> str | None:
        """Who runs an admin command, proved as `user` is; None when nobody is named or is this account's
        (the Desk then allows it only while the store is still open for set-up)."""
        as_ = getattr(self.args, "as_", None)
        return signed_in(desk, as_, command=self.command, caller=self.caller, required=False)


def _say_waiting() -> None:
    print("shiftboard: waiting for another shiftboard process to finish writing...", file=sys.stderr)


def terminal_width() -> int | None:
    """The width of the terminal the output goes to; None when it goes to a pipe or a file."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def split_list(text: str) -> list[str]:
    """`a, b,c` as ['a', 'b', 'c']: the comma-separated values of --skills, --require, --unix …"""
    return [part.strip() for part in text.split(",") if part.strip()]


@contextmanager
def creating(root: Path) -> Iterator[None]:
    """Allow a first command to create the store, and leave no empty store behind when it is refused."""
    fresh = not root.exists()
    try:
        yield
    except BaseException:
        if fresh:
            _remove_empty_store(root)
        raise


def _remove_empty_store(root: Path) -> None:
    try:
        lock = root / ".lock"
        if lock.exists() and lock.stat().st_size == 0:
            lock.unlink()
        for empty in (root / "log", root):
            if empty.is_dir() and not os.listdir(empty):
                empty.rmdir()
    except OSError:
        pass

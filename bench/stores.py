"""Bench stores: built once per size by the demo generator (the one `shiftboard demo` uses), copied per scenario."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stores:
    """Stores under `workdir` (a temporary directory, never the user's data dir), keyed by size."""

    workdir: Path
    seed: int = 0
    built: dict[tuple[int, int], Path] = field(default_factory=dict)
    build_seconds: dict[tuple[int, int], float] = field(default_factory=dict)
    copies: int = 0

    def base(self, open_count: int, archived: int) -> Path:
        key = (open_count, archived)
        if key not in self.built:
            root = self.workdir / f"base-{open_count}-open-{archived}-archived"
            start = time.perf_counter()
            _build(root, open_count=open_count, archived=archived, seed=self.seed)
            self.build_seconds[key] = time.perf_counter() - start
            settle()
            self.built[key] = root
        return self.built[key]

    def copy(self, open_count: int, archived: int, name: str) -> Path:
        """A fresh copy of the store of that size, for one scenario to write into.

        Written back to the disk before it is used: the copy of the 100,000-archived store leaves
        ~0.5 GB of dirty pages, and while the kernel writes them back an fsync'd append takes 2–3 ms
        instead of 0.2 ms (measured), which made the first figures after a copy mostly noise."""
        self.copies += 1
        target = self.workdir / f"{self.copies:02d}-{name}"
        shutil.copytree(self.base(open_count, archived), target, symlinks=True)
        settle()
        return target


def _build(root: Path, *, open_count: int, archived: int, seed: int) -> None:
    from shiftboard.demo import build_demo

    build_demo(root, open_count=open_count, archived=archived, seed=seed)


def settle() -> None:
    """Flush every dirty page to the disk (sync(2)), so no figure pays for an earlier bulk write."""
    if hasattr(os, "sync"):
        os.sync()

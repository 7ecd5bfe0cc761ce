"""Whole processes, start to exit: one command-line action, and `verify` (time and peak memory)."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.actions import draft_for, pair
from bench.timing import Run, Spread, run_measured
from shiftboard.services import Desk


def shiftboard_command() -> list[str]:
    """The installed `shiftboard` script beside this interpreter, as a person would run it."""
    script = Path(sys.executable).parent / "shiftboard"
    if script.exists():
        return [str(script)]
    found = shutil.which("shiftboard")
    if found:
        return [found]
    return [sys.executable, "-m", "shiftboard.cli"]


def store_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["SHIFTBOARD_STORE"] = str(root)
    env.pop("SHIFTBOARD_READY_FILE", None)
    return env


@dataclass
class CommandCosts:
    ack: Spread
    interpreter: Spread
    peak_mb: float


def cli_ack(root: Path, *, count: int) -> CommandCosts:
    """`shiftboard ack H-… --as RECEIVER` on fresh pending handovers, timed from process start to exit."""
    import random

    desk = Desk.open(root)
    rng = random.Random(7)
    pending = []
    for index in range(count):
        sender, receiver = pair(desk, rng)
        pending.append((desk.hand_over(draft_for(receiver.handle, index), by=sender.handle).id, receiver.handle))
    env = store_env(root)
    runs: list[Run] = []
    for hid, receiver in pending:
        run = run_measured([*shiftboard_command(), "ack", hid, "--as", receiver, "--note", "on it"], env=env)
        if run.returncode != 0:
            raise RuntimeError(f"shiftboard ack {hid} failed: {run.stderr.strip()}")
        runs.append(run)
    acked = Desk.open(root)
    if any(acked.handover(hid).status != "acknowledged" for hid, _ in pending):
        raise RuntimeError("shiftboard ack returned 0 but a handover is not acknowledged")
    bare = [run_measured([sys.executable, "-c", "pass"], env=env).seconds * 1000 for _ in range(count)]
    return CommandCosts(Spread.of([r.seconds * 1000 for r in runs]), Spread.of(bare), max(r.peak_mb for r in runs))


@dataclass
class VerifyCost:
    seconds: float
    peak_mb: float
    ok: bool
    output: str


def verify(root: Path) -> VerifyCost:
    run = run_measured([*shiftboard_command(), "verify"], env=store_env(root), timeout=900)
    output = (run.stdout + run.stderr).strip().splitlines()
    return VerifyCost(run.seconds, run.peak_mb, run.returncode == 0, output[-1] if output else "")

"""Whole processes, start to exit, each beside its baseline run by the same interpreter: one
command-line action against importing pydantic, `verify` against a bare pass over the same logs."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

from bench.actions import draft_for, pair
from bench.install import Install
from bench.timing import Run, Spread, run_measured
from shiftboard.services import Desk

PYDANTIC = "from pydantic import BaseModel"
BARE_PASS = Path(__file__).resolve().with_name("bare_pass.py")


def store_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "PYTHONPATH"}
    env["SHIFTBOARD_STORE"] = str(root)
    env.pop("SHIFTBOARD_READY_FILE", None)
    return env


@dataclass
class CommandCosts:
    ack: Spread
    pydantic: Spread  # the baseline: `python -c "from pydantic import BaseModel"`
    interpreter: Spread  # `python -c pass`, for orientation
    peak_mb: float


def cli_ack(root: Path, install: Install, *, count: int) -> CommandCosts:
    """`shiftboard ack H-… --as RECEIVER` on fresh pending handovers, timed from process start to exit,
    in alternation with its baseline and a bare interpreter (so a drift of the machine's speed during
    the section weighs on both sides of the ratio alike)."""
    desk = Desk.open(root)
    rng = random.Random(7)
    pending = []
    for index in range(count):
        sender, receiver = pair(desk, rng)
        pending.append((desk.hand_over(draft_for(receiver.handle, index), by=sender.handle).id, receiver.handle))
    env = store_env(root)
    runs: list[Run] = []
    pydantic, bare = [], []
    for hid, receiver in pending:
        pydantic.append(run_measured([install.python, "-c", PYDANTIC], env=env).seconds * 1000)
        run = run_measured([*install.command(), "ack", hid, "--as", receiver, "--note", "on it"], env=env)
        if run.returncode != 0:
            raise RuntimeError(f"shiftboard ack {hid} failed: {run.stderr.strip()}")
        runs.append(run)
        bare.append(run_measured([install.python, "-c", "pass"], env=env).seconds * 1000)
    acked = Desk.open(root)
    if any(acked.handover(hid).status != "acknowledged" for hid, _ in pending):
        raise RuntimeError("shiftboard ack returned 0 but a handover is not acknowledged")
    return CommandCosts(
        Spread.of([r.seconds * 1000 for r in runs]), Spread.of(pydantic), Spread.of(bare), max(r.peak_mb for r in runs)
    )


@dataclass
class VerifyCost:
    seconds: float
    peak_mb: float
    ok: bool
    output: str


def verify(root: Path, install: Install) -> VerifyCost:
    run = run_measured([*install.command(), "verify"], env=store_env(root), timeout=900)
    output = (run.stdout + run.stderr).strip().splitlines()
    return VerifyCost(run.seconds, run.peak_mb, run.returncode == 0, output[-1] if output else "")


def bare_pass(root: Path, install: Install) -> VerifyCost:
    """verify's baseline: bench/bare_pass.py over the same logs, by the same interpreter, timed the same way."""
    run = run_measured([install.python, str(BARE_PASS), str(root)], env=store_env(root), timeout=900)
    return VerifyCost(run.seconds, run.peak_mb, run.returncode == 0, (run.stdout + run.stderr).strip())

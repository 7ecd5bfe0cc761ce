"""Small measuring tools: percentiles, a stopwatch loop, peak memory of a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction 0.5 = median); no interpolation, so it is a value that occurred."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Spread:
    median: float
    p95: float
    maximum: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(percentile(values, 0.5), percentile(values, 0.95), max(values), len(values))

    def ms(self) -> str:
        return f"median {self.median:.2f} ms, p95 {self.p95:.2f} ms"


def time_each(action: Callable[[int], object], count: int) -> list[float]:
    """Milliseconds for each call of action(i), i = 0..count-1."""
    took = []
    for index in range(count):
        start = time.perf_counter()
        action(index)
        took.append((time.perf_counter() - start) * 1000)
    return took


def peak_rss_mb(pid: int) -> float | None:
    """The high-water mark of a running process's resident memory (Linux VmHWM)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(argv: list[str], *, env: dict[str, str] | None = None, timeout: float = 600) -> Run:
    """Start to exit of one process and its own peak RSS, timed by a small launcher (see bench.launch).

    The launcher is started by its file name, not `-m bench.launch`, so the command gets `env` exactly:
    a PYTHONPATH pointing at this checkout would make a timed `shiftboard` import the sources instead
    of the install being timed."""
    env = dict(os.environ if env is None else env)
    launcher = Path(__file__).resolve().with_name("launch.py")
    done = subprocess.run(
        [sys.executable, str(launcher), *argv], env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.launch failed: {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout)
    return Run(report["seconds"], report["peak_mb"], report["returncode"], report["stdout"], report["stderr"])

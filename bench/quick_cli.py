"""`shiftboard ack` from process start to exit, on a demo store: the median of N runs.

    .venv/bin/python bench/quick_cli.py [--open 2000] [--archived 0] [--runs 15] [--store DIR]

Builds a demo store in a temporary directory (or uses --store, which it then writes to),
hands over one fresh handover per run through the Desk, then times each
`shiftboard ack ID --as RECEIVER --note ...` as its own process. Also shows where one
process's time goes (import, open the store, the action) and a bare interpreter's start.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("shiftboard")
PHASES = """
import time
start = time.perf_counter()
from shiftboard.services import Desk
imported = time.perf_counter()
desk = Desk.open({root!r})
opened = time.perf_counter()
desk.acknowledge({hid!r}, by={receiver!r}, read_back="on it")
acted = time.perf_counter()
print(f"{{1000 * (imported - start):.0f}} {{1000 * (opened - imported):.0f}} {{1000 * (acted - opened):.0f}}")
"""


def fresh_pending(root: Path, count: int) -> list[tuple[str, str]]:
    """`count` new handovers (id, receiver), made now so each ack below is a real first acknowledgement."""
    from shiftboard.domain.drafts import HandoverDraft
    from shiftboard.services import Desk

    desk = Desk.open(root)
    handles = [c.handle for c in desk.colleagues()]
    made = []
    for index in range(count):
        sender, receiver = handles[index % len(handles)], handles[(index + 1) % len(handles)]
        draft = HandoverDraft(
            to=receiver,
            customer_name="Ms J. Patel",
            customer_contact="07700 900018",
            summary=f"Benchmark handover {index}",
            actions_taken="Checked the account",
            action_required="Call the customer back",
            informed="yes",
        )
        made.append((desk.hand_over(draft, by=sender).id, receiver))
    return made


def milliseconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process, in ms; CPU time shows through a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, check=False)
    took = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {run.stderr.decode(errors='replace').strip()}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return took, cpu


def summary(label: str, values: list[float]) -> str:
    middle, low, high = statistics.median(values), min(values), max(values)
    return f"{label}: median {middle:.0f} ms (min {low:.0f}, max {high:.0f}, n={len(values)})"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--open", type=int, default=2000, dest="open_count")
    options.add_argument("--archived", type=int, default=0)
    options.add_argument("--runs", type=int, default=15)
    options.add_argument("--store", type=Path, help="an existing store to use (it is written to)")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="shiftboard-quick-cli-") as temp:
        root = args.store
        if root is None:
            from shiftboard.demo import build_demo

            root = Path(temp) / "store"
            started = time.perf_counter()
            build_demo(root, open_count=args.open_count, archived=args.archived)
            took = time.perf_counter() - started
            print(f"demo store: {args.open_count} open, {args.archived} archived, built in {took:.1f} s")
        env = {**os.environ, "SHIFTBOARD_STORE": str(root)}
        runs = args.runs
        pending = fresh_pending(root, 2 * runs)
        acks = [
            milliseconds([str(SCRIPT), "ack", hid, "--as", to, "--note", "on it"], env) for hid, to in pending[:runs]
        ]
        bare = [milliseconds([sys.executable, "-c", "pass"], env) for _ in range(runs)]
        phases = []
        for hid, to in pending[runs:]:
            code = PHASES.format(root=str(root), hid=hid, receiver=to)
            out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            phases.append([float(part) for part in out.stdout.split()])
        print(summary("shiftboard ack, process start to exit", [wall for wall, _ in acks]))
        print(summary("  its CPU time (user + system)", [cpu for _, cpu in acks]))
        print(summary("bare interpreter start", [wall for wall, _ in bare]))
        for index, label in enumerate(
            ("  import shiftboard.services", "  Desk.open (load the store)", "  acknowledge")
        ):
            print(summary(label, [row[index] for row in phases]))


if __name__ == "__main__":
    main()

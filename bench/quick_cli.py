"""`shiftboard ack` from process start to exit, against its baseline, and where its time goes, phase by phase.

    .venv/bin/python bench/quick_cli.py [--store DIR | --open 2000 --archived 0] [--runs 15] [--editable]

Uses --store (which it writes to: one fresh handover per run) or builds a demo store in a temporary
directory. Times, in alternation and by the same interpreter, SPEC §5's baseline
`python -c "from pydantic import BaseModel"` and `shiftboard ack ID --as RECEIVER --note …`,
each as its own process; then runs the same command through bench/phases.py, which imports the
heavy modules one by one and times the store's opening, the building of validators and the action,
and shows the phases' medians; and lists the heaviest imports from one `-X importtime` run.

Processes run in a regular (non-editable) copy of the package, as `python -m bench` times them
(bench/install.py); --editable runs them in the current environment instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from bench.install import Install, current, regular_install

PHASES = Path(__file__).resolve().with_name("phases.py")
PYDANTIC = "from pydantic import BaseModel"


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


def wall_ms(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    took = (time.perf_counter() - start) * 1000
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {run.stderr.decode(errors='replace').strip()}")
    return took


def phases_once(install: Install, argv: list[str], env: dict[str, str], out: Path) -> dict[str, float]:
    """One run of bench/phases.py: {phase: ms}, the phases adding up to the process's start to exit."""
    start = time.perf_counter()
    run = subprocess.run(
        [install.python, str(PHASES), str(out), *argv], env=env, capture_output=True, stdin=subprocess.DEVNULL
    )
    end = time.perf_counter()
    if run.returncode != 0:
        raise SystemExit(f"bench/phases.py failed: {run.stderr.decode(errors='replace').strip()}")
    report = json.loads(out.read_text(encoding="utf-8"))
    marks, timers = report["marks"], report["timers"]
    phases: dict[str, float] = {marks[0][0]: (marks[0][1] - start) * 1000}
    built_at_import = 0.0
    for (_, before, built_before), (label, at, built) in itertools.pairwise(marks):
        if label == "main returned":
            phases["build model validators (pydantic schema + core), at import"] = built_at_import
            phases["main(): in total"] = (at - before) * 1000
        else:  # an import's own time, less the validators it built (shown on their own line)
            phases[label] = (at - before) * 1000 - (built - built_before)
            built_at_import += built - built_before
    build = "build model validators (pydantic schema + core)"
    for label, spent in timers.items():
        if label == build:
            spent -= built_at_import
            label = f"{build}, on first use"
        phases[f"  {label}"] = phases.get(f"  {label}", 0.0) + spent
    phases["  of which garbage collection (anywhere above)"] = report["gc"]
    phases["exit: interpreter teardown (main returned → process gone)"] = (end - marks[-1][1]) * 1000
    phases["total, process start to exit"] = (end - start) * 1000
    return phases


def importtime(install: Install, argv: list[str], env: dict[str, str], top: int = 16) -> list[tuple[str, float]]:
    """Import time (ms) by package (each shiftboard module on its own), from one `-X importtime` run: the
    modules' own (self) times added up, so nothing is counted twice."""
    run = subprocess.run(
        [install.python, "-X", "importtime", *install.program(), *argv],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    by_root: dict[str, float] = defaultdict(float)
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _cumulative, name = line.split("|")
        module = name.strip()
        root = module if module.startswith("shiftboard") else module.split(".")[0]
        by_root[root] += int(own.split(":")[1]) / 1000
    return sorted(by_root.items(), key=lambda item: -item[1])[:top]


def summary(label: str, values: list[float]) -> str:
    middle, low, high = statistics.median(values), min(values), max(values)
    return f"{label}: median {middle:.0f} ms (min {low:.0f}, max {high:.0f}, n={len(values)})"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--open", type=int, default=2000, dest="open_count")
    options.add_argument("--archived", type=int, default=0)
    options.add_argument("--runs", type=int, default=15)
    options.add_argument("--store", type=Path, help="an existing store to use (it is written to)")
    options.add_argument("--editable", action="store_true", help="time the current environment as it is")
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
        install = current() if args.editable else regular_install(Path(temp) / "venv")
        print(f"processes run in {install.description}")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"SHIFTBOARD_STORE": str(root)}
        runs = args.runs
        pending = fresh_pending(root, 2 * runs + 1)
        acks, baseline, phases = [], [], []
        for index in range(runs):
            baseline.append(wall_ms([install.python, "-c", PYDANTIC], env))
            hid, to = pending[index]
            acks.append(wall_ms([*install.command(), "ack", hid, "--as", to, "--note", "on it"], env))
            hid, to = pending[runs + index]
            argv = ["ack", hid, "--as", to, "--note", "on it"]
            phases.append(phases_once(install, argv, env, Path(temp) / "phases.json"))
        hid, to = pending[-1]
        heaviest = importtime(install, ["ack", hid, "--as", to, "--note", "on it"], env)
        ack, base = statistics.median(acks), statistics.median(baseline)
        print(summary("shiftboard ack, process start to exit", acks))
        print(summary(f'baseline: python -c "{PYDANTIC}"', baseline))
        print(f"ratio (SPEC §5: ≤ 1.5×): {ack / base:.2f}×")
        print("\nwhere one `shiftboard ack` spends its time (bench/phases.py; medians; indented: inside main())")
        total = statistics.median(p["total, process start to exit"] for p in phases)
        for label in phases[0]:
            value = statistics.median(p.get(label, 0.0) for p in phases)
            print(f"  {label:<78} {value:7.1f} ms  {100 * value / total:5.1f} %")
        print("\nheaviest imports by package (one `-X importtime` run, self times added; its overhead inflates them)")
        for name, ms in heaviest:
            print(f"  {name:<40} {ms:7.1f} ms")


if __name__ == "__main__":
    main()

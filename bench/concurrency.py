"""16 processes × 200 actions on one store: throughput, and proof that nothing was lost or torn.

Each worker is its own process (as each SSH session is), signs in as its own colleague,
waits at a barrier, then creates handovers, flags them, comments on them, and comments on a
few cards that every worker hammers at once (eight shared cards, so each ends with about a
hundred comments: busy, yet a card a person could still read). Every action that returned is then looked for
in a freshly opened store; `verify` must pass and no file may hold a torn line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.actions import draft_for
from shiftboard.domain.errors import Refused
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.store.verify import verify_store


@dataclass
class Concurrency:
    processes: int
    actions: int
    returned: int
    errors: int
    seconds: float
    lost: int
    torn: int
    problems: list[str]

    @property
    def per_second(self) -> float:
        return self.returned / self.seconds if self.seconds else 0.0


def handle(index: int) -> str:
    return f"w{index:02d}"


SHARED_CARDS = 8


def prepare(root: Path, processes: int) -> list[str]:
    """Add one colleague per worker and the cards they all comment on; return their ids."""
    desk = Desk.open(root)
    known = {c.handle for c in desk.colleagues(include_inactive=True)}
    for index in range(processes):
        if handle(index) not in known:
            desk.add_colleague(handle(index), name=f"Worker {index}")
    return [desk.hand_over(draft_for(handle(1), n), by=handle(0)).id for n in range(SHARED_CARDS)]


def run(root: Path, *, processes: int, actions: int) -> Concurrency:
    shared = ",".join(prepare(root, processes))
    here = str(Path(__file__).resolve().parent.parent)  # `-m bench.concurrency` from any working directory
    env = {
        **os.environ,
        "PYTHONPATH": here + (os.pathsep + os.environ["PYTHONPATH"] if "PYTHONPATH" in os.environ else ""),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.concurrency", str(root), str(index), str(processes), str(actions), shared],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for index in range(processes)
    ]
    for worker in workers:
        assert worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            raise RuntimeError("a bench worker did not start")
    go = time.time()
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, _ = worker.communicate(timeout=600)
        results.append(json.loads(out))
    end = max(result["end"] for result in results)
    done = [tuple(item) for result in results for item in result["done"]]
    errors = sum(result["errors"] for result in results)
    lost, problems = _lost(root, done)
    torn, torn_problems = _torn(root)
    return Concurrency(
        processes, processes * actions, len(done), errors, end - go, lost, torn, problems + torn_problems
    )


def _lost(root: Path, done: list[tuple[str, ...]]) -> tuple[int, list[str]]:
    """Every action that returned must be in the store as a fresh process reads it."""
    desk = Desk.open(root)
    rows = {row["id"]: row for row in desk.store.state.tables["handovers"].values()}
    lost = []
    for kind, hid, who, note in done:
        row = rows.get(hid)
        if row is None:
            lost.append(f"{kind} {hid} by {who}: the handover is missing")
        elif kind != "create" and not any(e.get("note") == note and e["actor"] == who for e in row["events"]):
            lost.append(f"{kind} {hid} by {who} ({note}): not in its events")
        elif kind == "create" and row["from"] != who:
            lost.append(f"create {hid} by {who}: the store says it is from {row['from']}")
    return len(lost), lost[:5]


def _torn(root: Path) -> tuple[int, list[str]]:
    """Files that do not end on a whole line / do not parse, plus anything `verify` finds."""
    torn = []
    for path in sorted((root / "log").glob("*.jsonl")):
        data = path.read_bytes()
        if data and not data.endswith(b"\n"):
            torn.append(f"log/{path.name}: ends without a newline")
    for path in [root / "state.json", *sorted((root / "archive").glob("*.json"))]:
        try:
            json.loads(path.read_bytes())
        except (OSError, ValueError) as error:
            torn.append(f"{path.name}: {error}")
    report = verify_store(root)
    return len(torn) + len(report.problems), torn + report.problems


def worker(root: Path, index: int, processes: int, actions: int, shared: list[str]) -> None:
    me, receiver = handle(index), handle((index + 1) % processes)
    desk = Desk.open(root)
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.time()
    done: list[tuple[str, str, str, str]] = []
    errors = 0
    mine = shared[0]
    for step in range(actions):
        note = f"{me}-{step}"
        try:
            if step % 4 == 0:
                mine = desk.hand_over(draft_for(receiver, step), by=me).id
                done.append(("create", mine, me, note))
            elif step % 4 == 1:
                hot = shared[(step // 4) % len(shared)]
                desk.comment(hot, by=me, note=note)
                done.append(("comment", hot, me, note))
            elif step % 4 == 2:
                desk.flag(mine, by=me, note=note, check="30m")
                done.append(("flag", mine, me, note))
            else:
                desk.comment(mine, by=receiver, note=note)
                done.append(("comment", mine, receiver, note))
        except (Refused, StoreError) as error:
            errors += 1
            print(f"{me}: {error}", file=sys.stderr)
    print(json.dumps({"start": start, "end": time.time(), "done": done, "errors": errors}))


if __name__ == "__main__":
    worker(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(","))

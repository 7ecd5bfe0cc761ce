"""The same actions through stock TinyDB `JSONStorage`, holding the same records in one file.

This is what "just use TinyDB" gives: every operation reads the whole file, every write
rewrites (and fsyncs) it. The domain rules are the project's own, so only storage differs.
Kept as favourable to TinyDB as stock allows: colleagues are read once up front, a create
is one insert (one read, one write), a step one get and one update (two reads, one write).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from bench.actions import KINDS, draft_for
from bench.timing import Spread, time_each
from shiftboard.domain import lifecycle
from shiftboard.domain.clock import Clock
from shiftboard.domain.drafts import build_handover
from shiftboard.domain.models import Colleague, Handover
from shiftboard.store.archive import iter_archived


@dataclass
class Baseline:
    spreads: dict[str, Spread]
    file_bytes: int
    handovers: int


def export(store_root: Path, target: Path) -> int:
    """Write the store's colleagues and every handover (live and archived) as one TinyDB JSON file."""
    state = json.loads((store_root / "state.json").read_bytes())["tables"]
    handovers: dict[str, Any] = dict(state["handovers"])
    for row in iter_archived(store_root / "archive"):
        handovers[row["id"].split("-", 1)[1]] = row
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"colleagues": state["colleagues"], "handovers": handovers}, out, ensure_ascii=False)
    return len(handovers)


def run(store_root: Path, workdir: Path, *, count: int) -> Baseline:
    path = workdir / "tinydb.json"
    total = export(store_root, path)
    db = TinyDB(path)  # stock JSONStorage: reads the file on every operation, rewrites and fsyncs it on every write
    colleagues, handovers = db.table("colleagues"), db.table("handovers")
    clock = Clock()
    people = [Colleague.model_validate(row) for row in colleagues.all()]
    sender, receiver = people[0], people[1]
    made: list[int] = []
    next_number = [max(int(key) for key in handovers._read_table()) + 1]

    def create(index: int) -> None:
        number = next_number[0]
        next_number[0] += 1
        record = build_handover(
            draft_for(receiver.handle, index),
            number=number,
            sender=sender,
            colleagues={c.handle: c for c in people},
            services={},
            now=clock.now(),
            tz=clock.tz,
        )
        handovers.insert(Document(record.to_json(), doc_id=number))
        made.append(number)

    def step(number: int, rule: Any) -> None:
        row = handovers.get(doc_id=number)
        result = rule(Handover.model_validate(row), receiver)
        fields = {name: new for name, (_old, new) in result.changes.items()}
        seq = 1 + max((e["seq"] for e in row["events"]), default=0)  # type: ignore[index]
        event = {
            "seq": seq,
            "at": clock.now().isoformat(),
            "actor": receiver.handle,
            "kind": result.kind,
            "note": result.note,
        }
        handovers.update({**fields, "events": [*row["events"], event]}, doc_ids=[number])  # type: ignore[index]

    def acknowledge(index: int) -> None:
        now = clock.now()
        step(made[index], lambda h, a: lifecycle.acknowledge(h, by=a, read_back="will do", now=now, tz=clock.tz))

    def comment(index: int) -> None:
        now = clock.now()
        step(made[index], lambda h, a: lifecycle.comment(h, by=a, note=f"note {index}", now=now, tz=clock.tz))

    spreads = {}
    for kind, action in zip(KINDS, (create, acknowledge, comment), strict=True):
        spreads[kind] = Spread.of(time_each(action, count))
    db.close()
    return Baseline(spreads, path.stat().st_size, total)


def run_isolated(store_root: Path, workdir: Path, *, count: int) -> Baseline:
    """`run` in a process of its own, so the 256 MB file's gigabyte of objects never bloats the bench's."""
    here = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": here + (os.pathsep + os.environ["PYTHONPATH"] if "PYTHONPATH" in os.environ else ""),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.baseline", str(store_root), str(workdir), str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    spreads = {kind: Spread(**values) for kind, values in report["spreads"].items()}
    return Baseline(spreads, report["file_bytes"], report["handovers"])


if __name__ == "__main__":
    result = run(Path(sys.argv[1]), Path(sys.argv[2]), count=int(sys.argv[3]))
    print(json.dumps({**asdict(result), "spreads": {kind: asdict(s) for kind, s in result.spreads.items()}}))

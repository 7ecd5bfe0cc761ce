"""The benchmark's smoke mode runs every figure's code path on tiny stores and produces the table.

No timing is asserted here: budgets are judged by `python -m bench` on the project machine
(docs/BENCHMARKS.md), never by tests. This only keeps the benchmark from rotting.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "one action: create",
    "one action: acknowledge",
    "one action: comment",
    "speed-up over stock TinyDB JSONStorage",
    "floor: lock + one fsync'd append",
    "floor of rewriting the live file per action",
    "as history grows",
    "processes ×",
    "command line: `shiftboard ack",
    "`shiftboard verify`",
    "cold start to an interactive board",
    "key press → board updated",
    "another session's write → visible",
    "board peak memory (RSS)",
    "`shiftboard search TEXT`",  # "not yet" until the command is built
    "`shiftboard report`",
    "`shiftboard purge`",
)


def test_smoke_mode_writes_every_figure_with_budget_and_baseline(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    work = tmp_path / "work"
    env = {key: value for key, value in os.environ.items() if not key.startswith("SHIFTBOARD")}
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--workdir", str(work), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    assert "| figure | measured | baseline (same run) | ratio | budget | result |" in report
    for figure in FIGURES:
        matching = [row for row in rows if figure in row]
        assert matching, f"no row for {figure!r} in:\n{report}"
        cells = [cell.strip() for cell in matching[0].strip("|").split(" | ")]
        assert cells[1] and cells[1] != "not measured: the section failed", matching[0]
        if cells[5] in ("pass", "FAIL"):  # a judged row is judged by its ratio to a same-run baseline
            assert cells[2] and cells[3].endswith("×"), matching[0]
    assert "python -m bench --smoke" in report and "nproc" in report
    assert not work.exists()  # the bench stores are removed afterwards
    assert "figure" in result.stdout  # the table is printed too

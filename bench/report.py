"""The figures of SPEC §5 as one table: measured, its same-run baseline, their ratio, the budget, pass/fail.

Every budget of SPEC §5 is a ratio to a baseline measured in the same run (the machine's speed drifts
between runs), so a row is judged by its ratio; the absolute figures stay beside it for orientation.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

from bench.causes import EXPERIMENTS, cause


@dataclass
class Figure:
    """One row: what was measured, the baseline from the same run, their ratio, and the budget it answers to.

    `ratio` is the figure the budget judges (measured / baseline, or baseline / measured for a speed-up);
    `passed` is decided from it by the section. Both are None when the row has no budget of its own
    (a floor, a baseline) or was not measured.
    """

    name: str
    measured: str
    budget: str = ""
    baseline: str = ""
    passed: bool | None = None
    note: str = ""
    key: str = ""  # names the row in bench.causes
    ratio: float | None = None

    @property
    def verdict(self) -> str:
        if self.measured == NOT_YET:
            return "not yet"
        if self.measured == NOT_MEASURED:
            return "ERROR"
        if self.passed is None:
            return "—"
        return "pass" if self.passed else "FAIL"


NOT_YET = "not yet"
NOT_MEASURED = "not measured: the section failed"


def machine() -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cores (nproc)": str(os.cpu_count()),
        "cpu": _cpu_name(),
        "python": sys.version.split()[0],
        "textual": version("textual"),
        "tinydb": version("tinydb"),
        "pydantic": version("pydantic"),
        "os": f"{platform.system()} {platform.release()}",
    }


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return ""
    if ratio >= 100:
        return f"{ratio:,.0f}×"
    return f"{ratio:.1f}×" if ratio >= 10 else f"{ratio:.2f}×"


def _cells(figure: Figure) -> list[str]:
    return [figure.name, figure.measured, figure.baseline, ratio_text(figure.ratio), figure.budget, figure.verdict]


HEADER = ["figure", "measured", "baseline (same run)", "ratio", "budget", "result"]


def text_table(figures: list[Figure]) -> str:
    rows = [HEADER, *(_cells(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def markdown(
    figures: list[Figure],
    *,
    command: str,
    seconds: float,
    sizes: str,
    notes: list[str],
    load: tuple[float, float],
) -> str:
    """docs/BENCHMARKS.md: the table, what each miss needs, the machine, the command, notes per row."""
    judged = [f for f in figures if f.passed is not None]
    missed = [f for f in figures if f.verdict in ("FAIL", "ERROR")]
    pending = [f for f in figures if f.verdict == "not yet"]
    out = [
        "# Benchmarks",
        "",
        f"Every budget of SPEC §5, measured side by side with its baseline in one run of `{command}`",
        f"({seconds:.0f} s, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC). {sizes}",
        "Stores are built by `shiftboard.demo.build_demo` (the generator behind `shiftboard demo`), seeded, in a",
        "temporary directory on the same disk as the user's data, and copied per scenario.",
        "",
        f"**{sum(1 for f in judged if f.passed)} of {len(judged)} budgets met**"
        + (f"; missed: {', '.join(f.name for f in missed)}" if missed else "")
        + (f"; not measurable yet: {', '.join(f.name for f in pending)}" if pending else "")
        + ".",
        "",
        "Each row is judged by its **ratio** to a baseline measured in the same run, as SPEC §5 states the",
        "budgets (the machine's speed drifts by half between runs); the absolute figures are beside it.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    out += ["| " + " | ".join(_md(cell) for cell in _cells(f)) + " |" for f in figures]
    if missed:
        out += ["", "## Budgets missed: why, and what would close them", ""]
        out += [
            f"- **{f.name}** ({ratio_text(f.ratio) or f.measured}; budget {f.budget or '—'}): {cause(f.key)}"
            for f in missed
        ]
    if EXPERIMENTS:
        out += ["", "## Experiments: what each candidate change saved when tried (bench/causes.py)", ""]
        out += [f"- {line}" for line in EXPERIMENTS]
    out += ["", "## Machine", ""]
    out += [f"- {key}: {value}" for key, value in machine().items()]
    out += [
        f"- load average (1 min) at the start and the end of the run: {load[0]:.2f} / {load[1]:.2f} "
        "(other work on the machine slows every figure, the fsync-bound ones most)"
    ]
    explained = [f for f in figures if f.note]
    if explained:
        out += ["", "## Notes on the rows", ""]
        out += [f"- **{f.name}**: {f.note}" for f in explained]
    if notes:
        out += ["", "## How it is measured", ""]
        out += [f"- {note}" for note in notes]
    out += [
        "",
        "Run it again with `python -m bench` (about 5 minutes); `python -m bench --smoke` is the seconds-long",
        "version CI runs so the benchmark never rots.",
        "",
    ]
    return "\n".join(out)

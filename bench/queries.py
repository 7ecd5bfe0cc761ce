"""The query rows of SPEC §5: `search TEXT`, `report` of the last 30 days, `purge` of 10,000 closed handovers.

These commands are being built elsewhere. A row is measured only once `shiftboard COMMAND --help`
answers; until then it says "not built yet" and measures nothing (no stand-in is timed in its place).
The invocations follow SPEC §3, each in one function below: adjust it there if the command's final
options differ. Each runs the installed console script (bench/install.py) on the 100,000-archived
store, timed from process start to exit with its peak RSS (bench/launch.py).

- search: `shiftboard search WORD` at a tenth of the history and at the full one: ≤ 1.5 s, memory flat.
- report: `shiftboard report --since <30 days ago>`: ≤ 2 s.
- review: on a running board (App.run_test), the review screen's 30-day period: ≤ 1 s. The screen
  exists already, so this row is measured now.
- purge: `shiftboard purge --older-than <P>`, P chosen so that about 10,000 archived handovers are taken:
  ≤ 60 s; then `verify` must pass and every one of them must be erased. All-or-nothing: a second copy is
  killed (SIGKILL) halfway through a purge; once the store is opened again (any command: it settles a
  purge cut short), either none or all of them must be erased and `verify` must pass.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import budgets
from bench.board import SIZE
from bench.commands import store_env, verify
from bench.install import Install
from bench.report import NOT_YET, Figure
from bench.timing import Spread, run_measured
from shiftboard.services import Desk
from shiftboard.store import archive

if TYPE_CHECKING:
    from bench.scenarios import Bench

SEARCH_WORD = "Nowak"  # a customer surname of the demo generator (shiftboard/demo/texts.py): in some cards, not all
SUPERVISOR = "sam"  # the demo team's supervisor (purge is a supervisor's command, SPEC §6)


def built(install: Install, command: str) -> bool:
    """Whether `shiftboard COMMAND --help` answers (exit 0) in the install being timed."""
    done = subprocess.run([*install.command(), command, "--help"], capture_output=True, env=store_env(Path(".")))
    return done.returncode == 0


def not_built(name: str, command: str, budget: str, key: str) -> Figure:
    return Figure(
        name, NOT_YET, budget, key=key, note=f"not built yet: `shiftboard {command} --help` failed, nothing timed."
    )


def figures(bench: Bench) -> list[Figure]:
    install = bench.install
    return [_search(bench, install), _report(bench, install), _review(bench), _purge(bench, install)]


def _search(bench: Bench, install: Install) -> Figure:
    s = bench.sizes
    name = f"`shiftboard search TEXT`, {s.open:,} open + {s.archived:,} archived"
    budget = f"≤ {budgets.SEARCH_SECONDS:g} s on a fast run; memory flat"
    if not built(install, "search"):
        return not_built(name, "search", budget, "search")
    small_size = s.history[-2]
    runs = {}
    for archived in (small_size, s.archived):
        root = bench.stores.base(s.open, archived)
        runs[archived] = run_measured([*install.command(), "search", SEARCH_WORD], env=store_env(root))
    small, large = runs[small_size], runs[s.archived]
    failed = [
        f"{n:,} archived: exit {r.returncode}: {r.stderr.strip()[-300:]}" for n, r in runs.items() if r.returncode
    ]
    flat = large.peak_mb <= small.peak_mb * budgets.FLAT_MEMORY_RATIO
    hits = len(large.stdout.splitlines())
    return Figure(
        name,
        f"{large.seconds:.2f} s, peak {large.peak_mb:.0f} MB, {hits} lines of output",
        f"{budget} (peak ≤ {budgets.FLAT_MEMORY_RATIO}× that at a tenth of the history)",
        f"{small_size:,} archived: {small.seconds:.2f} s, peak {small.peak_mb:.0f} MB",
        not failed and large.seconds <= budgets.SEARCH_SECONDS and flat,
        key="search",
        ratio=large.seconds / budgets.SEARCH_SECONDS,
        note="; ".join(failed) or f"`shiftboard search {SEARCH_WORD}`; the ratio is to the 1.5 s of SPEC §5.",
    )


def _report(bench: Bench, install: Install) -> Figure:
    s = bench.sizes
    name = f"`shiftboard report` of the last 30 days, {s.open:,} open + {s.archived:,} archived"
    budget = f"≤ {budgets.REPORT_CLI_SECONDS:g} s"
    if not built(install, "report"):
        return not_built(name, "report", budget, "report")
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    root = bench.stores.base(s.open, s.archived)
    run = run_measured([*install.command(), "report", "--since", since], env=store_env(root))
    return Figure(
        name,
        f"{run.seconds:.2f} s, peak {run.peak_mb:.0f} MB",
        budget,
        "(an absolute budget)",
        run.returncode == 0 and run.seconds <= budgets.REPORT_CLI_SECONDS,
        key="report",
        ratio=run.seconds / budgets.REPORT_CLI_SECONDS,
        note=f"exit {run.returncode}: {run.stderr.strip()[-300:]}"
        if run.returncode
        else f"`shiftboard report --since {since}`.",
    )


def _review(bench: Bench) -> Figure:
    s = bench.sizes
    name = f"review of the last 30 days on a running board, {s.open:,} open + {s.archived:,} archived"
    budget = f"≤ {budgets.REVIEW_BOARD_SECONDS:g} s"
    if find_spec("shiftboard.tui.screens.review") is None:
        return Figure(name, NOT_YET, budget, key="review", note="not built yet: no review screen")
    root = bench.big("review")
    bench.log("the review screen")
    user = Desk.open(root).colleagues()[0].handle
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    took = Spread.of([t * 1000 for t in asyncio.run(_review_seconds(root, user, REVIEW_RUNS))])
    bench.done_with(root)
    return Figure(
        name,
        f"median {took.median / 1000:.2f} s, max {took.maximum / 1000:.2f} s (of {took.count})",
        budget,
        "(an absolute budget)",
        took.maximum <= budgets.REVIEW_BOARD_SECONDS * 1000,
        key="review",
        ratio=took.maximum / (budgets.REVIEW_BOARD_SECONDS * 1000),
        note="App.run_test on the board, the review screen open (R): from the `t` that picks the 30-day period "
        "until its figures are on the screen (the archive is read in a worker), wall time; the ratio is the "
        "slowest to the 1 s of SPEC §5.",
    )


REVIEW_RUNS = 5
THIRTY_DAYS = "30 days"


async def _review_seconds(root: Path, user: str, runs: int) -> list[float]:
    from shiftboard.tui.app import ShiftboardApp
    from shiftboard.tui.screens.review import ReviewScreen

    app = ShiftboardApp(Desk.open(root), user, bell=False)
    took = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await _until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.result is not None)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(runs):
            while True:  # to the period before "30 days", its figures shown
                before = screen.result
                await pilot.press("t")
                await _until(pilot, lambda before=before: screen.result is not before)
                if screen.period != THIRTY_DAYS and _next_is_thirty(screen.period):
                    break
            before = screen.result
            start = time.perf_counter()
            await pilot.press("t")
            await _until(pilot, lambda before=before: screen.result is not before and screen.period == THIRTY_DAYS)
            took.append(time.perf_counter() - start)
    return took


def _next_is_thirty(period: str) -> bool:
    from shiftboard.domain.review import PERIODS

    if THIRTY_DAYS not in PERIODS:
        raise RuntimeError(f"the review has no {THIRTY_DAYS!r} period (it has {', '.join(PERIODS)})")
    return PERIODS[(PERIODS.index(period) + 1) % len(PERIODS)] == THIRTY_DAYS


async def _until(pilot: Any, done: Any, timeout: float = 60.0) -> None:
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the review did not show its figures within a minute")
        await pilot.pause(0.01)  # each look takes the GIL from the worker: every 2 ms slowed it by a fifth


def _purge(bench: Bench, install: Install) -> Figure:
    s = bench.sizes
    count = min(budgets.PURGE_COUNT, s.archived // 2)
    name = f"`shiftboard purge` of {count:,} closed handovers"
    budget = f"≤ {budgets.PURGE_SECONDS:g} s, all or nothing"
    if not built(install, "purge"):
        return not_built(name, "purge", budget, "purge")
    root = bench.big("purge")
    days, ids = _older_than(root, count)
    argv = [*install.command(), "--as", SUPERVISOR, "purge", "--older-than", f"{days}d"]
    run = run_measured(argv, env=store_env(root), timeout=900)
    problems = [f"exit {run.returncode}: {run.stderr.strip()[-300:]}"] if run.returncode else []
    erased = _erased(root, ids)
    if erased != len(ids):
        problems.append(f"{erased:,} of the {len(ids):,} handovers taken were erased")
    checked = verify(root, install)
    if not checked.ok:
        problems.append(f"verify after purge: {checked.output}")
    bench.done_with(root)
    problems += _killed_halfway(bench, argv, ids, install, run.seconds / 2)
    return Figure(
        name,
        f"{run.seconds:.1f} s, peak {run.peak_mb:.0f} MB ({len(ids):,} taken by --older-than {days}d)",
        budget,
        "(an absolute budget)",
        not problems and run.seconds <= budgets.PURGE_SECONDS,
        key="purge",
        ratio=run.seconds / budgets.PURGE_SECONDS,
        note="; ".join(problems)
        or "verify passed afterwards; a purge killed halfway left none or all of them erased, and verify passed.",
    )


def _archived_rows(root: Path) -> Iterator[dict[str, Any]]:
    """Every archived row, read as the store reads its archive (without the type check)."""
    directory = root / "archive"
    for name in archive.archive_names(directory):
        yield from archive.read_archive(directory / name, validate=False).values()


def _closed_at(root: Path) -> list[tuple[str, str]]:
    """(closed_at, id) of every archived handover, oldest first."""
    return sorted((row["closed_at"], row["id"]) for row in _archived_rows(root) if row.get("closed_at"))


def _older_than(root: Path, count: int) -> tuple[int, set[str]]:
    """The whole days P for which `--older-than P` takes about `count` handovers, and their ids."""
    closed = _closed_at(root)
    now = datetime.now(UTC)
    cutoff = datetime.fromisoformat(closed[min(count, len(closed)) - 1][0])
    days = max(0, (now - cutoff).days)
    limit = (now - timedelta(days=days)).isoformat()
    return days, {hid for at, hid in closed if at <= limit}


def _erased(root: Path, ids: set[str]) -> int:
    return sum(1 for row in _archived_rows(root) if row["id"] in ids and row.get("purged"))


def _killed_halfway(bench: Bench, argv: list[str], ids: set[str], install: Install, after: float) -> list[str]:
    root = bench.big("purge-killed")
    process = subprocess.Popen(argv, env=store_env(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    # A purge is all or nothing as the store is next opened: a kill between its commit and the last of
    # its renames leaves the rest to the next process, which finishes it (store.erase). So count then.
    subprocess.run([*install.command(), "list", "--status", "closed"], env=store_env(root), capture_output=True)
    problems = []
    erased = _erased(root, ids)
    if erased not in (0, len(ids)):
        problems.append(f"killed halfway: {erased:,} of {len(ids):,} erased (must be none or all)")
    checked = verify(root, install)
    if not checked.ok:
        problems.append(f"killed halfway, verify: {checked.output}")
    bench.done_with(root)
    return problems

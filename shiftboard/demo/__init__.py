"""`shiftboard demo`: a board to try, and the benchmark's data at scale.

A small team with skills, services and a roster; `open_count` handovers in every state made
through the Desk over the last few days; some closed this week; and `archived` closed
handovers further back, written in bulk and moved to `archive/`. The same seed gives the
same people, stories and times relative to the end (the real now unless a clock is given).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from shiftboard.demo.history import history_start, write_history
from shiftboard.demo.live import AGES, plan_live, run_live
from shiftboard.demo.team import COLLEAGUES, SERVICES, SHIFTS, plan_one_offs, set_up_team
from shiftboard.domain.clock import Clock, FrozenClock
from shiftboard.domain.errors import Refused
from shiftboard.progress import Progress
from shiftboard.services import Desk
from shiftboard.store import Store

STORE_ENTRIES = {".lock", "log", "state.json", "archive"}


@dataclass(frozen=True)
class DemoSummary:
    root: Path
    colleagues: int
    services: int
    shifts: int
    open: int
    recently_closed: int
    archived: int
    events: int


def _refuse_used(root: Path) -> None:
    """A demo goes into a new or empty directory only: never mixed into someone's board or files."""
    if not root.exists():
        return
    if not root.is_dir():
        raise Refused(f"{root} is not a directory")
    entries = set(os.listdir(root))
    if entries - STORE_ENTRIES:
        raise Refused(f"{root} is not empty; a demo board goes into a new or empty directory (choose one with --store)")
    if entries:
        store = Store.open(root)
        if store.position.seq or list(store.archived()):
            raise Refused(f"{root} already holds a board; a demo board goes into a new or empty directory")


def build_demo(
    root: Path | str,
    *,
    open_count: int = 30,
    archived: int = 0,
    seed: int = 0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create the demo board at `root`, ending at `clock`'s now; `progress(done, total)` is told as it goes."""
    root = Path(root)
    if open_count < 0 or archived < 0:
        raise Refused("--open and --archived take a count of 0 or more")
    _refuse_used(root)
    real = clock or Clock()
    end = real.now()
    rng = random.Random(seed)
    recent_start = end - timedelta(minutes=AGES["closed"][1])
    start = history_start(archived, end) if archived else recent_start
    frozen = FrozenClock(start - timedelta(days=1), tz=real.tz)
    desk = Desk.open(root, clock=frozen, create=True)
    set_up_team(desk)
    closed_count = max(2, open_count // 6) if open_count else 0
    actions = plan_live(rng, end, open_count, closed_count)
    total, done = archived + len(actions), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if archived:
        people = {c.handle: c for c in desk.colleagues()}
        services = {s.name: s for s in desk.services()}
        cutoff = end - timedelta(days=desk.settings().archive_after_days)
        write_history(
            desk.store,
            rng,
            count=archived,
            end=end,
            tz=real.tz,
            people=people,
            services=services,
            archive_before=cutoff,
            tick=tick,
        )
    for _ in run_live(desk, frozen, actions):
        tick()
    frozen.at = end
    plan_one_offs(desk, desk.today())
    return DemoSummary(
        root=root,
        colleagues=len(COLLEAGUES),
        services=len(SERVICES),
        shifts=len(SHIFTS),
        open=open_count,
        recently_closed=closed_count,
        archived=archived,
        events=desk.store.position.seq,
    )

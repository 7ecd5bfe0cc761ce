"""The board's figures: cold start, key press cost, another session's write showing up, peak memory.

Cold start, visibility and memory use the real program (`shiftboard --store DIR --as HANDLE`) in
a real terminal (a private tmux server), watched with `capture-pane`: the start counts until a key
pressed as soon as the board appears has visibly taken effect, i.e. until the board answers keys.
The key press cost uses Textual's own test driver (App.run_test + pilot), 2,000 cards against 20.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench import budgets, minimal_app
from bench.actions import draft_for
from bench.commands import store_env
from bench.report import NOT_YET, Figure
from bench.timing import Spread, peak_rss_mb
from shiftboard.services import Desk

if TYPE_CHECKING:
    from bench.scenarios import Bench

SIZE = (160, 50)
MINIMAL_APP = str(Path(minimal_app.__file__).resolve())  # run as a file: it imports Textual only
BOARD_READY = "Shiftboard ·"  # the board's header line
HELP_SHOWN = "esc or ? close"  # the help screen's title: `?` was taken
POLL = 0.002
TIMEOUT = 30.0


class Tmux:
    """A private tmux server (its own socket, no config), so nothing of the user's is touched.

    Commands go through one control-mode client (`tmux -C`): a look at the screen costs 0.04 ms
    instead of starting a tmux process (a few ms of CPU each, which would slow the board it watches).
    """

    def __init__(self) -> None:
        self.base = ["tmux", "-L", f"shiftboard-bench-{os.getpid()}", "-f", "/dev/null"]
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "idle", "-x", str(SIZE[0]), "-y", str(SIZE[1])], check=True
        )
        self.client = subprocess.Popen(
            [*self.base, "-C", "attach", "-t", "idle"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._sent = 0
        self.run("display-message", "-p", "ready")

    def run(self, *args: str) -> str:
        """One tmux command through the control client; its output.

        Each command is followed by an echo of a numbered marker, and what comes before that echo is its
        answer, so no block can ever be taken for the answer to a later command."""
        assert self.client.stdin is not None
        self._sent += 1
        marker = f"bench-marker-{os.getpid()}-{self._sent}"
        self.client.stdin.write(" ".join(_quote(arg) for arg in args) + "\n")
        self.client.stdin.write(f"display-message -p {marker}\n")
        self.client.stdin.flush()
        blocks: list[tuple[bool, str]] = []
        while True:
            ok, text = self._block()
            if ok and text.strip() == marker:
                break
            blocks.append((ok, text))
        ok, text = blocks[-1] if blocks else (True, "")
        if not ok:
            raise RuntimeError(f"tmux {' '.join(args)}: {text.strip()}")
        return text

    def _block(self) -> tuple[bool, str]:
        """The next %begin … %end/%error block: (succeeded, its lines)."""
        assert self.client.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            line = self.client.stdout.readline()
            if not line:
                raise RuntimeError("the tmux control client went away")
            if line.startswith("%begin"):
                inside = line.split()[-1] == "1"  # flags 1: a command this client sent (0: tmux's own)
            elif inside and line.startswith(("%end", "%error")):
                return line.startswith("%end"), "".join(lines)
            elif inside:
                lines.append(line)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        settings = [f"{key}={value}" for key, value in env.items() if key.startswith(("SHIFTBOARD", "TEXTUAL", "PATH"))]
        # -u: the tmux server inherited the bench's environment; the program must import its install, and
        # size itself by its pane (pytest-xdist's workers set COLUMNS=80 LINES=24, which Textual obeys)
        unset = ["-u", "PYTHONPATH", "-u", "COLUMNS", "-u", "LINES"]
        command = " ".join(_quote(part) for part in ["exec", "env", *unset, *settings, *argv])
        self.run("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), command)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def key(self, name: str, key: str) -> None:
        self.run("send-keys", "-t", name, key)

    def pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def wait_for(self, name: str, text: str, since: float, timeout: float = TIMEOUT) -> float:
        """Seconds from `since` until `text` is on the screen of `name`."""
        while True:
            if text in self.screen(name):
                return time.perf_counter() - since
            if time.perf_counter() - since > timeout:
                raise TimeoutError(f"{text!r} did not appear within {timeout:.0f} s")
            time.sleep(POLL)

    def kill(self, name: str) -> None:
        self.run("kill-session", "-t", name)

    def close(self) -> None:
        socket = self.run("display-message", "-p", "#{socket_path}").strip()
        if self.client.stdin is not None:
            self.client.stdin.close()
        self.client.wait(timeout=10)
        subprocess.run([*self.base, "kill-server"], capture_output=True)
        Path(socket).unlink(missing_ok=True)  # tmux leaves it behind


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@dataclass
class Started:
    seconds: float
    pid: int


def cold_start(tmux: Tmux, name: str, argv: list[str], env: dict[str, str], ready: str, answered: str) -> Started:
    """Process start until a key pressed at the first sight of the app has taken effect."""
    since = time.perf_counter()
    tmux.start(name, argv, env)
    tmux.wait_for(name, ready, since)
    tmux.key(name, "?")
    seconds = tmux.wait_for(name, answered, since)
    return Started(seconds, tmux.pid(name))


def visible_latency(tmux: Tmux, name: str, root: Path, user: str, runs: int) -> list[float]:
    """Another process hands an urgent card to the signed-in user; seconds until its id is on the screen."""
    desk = Desk.open(root)
    sender = next(c.handle for c in desk.colleagues() if c.handle != user)
    rng = random.Random(3)
    took = []
    for index in range(runs):
        time.sleep(rng.uniform(0.05, 0.6))  # land anywhere in the board's polling cycle
        draft = draft_for(user, 900_000 + index)
        draft.priority, draft.due = "urgent", "5m"
        hid = desk.hand_over(draft, by=sender).id
        since = time.perf_counter()  # the write has returned: it is durable
        took.append(tmux.wait_for(name, hid, since, timeout=10.0))
    return took


async def _press_costs(root: Path, user: str, presses: int) -> list[float]:
    """CPU milliseconds per key press: its handling and the repaint of what it changed.

    CPU, not wall time: the pilot waits for the app to go idle by sleeping in steps of
    tens of milliseconds, which would swamp (and hide) the difference between boards.
    """
    from shiftboard.tui.app import ShiftboardApp

    app = ShiftboardApp(Desk.open(root), user, bell=False)
    took = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in "jkjkjk":  # warm up: first draws, caches
            await pilot.press(key)
        for index in range(presses):
            start = time.process_time()
            await pilot.press("j" if index % 2 == 0 else "k")
            await pilot.pause()
            took.append((time.process_time() - start) * 1000)
    return took


def press_cost(root: Path, user: str, presses: int) -> Spread:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    return Spread.of(asyncio.run(_press_costs(root, user, presses)))


def _first_user(root: Path) -> str:
    return Desk.open(root).colleagues()[0].handle


def _board_exists() -> bool:
    from importlib.util import find_spec

    return find_spec("shiftboard.tui.app") is not None


def figures(bench: Bench) -> list[Figure]:
    s = bench.sizes
    where = f"{s.open:,} open + {s.archived:,} archived"
    names = [
        f"cold start to an interactive board ({where})",
        f"key press → board updated, {s.open:,} cards vs {s.small_board}",
        "another session's write → visible on a running board",
        f"board peak memory (RSS), {where}",
    ]
    keys = ["board.start", "board.keys", "board.visible", "board.memory"]
    if not _board_exists():
        return [Figure(name, NOT_YET, key=key) for name, key in zip(names, keys, strict=True)]
    press = _press_figure(bench, names[1])
    start, visible, memory = _terminal_figures(bench, names[0], names[2], names[3])
    return [start, press, visible, memory]


def _press_figure(bench: Bench, name: str) -> Figure:
    s = bench.sizes
    big = bench.big("keys")
    small = bench.stores.copy(s.small_board, 0, "keys-small")
    bench.log("key presses")
    many = press_cost(big, _first_user(big), s.key_presses)
    few = press_cost(small, _first_user(small), s.key_presses)
    bench.done_with(big)
    bench.done_with(small)
    ratio = many.median / few.median
    return Figure(
        name,
        f"{s.open:,} cards: median {many.median:.1f} ms, p95 {many.p95:.1f} ms CPU",
        f"≤ {budgets.KEYS_VS_SMALL}× the {s.small_board}-card board",
        f"{s.small_board} cards: median {few.median:.1f} ms CPU",
        ratio <= budgets.KEYS_VS_SMALL,
        key="board.keys",
        ratio=ratio,
        note="App.run_test, pilot.press(j / k alternately) + pilot.pause(): the CPU time of the key's handling "
        f"and the repaint, {s.key_presses} presses after a warm-up, terminal {SIZE[0]}×{SIZE[1]}.",
    )


def _terminal_figures(bench: Bench, start_name: str, visible_name: str, memory_name: str) -> list[Figure]:
    s = bench.sizes
    if shutil.which("tmux") is None:
        return [
            Figure(name, NOT_YET, note="tmux is not installed", key=key)
            for name, key in (
                (start_name, "board.start"),
                (visible_name, "board.visible"),
                (memory_name, "board.memory"),
            )
        ]
    install = bench.install
    root = bench.big("board")
    user = _first_user(root)
    env = store_env(root) | {"TEXTUAL_ANIMATIONS": "none"}
    tmux = Tmux()
    baseline_argv = [install.python, MINIMAL_APP]
    board_argv = [*install.command(), "--as", user]
    try:
        bench.log("cold starts")
        minimal, board = [], []
        minimal_peaks = []
        for run in range(s.start_runs):
            started = cold_start(tmux, f"min{run}", baseline_argv, env, minimal_app.READY, minimal_app.ANSWERED)
            minimal.append(started.seconds)
            minimal_peaks.append(peak_rss_mb(started.pid) or 0.0)
            tmux.kill(f"min{run}")
            last = run == s.start_runs - 1  # the last board stays up for the figures below
            board.append(_timed(tmux, f"board{run}", board_argv, env, BOARD_READY, HELP_SHOWN, keep=last))
        name = f"board{s.start_runs - 1}"
        tmux.key(name, "escape")
        tmux.wait_for(name, BOARD_READY, time.perf_counter())
        bench.log("another session's writes")
        latencies = visible_latency(tmux, name, root, user, s.visible_runs)
        peak = peak_rss_mb(tmux.pid(name)) or 0.0
    finally:
        tmux.close()
        bench.done_with(root)
    start, base = Spread.of([r * 1000 for r in board]), Spread.of([r * 1000 for r in minimal])
    seen = Spread.of([t * 1000 for t in latencies])
    minimal_peak = max(minimal_peaks)
    start_ratio = start.median / base.median
    memory_ratio = peak / minimal_peak if minimal_peak else float("inf")
    return [
        Figure(
            start_name,
            f"median {start.median / 1000:.2f} s (of {start.count})",
            f"≤ {budgets.START_VS_MINIMAL:g}× the minimal app",
            f"minimal Textual app: median {base.median / 1000:.2f} s",
            start_ratio <= budgets.START_VS_MINIMAL,
            key="board.start",
            ratio=start_ratio,
            note="From `tmux new-session` running `shiftboard --as …` until `?`, pressed as soon as the header "
            "shows, has opened the help screen; the minimal app (bench/minimal_app.py, run by the same "
            "interpreter as a script file, as the console script is) is started and timed the same way, the "
            "two in alternation.",
        ),
        Figure(
            visible_name,
            f"median {seen.median:.0f} ms, max {seen.maximum:.0f} ms (of {seen.count})",
            f"≤ {budgets.VISIBLE_SECONDS:g} s (≤ 2 polls)",
            f"the board polls every {budgets.POLL_SECONDS:g} s",
            seen.maximum <= budgets.VISIBLE_SECONDS * 1000,
            key="board.visible",
            ratio=seen.maximum / (budgets.POLL_SECONDS * 1000),
            note="Another process hands an urgent card to the signed-in colleague at a random moment; timed from "
            "the write's return until its id is on the screen (card or notification), looked for every 2 ms. "
            "The ratio is the slowest of them in polls.",
        ),
        Figure(
            memory_name,
            f"{peak:.0f} MB",
            f"≤ {budgets.MEMORY_MB:g} MB and ≤ {budgets.MEMORY_VS_MINIMAL:g}× the minimal app",
            f"minimal Textual app: {minimal_peak:.0f} MB",
            peak <= budgets.MEMORY_MB and memory_ratio <= budgets.MEMORY_VS_MINIMAL,
            key="board.memory",
            ratio=memory_ratio,
            note="VmHWM of the board process after its start, the help screen and the other session's writes; "
            "the minimal app's after its start and the same key.",
        ),
    ]


def _timed(
    tmux: Tmux, name: str, argv: list[str], env: dict[str, str], ready: str, answered: str, *, keep: bool = False
) -> float:
    started = cold_start(tmux, name, argv, env, ready, answered)
    if not keep:
        tmux.kill(name)
    return started.seconds

"""One `shiftboard …` command in this process, timed phase by phase (run by bench/quick_cli.py).

    python bench/phases.py OUT.json ARG...        (e.g. ack H-1042 --as bob --note "on it")

It does what the console script does (`sys.exit(shiftboard.cli.main())`), first importing the
heavy modules one by one so each import is a phase, and wraps the functions opening the store
and building validators in timers. It writes, before the interpreter's teardown (the last phase,
which the parent measures):

- marks: the clock (time.perf_counter, system-wide CLOCK_MONOTONIC on Linux, so the parent can
  compare) at the first line of this file and after each import;
- timers: milliseconds spent inside each wrapped function, exclusive of the wrapped functions it
  called (a validator built during the store's opening counts as building, not opening);
- gc: milliseconds of garbage collection, wherever it happened.
"""

import time

FIRST_LINE = time.perf_counter()

import gc  # noqa: E402 - everything after the first clock reading is a phase of its own
import json  # noqa: E402
import sys  # noqa: E402

if sys.path and sys.path[0] and sys.path[0] == __file__.rpartition("/")[0]:
    del sys.path[0]  # the console script has its bin directory there, not bench/

marks: list[tuple[str, float, float]] = [("interpreter start (to the first line)", FIRST_LINE, 0.0)]
BUILD = "build model validators (pydantic schema + core)"


def mark(name: str) -> None:
    """The clock now, and the ms spent building validators so far (an import may build some)."""
    marks.append((name, time.perf_counter(), TIMERS.spent.get(BUILD, 0.0)))


IMPORTS = (
    ("import tinydb", "tinydb"),
    ("import shiftboard.domain (models, rules)", "shiftboard.domain.models"),
    ("import shiftboard.store", "shiftboard.store"),
    ("import shiftboard.services", "shiftboard.services"),
    ("import shiftboard.cli (parser, commands, output)", "shiftboard.cli.handovers"),
)


def import_all() -> None:
    """pydantic first (the baseline's import, exactly), then its builders are timed, then the package."""
    import importlib

    from pydantic import BaseModel  # noqa: F401

    mark("import pydantic (BaseModel)")
    time_builders(TIMERS)
    for label, module in IMPORTS:
        importlib.import_module(module)
        mark(label)


class Timers:
    """Exclusive time per label: a wrapped call's time minus that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.stack: list[float] = []  # time taken by wrapped children of each open call

    def wrap(self, label: str, function):  # type: ignore[no-untyped-def]
        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.stack.append(0.0)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                took = time.perf_counter() - start
                children = self.stack.pop()
                self.spent[label] = self.spent.get(label, 0.0) + (took - children) * 1000
                if self.stack:
                    self.stack[-1] += took

        return timed

    def patch(self, owner: object, name: str, label: str) -> None:
        setattr(owner, name, self.wrap(label, getattr(owner, name)))


TIMERS = Timers()


def time_builders(timers: Timers) -> None:
    """Validator builds, wherever they happen: at import (a model without defer_build) or on first use."""
    from pydantic import type_adapter
    from pydantic._internal import _model_construction

    timers.patch(_model_construction, "complete_model_class", BUILD)
    timers.patch(type_adapter.TypeAdapter, "_init_core_attrs", BUILD)


def install_timers(timers: Timers) -> None:
    import pathlib

    import shiftboard.cli
    from shiftboard.store import snapshot, state, store

    timers.patch(shiftboard.cli, "main", "main: the action itself (the rest of main)")
    timers.patch(shiftboard.cli, "build_parser", "main: build the argument parser")
    timers.patch(store.Store, "load", "open the store: the rest (stat, checks, identity)")
    timers.patch(store, "read_snapshot", "open the store: state.json checks (sha256 vs .checkpoint, ids)")
    timers.patch(pathlib.Path, "read_bytes", "open the store: read files (state.json, .checkpoint)")
    timers.patch(snapshot, "parse_json", "open the store: parse state.json (json.loads)")
    timers.patch(snapshot, "validate_rows", "open the store: type-check rows (when .checkpoint does not vouch)")
    timers.patch(state.State, "__init__", "open the store: State() (TinyDB tables, id maps)")
    timers.patch(store.Store, "_apply_tail", "replay the log after state.json (open + catch-up under the lock)")
    timers.patch(store.Store, "append", "append: seal (canonical JSON, sha256) and apply the event")
    timers.patch(store, "append_durably", "append: write + fsync the event line")


def main() -> None:
    out, argv = sys.argv[1], sys.argv[2:]
    import_all()
    timers = TIMERS
    install_timers(timers)
    collected = [0.0, 0.0]  # total ms, start of the current collection

    def on_gc(phase: str, _info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            collected[1] = time.perf_counter()
        else:
            collected[0] += (time.perf_counter() - collected[1]) * 1000

    gc.callbacks.append(on_gc)
    mark("(timers installed)")
    import shiftboard.cli

    status = shiftboard.cli.main(argv)
    mark("main returned")
    gc.callbacks.remove(on_gc)
    with open(out, "w", encoding="utf-8") as report:
        json.dump({"marks": marks, "timers": timers.spent, "gc": collected[0], "status": status}, report)
    sys.stdout.flush()
    sys.exit(status)  # as the console script does: the teardown that follows is the last phase


if __name__ == "__main__":
    main()

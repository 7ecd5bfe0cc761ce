"""Why a budget is missed and what would close it, from profiles and experiments: shown in docs/BENCHMARKS.md.

CAUSES is shown beside each row that misses (a row that meets its budget shows nothing); EXPERIMENTS
is shown in every report: what each candidate change saved when tried. Both were measured on the
project machine on 2026-12-02 with cProfile, pyinstrument, bench/phases.py (`bench/quick_cli.py`)
and scratch variants that monkeypatched one thing at a time into a copy of the console script, run in
alternation with the baseline (shiftboard/ itself unchanged). Keep each to what was measured.
"""

from __future__ import annotations

CAUSES: dict[str, str] = {
    "cli": (
        "`python bench/quick_cli.py --store DIR` on 2,000 open + 100,000 archived (ack 186 ms, baseline 70 ms): "
        "interpreter 8 ms; pydantic 52 ms (the baseline's own import); the package's imports 30 ms; validators "
        "built at import 13 ms (lifecycle.NOBODY builds Colleague at import, and the first validator built "
        "makes pydantic's plugin loader import importlib.metadata: +19 ms over the baseline measured); main() "
        "56 ms, of which json.loads of the 4.6 MB state.json 36 ms, sha256 and checks 4 ms, the log tail 3.5 ms, "
        "the parser 3 ms, the action itself 5 ms, garbage collection 6 ms; then 25 ms of teardown freeing the "
        "parsed state. Defining any pydantic model with a field costs +20 ms over the baseline (pydantic.fields, "
        "pydantic.types, annotated_types), so at a 71 ms baseline the 1.5× (107 ms) leaves ~16 ms for "
        "everything that is Shiftboard's own. What reaches it (measured on the same store, each alone, then "
        "together): (1) read only the rows the command needs: a snapshot whose small head (colleagues, "
        "settings, counters, position) and each handover load apart, rows parsed on first use "
        "(store/snapshot.py read_snapshot, store/store.py Store.load): -50 ms, 2.66× → 1.97×; "
        "(2) the console script flushes and leaves with os._exit(status) (a separate entry point, so tests "
        "calling cli.main keep a normal exit): -25 ms; (3) gc.freeze() once the store is loaded (or "
        "gc.disable() in one-shot commands): -14 to -19 ms; (4) no importlib.metadata: build no validator "
        "on a command's path (rows `.checkpoint` vouches for are already type-checked) and no model at "
        "import (lifecycle.NOBODY), or stub pydantic.plugin._loader before the first build (internals: pin "
        "and test it): -16 ms (PYDANTIC_DISABLE_PLUGINS saves 0.6 ms: the import is the cost, not the scan); "
        "(5) parse with pydantic_core.from_json (already installed; same objects as json.loads on the whole "
        "snapshot): -14 ms, redundant once (1) is done; (6) store/files.py imports tempfile at module level "
        "(+4.7 ms: shutil, bz2, random): import it in replace_atomically. (2)+(3)+(4)+(5): 129 ms = 1.79×; "
        "(1)+(2)+(3)+(4): 98 ms = 1.37×; with (6) and lazy tinydb (+3 ms) about 1.25×."
    ),
    "board.start": (
        "Median of 7 cold starts in alternation with the minimal app (0.19 s): 0.73 s = 3.84× (the run-to-run "
        "spread is 2.9-4.1×). Garbage collection over the freshly parsed state is the largest single cost: "
        "gc.disable() until the cards are first read, then gc.freeze(): -155 ms (3.02×); parsing state.json "
        "with pydantic_core.from_json: -63 ms alone; both: -215 ms, 2.70× (tui/app.py run_board or "
        "cli/board.py open_board; store/snapshot.py parse_json). Then, from a pyinstrument profile: validating "
        "the 2,000 open handovers into models at start, 58 ms (25 ms with gc off; services.py Desk.handovers "
        "→ _live_model): validate the cards in view first; every card's height measured by the OptionList "
        "(widgets/card.py Card.get_height: rich divide_line, cell_len) and every card's parts built "
        "(screens/board.py _cards → card_parts): ~0.1 s of CPU together, visible cards only would remove most; "
        "deferring screens not shown at start saves ≤ 5 ms (shiftboard.tui imports cost 8 ms of their own)."
    ),
    "concurrency": (
        "16 writers hold the lock 1.3 ms median, 1.6 ms mean per action (busy 90 % of the run) where the "
        "serial floor is 0.2 ms: the fsync under contention (~0.5-1 ms), catching up on the ~15 events the "
        "others appended since (parse + State.apply), the rule. 0.2× the floor rate is ~1,000 actions/s at a "
        "0.2 ms floor. Measured (scratch worker, same store): group commit, i.e. append under the lock and "
        "fsync after letting it go (a later fsync covers every earlier line; store/store.py Store.append and "
        "transaction; a failed fsync after the lock is gone needs its own answer: refuse the store, never "
        "report success): 560 → 776 actions/s (+39 %), lock held 1.59 → 1.02 ms mean. Then the run is "
        "CPU-bound on 2 cores (~2.6 ms of core time per action, 16 processes): every process parses and "
        "applies every event (store/state.py State.apply clears TinyDB's query cache and copies the card's "
        "events list per event: batch them, clear once); pydantic_core.from_json for the catch-up adds only "
        "+1 %; Desk.hand_over validates every colleague twice (Desk.colleagues) and the read-back once more; "
        "log.tail_file and read_after list the log directory on every action. Expected with group commit and "
        "~40 % less CPU per action: ~1,000-1,100/s, 0.2-0.25×."
    ),
    "verify": (
        "Bare pass 2.5-2.9 s; verify 16.5 s (6×). In-process: the chain pass 7.6 s (json.loads, check_event, "
        "canonical re-encoding with sort_keys, sha256 per line), the replay 10.9 s (the same 447,059 lines "
        "parsed again 2.6 s, the archive months read 3.1 s, State.apply + compare ~5 s). Measured: orjson for "
        "the lines 17.6 → 13.6 s, plus orjson OPT_SORT_KEYS for chain.canonical (byte-identical on 41,095 lines "
        "checked) → 11.6 s; pydantic_core.from_json instead (no new dependency) → 15.6 s. What reaches 3× "
        "(≤ ~8 s): (1) faster parsing and canonical encoding as above, -6 s; (2) parse each line once: one "
        "pass checking the chain and replaying together, each handover's last seq taken from its stored copy "
        "(store/verify.py _Walk.chain/replay): -0.9 s with orjson, -2.6 s with json; (3) a replay-only apply "
        "on plain dicts (no TinyDB cache clears, no copy of a card's events list per event): ~-3 s estimated "
        "from the profile; (4) the archives parsed with the faster parser: 3.1 → ~1.3 s. Together ~6-7 s, "
        "about 2.5×."
    ),
    "action.create": (
        "A create costs ~0.8 ms against a 0.25-0.3 ms floor (2.5-3.2×; acknowledge and comment ~0.5 ms). "
        "Beyond the lock and the fsync: Desk.hand_over validates every colleague twice (colleagues(), "
        "_actor) and every service, build_handover validates the new card, and the card is read back and "
        "validated after the lock; caching colleague and service models by row identity (as Desk does for "
        "handovers) saves ~0.1-0.15 ms. The snapshot every 500 actions (0.2 s: json.dumps of 5 MB and the type "
        "check of changed rows) shows in the p95 and maximum only."
    ),
    "review": (
        "In one process, no board (2,000 open + 100,000 archived, 30 days): the live handovers as models 65 ms; "
        "the archive months since the period's start (2 files, 20 MB, 3,395 rows) read and type-checked 0.67 s, "
        "of which the strict check (json.dumps of the month + validate_json, store/snapshot.py validate_rows via "
        "store/archive.py read_archive) 0.54 s and json.loads 0.27 s; the 3,126 rows in the window validated "
        "again into models (services.py Desk.archived_since) 0.37 s; review() 0.18 s: 1.1 s in all. On the "
        "running board the worker shares the GIL with the UI loop and the 0.5 s polls: 1.7-2.7 s measured, "
        "4.3 s in a loaded full run. What would reach 1 s with headroom: validate each archived row once (read "
        "the month with validate=False, then model_validate only the rows in the window: -0.5 s); parse with "
        "pydantic_core.from_json (-0.15 s); keep a per-month index of closed_at → row offsets, or split months "
        "by week, so a 30-day review reads ~a third less; compute in a subprocess or with gc frozen so the UI "
        "thread does not slow it."
    ),
    "board.visible": (
        "The board polls every 0.5 s, then re-reads the open handovers and redraws. Fixed on the way: the "
        "re-read validated all 2,000 rows each time (~0.2 s); Desk now reuses the model of a row no event "
        "touched."
    ),
}
CAUSES["action.acknowledge"] = CAUSES["action.comment"] = CAUSES["action.create"]

EXPERIMENTS: list[str] = [
    "Editable install: `pip install -e` adds its finder to every interpreter start: `python -c pass` 8 → 18 ms, "
    "`from pydantic import BaseModel` +1-2 ms (pydantic imports most of what the finder imports). The bench "
    "times whole processes in a regular copy (bench/install.py), both sides of each ratio alike.",
    "Parsing the 4.6 MB state.json in a warm process: json.loads 27 ms, pydantic_core.from_json 15 ms, "
    "orjson.loads 14 ms; with gc off 21 / - / 11 ms; without each card's events (they are in the log too) "
    "3.0 MB and 11 ms; a small head (colleagues, settings, position: 2 kB) plus one card found by id in a "
    "line-per-card body: 0.02 ms. Teardown after loading it: 14 ms, 1 ms with os._exit.",
    "`shiftboard ack`, 2,000 open + 100,000 archived, each change alone (ms saved of 191): os._exit after "
    "flushing 25; read only the rows needed (upper bound of a split snapshot) 50; gc.freeze() after loading 19; "
    "gc.disable() 14; pydantic_core.from_json 15; no importlib.metadata 16; PYDANTIC_DISABLE_PLUGINS 0.6. "
    "All but the split: 129 ms (1.79×); all with the split: 98 ms (1.37×) against a 72 ms baseline.",
    "Imports over the baseline, each alone: any model with a field (pydantic.fields/types, annotated_types) "
    "+20 ms; importlib.metadata +19 ms; tempfile +4.7 ms; tinydb +3 ms; zoneinfo and argparse +1.4 ms.",
    "Board cold start, 7 starts each in alternation with the minimal app (0.19 s): stock 0.73 s (3.84×); "
    "pydantic_core.from_json 0.67 s (3.51×); gc off until the cards are read, then gc.freeze() 0.57 s (3.02×); "
    "both 0.51 s (2.70×). Validating 2,000 open handovers: 58 ms, 25 ms with gc off.",
    "16 × 200 (scratch worker, lock timed): stock 560/s, lock held 1.26 ms median / 1.59 ms mean; group commit "
    "776/s, 0.85 / 1.02 ms; group commit + pydantic_core.from_json for the catch-up 786/s, 0.73 / 0.92 ms.",
    "verify in-process, 447,059 events: stock 17.6 s; pydantic_core.from_json 15.6 s; orjson 13.6 s; orjson "
    "for parsing and canonical JSON 11.6 s; the bare pass over the same logs 2.5-2.9 s.",
    "Review of 30 days, in-process: live models 65 ms, archive months read with the strict type check 0.67 s "
    "(the check 0.54 s), rows validated again 0.37 s, review() 0.18 s; on a board under the pilot 1.7-2.7 s.",
    "An fsync'd append costs 2-3 ms instead of 0.2 ms while the kernel writes back a freshly copied store; "
    "the bench now syncs after each copy (bench/stores.py).",
]


def cause(key: str) -> str:
    return CAUSES.get(key, "not analysed yet: profile it (`python -m pyinstrument …`) before changing anything.")

"""Why a budget is missed and what would close it: shown in docs/BENCHMARKS.md beside each row that misses.

Written from profiles (pyinstrument, cProfile) of the runs recorded there; a row that meets its budget
shows nothing. Keep each to what was measured, and say what was already fixed on the way.
"""

from __future__ import annotations

CAUSES: dict[str, str] = {
    "concurrency": (
        "The lock is never idle; each action holds it about 2 ms (median, 16 writers) where one writer "
        "alone needs 0.6 ms. Per action under the lock: applying the ~15 events the other writers appended "
        "since (every process keeps the whole live state; ~0.65 ms), the fsync (~0.4 ms), and the rule and "
        "its event (~1 ms under contention: pydantic validation of the card, and `lifecycle._changes` dumping "
        "the whole card, events included, twice); a checkpoint every 500 actions adds ~0.2 s (the type check "
        "of the rows changed since, a 5 MB json.dumps, fsyncs). Fixed on the way (from ~230/s before): "
        "waiters slept up to 50 ms between polls, so the lock sat free (and two writers gave up with "
        "StoreBusy): they now wait in the kernel; after each checkpoint all 16 processes re-read and "
        "re-validated the 4 MB state.json under the lock (4/5 of the lock time): they now follow it through "
        "`.checkpoint`; the next id scanned every live row per create. Tried and dropped: reading the others' "
        "events while waiting for the lock (the pollers starved the holder of CPU on 2 cores). What would "
        "close it: group commit (append under the lock, fsync after letting it go: a later fsync covers the "
        "earlier lines; it needs a new answer for a failed fsync, which can no longer be cut back); "
        "`_changes` comparing only the named fields; cheaper catch-up (a faster JSON parser, or applying "
        "other writers' events to a card only when it is read)."
    ),
    "cli": (
        "Per `shiftboard ack` (2,000 open): interpreter start with the editable install's finder ~35 ms; "
        "imports ~145 ms, of which pydantic and building the models ~130 ms; opening the store ~90 ms "
        "(json.loads of the 4.6 MB state.json ~55 ms, replaying up to 500 log lines after it ~15 ms); "
        "building the parser ~15 ms; the action ~5 ms; then ~75 ms of interpreter teardown freeing the "
        "loaded state (measured: os._exit after flushing takes 7 ms). Fixed on the way: opening the store "
        "type-checked every row of state.json (json.dumps + strict validation, ~100 ms); it now skips that "
        "when `.checkpoint` vouches for the exact bytes (any other byte: the full check, as before). What "
        "would close it: exit with os._exit(status) after flushing in the console entry point (not in "
        "`main`, which tests call); keep each handover's events out of state.json (they are in the log), "
        "halving what is parsed; a faster JSON parser (orjson parses ~4× faster: a new dependency); "
        "importing the pydantic models lazily on the command-line path."
    ),
    "board.start": (
        "The minimal Textual app takes 0.25 s started the same way, so the board's own share is ~0.95 s: "
        "imports (services + pydantic ~0.15 s, Textual and the board's screens ~0.25 s), opening the store "
        "~0.09 s, validating 2,000 handovers into models ~0.13 s (part of it garbage collection over the "
        "loaded state), and the first layout of 8 columns of ~250 cards (card_content and "
        "CardText.get_height for every card, ~0.2 s). Fixed on the way: opening the store no longer "
        "type-checks rows `.checkpoint` vouches for (~0.1 s), and a re-read of the open handovers reuses "
        "the models of rows that did not change. What would close it: heights and content for the visible "
        "cards only (the option list asks every card its height); gc.freeze() once the store is loaded; "
        "deferring the import of screens not shown at start (review, checklist, form) to their first use."
    ),
    "verify": (
        "Two passes over the log (hash chain, then replay) and one read of each archive month. Fixed on the "
        "way: each archive month was read twice and type-checked each time (2/3 of the time); the replay "
        "now compares rows with the log without the type check, reads each month once and lets each row go "
        "once compared; each handover's last event is kept in 8 bytes, not a dict entry."
    ),
    "board.visible": (
        "The board polls every 0.5 s, then re-reads the open handovers and redraws. Fixed on the way: the "
        "re-read validated all 2,000 rows each time (~0.2 s); Desk now reuses the model of a row no event "
        "touched."
    ),
}


def cause(key: str) -> str:
    return CAUSES.get(key, "not analysed yet: profile it (`python -m pyinstrument …`) before changing anything.")

"""Erasing customer personal data everywhere, all or nothing, while the audit chain still verifies.

Personal values in the log are stored with a salt; erasing keeps only sha256(salt + value),
which is what the hash covers, so every hash and link stays valid (and so do the witnesses
that record seq and hash). Each rewritten log line keeps its byte length (padded with
spaces), so readers' offsets stay valid too.

An erasure rewrites several files: the log months holding the handovers' creation, the
archive months holding them, and `state.json`. A rename is atomic for one file, not for
several, so the erasure is made all-or-nothing the way a database commits, with one
`purge` event line as the commit point and a record of intent beside it (`.purge`):

1. Under the lock, `.purge` is written (atomic replace) saying "staging".
2. Every file to change is written in full beside its original as `.NAME.purge` (the archive
   month with the rows erased and the purge noted on each; the log month with the lines
   erased, plus the purge line itself for the month it will be appended to), and fsync'd.
   Nothing the store reads has changed yet.
3. `.purge` is replaced by the plan: the staged files (size, sha256), the keys, and the
   exact purge event (seq, hash, file, offset) about to be appended.
4. COMMIT: the purge event is appended to the log and fsync'd, as any action.
5. Each staged file is renamed over its original; `state.json` is rewritten (checkpoint);
   `.purge` is removed; temp files left by crashed writes (which may hold erased values)
   and staged leftovers are removed.

A `kill -9` or power cut at any instant leaves `.purge` behind, or nothing to do. The next
process to open the store, or to write to it, settles it under the lock before anything else
(`settle`): if the purge event is in the log (committed), it finishes steps 5 (renaming what
is still staged; a file whose staged copy is gone and whose bytes are not the staged ones is
erased again in place, which is idempotent); otherwise it deletes the staged files and
`.purge`, and the store is exactly as before. Until it is settled, readers that do not open
the store anew see the committed purge in the live state (they replay the event) and, in the
archive, either the old or the new month file, never a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from shiftboard.domain.events import EventKind
from shiftboard.store import archive, log
from shiftboard.store.chain import erased_line, event_hash, to_line
from shiftboard.store.debris import remove_temp_files
from shiftboard.store.errors import StoreCorrupt, StoreError
from shiftboard.store.files import (
    check_entry,
    fsync_dir,
    list_dir,
    open_file,
    read_file,
    replace_atomically,
    write_durably,
)
from shiftboard.store.snapshot import SCHEMA
from shiftboard.store.state import erase_personal, note_event
from shiftboard.store.store import PURGE_MARKER, Store, Transaction

MARKER = PURGE_MARKER
STAGED = ".purge"  # a staged file is `.NAME.purge` beside the file it will replace
_CREATION = f'"kind":"{EventKind.CREATE}"'.encode()  # how a creation event's line spells its kind
_KEY = re.compile(rb'"key":"([^"]+)"')

Row = dict[str, Any]
Select = Callable[[Row], bool]
Progress = Callable[[int, int], None]


@dataclass
class Erasure:
    """What an erasure did (or, planned, would do): the handovers by where they were, and the files."""

    live: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    log_lines: int = 0
    files: int = 0
    temp_files: int = 0

    @property
    def keys(self) -> list[str]:
        return sorted({*self.live, *self.archived}, key=_number)

    def counts(self) -> dict[str, int]:
        """For the `purge` event: what was done, in numbers (never the data)."""
        return {
            "handovers": len(self.keys),
            "live": len(self.live),
            "archived": len(self.archived),
            "log_lines": self.log_lines,
            "files": self.files,
        }


def _number(key: str) -> int:
    digits = key.rpartition("-")[2]
    return int(digits) if digits.isdigit() else 0


def staged_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{STAGED}")


def _months(store: Store, *, last_month: str | None, every: bool) -> list[str]:
    names = archive.archive_names(store.archive_dir)
    return names if every or last_month is None else [name for name in names if name[:7] <= last_month]


def plan(store: Store, select: Select, *, last_month: str | None = None) -> Erasure:
    """Which handovers `select` takes, live and archived (months up to `last_month`); reads, never writes."""
    with store.mutex:
        live = [row["id"] for row in store.state.tables["handovers"].values() if select(row)]
    archived = []
    for name in _months(store, last_month=last_month, every=False):
        archived += [key for key, row in archive.read_archive(store.archive_dir / name).items() if select(row)]
    return Erasure(live=sorted(live, key=_number), archived=sorted(set(archived) - set(live), key=_number))


def erase_customers(
    txn: Transaction,
    keys: Iterable[str] = (),
    *,
    select: Select | None = None,
    last_month: str | None = None,
    actor: str,
    at: datetime | str,
    details: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> Erasure:
    """Erase the personal fields of handovers `keys`, and of those `select` takes (live, and archived in
    months up to `last_month`), everywhere; record it in one `purge` event carrying `details` (the
    `unix` account among them). All or nothing: see the module's docstring. Nothing taken: no event."""
    store = txn.store
    wanted = set(keys)

    def chosen(row: Row) -> bool:
        return row["id"] in wanted or (select is not None and select(row))

    stamp = at if isinstance(at, str) else at.isoformat().replace("+00:00", "Z")
    event: dict[str, Any] = {
        "at": stamp,
        "actor": actor,
        "kind": EventKind.PURGE,
        "entity": "handover",
        **(details or {}),
    }
    months = _months(store, last_month=last_month, every=bool(wanted))
    steps = len(months) + len(log.log_files(store.log_dir)) + 1
    try:
        plan = _stage_all(store, chosen, event, months, lambda done: _tell(progress, done, steps))
        if plan is None:
            return Erasure(temp_files=_sweep(store))
        erasure, staged, summary, hashed = plan
        txn.append(event)  # the commit point
    except Exception:  # a refusal or an error before the commit: the store is left exactly as it was
        _sweep(store)
        _remove(store.root / MARKER, store.root)
        raise
    if store.position.head != hashed:
        raise StoreCorrupt("the purge event was written differently from the way it was planned; run shiftboard verify")
    _finish(store, staged, set(erasure.keys), summary)
    erasure.temp_files = _sweep(store)
    _tell(progress, steps, steps)
    return erasure


def _stage_all(
    store: Store,
    chosen: Select,
    event: dict[str, Any],
    months: list[str],
    tick: Callable[[int], None],
) -> tuple[Erasure, list[dict[str, Any]], dict[str, Any], str] | None:
    """Steps 1 to 3: write every changed file beside its original and `.purge` with the plan; fill in the
    event's keys and counts. None (and no `.purge` left) when nothing is taken."""
    _write_marker(store, {"schema": SCHEMA, "state": "staging"})
    # The purge as every erased handover notes it (store.state.note_event of the event once written).
    summary = {name: event[name] for name in ("at", "actor", "kind", "unix") if event.get(name)}
    summary["seq"] = store.position.seq + 1
    live_rows = [row for row in store.state.tables["handovers"].values() if chosen(row)]
    erasure = Erasure(live=sorted((row["id"] for row in live_rows), key=_number))
    created = [row["created_at"] for row in live_rows]
    staged: list[dict[str, Any]] = []
    for done, name in enumerate(months, start=1):
        path = store.archive_dir / name
        rows = archive.read_archive(path)
        hit = [key for key, row in rows.items() if key not in erasure.live and chosen(row)]
        for key in hit:
            erase_personal(rows[key])
            note_event(rows[key], summary)
            created.append(rows[key]["created_at"])
        if hit:
            erasure.archived += hit
            staged.append(_stage(path, archive.encode_archive(rows), store.mode))
        tick(done)
    every = set(erasure.keys)
    if not every:
        _remove(store.root / MARKER, store.root)
        return None
    commit_file = log.tail_file(store.log_dir, store.position, event["at"])
    commit_body: bytes | None = None  # the commit month, erased, waits for the purge line (its counts)
    first_month = log.month_file(min(created))
    for done, name in enumerate(log.log_files(store.log_dir), start=len(months) + 1):
        if name >= first_month:
            path = store.log_dir / name
            data, count = erase_lines(read_file(path), every)
            erasure.log_lines += count
            if count and name == commit_file:
                commit_body = data
            elif count:
                staged.append(_stage(path, data, store.mode))
        tick(done)
    erasure.files = len(staged) + (commit_body is not None) + 1  # and state.json
    event |= {"keys": erasure.keys, "erased": erasure.counts()}
    offset, line = _commit_line(store, commit_file, event)
    if commit_body is not None:
        staged.append(_stage(store.log_dir / commit_file, commit_body + line, store.mode))
    hashed = json.loads(line)["hash"]
    intent = {"schema": SCHEMA, "state": "prepared", "keys": erasure.keys, "staged": staged}
    _write_marker(store, intent | {"seq": summary["seq"], "hash": hashed, "file": commit_file, "offset": offset})
    return erasure, staged, summary, hashed


def _tell(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _commit_line(store: Store, name: str, event: dict[str, Any]) -> tuple[int, bytes]:
    """Where in log month `name` the purge event will go, and its exact line (as `Store.append` seals it)."""
    path = store.log_dir / name
    offset = path.stat().st_size if path.exists() else 0
    sealed = {**event, "seq": store.position.seq + 1, "prev": store.position.head}
    sealed["hash"] = event_hash(sealed)
    return offset, to_line(sealed)


def erase_lines(data: bytes, keys: set[str]) -> tuple[bytes, int]:
    """`data` (a log month) with the personal values of `keys`' creation events reduced to digests; and
    how many lines changed. A torn last line is left as it is (it never returned to anyone)."""
    lines = data.splitlines(keepends=True)
    count = 0
    for index, line in enumerate(lines):
        if _CREATION not in line or b'"v":' not in line or not line.endswith(b"\n"):
            continue
        match = _KEY.search(line)
        if match is None or match.group(1).decode() not in keys:
            continue
        event = json.loads(line)
        if event.get("entity") == "handover" and event.get("key") in keys:
            lines[index] = erased_line(line)
            count += 1
    return (b"".join(lines), count) if count else (data, 0)


def _stage(path: Path, data: bytes, mode: int) -> dict[str, Any]:
    """Write `data` durably as the staged copy of `path`; its entry for `.purge`."""
    staged = staged_path(path)
    staged.unlink(missing_ok=True)  # a leftover (or a link planted there): the name is made afresh
    fd = open_file(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        write_durably(fd, data)
    finally:
        os.close(fd)
    return {"path": f"{path.parent.name}/{path.name}", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _write_marker(store: Store, content: dict[str, Any]) -> None:
    replace_atomically(store.root / MARKER, json.dumps(content).encode(), store.mode)


def _remove(path: Path, directory: Path) -> None:
    path.unlink(missing_ok=True)
    fsync_dir(directory)


def _finish(store: Store, staged: list[dict[str, Any]], keys: set[str], summary: dict[str, Any]) -> None:
    """After the commit: put every staged file in place (or erase its original again), snapshot, done."""
    for entry in staged:
        path = _target(store, entry)
        copy = staged_path(path)
        if copy.exists() and (path.parent != store.log_dir or path.stat().st_size == entry["size"]):
            os.replace(copy, path)
        elif not path.exists() or _sha256(path) != entry["sha256"]:
            copy.unlink(missing_ok=True)
            _erase_again(store, path, keys, summary)
    for directory in (store.log_dir, store.archive_dir):
        if directory.is_dir():
            fsync_dir(directory)
    store.checkpoint(archive_before=None)  # state.json must not keep the erased values either
    _remove(store.root / MARKER, store.root)


def _target(store: Store, entry: dict[str, Any]) -> Path:
    """The file a `.purge` entry stands for: a log or archive month, nothing else."""
    where, _, name = str(entry.get("path", "")).partition("/")
    directory = {"log": store.log_dir, "archive": store.archive_dir}.get(where)
    if directory is None or not re.fullmatch(r"\d{4}-\d{2}\.jsonl?", name):
        raise StoreCorrupt(f"{MARKER}: {entry.get('path')!r} is not a file a purge rewrites; remove {MARKER} by hand")
    return directory / name


def _sha256(path: Path) -> str:
    return hashlib.sha256(read_file(path)).hexdigest()


def _erase_again(store: Store, path: Path, keys: set[str], summary: dict[str, Any]) -> None:
    """Erase in place (atomic replace) what a staged copy would have: idempotent."""
    if not path.exists():
        return
    if path.parent == store.log_dir:
        data, count = erase_lines(read_file(path), keys)
        if count:
            replace_atomically(path, data, store.mode)
        return
    rows = archive.read_archive(path)
    for key in keys & rows.keys():
        row = rows[key]
        erase_personal(row)
        if not any(event.get("seq") == summary["seq"] for event in row["events"]):
            note_event(row, summary)
    archive.write_archive(path, rows, store.mode, store.dir_mode)


def _sweep(store: Store) -> int:
    """Remove temp files of crashed atomic replaces and staged leftovers. Lock must be held: then no replace
    is under way, so every one left is debris, and it may still hold erased values."""
    removed = sum(remove_temp_files(directory) for directory in (store.root, store.log_dir, store.archive_dir))
    for directory in (store.log_dir, store.archive_dir):
        for name in list_dir(directory):
            if name.startswith(".") and name.endswith(STAGED):
                (directory / name).unlink(missing_ok=True)
                removed += 1
    return removed


def settle(store: Store) -> None:
    """Finish a committed purge that was cut short, or undo one that was not. Lock must be held, the state
    caught up. Called whenever `.purge` exists (see the module's docstring)."""
    path = store.root / MARKER
    check_entry(path)  # a link or a world-writable file in its place is refused
    try:
        marker = json.loads(read_file(path))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as error:
        raise StoreCorrupt(f"{MARKER}: cannot be read ({error}); it records a purge that was cut short") from None
    if not isinstance(marker, dict) or marker.get("schema") != SCHEMA:
        raise StoreCorrupt(f"{MARKER} is not a purge record this Shiftboard wrote; upgrade Shiftboard or restore it")
    if marker.get("state") == "prepared" and _committed(store, marker):
        try:
            keys = {str(key) for key in marker["keys"]}
            staged = list(marker["staged"])
            summary = _summary_of(store, marker)
        except (KeyError, TypeError, ValueError) as error:
            raise StoreCorrupt(f"{MARKER}: malformed ({error}); it records a committed purge") from None
        _finish(store, staged, keys, summary)
    else:  # never committed: the store is as it was; only staged copies and the marker go
        _sweep(store)
        _remove(path, store.root)
    _sweep(store)


def _committed(store: Store, marker: dict[str, Any]) -> bool:
    """Whether the purge event the marker planned is in the log, where it planned it."""
    try:
        name, offset, hashed = str(marker["file"]), int(marker["offset"]), str(marker["hash"])
    except (KeyError, TypeError, ValueError):
        return False
    path = store.log_dir / name
    if "/" in name or not path.is_file():
        return False
    with open(open_file(path, os.O_RDONLY), "rb") as handle:
        handle.seek(offset)
        line = handle.readline()
    try:
        event = json.loads(line) if line.endswith(b"\n") else None
    except ValueError:
        return False
    return isinstance(event, dict) and event.get("hash") == hashed and event.get("kind") == EventKind.PURGE


def _summary_of(store: Store, marker: dict[str, Any]) -> dict[str, Any]:
    """The purge as it is noted on each handover, from the committed event itself."""
    with open(open_file(store.log_dir / str(marker["file"]), os.O_RDONLY), "rb") as handle:
        handle.seek(int(marker["offset"]))
        event = json.loads(handle.readline())
    return {name: event[name] for name in ("seq", "at", "actor", "kind", "unix") if name in event}


def settle_on_open(store: Store) -> None:
    """`Store.open` found `.purge`: settle it now, so no reader of this store meets a half-done purge."""
    try:
        store.settle_purge()
    except StoreError as error:
        raise StoreError(
            f"a purge was cut short in {store.root} and could not be finished ({error}); someone who may write "
            "to the store must open it (any shiftboard command) to finish it"
        ) from error

"""Erasing customer personal data while the audit chain still verifies.

Personal values in the log are stored with a salt; erasing keeps only sha256(salt + value),
which is what the hash covers, so every hash and link stays valid. Each rewritten log line
keeps its byte length (padded with spaces), so readers' offsets stay valid too.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from shiftboard.store import archive, log
from shiftboard.store.chain import erased_line
from shiftboard.store.debris import remove_temp_files
from shiftboard.store.files import read_file, replace_atomically
from shiftboard.store.state import erase_personal, note_event
from shiftboard.store.store import Transaction


def _needs_erasing(line: bytes, keys: set[str]) -> bool:
    if b'"kind":"create"' not in line or b'"v":' not in line:
        return False
    event = json.loads(line)
    return event.get("entity") == "handover" and event.get("key") in keys


def erase_customers(txn: Transaction, keys: list[str], *, actor: str, at: datetime | str) -> None:
    """Erase the personal fields of handovers `keys` everywhere, then record a `purge` event."""
    store = txn.store
    wanted = set(keys)
    for name in log.log_files(store.log_dir):
        path = store.log_dir / name
        lines = read_file(path).splitlines(keepends=True)
        changed = False
        for index, line in enumerate(lines):
            if line.endswith(b"\n") and _needs_erasing(line, wanted):
                lines[index] = erased_line(line)
                changed = True
        if changed:
            replace_atomically(path, b"".join(lines), store.mode)
    stamp = at if isinstance(at, str) else at.isoformat().replace("+00:00", "Z")
    event = {"at": stamp, "actor": actor, "kind": "purge", "entity": "handover", "keys": sorted(wanted)}
    txn.append(event)
    for month in archive.archive_names(store.archive_dir):
        path = store.archive_dir / month
        rows: dict[str, dict[str, Any]] = archive.read_archive(path)
        hit = wanted & rows.keys()
        if hit:
            for key in hit:
                erase_personal(rows[key])
                note_event(rows[key], event)
            archive.write_archive(path, rows, store.mode, store.dir_mode)
    store.checkpoint(archive_before=None)  # state.json must not keep the erased values either
    # A crash during an atomic replace leaves its temp file behind, with whatever it held; under the
    # lock no replace is under way, so every one left is debris that may still hold the erased values.
    for directory in (store.root, store.log_dir, store.archive_dir):
        remove_temp_files(directory)

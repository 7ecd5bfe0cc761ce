"""`.checkpoint`: what the last checkpoint wrote, so running processes follow it without re-reading it.

Every process keeps the whole live state in memory, replayed from the log. A new `state.json`
only tells it something the log does not when the checkpoint also moved handovers to the
archive. So the writer records, beside the snapshot, the identity of the `state.json` it wrote,
the identity it replaced, and the ids it archived; a process that holds exactly that previous
snapshot drops those ids and carries on. Anything else (no marker, a crash between the two
files, a hand-edited or newer-schema `state.json`, a missed checkpoint) means a full reload,
which validates the file and refuses damage, as before. Measured: with 16 writers, re-reading a
2,000-handover snapshot after every checkpoint took four fifths of all the time the lock was held.

It also holds the sha256 of the bytes written, when every row in them had passed the type check
(the writer checks the rows events changed since), so a process opening the store may skip that
check, most of the cost of opening it; any other byte in `state.json` means the full check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shiftboard.store.files import read_file, replace_atomically

NAME = ".checkpoint"

Identity = tuple[int, int, int]


def write_marker(
    path: Path,
    *,
    schema: int,
    seq: int,
    replaced: Identity | None,
    written: Identity | None,
    archived: list[str],
    sha256: str | None,
    mode: int,
) -> None:
    marker = {
        "schema": schema,
        "seq": seq,
        "replaced": replaced,
        "written": written,
        "archived": archived,
        "sha256": sha256,
    }
    replace_atomically(path, json.dumps(marker).encode(), mode)


def archived_since(
    path: Path, *, schema: int, held: Identity | None, current: Identity | None
) -> tuple[list[str], int] | None:
    """(ids archived, seq) when `current` is the snapshot written right after the one `held`; else None."""
    try:
        marker: Any = json.loads(read_file(path))
        if (
            current is not None
            and marker["schema"] == schema
            and _identity(marker["replaced"]) == held
            and _identity(marker["written"]) == current
            and isinstance(marker["seq"], int)
            and all(isinstance(hid, str) for hid in marker["archived"])
        ):
            return list(marker["archived"]), marker["seq"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def written_digest(path: Path, *, schema: int) -> str | None:
    """The sha256 of the checked bytes the last checkpoint wrote. The caller compares it with the bytes
    it read, not the file's identity: a store copied for a backup or moved to another disk (new inodes
    and times, same bytes) still opens without the full check."""
    try:
        return digest_in(read_file(path), schema=schema)
    except OSError:
        return None


def digest_in(raw: bytes, *, schema: int) -> str | None:
    """`written_digest` of a marker's bytes already read."""
    try:
        marker: Any = json.loads(raw)
        if marker["schema"] == schema:
            digest = marker["sha256"]
            return digest if isinstance(digest, str) else None
    except (ValueError, KeyError, TypeError):
        pass
    return None


def _identity(value: Any) -> Identity | None:
    return None if value is None else (int(value[0]), int(value[1]), int(value[2]))

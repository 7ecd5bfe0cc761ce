"""`archive/YYYY-MM.json`: closed handovers by the month they closed, off the board's path.

Written rarely, by atomic replace; history, reports and verify read them on demand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shiftboard.store.errors import StoreCorrupt
from shiftboard.store.files import list_dir, make_dir, read_file, replace_atomically
from shiftboard.store.snapshot import SCHEMA, parse_json, validate_rows


def archive_names(directory: Path) -> list[str]:
    return sorted(name for name in list_dir(directory) if name.endswith(".json") and not name.startswith("."))


def read_archive(path: Path, *, validate: bool = True) -> dict[str, dict[str, Any]]:
    """The month's handovers by id. `validate=False` is for `verify` alone, which compares every row with
    the log's replay (any damage shows as a difference) and so skips the type check, most of the cost."""
    return parse_archive(read_file(path), path.name, validate=validate)


def parse_archive(raw: bytes, month: str, *, validate: bool = True) -> dict[str, dict[str, Any]]:
    """`read_archive` of bytes already read."""
    name = f"archive/{month}"
    document = parse_json(raw, name)
    handovers = document.get("handovers")
    if not isinstance(handovers, dict):
        raise StoreCorrupt(f"{name}: 'handovers' must be an object")
    if validate:
        validate_rows({"handovers": handovers}, name)
    for key, row in handovers.items():
        held = row.get("id") if isinstance(row, dict) else None
        if held != key:
            raise StoreCorrupt(f"{name}: handovers.{key} holds {held}; a handover is filed under its id")
    return handovers


def write_archive(path: Path, handovers: dict[str, dict[str, Any]], mode: int, dir_mode: int) -> None:
    make_dir(path.parent, dir_mode)
    replace_atomically(path, encode_archive(handovers), mode)


def encode_archive(handovers: dict[str, dict[str, Any]]) -> bytes:
    """A month file's bytes (store.scan relies on this layout: `"H-12": {"id": "H-12", ...}`)."""
    return json.dumps({"schema": SCHEMA, "handovers": handovers}, ensure_ascii=False).encode()


def iter_archived(directory: Path, *, since_month: str = "", check: bool = True) -> Iterator[dict[str, Any]]:
    """Every archived handover (closed in `since_month` or later), one month file in memory at a time.

    `check=False` skips the whole month's type check, for a caller that validates only the rows it keeps
    (the review of 30 days keeps a few hundred of a month's thousands)."""
    for name in archive_names(directory):
        if name[:7] < since_month:
            continue
        yield from read_archive(directory / name, validate=check).values()


def archive_month(record: dict[str, Any]) -> str:
    return f"{record['closed_at'][:7]}.json"

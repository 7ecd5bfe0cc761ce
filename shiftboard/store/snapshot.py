"""`state.json`: the state at a log position, so start-up reads the snapshot plus a short tail.

Schema versions move forward only: an older snapshot is migrated in memory (and written
in the new version at the next snapshot); a newer one is refused, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from shiftboard.domain.models import Colleague, Handover, Improvement, Service, Settings, Shift
from shiftboard.store.errors import StoreCorrupt
from shiftboard.store.files import link_refused, read_file, replace_atomically
from shiftboard.store.log import Position, refuse_lone_surrogates
from shiftboard.store.state import COUNTERS

SCHEMA = 1
# version -> function taking a document of that version and returning the next version's.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

# The row type of each table. Their validators are built on first use (`_adapter`): opening a store whose
# `.checkpoint` vouches for state.json never needs them, and building all six cost a command ~15 ms.
_ROWS: dict[str, Any] = {
    "handovers": dict[str, Handover],
    "colleagues": dict[str, Colleague],
    "services": dict[str, Service],
    "shifts": dict[str, Shift],
    "settings": dict[str, Settings],
    "improvements": dict[str, Improvement],
    COUNTERS: dict[str, dict[str, int]],
}
_POSITION_TYPES: dict[str, tuple[type, ...]] = {
    "file": (str, type(None)),
    "offset": (int,),
    "seq": (int,),
    "head": (str,),
}


@cache
def _adapter(table: str) -> Any:
    from pydantic import TypeAdapter  # its import loads pydantic's plugin machinery: only when a check is due

    return TypeAdapter(_ROWS[table])


def identity(path: Path) -> tuple[int, int, int] | None:
    """What tells us a file changed without reading it (a link in its place is refused)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise link_refused(path)
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def migrate(document: dict[str, Any], name: str) -> dict[str, Any]:
    version = document.get("schema")
    if not isinstance(version, int):
        raise StoreCorrupt(f"{name}: no schema version")
    if version > SCHEMA:
        raise StoreCorrupt(
            f"{name} was written by a newer Shiftboard (schema {version}; this one reads up to {SCHEMA}); "
            "upgrade Shiftboard"
        )
    while version < SCHEMA:
        document = MIGRATIONS[version](document)
        version = document["schema"] = version + 1
    return document


def parse_json(raw: bytes, name: str) -> dict[str, Any]:
    """The document in `raw`, migrated to this schema. Parsed by pydantic-core's JSON reader (twice as fast
    as `json` on a 4.5 MB snapshot: a command's start pays it); anything it refuses is read again by `json`,
    whose verdict (and message) stands."""
    try:
        document = from_json(raw)
    except ValueError:
        document = _strict_json(raw, name)
    refuse_lone_surrogates(raw, document, name)
    if not isinstance(document, dict):
        raise StoreCorrupt(f"{name}: expected a JSON object")
    return migrate(document, name)


def _strict_json(raw: bytes, name: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as error:
        raise StoreCorrupt(f"{name} is not valid JSON ({error}); restore it from a backup") from None


def validate_rows(tables: dict[str, Any], name: str) -> None:
    """Refuse wrong types anywhere in the tables, naming the table, row and field.

    Strict JSON validation: lax mode would take `"due": 42` as a Unix time and `1` as true.
    """
    if not isinstance(tables, dict):
        raise StoreCorrupt(f"{name}: 'tables' must be an object")
    for table in _ROWS:
        rows = tables.get(table, {})
        try:
            _adapter(table).validate_json(json.dumps(rows), strict=True)
        except ValidationError as error:
            first = error.errors()[0]
            place = ".".join(str(part) for part in first["loc"])
            raise StoreCorrupt(f"{name}: {table}.{place}: {first['msg']}") from None


def check_touched(tables: dict[str, Any], touched: set[tuple[str, str]]) -> bool:
    """Whether the rows events changed since the last type check pass it (so a digest may vouch for them)."""
    subset: dict[str, dict[str, Any]] = {}
    for table, doc in touched:
        row = tables.get(table, {}).get(doc)
        if row is not None:
            subset.setdefault(table, {})[doc] = row
    try:
        validate_rows(subset, "state.json")
    except StoreCorrupt:
        return False
    return True


def read_snapshot(path: Path, *, written: str | None = None) -> tuple[dict[str, Any], Position]:
    """The tables and position; the rows' type check is skipped only when the bytes are exactly those
    a checkpoint wrote (`written`: their sha256, from `.checkpoint`), which it made from checked rows.
    That check is most of the cost of opening a store (a command-line action, a board's start)."""
    return parse_snapshot(read_file(path), written=written)


def parse_snapshot(data: bytes, *, written: str | None = None) -> tuple[dict[str, Any], Position]:
    """`read_snapshot` of bytes already read (verify reads them from a descriptor it opened under the lock)."""
    document = parse_json(data, "state.json")
    position = _position(document.get("position"))
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise StoreCorrupt("state.json: 'tables' must be an object")
    if written is None or hashlib.sha256(data).hexdigest() != written:
        validate_rows(tables, "state.json")
    for key, row in tables.get("handovers", {}).items():
        if row["id"] != f"H-{key}":
            raise StoreCorrupt(f"state.json: handovers.{key} holds {row['id']}; a handover is filed under its number")
    return tables, position


def _position(raw: Any) -> Position:
    """The log position, its fields strictly typed (JSON `true` is not a seq, nor `1.0` an offset)."""
    if (
        not isinstance(raw, dict)
        or raw.keys() != _POSITION_TYPES.keys()
        or any(type(raw[name]) not in types for name, types in _POSITION_TYPES.items())
    ):
        raise StoreCorrupt("state.json: 'position' is missing or malformed")
    return Position(**raw)


def write_snapshot(path: Path, tables: dict[str, Any], position: Position, mode: int) -> str:
    """Write `state.json` by atomic replace; return the sha256 of its bytes (see read_snapshot)."""
    data, digest = encode_snapshot(tables, position)
    replace_atomically(path, data, mode)
    return digest


def encode_snapshot(tables: dict[str, Any], position: Position) -> tuple[bytes, str]:
    """The bytes of `state.json` and their sha256: a writer makes them without the lock, then installs them."""
    document = {"schema": SCHEMA, "position": position.to_json(), "tables": tables}
    data = json.dumps(document, ensure_ascii=False, indent=None).encode()
    return data, hashlib.sha256(data).hexdigest()

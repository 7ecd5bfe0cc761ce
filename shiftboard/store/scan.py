"""Reading the archive for a search without parsing all of it: memory stays at one month file.

A month file (`archive.encode_archive`) is one JSON object whose handovers are written, in
`json.dumps` form, as `"H-12": {"id": "H-12", ...}`. Text inside JSON strings has its quotes
escaped, so that marker can only be a row's start. A search first looks for its words in the raw
bytes, case aside, and parses (and type-checks, strictly) only the rows that hold them: measured
on 100,000 archived handovers (247 MB), parsing every month took 3.0 s; lower-casing and finding
took 0.3 s.

The byte test must never miss a row the caller's exact test would take, so it is generous:
- `bytes.lower` lowers ASCII only, so the words are looked for by their longest ASCII run, which
  the search's `domain.search.fold` leaves in place (it lowers no letter outside ASCII into ASCII);
- text is looked for as JSON writes it (a quote as `\\"`);
- words without any ASCII, or a month file not laid out as expected (hand-edited, a future
  writer), fall back to parsing the whole month.
The caller checks every row it is given; this only saves it from most of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shiftboard.domain.models import Handover
from shiftboard.store import archive
from shiftboard.store.files import read_file
from shiftboard.store.snapshot import SCHEMA, validate_rows

Progress = Callable[[int, int], None]
Row = dict[str, Any]

MARKER = b'{"id": "H-'
_ASCII_RUN = re.compile(rb"[\x00-\x7f]+")
_decoder = json.JSONDecoder()


def ascii_key(needle: str) -> bytes:
    """The longest run of ASCII in `needle` as JSON writes it, lower-cased; b'' when it has none."""
    written = json.dumps(needle, ensure_ascii=False)[1:-1].encode()
    runs = _ASCII_RUN.findall(written)
    return max(runs, key=len, default=b"").lower()


def month_names(directory: Path, *, since_month: str = "", newest_first: bool = False) -> list[str]:
    names = [name for name in archive.archive_names(directory) if name[:7] >= since_month]
    return names[::-1] if newest_first else names


def handovers_holding(
    directory: Path,
    needles: list[str],
    *,
    since_month: str = "",
    newest_first: bool = False,
    progress: Progress | None = None,
) -> Iterator[Handover]:
    """Archived handovers (closed in `since_month` or later) that may hold every folded `needle`: never fewer
    than hold them. No needles: every one. One month file in memory at a time; every row is type-checked
    strictly, as `archive.read_archive` does, so a damaged one is refused, never read as something else."""
    names = month_names(directory, since_month=since_month, newest_first=newest_first)
    key = max((ascii_key(needle) for needle in needles), key=len, default=b"")
    for number, name in enumerate(names, start=1):
        path = directory / name
        found = _candidates(path, key) if needles and key else None
        if found is None:
            found = whole_month(path)
        yield from reversed(found) if newest_first else found
        if progress is not None:
            progress(number, len(names))


def _candidates(path: Path, key: bytes) -> list[Handover] | None:
    """The handovers of one month whose bytes may hold `key`, in file order; None when the file is not laid
    out as `write_archive` lays it, or a row does not pass (the caller reads it whole, which names damage)."""
    raw = read_file(path)
    hits = _hit_positions(raw.lower(), key)
    if hits and raw.find(MARKER) < 0:
        return None  # not laid out by write_archive (a hand-tidied file)
    found: list[Handover] = []
    next_free = 0  # rows end before this: a later hit inside a row already taken is skipped
    for hit in hits:
        if hit < next_free:
            continue
        start = raw.rfind(MARKER, 0, hit + len(MARKER))  # the row the hit is in (or whose marker it is in)
        if start < 0:
            continue  # in the file's head ("schema"), not in a row
        following = raw.find(MARKER, start + 1)
        end = raw.rfind(b', "', start, following) if following >= 0 else len(raw) - 2  # before `, "H-13": `/`}}`
        try:
            handover = Handover.model_validate_json(raw[start:end], strict=True)
        except ValidationError:
            return None
        if raw[start - len(handover.id) - 4 : start] != f'"{handover.id}": '.encode():
            return None
        found.append(handover)
        next_free = len(raw) if following < 0 else following
    return found


class _Month(BaseModel):
    """A month file as `encode_archive` writes it, parsed and type-checked in one pass."""

    model_config = ConfigDict(extra="forbid")
    schema_: int = Field(alias="schema")
    handovers: dict[str, Handover]


def whole_month(path: Path) -> list[Handover]:
    """Every handover of a month file. Parsing and checking the bytes in one pass (pydantic's JSON
    validator) took a third of `json.loads` + the row check + building models; anything unexpected
    (damage, an older schema) goes the long way, `archive.read_archive`, which migrates or names it."""
    try:
        month = _Month.model_validate_json(read_file(path), strict=True)
        if month.schema_ == SCHEMA and all(key == handover.id for key, handover in month.handovers.items()):
            return list(month.handovers.values())
    except ValidationError:
        pass
    return [Handover.model_validate(row) for row in archive.read_archive(path).values()]


def _hit_positions(lowered: bytes, key: bytes) -> list[int]:
    found = []
    at = lowered.find(key)
    while at >= 0:
        found.append(at)
        at = lowered.find(key, at + 1)
    return found


def find_row(directory: Path, hid: str) -> Row | None:
    """One archived row by id, newest month first: a byte search per month, one row parsed and type-checked."""
    key = f'"{hid}": {{"id": "{hid}"'.encode()
    for name in month_names(directory, newest_first=True):
        raw = read_file(directory / name)
        at = raw.find(key)
        if at < 0:
            continue
        start = at + len(key) - len(f'{{"id": "{hid}"')
        try:
            row, _ = _decoder.raw_decode(raw[start:].decode())
        except (ValueError, UnicodeDecodeError):
            return archive.read_archive(directory / name).get(hid)
        validate_rows({"handovers": {hid: row}}, f"archive/{name}")
        return row if isinstance(row, dict) else None
    return None

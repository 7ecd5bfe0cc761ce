"""Reading the archive for a search without parsing all of it: memory stays at one month file.

A month file (`archive.write_archive`) is one JSON object whose handovers are written, in
`json.dumps` form, as `"H-12": {"id": "H-12", ...}`. Text inside JSON strings has its quotes
escaped, so that marker can only be a row's start. A search first looks for its words in the raw
bytes, case aside, and parses only the rows that hold them: measured on 100,000 archived
handovers (247 MB), parsing every month took 3.0 s; lower-casing and finding took 0.3 s.

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

from shiftboard.store import archive

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


def rows_holding(
    directory: Path,
    needles: list[str],
    *,
    since_month: str = "",
    newest_first: bool = False,
    progress: Progress | None = None,
) -> Iterator[Row]:
    """Archived rows (closed in `since_month` or later) that may hold every folded `needle`: never fewer
    than hold them. No needles: every row. One month file in memory at a time."""
    names = month_names(directory, since_month=since_month, newest_first=newest_first)
    keys = [ascii_key(needle) for needle in needles]
    key = max(keys, key=len, default=b"")
    for number, name in enumerate(names, start=1):
        path = directory / name
        if needles and key:
            rows = _candidates(path, key)
            if rows is None:
                rows = list(archive.read_archive(path).values())
        else:
            rows = list(archive.read_archive(path).values())
        yield from reversed(rows) if newest_first else rows
        if progress is not None:
            progress(number, len(names))


def _candidates(path: Path, key: bytes) -> list[Row] | None:
    """The rows of one month whose bytes may hold `key`, in file order; None when the file is not laid out
    as `write_archive` lays it (the caller parses it whole)."""
    raw = path.read_bytes()
    lowered = raw.lower()
    hits = _hit_positions(lowered, key)
    if hits and raw.find(MARKER) < 0:
        return None  # not laid out by write_archive (a hand-tidied file): the caller parses it
    rows: list[Row] = []
    next_free = 0  # rows end before this: a later hit inside a row already taken is skipped
    for hit in sorted(set(hits)):
        if hit < next_free:
            continue
        start = raw.rfind(MARKER, 0, hit + len(MARKER))  # the row the hit is in (or whose marker it is in)
        if start < 0:
            continue  # in the file's head ("schema"), not in a row
        end = raw.find(MARKER, start + 1)
        end = len(raw) if end < 0 else end
        row = _row_at(raw, start, end)
        if row is None:
            return None
        rows.append(row)
        next_free = end
    return rows


def _hit_positions(lowered: bytes, key: bytes) -> list[int]:
    found = []
    at = lowered.find(key)
    while at >= 0:
        found.append(at)
        at = lowered.find(key, at + 1)
    return found


def _row_at(raw: bytes, start: int, end: int) -> Row | None:
    """The row written at raw[start:...] if it is one (an object filed under its own id), else None."""
    try:
        row, _ = _decoder.raw_decode(raw[start:end].decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(row, dict) or not isinstance(row.get("id"), str):
        return None
    key = f'"{row["id"]}": '.encode()
    return row if raw[start - len(key) : start] == key else None


def find_row(directory: Path, hid: str) -> Row | None:
    """One archived row by id, newest month first: a byte search per month, one row parsed."""
    key = f'"{hid}": {{"id": "{hid}"'.encode()
    for name in month_names(directory, newest_first=True):
        raw = (directory / name).read_bytes()
        at = raw.find(key)
        if at < 0:
            continue
        start = at + len(key) - len(f'{{"id": "{hid}"')
        end = raw.find(MARKER, start + 1)
        row = _row_at(raw, start, len(raw) if end < 0 else end)
        if row is not None and row["id"] == hid:
            return row
        return archive.read_archive(directory / name).get(hid)
    return None

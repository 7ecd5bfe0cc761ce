"""The event log: one JSON line per action in `log/YYYY-MM.jsonl`, appended and fsync'd.

A last line without its newline is a write whose command never returned (a torn tail):
readers skip it, and the next writer, holding the lock, cuts it off. Any other line that
does not parse, or breaks the sequence or the chain link, is corruption and is refused.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from shiftboard.store.chain import GENESIS
from shiftboard.store.errors import StoreCorrupt
from shiftboard.store.files import list_dir, open_file, truncate_durably

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # a JSON escape of a UTF-16 surrogate
REQUIRED = {"seq": int, "at": str, "actor": str, "kind": str, "entity": str, "prev": str, "hash": str}


@dataclass(frozen=True)
class Position:
    """How far into the log a state reaches: the file, the byte after the last line, its seq and hash."""

    file: str | None = None
    offset: int = 0
    seq: int = 0
    head: str = GENESIS

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def month_file(at: str) -> str:
    return f"{at[:7]}.jsonl"


def log_files(directory: Path) -> list[str]:
    return sorted(name for name in list_dir(directory) if name.endswith(".jsonl") and not name.startswith("."))


def check_event(event: Any, where: str) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise StoreCorrupt(f"{where}: an event must be a JSON object")
    for name, kind in REQUIRED.items():
        if not isinstance(event.get(name), kind):
            raise StoreCorrupt(f"{where}: field {name!r} is missing or not a {kind.__name__}")
    return event


def parse_line(line: bytes, where: str) -> dict[str, Any]:
    """One event line, checked. Read by pydantic-core's JSON reader (a line in 4 µs, `json` takes 10: every
    catch-up and `verify` read each line); what it refuses is read again by `json`, whose verdict stands."""
    try:
        event = from_json(line)
    except ValueError:
        try:
            event = json.loads(line)
        except (ValueError, UnicodeDecodeError) as error:
            raise StoreCorrupt(f"{where}: not valid JSON ({error})") from None
    refuse_lone_surrogates(line, event, where)
    return check_event(event, where)


def refuse_lone_surrogates(raw: bytes, document: Any, where: str) -> None:
    """JSON may spell half a character (`\\udc80`); that is not text, and could be neither hashed nor written back.

    Shiftboard writes characters, never surrogate escapes, so only a hand-edited file pays for the check.
    """
    if _SURROGATE_ESCAPE.search(raw) is None:
        return
    try:
        json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise StoreCorrupt(f"{where}: holds a lone surrogate (a \\u escape of half a character), not text") from None


def read_after(
    directory: Path, position: Position, *, cut_torn: bool = False
) -> Iterator[tuple[dict[str, Any], Position]]:
    """Each complete event after `position`, checked for sequence and chain link, with the position after it."""
    seq, head = position.seq, position.head
    names = log_files(directory)
    if position.file is not None and position.offset and position.file not in names:
        raise StoreCorrupt(f"log/{position.file} is missing, but {position.offset} bytes of it were read; restore it")
    for name in names:
        if position.file is not None and name < position.file:
            continue
        start = position.offset if name == position.file else 0
        path = directory / name
        if os.lstat(path).st_size == start:
            continue  # nothing new: a stat, not a read, when nothing changed
        with open(open_file(path, os.O_RDONLY), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < start:
                raise StoreCorrupt(
                    f"log/{name} is shorter ({size} bytes) than the snapshot says ({start}); it was cut by hand"
                )
            handle.seek(start)
            chunk = handle.read(size - start)
        end = chunk.rfind(b"\n") + 1
        if end < len(chunk) and name != names[-1]:
            raise StoreCorrupt(f"log/{name} at byte {start + end}: a line without its newline before the log's end")
        offset = start
        for line in chunk[:end].splitlines(keepends=True):
            where = f"log/{name} at byte {offset}"
            event = parse_line(line, where)
            if event["seq"] != seq + 1:
                raise StoreCorrupt(
                    f"{where}: event seq {event['seq']} follows seq {seq}; events were removed or reordered"
                )
            if event["prev"] != head:
                raise StoreCorrupt(f"{where}: event seq {event['seq']} does not link to the event before it")
            offset += len(line)
            seq, head = event["seq"], event["hash"]
            yield event, Position(name, offset, seq, head)
        if end < len(chunk) and cut_torn:
            truncate_durably(path, start + end)


def tail_file(directory: Path, position: Position, at: str) -> str:
    """The file the next event goes to: its month's, never earlier than the last one written. The directory
    is listed only when the month is not the one of the last event read (once a month, not per action)."""
    candidate = month_file(at)
    if position.file is not None and candidate <= position.file:
        return position.file  # caught up under the lock: no later file exists, or it would have been read
    last = max([*log_files(directory), position.file or ""])
    return max(candidate, last)

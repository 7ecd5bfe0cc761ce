"""Corruption is refused, named, and never written over: every file keeps its bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, StoreCorrupt, snapshot
from shiftboard.store import store as store_module
from shiftboard.store.state import COUNTERS

from .helpers import LOG, close, draft, seed, tree

# A store with a snapshot at seq 6 and four events after it: seq 7-10 are only in the log.
TAIL = 4


@pytest.fixture
def built(root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> tuple[Desk, Desk]:
    """(a desk opened before any damage, a desk that wrote the tail)."""
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 6)
    writer = seed(root, clock)
    hid = writer.hand_over(draft("Jane Doe"), by="alice").id
    writer.acknowledge(hid, by="bob", read_back="On it")
    writer.comment(hid, by="alice", note="seq 6, snapshot")
    early = Desk.open(root, clock=clock)
    for n in range(TAIL):
        writer.comment(hid, by="bob", note=f"tail {n}")
    assert json.loads((root / "state.json").read_bytes())["position"]["seq"] == 6
    return early, writer


def edit_json(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    document = json.loads(path.read_bytes())
    change(document)
    path.write_bytes(json.dumps(document).encode())


def handover_row(document: dict) -> dict:  # type: ignore[type-arg]
    return document["tables"]["handovers"]["1001"]


def cut_in_half(root: Path) -> None:
    data = (root / "state.json").read_bytes()
    (root / "state.json").write_bytes(data[: len(data) // 2])


def garbage_in_log(root: Path) -> None:
    lines = (root / LOG).read_bytes().splitlines(keepends=True)
    lines.insert(len(lines) - 2, b"this is not JSON\n")
    (root / LOG).write_bytes(b"".join(lines))


def scribble_in_log(root: Path) -> None:
    """Bytes overwritten in place (a disk error): same length, no longer JSON."""
    data = bytearray((root / LOG).read_bytes())
    line_start = data.rfind(b"\n", 0, len(data) - 1) + 1
    data[line_start + 10 : line_start + 20] = b"\x00" * 10
    (root / LOG).write_bytes(bytes(data))


def drop_tail_line(root: Path) -> None:
    lines = (root / LOG).read_bytes().splitlines(keepends=True)
    del lines[-2]
    (root / LOG).write_bytes(b"".join(lines))


def swap_tail_lines(root: Path) -> None:
    lines = (root / LOG).read_bytes().splitlines(keepends=True)
    lines[-3], lines[-2] = lines[-2], lines[-3]
    (root / LOG).write_bytes(b"".join(lines))


def log_shorter_than_snapshot(root: Path) -> None:
    data = (root / LOG).read_bytes()
    offset = json.loads((root / "state.json").read_bytes())["position"]["offset"]
    (root / LOG).write_bytes(data[: offset - 10] + b"\n")


def due_is_a_number(root: Path) -> None:
    edit_json(root / "state.json", lambda d: handover_row(d).update(due=42))


def status_is_weird(root: Path) -> None:
    edit_json(root / "state.json", lambda d: handover_row(d).update(status="weird"))


def informed_is_a_number(root: Path) -> None:
    edit_json(root / "state.json", lambda d: handover_row(d).update(customer_informed=1))


def colleague_without_handle(root: Path) -> None:
    edit_json(root / "state.json", lambda d: d["tables"]["colleagues"]["1"].pop("handle"))


def newer_schema(root: Path) -> None:
    edit_json(root / "state.json", lambda d: d.update(schema=d["schema"] + 1))


def position_of_wrong_type(root: Path) -> None:
    edit_json(root / "state.json", lambda d: d["position"].update(offset="a lot"))


def position_missing(root: Path) -> None:
    edit_json(root / "state.json", lambda d: d.pop("position"))


def not_an_object(root: Path) -> None:
    (root / "state.json").write_bytes(b"[1, 2, 3]")


def key_not_its_id(root: Path) -> None:
    def move(document: dict) -> None:  # type: ignore[type-arg]
        rows = document["tables"]["handovers"]
        rows["7"] = rows.pop("1001")

    edit_json(root / "state.json", move)


def counter_not_a_number(root: Path) -> None:
    edit_json(root / "state.json", lambda d: d["tables"][COUNTERS]["1"].update(handover="many"))


def log_file_deleted(root: Path) -> None:
    (root / LOG).unlink()


DAMAGE = {
    # name: (damage, the file the message must name, a word of the reason, seen by a desk opened earlier)
    "state.json cut in half": (cut_in_half, "state.json", "not valid JSON", True),
    "state.json not an object": (not_an_object, "state.json", "object", True),
    "garbage line in the log": (garbage_in_log, LOG, "not valid JSON", True),
    "bytes scribbled over in the log": (scribble_in_log, LOG, "not valid JSON", True),
    "a line deleted from the log": (drop_tail_line, LOG, "seq", True),
    "two log lines swapped": (swap_tail_lines, LOG, "seq", True),
    "log shorter than the snapshot": (log_shorter_than_snapshot, LOG, "shorter", False),
    "log file deleted": (log_file_deleted, LOG, "missing", False),
    "due = 42": (due_is_a_number, "state.json", "due", True),
    "status weird": (status_is_weird, "state.json", "status", True),
    "customer_informed = 1": (informed_is_a_number, "state.json", "customer_informed", True),
    "colleague without handle": (colleague_without_handle, "state.json", "handle", True),
    "newer schema": (newer_schema, "state.json", "newer", True),
    "the id counter not a number": (counter_not_a_number, "state.json", "counters", True),
    "position of wrong type": (position_of_wrong_type, "state.json", "position", True),
    "position missing": (position_missing, "state.json", "position", True),
    "handover filed under another number": (key_not_its_id, "state.json", "H-1001", True),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_is_refused_named_and_left_untouched(
    case: str, built: tuple[Desk, Desk], root: Path, clock: FrozenClock
) -> None:
    damage, name, reason, early_sees_it = DAMAGE[case]
    early, _writer = built
    damage(root)
    before = tree(root)

    with pytest.raises(StoreCorrupt) as opening:
        Desk.open(root, clock=clock)
    assert name in str(opening.value) and reason in str(opening.value)

    if early_sees_it:  # a running process notices when it next writes, and then refuses every write
        for _ in range(2):
            with pytest.raises(StoreCorrupt) as writing:
                early.comment("H-1001", by="alice", note="must not land")
            assert name in str(writing.value)
        with pytest.raises(StoreCorrupt):
            early.refresh()

    assert tree(root) == before


def test_damage_found_while_reading_also_stops_writing(built: tuple[Desk, Desk], root: Path) -> None:
    early, _writer = built
    garbage_in_log(root)
    before = tree(root)
    with pytest.raises(StoreCorrupt, match=r"log/2026-11\.jsonl at byte"):
        early.refresh()
    with pytest.raises(StoreCorrupt):
        early.hand_over(draft("New Customer"), by="alice")
    assert tree(root) == before


def test_a_damaged_archive_is_refused_when_read(root: Path, clock: FrozenClock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 2)
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    close(desk, hid)
    clock.advance(days=8)
    desk.hand_over(draft("Fresh One"), by="alice")
    desk.hand_over(draft("Fresh Two"), by="alice")
    path = root / "archive" / "2026-11.json"
    edit_json(path, lambda d: d["handovers"][hid].update(due=42))
    before = tree(root)
    with pytest.raises(StoreCorrupt, match=r"archive/2026-11\.json: handovers\.H-1001\.due"):
        Desk.open(root, clock=clock).handover(hid)
    assert tree(root) == before


def test_a_torn_tail_between_two_months_is_corruption_not_a_crash(root: Path, clock: FrozenClock) -> None:
    """Only the very end of the log can be torn: the next writer cut it before starting a new month."""
    desk = seed(root, clock)
    hid = desk.hand_over(draft(), by="alice").id
    clock.advance(days=30)
    desk.acknowledge(hid, by="bob", read_back="On it")  # goes to log/2026-12.jsonl
    with open(root / LOG, "ab") as handle:
        handle.write(b'{"half a li')
    before = tree(root)
    with pytest.raises(StoreCorrupt, match=LOG):
        Desk.open(root, clock=clock)
    assert tree(root) == before


def test_an_older_schema_is_migrated_forward_and_written_in_the_new_one(
    built: tuple[Desk, Desk], root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def to_v2(document: dict) -> dict:  # type: ignore[type-arg]
        for row in document["tables"]["colleagues"].values():
            row["name"] = row["name"].upper()
        return document

    monkeypatch.setattr(snapshot, "SCHEMA", 2)
    monkeypatch.setitem(snapshot.MIGRATIONS, 1, to_v2)
    assert json.loads((root / "state.json").read_bytes())["schema"] == 1
    store = Store.open(root)
    assert store.state.get("colleague", "alice")["name"] == "ALICE ARCHER"  # type: ignore[index]
    with store.transaction():
        store.checkpoint(archive_before=None)
    assert json.loads((root / "state.json").read_bytes())["schema"] == 2


def test_a_snapshot_without_a_schema_version_is_refused(built: tuple[Desk, Desk], root: Path) -> None:
    edit_json(root / "state.json", lambda d: d.pop("schema"))
    before = tree(root)
    with pytest.raises(StoreCorrupt, match=r"state\.json: no schema version"):
        Store.open(root)
    assert tree(root) == before

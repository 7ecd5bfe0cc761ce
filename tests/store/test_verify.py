"""verify: any hand edit of the log, the snapshot or an archive is named; erasure keeps the chain valid."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, log
from shiftboard.store.erase import erase_customers
from shiftboard.store.state import COUNTERS
from shiftboard.store.verify import verify_store

from .helpers import LOG, all_bytes, close, draft, log_lines, seed, tables

FORK = multiprocessing.get_context("fork")
JANE = (b"Jane Doe", b"jane.doe@example.com", b"call Jane Doe after five")


@pytest.fixture
def built(root: Path, clock: FrozenClock) -> Path:
    """Lines 1-3 colleagues, 4 create H-1001, 5 ack, 6-7 comments, 8 create H-1002, 9 comment; a snapshot."""
    desk = seed(root, clock)
    desk.hand_over(draft("Jane Doe"), by="alice")
    desk.acknowledge("H-1001", by="bob", read_back="refund the second charge")
    desk.comment("H-1001", by="alice", note="first note")
    desk.comment("H-1001", by="bob", note="second note")
    desk.hand_over(draft("John Roe"), by="alice")
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=None)
    desk.comment("H-1002", by="alice", note="last note")
    assert verify_store(root).ok
    return root


def edit_line(number: int, old: bytes, new: bytes) -> Callable[[list[bytes]], None]:
    def edit(lines: list[bytes]) -> None:
        assert old in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new)

    return edit


def delete_line(number: int) -> Callable[[list[bytes]], None]:
    return lambda lines: lines.pop(number - 1) and None


def swap_lines(number: int) -> Callable[[list[bytes]], None]:
    def swap(lines: list[bytes]) -> None:
        lines[number - 1], lines[number] = lines[number], lines[number - 1]

    return swap


LOG_EDITS = {
    "a note changed": (edit_line(6, b"first note", b"first n0te"), 6),
    "a status in a changes pair": (edit_line(5, b'["pending","acknowledged"]', b'["pending","done"]'), 5),
    "the actor changed": (edit_line(2, b'"actor":"setup"', b'"actor":"alice"'), 2),
    "a customer name inside a create": (edit_line(4, b'"v":"Jane Doe"', b'"v":"Jane Dot"'), 4),
    "a salt changed": (edit_line(8, b'"s":"', b'"s":"0'), 8),
    "the last line changed": (edit_line(9, b"last note", b"last  note"), 9),
    "a line deleted": (delete_line(6), 6),
    "the first line deleted": (delete_line(1), 1),
    "two lines swapped": (swap_lines(6), 6),
    "a line repeated": (lambda lines: lines.insert(7, lines[6]), 8),
}


@pytest.mark.parametrize("case", list(LOG_EDITS))
def test_a_hand_edit_of_the_log_is_named_by_file_and_line(case: str, built: Path) -> None:
    edit, number = LOG_EDITS[case]
    lines = log_lines(built)
    edit(lines)
    (built / LOG).write_bytes(b"".join(lines))
    report = verify_store(built)
    assert not report.ok
    assert f"{LOG} line {number}:" in report.problems[0], report.problems


def edit_json(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    document = json.loads(path.read_bytes())
    change(document)
    path.write_bytes(json.dumps(document).encode())


def rows(document: dict) -> dict:  # type: ignore[type-arg]
    return document["tables"]["handovers"]


def add_handover(document: dict) -> None:  # type: ignore[type-arg]
    forged = {**rows(document)["1001"], "id": "H-1999", "summary": "forged"}
    rows(document)["1999"] = forged


SNAPSHOT_EDITS = {
    "a handover's field": (lambda d: rows(d)["1001"].update(summary="edited"), "state.json: H-1001.summary"),
    "a handover's status": (lambda d: rows(d)["1002"].update(status="closed"), "state.json: H-1002.status"),
    "a handover added": (add_handover, "state.json: H-1999 is not in the log"),
    "a handover removed": (lambda d: rows(d).pop("1001"), "H-1001: the log has it but neither"),
    "an event dropped from a card": (lambda d: rows(d)["1001"]["events"].pop(), "state.json: H-1001.events"),
    "the id counter lowered": (
        lambda d: d["tables"][COUNTERS]["1"].update(handover=1001),
        "state.json: table 'counters'",
    ),
    "a colleague renamed": (
        lambda d: d["tables"]["colleagues"]["1"].update(name="Mallory"),
        "state.json: table 'colleagues'",
    ),
}


@pytest.mark.parametrize("case", list(SNAPSHOT_EDITS))
def test_a_hand_edit_of_the_snapshot_is_named(case: str, built: Path) -> None:
    change, expected = SNAPSHOT_EDITS[case]
    edit_json(built / "state.json", change)
    report = verify_store(built)
    assert not report.ok
    assert expected in report.problems[0], report.problems


def test_a_changed_customer_is_named_without_showing_personal_data(built: Path) -> None:
    edit_json(built / "state.json", lambda d: rows(d)["1001"]["customer"].update(contact="mallory@example.com"))
    report = verify_store(built)
    assert report.problems and "state.json: H-1001.customer" in report.problems[0]
    assert "example.com" not in report.problems[0] and "Jane" not in report.problems[0]


def test_a_hand_edit_of_an_archive_is_named(root: Path, clock: FrozenClock) -> None:
    desk = seed(root, clock)
    closed = desk.hand_over(draft("Jane Doe"), by="alice").id
    close(desk, closed)
    clock.advance(days=8)
    with desk.store.transaction():
        desk.store.checkpoint(archive_before=clock.now().isoformat())
    path = root / "archive" / "2026-11.json"
    assert verify_store(root).ok

    original = path.read_bytes()
    edit_json(path, lambda d: d["handovers"][closed].update(outcome="never happened"))
    assert "archive/2026-11.json: H-1001.outcome" in verify_store(root).problems[0]

    path.write_bytes(original)
    edit_json(path, lambda d: d["handovers"].update({"H-1999": {**d["handovers"][closed], "id": "H-1999"}}))
    assert "archive/2026-11.json: H-1999 is not in the log" in verify_store(root).problems[0]


def test_an_id_created_twice_is_named(built: Path, clock: FrozenClock) -> None:
    """What reusing an archived id would write: a chain that links, but two creates of one handover."""
    desk = Desk.open(built, clock=clock)
    record = json.loads(log_lines(built)[3])["record"]
    with desk.store.transaction() as txn:
        forged = {"at": "2026-11-02T09:00:00Z", "actor": "alice", "kind": "create", "entity": "handover"}
        txn.append(forged | {"key": "H-1001", "record": record})
    report = verify_store(built)
    assert report.problems and f"{LOG} line 10: seq 10 creates H-1001 a second time" in report.problems[0]


def reader(root: Path, ready, go, out) -> None:  # type: ignore[no-untyped-def]
    """Another process's reader, opened before the erase and only refreshed after it."""
    store = Store.open(root)

    def card() -> dict:  # type: ignore[type-arg]
        return store.state.get("handover", "H-1001") or store.archived_handover("H-1001")  # type: ignore[return-value]

    before = card()["customer"]["name"]
    ready.set()
    go.wait(10)
    changed = store.refresh()
    out.send([before, changed, store.position.seq, card()["customer"]["name"], card()["events"][-1]["kind"]])


@pytest.mark.parametrize("archived", [False, True], ids=["live", "archived"])
def test_erasure_leaves_no_personal_data_and_a_chain_that_verifies(
    archived: bool, root: Path, clock: FrozenClock
) -> None:
    desk = seed(root, clock)
    jane = desk.hand_over(draft("Jane Doe"), by="alice").id
    john = desk.hand_over(draft("John Roe"), by="alice").id
    close(desk, jane)
    desk.comment(jane, by="bob", note="closed, customer happy")
    if archived:  # archived last month, erased in the next: the create sits in an older log file
        clock.advance(days=30)
        with desk.store.transaction():
            desk.store.checkpoint(archive_before=clock.now().isoformat())
        assert (root / "archive" / "2026-11.json").exists() and not desk.handovers(from_="alice", status="closed")
    assert all(secret in all_bytes(root) for secret in JANE)

    ready, go = FORK.Event(), FORK.Event()
    into, out = FORK.Pipe(duplex=False)
    other = FORK.Process(target=reader, args=(root, ready, go, out))
    other.start()
    assert ready.wait(10)
    early = Store.open(root)
    since = early.position
    lengths = [len(line) for line in log_lines(root)]

    with desk.store.transaction() as txn:
        erase_customers(txn, [jane], actor="sue", at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    go.set()
    seen = into.recv()
    other.join(10)

    # Gone from every byte of every file, and only Jane's.
    everything = all_bytes(root)
    for secret in JANE:
        assert secret not in everything
    assert b"John Roe" in everything and b"john.roe@example.com" in everything
    report = verify_store(root)
    assert report.ok and report.torn_tail is None, report.problems
    assert report.archived == (1 if archived else 0)

    handover = Desk.open(root, clock=clock).handover(jane)
    assert (handover.customer.name, handover.customer.contact, handover.customer.preferences) == (None, None, None)
    assert handover.purged and handover.events[-1].kind == "purge"
    assert handover.summary and handover.customer.ref == ""  # the anonymised record and its events stay
    assert Desk.open(root, clock=clock).handover(john).customer.name == "John Roe"

    # Every old line kept its length, so a reader's byte offset still lands on a line start.
    assert [len(line) for line in log_lines(root)][: len(lengths)] == lengths
    assert [event["kind"] for event, _pos in log.read_after(root / "log", since)] == ["purge"]
    assert early.refresh() is True
    assert {k: early.state.tables[k] for k in tables(root)} == tables(root)
    assert seen == ["Jane Doe", True, since.seq + 1, None, "purge"]


def test_erasure_also_removes_what_a_crashed_snapshot_left_behind(root: Path, clock: FrozenClock) -> None:
    desk = seed(root, clock)
    jane = desk.hand_over(draft("Jane Doe"), by="alice").id
    close(desk, jane)
    # A snapshot that was being written when the process died: its temp file is never renamed.
    (root / ".state.json.k1ll3d.tmp").write_bytes((root / LOG).read_bytes())
    (root / "log" / ".2026-11.jsonl.k1ll3d.tmp").write_bytes((root / LOG).read_bytes())
    with desk.store.transaction() as txn:
        erase_customers(txn, [jane], actor="sue", at=clock.now())
    everything = all_bytes(root)
    assert not any(secret in everything for secret in JANE)
    assert verify_store(root).ok

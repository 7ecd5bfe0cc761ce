"""Retention purge and subject export (SPEC §1 "Data protection"): dry run, erasure everywhere, all or nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from store.helpers import split_write

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.store import Store, StoreError, erase
from shiftboard.store.verify import verify_store

from .conftest import Cli
from .stores import HISTORY, NOW, all_bytes, ids, secrets, tree

ID = ids()
OLD = ["Olga Oldest", "Peter October", "Nina November", "Quentin Query"]  # closed before 2026-11-14 14:00
CLOSED = [*OLD, "Rita Recent"]
OPEN = ["Sam Open", "Tina Open"]
FORK = multiprocessing.get_context("fork")


def purge_events(root: Path) -> list[dict]:  # type: ignore[type-arg]
    return [
        event
        for path in sorted((root / "log").glob("*.jsonl"))
        for event in map(json.loads, path.read_bytes().splitlines())
        if event["kind"] == "purge"
    ]


def stored(root: Path) -> dict[str, str]:
    """The files the store reads (log, archive, snapshot and its marker), by their bytes' digest."""
    return {name: digest for name, digest in tree(root).items() if not name.startswith(".") or name == ".checkpoint"}


def test_the_dry_run_lists_each_id_and_changes_no_byte(cli: Cli, root: Path) -> None:
    before = tree(root)
    result = cli("purge", "--older-than", "10d", "--dry-run", "--store", str(root))
    assert result.code == 0, result.err
    *listed, summary = result.out.splitlines()
    assert listed == [ID[name] for name in OLD]
    assert summary == (
        "dry run: 4 handovers closed at or before 2026-11-14 14:00 (UTC) would be erased (0 live, 4 archived); "
        "nothing was changed"
    )
    assert tree(root) == before  # every byte of every file, the lock file included
    assert cli("purge", "--older-than", "0d", "--dry-run", "--store", str(root)).out.splitlines()[:-1] == [
        ID[name] for name in CLOSED
    ]
    assert tree(root) == before


def test_purge_leaves_no_personal_data_anywhere_and_a_chain_that_verifies(cli: Cli, root: Path) -> None:
    # Debris of crashed writes holds personal data too: a snapshot's temp file, a log's, an archive's.
    for temp in (root / ".state.json.k1ll3d.tmp", root / "log" / ".2026-11.jsonl.x.tmp", root / "archive" / ".a.tmp"):
        temp.write_bytes(all_bytes(root))
    assert all(secret in all_bytes(root) for name in HISTORY for secret in secrets(name))

    result = cli("--as", "sam", "purge", "--older-than", "0d", "--store", str(root))
    assert result.code == 0, result.err
    assert result.out == (
        "purged: the customer's name, contact and preferences of 5 handovers closed at or before 2026-11-24 14:00 "
        "(UTC) are erased (1 live, 4 archived; 5 log lines rewritten; no temp file left behind)\n"
    )
    everything = all_bytes(root)
    for name in CLOSED:
        for secret in secrets(name):
            assert secret not in everything, (name, secret)
    for name in OPEN:
        assert all(secret in everything for secret in secrets(name))
    assert not list(root.rglob("*.tmp")) and not list(root.rglob(".*.purge")) and not (root / ".purge").exists()
    report = verify_store(root)
    assert report.ok, report.problems

    [event] = purge_events(root)
    assert event["keys"] == [ID[name] for name in CLOSED] and event["actor"] == "sam"
    assert event["erased"] == {"handovers": 5, "live": 1, "archived": 4, "log_lines": 5, "files": 5}
    assert (event["older_than_days"], event["cutoff"]) == (0, "2026-11-24T14:00:00Z")
    shown = cli("show", ID["Olga Oldest"], "--store", str(root)).out
    assert "customer   (erased) REF-OLGA · (erased)" in shown and "erased the customer's personal data" in shown
    again = cli("purge", "--older-than", "0d", "--dry-run", "--store", str(root))
    assert again.out.startswith("dry run: 0 handovers")  # erased once is erased


def test_subject_export_before_and_after_the_purge(cli: Cli, root: Path) -> None:
    before = json.loads(cli("subject-export", "--customer", "  nina   NOVEMBER ", "--store", str(root)).out)
    assert before["count"] == 1 and before["timezone"] == "UTC"
    [record] = before["handovers"]
    assert record["id"] == ID["Nina November"] and record["customer"]["contact"] == "nina.november@example.com"
    assert [event["kind"] for event in record["events"]] == ["create", "ack", "comment", "done", "verify"]
    by_contact = json.loads(cli("subject-export", "--customer", "NINA.november@example.com", "--store", str(root)).out)
    assert [h["id"] for h in by_contact["handovers"]] == [ID["Nina November"]]
    assert json.loads(cli("subject-export", "--customer", "Nina", "--store", str(root)).out)["count"] == 0  # exact only

    assert cli("--as", "sam", "purge", "--older-than", "10d", "--store", str(root)).code == 0
    after = json.loads(cli("subject-export", "--customer", "Nina November", "--store", str(root)).out)
    assert after["count"] == 0 and after["handovers"] == []
    assert json.loads(cli("subject-export", "--customer", "nina.november@example.com", "--store", str(root)).out) == {
        **after,
        "customer": "nina.november@example.com",
    }
    assert json.loads(cli("subject-export", "--customer", "Sam Open", "--store", str(root)).out)["count"] == 1


def test_nothing_older_than_the_retention_setting_means_nothing_to_do(cli: Cli, root: Path) -> None:
    before = stored(root)
    result = cli("--as", "sam", "purge", "--store", str(root))  # retention: 90 days; the oldest closed 50 days ago
    assert result.out.startswith("nothing to purge: no handover closed at or before 2026-08-26 14:00")
    assert stored(root) == before and purge_events(root) == []


def test_purge_is_a_supervisors_command_once_set_up_is_closed(cli: Cli, root: Path, desk: Desk) -> None:
    desk.add_colleague("sue", name="Sue Super", role="supervisor", pin="424242")  # a protected supervisor
    before = tree(root)
    refused = cli("--as", "alice", "purge", "--older-than", "0d", "--store", str(root))
    assert refused.code == 1 and refused.one_error_line() == "shiftboard: purge needs a supervisor; alice is not one"
    refused = cli("purge", "--older-than", "0d", "--store", str(root))
    assert refused.code == 1 and "purge needs a supervisor: give --as" in refused.one_error_line()
    assert tree(root) == before
    refused = cli("--as", "sue", "purge", "--older-than", "0d", "--store", str(root), stdin="000000\n")
    assert refused.code == 1 and refused.one_error_line().startswith("shiftboard: wrong PIN for sue")
    assert purge_events(root) == []  # the failed PIN is audited (SPEC §6); nothing is erased
    done = cli("--as", "sue", "purge", "--older-than", "0d", "--store", str(root), stdin="424242\n")
    assert done.code == 0 and purge_events(root)[0]["actor"] == "sue"


@pytest.mark.parametrize("bad", ["90", "ninety days", "1.5d", "1e3d", "-1d"])
def test_a_period_that_is_not_days_is_refused(cli: Cli, root: Path, bad: str) -> None:
    result = cli("purge", f"--older-than={bad}", "--dry-run", "--store", str(root))
    assert result.code == 1 and "--older-than is not a number of days like 90d" in result.one_error_line()


class Died(BaseException):
    """A crash in the middle of a purge (raised where the process would have died)."""


def test_a_purge_cut_short_after_its_commit_is_finished_by_the_next_open(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = Desk.open(root, clock=clock)
    renames = 0
    real_replace = os.replace

    def dies_after_one(source: str | Path, target: str | Path, **where: int) -> None:
        nonlocal renames
        renames += str(source).endswith(".purge")  # a staged copy put in place (not a temp file's rename)
        if renames > 1:
            raise Died
        real_replace(source, target, **where)

    monkeypatch.setattr(erase.os, "replace", dies_after_one)
    with pytest.raises(Died):
        desk.purge(timedelta(days=0), by="sam")
    monkeypatch.setattr(erase.os, "replace", real_replace)
    assert json.loads((root / ".purge").read_bytes())["state"] == "prepared" and len(purge_events(root)) == 1
    assert any(secret in all_bytes(root) for secret in secrets("Olga Oldest"))  # half done on disk ...

    reopened = Desk.open(root, clock=clock)  # ... until the next process opens the store
    everything = all_bytes(root)
    assert not any(secret in everything for name in CLOSED for secret in secrets(name))
    assert not (root / ".purge").exists() and not list(root.rglob(".*.purge"))
    assert verify_store(root).ok and len(purge_events(root)) == 1
    assert reopened.handover(ID["Rita Recent"]).customer.name is None


def test_a_purge_cut_short_before_its_commit_leaves_the_store_as_it_was(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored(root)
    desk = Desk.open(root, clock=clock)

    def dies(_store: Store, _events: list[dict]) -> None:  # type: ignore[type-arg]
        raise Died

    monkeypatch.setattr(Store, "append", dies)
    with pytest.raises(Died):
        desk.purge(timedelta(days=0), by="sam")
    monkeypatch.undo()
    assert json.loads((root / ".purge").read_bytes())["state"] == "prepared"
    assert list(root.rglob(".*.purge"))  # the staged copies, erased, beside the originals

    reopened = Desk.open(root, clock=clock)  # a writer would settle it the same way, under the lock
    assert stored(root) == before and not (root / ".purge").exists() and not list(root.rglob(".*.purge"))
    assert reopened.handover(ID["Rita Recent"]).customer.name == "Rita Recent" and purge_events(root) == []
    assert verify_store(root).ok


def purging(root: Path, ready: int) -> None:
    """A child that purges every closed handover, its writes split and slowed so kills land inside them."""
    real_write, real_replace = os.write, os.replace

    def slow_replace(source: str | Path, target: str | Path, **where: int) -> None:
        time.sleep(0.003)
        real_replace(source, target, **where)

    os.write = split_write(real_write, 0.003)  # type: ignore[assignment]  # this child only
    os.replace = slow_replace  # type: ignore[assignment]
    desk = Desk.open(root, clock=FrozenClock(NOW))
    real_write(ready, b"go")
    desk.purge(timedelta(days=0), by="sam")
    real_write(ready, b"done")


KILLS = 16


def test_purge_killed_at_random_points_leaves_the_store_as_before_or_fully_purged(
    built_history: Path, tmp_path: Path
) -> None:
    rng = random.Random(1711)
    before: dict[str, str] = {}
    took = 0.0
    outcomes = []
    for attempt in range(KILLS + 1):
        root = tmp_path / f"store-{attempt}"
        shutil.copytree(built_history, root)
        before = before or stored(root)
        read, write = os.pipe()
        child = FORK.Process(target=purging, args=(root, write))
        child.start()
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            assert pipe.read(2) == b"go"
            started = time.monotonic()
            if attempt == 0:  # the first runs to the end: how long a purge takes here
                assert pipe.read(4) == b"done"
                took = time.monotonic() - started
            else:
                time.sleep(rng.uniform(0, took * 1.1))
                os.kill(child.pid, signal.SIGKILL)
        child.join()

        marker = root / ".purge"
        left = json.loads(marker.read_bytes())["state"] if marker.exists() else "nothing"
        Store.open(root)  # the next process to open it settles what the kill left
        report = verify_store(root)
        assert report.ok, (attempt, report.problems)
        assert not (root / ".purge").exists() and not list(root.rglob(".*.purge")), attempt
        everything = all_bytes(root)
        if purge_events(root):
            outcomes.append(f"purged ({left} left)")
            assert not any(secret in everything for name in CLOSED for secret in secrets(name)), attempt
            assert all(secret in everything for name in OPEN for secret in secrets(name)), attempt
        else:
            outcomes.append(f"as before ({left} left)")
            assert stored(root) == before, attempt
        shutil.rmtree(root)
    assert outcomes[0] == "purged (nothing left)" and len(outcomes) == KILLS + 1, outcomes


def test_an_error_before_the_commit_leaves_the_store_as_it_was_at_once(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored(root)
    real_stage = erase._stage
    staged = 0

    def disk_full(path: Path, data: bytes, mode: int) -> dict:  # type: ignore[type-arg]
        nonlocal staged
        staged += 1
        if staged == 2:
            raise OSError(28, "No space left on device")
        return real_stage(path, data, mode)

    monkeypatch.setattr(erase, "_stage", disk_full)
    with pytest.raises(OSError, match="No space left"):
        Desk.open(root, clock=clock).purge(timedelta(days=0), by="sam")
    assert stored(root) == before and purge_events(root) == []
    assert not (root / ".purge").exists() and not list(root.rglob(".*.purge"))  # undone at once, not on the next open


def test_a_record_of_intent_that_is_a_link_is_refused(root: Path) -> None:
    (root / ".purge").symlink_to(root / "state.json")
    with pytest.raises(StoreError, match="symbolic link"):
        Store.open(root)


def test_verify_compares_a_purged_handover_at_its_last_other_event(root: Path, clock: FrozenClock) -> None:
    """A purge names handovers created long before it: verify applies it where each last changed, so it need not
    hold them all until the purge (memory flat), and still names any edit of them."""
    desk = Desk.open(root, clock=clock)
    with desk.store.transaction() as txn:  # the same handovers twice, as explicit keys may
        erase.erase_customers(txn, [ID["Olga Oldest"], ID["Rita Recent"]], actor="sam", at=clock.now())
    clock.advance(minutes=5)
    with desk.store.transaction() as txn:
        erase.erase_customers(txn, [ID["Olga Oldest"]], actor="sam", at=clock.now())
    desk.comment(ID["Rita Recent"], by="bob", note="customer called again after the purge")
    report = verify_store(root)
    assert report.ok, report.problems
    olga = Desk.open(root, clock=clock).handover(ID["Olga Oldest"])
    assert [event.kind for event in olga.events][-2:] == ["purge", "purge"]

    path = root / "archive" / "2026-10.json"
    document = json.loads(path.read_bytes())
    document["handovers"][ID["Olga Oldest"]]["outcome"] = "never happened"
    path.write_text(json.dumps(document, ensure_ascii=False))
    assert f"archive/2026-10.json: {ID['Olga Oldest']}.outcome" in verify_store(root).problems[0]


def test_verify_after_a_purge_holds_no_more_handovers_than_before_it(
    root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shiftboard.store import verify as verify_module

    held: list[int] = []

    class Counting(verify_module.State):  # type: ignore[misc,name-defined]
        """The replay's state (built from nothing; state.json's copy is built from its tables)."""

        def apply(self, event: dict) -> None:  # type: ignore[type-arg]
            super().apply(event)
            if self.replaying:
                held.append(len(self.tables["handovers"]))

        def __init__(self, tables: dict | None = None) -> None:  # type: ignore[type-arg]
            super().__init__(tables)
            self.replaying = tables is None

    monkeypatch.setattr(verify_module, "State", Counting)
    assert verify_store(root).ok
    before = max(held)
    Desk.open(root, clock=clock).purge(timedelta(days=0), by="sam")  # names all five closed ones, at the end
    held.clear()
    assert verify_store(root).ok
    assert max(held) == before  # each purged one was let go at its last other event, long before the purge

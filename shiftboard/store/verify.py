"""`shiftboard verify`: walk the hash chain, check it against witnesses, then replay the log against
`state.json` and the archives — all on one consistent cut of the store.

The cut (store.cut) holds every file as it was at one instant, so verify may run while others
write: what they write after it is simply not looked at, never taken for damage.

Two streamed passes keep memory flat whatever the history: the first checks every line's
hash and link (and each witnessed event's hash) and notes each handover's last event; the second
replays, comparing each handover with its stored copy as soon as its last event is applied, then
forgetting it. A purge (store.erase) names handovers created long before it, so it does not count
as their last event: each is compared at its last other one, with the purge applied there. The
stored copy of a live handover is `state.json` plus the log after its position, built in the same
pass. Each archive month is read once, its ids checked against the log
as it is read and each row let go once compared; it skips the type check, as a row that differs
from the replay in any way is named anyway. Measured on 100,000 archived handovers: validating and
re-reading the archives was two thirds of the time.

What the chain alone cannot show, and a witness can (store.witness): a history whose every hash
was recomputed after an edit, and the last events cut off (what is left still links). Without a
witness that saw the events concerned, verify cannot tell either from the real history, and says so.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from shiftboard.domain.events import EventKind
from shiftboard.store import archive, checkpoint
from shiftboard.store.chain import GENESIS, event_hash, line_holds_hash
from shiftboard.store.cut import Cut, take_cut
from shiftboard.store.errors import StoreError
from shiftboard.store.log import Position, parse_line
from shiftboard.store.snapshot import SCHEMA, parse_snapshot
from shiftboard.store.state import COUNTERS, State, erase_personal, note_event
from shiftboard.store.store import check_entries
from shiftboard.store.witness import Seen, Witness, load, user_witness

Progress = Callable[[int, int], None]
ATTEMPTS = 3  # cuts taken without the lock, when the files moved under a difference found


@dataclass
class VerifyReport:
    events: int = 0
    handovers: int = 0
    archived: int = 0
    problems: list[str] = field(default_factory=list)
    torn_tail: str | None = None
    notes: list[str] = field(default_factory=list)  # what was checked against which witness, or why not
    head: str = GENESIS  # the hash of the last event verified

    @property
    def ok(self) -> bool:
        return not self.problems


def _lines(cut: Cut) -> Iterator[tuple[str, int, int, bytes]]:
    """(file, line number, byte after the line, line) for every line up to the cut, in log order.
    A line the cut ends inside is yielded as far as the cut goes, without its newline."""
    for item in cut.logs:
        with open(item.fd, "rb", closefd=False) as handle:
            handle.seek(0)
            offset = 0
            for number, line in enumerate(handle, start=1):
                if offset + len(line) > item.size:
                    if item.size > offset:
                        yield item.name, number, item.size, line[: item.size - offset]
                    break
                offset += len(line)
                yield item.name, number, offset, line


def load_line(line: bytes) -> Any:
    """A line pass 1 parsed and checked, read again (pydantic-core's reader; `json` for what it refuses)."""
    try:
        return from_json(line)
    except ValueError:
        return json.loads(line)


class _Walk:
    def __init__(self, cut: Cut, report: VerifyReport, progress: Progress | None, witnesses: list[Seen]) -> None:
        self.cut = cut
        self.report = report
        self.progress = progress
        self.witnesses = witnesses
        self.total = 2 * sum(item.size for item in cut.logs) or 1
        self.archives = dict(cut.archives)
        self.checked_months: set[str] = set()
        self.done = 0
        # Purges: seq -> the purge as a handover notes it; each key's latest purge after its last other event
        # (and, rarely, earlier ones after it too). See `chain`.
        self.purges: dict[int, dict[str, Any]] = {}
        self.purged = LastEvents()
        self.purged_more: dict[str, list[int]] = {}

    def tick(self, size: int) -> None:
        self.done += size
        if self.progress is not None and self.done % 65536 < size:
            self.progress(self.done, self.total)

    def chain(self) -> LastEvents | None:
        """Pass 1: every line parses, links, hashes and matches the witnesses; returns each handover's last seq."""
        last = LastEvents()
        seq, head = 0, GENESIS
        final = self.cut.logs[-1].name if self.cut.logs else None
        for name, number, _end, line in _lines(self.cut):
            self.tick(len(line))
            where = f"log/{name} line {number}"
            if not line.endswith(b"\n"):
                if name == final:
                    self.report.torn_tail = f"{where}: an unfinished write (ignored; the next writer cuts it off)"
                    break
                self._problem(f"{where}: a line without its newline in the middle of the log")
                return None
            try:
                event = parse_line(line, where)
            except StoreError as error:
                self._problem(str(error))
                return None
            if event["seq"] != seq + 1:
                self._problem(f"{where}: seq {event['seq']} follows seq {seq}: events were deleted or reordered")
                return None
            if event["prev"] != head:
                self._problem(f"{where}: seq {event['seq']} does not link to the event before it (reordered?)")
                return None
            if not line_holds_hash(line, event) and event_hash(event) != event["hash"]:
                self._problem(f"{where}: seq {event['seq']} was edited (its hash does not match its content)")
                return None
            seq, head = event["seq"], event["hash"]
            for seen in self.witnesses:
                noted = seen.hashes.get(seq)
                if noted is not None and noted[0] != head:
                    self._problem(
                        f"{where}: event seq {seq} was witnessed with hash {noted[0][:12]}… by {seen.name}, but the "
                        f"store's seq {seq} has hash {head[:12]}…: history was rewritten (at this event or before it)"
                    )
                    return None
            if event["entity"] == "handover":
                if event["kind"] == EventKind.CREATE and event.get("key") in last:
                    self._problem(f"{where}: seq {seq} creates {event['key']} a second time; ids must be unique")
                    return None
                if event["kind"] == EventKind.PURGE:
                    self._note_purge(event, last)
                else:
                    for key in event.get("keys") or [event.get("key")]:
                        last[key] = seq
                        self.purged_more.pop(key, None)  # a purge before this event is replayed in its place
        self.report.events, self.report.head = seq, head
        for seen in self.witnesses:
            if seen.highest > seq:
                self._problem(
                    f"the store ends at seq {seq} but {seen.name} saw seq {seen.highest}: events were cut off"
                )
                return None
        return last

    def _problem(self, text: str) -> None:
        self.report.problems.append(text)
        return None

    def _note_purge(self, event: dict[str, Any], last: LastEvents) -> None:
        """A purge is not its handovers' last event: it may name tens of thousands created long before, and
        the replay would hold every one of them until it came. Each is compared at its last other event
        instead, with the purge applied there (`_purge_pending`), so memory stays flat."""
        seq = event["seq"]
        noted: dict[str, Any] = {"events": []}
        note_event(noted, event)
        self.purges[seq] = noted["events"][0]
        for key in event.get("keys") or []:
            before = self.purged.get(key)
            if before is not None and before > (last.get(key) or 0):
                self.purged_more.setdefault(key, []).append(before)
            self.purged[key] = seq

    def _purge_pending(self, key: str, seq: int, record: dict[str, Any]) -> None:
        """Apply to `record`, at its last other event `seq`, the purges that come after it in the log."""
        latest = self.purged.get(key)
        if latest is None or latest < seq:
            return
        for purge in [*self.purged_more.pop(key, []), latest]:
            erase_personal(record)
            note_event(record, self.purges[purge])

    def snapshot(self) -> tuple[dict[str, Any], Position] | None:
        """`state.json` as held at the cut, vouched for by `.checkpoint` as a store's start-up would be."""
        data = self.cut.read(self.cut.snapshot)
        if data is None:
            return {}, Position()
        marker = self.cut.read(self.cut.marker)
        written = None if marker is None else checkpoint.digest_in(marker, schema=SCHEMA)
        try:
            tables, position = parse_snapshot(data, written=written)
        except StoreError as error:
            self._problem(str(error))
            return None
        if position.seq > self.report.events:
            self._problem(
                f"state.json covers the log up to seq {position.seq}, but the log ends at seq {self.report.events}: "
                "events were cut off the log"
            )
            return None
        return tables, position

    def _applied(self, state: State, event: dict[str, Any], where: str, to: str = "") -> bool:
        try:
            state.apply(event)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            self.report.problems.append(f"{where}: seq {event['seq']} cannot be applied{to} ({error})")
            return False
        return True

    def replay(self, last: LastEvents, tables: dict[str, Any], position: Position) -> None:
        """Pass 2: rebuild every record from the log and compare with the stored copies."""
        state = State()
        live = State(tables)  # state.json, and the log after its position applied as this pass reaches it
        rows = state.tables["handovers"]
        stored_live = live.tables["handovers"]
        months: dict[str, dict[str, dict[str, Any]]] = {}
        for name, number, end, line in _lines(self.cut):
            self.tick(len(line))
            if not line.endswith(b"\n"):
                break
            event = load_line(line)
            where = f"log/{name} line {number}"
            if not self._applied(state, event, where):
                return
            if event["seq"] > position.seq:
                if not self._applied(live, event, where, " to state.json"):
                    return
            elif event["seq"] == position.seq and (name, end, event["hash"]) != (
                position.file,
                position.offset,
                position.head,
            ):
                self.report.problems.append(
                    f"state.json: its log position (log/{position.file} byte {position.offset}, seq {position.seq}) "
                    f"is not where the log's seq {position.seq} ends (log/{name} byte {end})"
                )
                return
            if event["entity"] != "handover":
                continue
            for key in event.get("keys") or [event["key"]]:
                if last.get(key) != event["seq"]:
                    continue
                doc = str(int(key.split("-")[1]))
                record = rows.pop(doc, None)
                if record is None:
                    continue
                self._purge_pending(key, event["seq"], record)
                stored = stored_live.get(doc)
                where = "state.json"
                if stored is None:
                    month = archive.archive_month(record) if record.get("closed_at") else ""
                    stored = self._archived(months, month, last).pop(key, None)
                    where = f"archive/{month}"
                if stored is None:
                    self.report.problems.append(f"{key}: the log has it but neither state.json nor the archive does")
                else:
                    self._compare(key, record, stored, where)
                if self.report.problems:
                    return
        for doc, row in stored_live.items():
            if row.get("id") not in last:
                self.report.problems.append(f"state.json: {row.get('id', doc)} is not in the log (added by hand?)")
                return
        self.report.handovers = len(stored_live)
        for table in ("colleagues", "services", "shifts", "settings", "improvements", COUNTERS):
            if state.tables.get(table) != live.tables.get(table):
                self.report.problems.append(f"state.json: table {table!r} differs from the log's replay")
                return
        for month in self.archives:
            if month not in self.checked_months:  # no replayed handover closed in it
                self._read_month(month, last)
            if self.report.problems:
                return

    def _archived(
        self, months: dict[str, dict[str, dict[str, Any]]], month: str, last: LastEvents
    ) -> dict[str, dict[str, Any]]:
        if month not in months:
            if len(months) >= 2:
                months.pop(next(iter(months)))
            months[month] = self._read_month(month, last)
        return months[month]

    def _read_month(self, month: str, last: LastEvents) -> dict[str, dict[str, Any]]:
        """A month's archive as held at the cut; the first time, count its handovers and check each is in the log."""
        raw = self.cut.read(self.archives.get(month))
        if not month or raw is None:
            return {}
        rows = archive.parse_archive(raw, month, validate=False)
        if month not in self.checked_months:
            self.checked_months.add(month)
            self.report.archived += len(rows)
            for key in rows:
                if key not in last:
                    self.report.problems.append(f"archive/{month}: {key} is not in the log (added by hand?)")
                    break
        return rows

    def _compare(self, key: str, replayed: dict[str, Any], stored: dict[str, Any], where: str) -> None:
        if replayed == stored:
            return
        for name in sorted(set(replayed) | set(stored)):
            if replayed.get(name) != stored.get(name):
                if name == "customer":  # personal data never goes into a message
                    self.report.problems.append(f"{where}: {key}.customer differs from the log (values not shown)")
                    return
                self.report.problems.append(
                    f"{where}: {key}.{name} is {_short(stored.get(name))} but the log says {_short(replayed.get(name))}"
                )
                return


class LastEvents:
    """Each handover's last event seq in 8 bytes a handover (ids are `H-<number>`), so memory stays flat."""

    SPARSE_ABOVE = 10_000_000  # an absurd number (a hand-edited id) goes to a dict, not a huge array

    def __init__(self) -> None:
        self.seqs = array("q")
        self.other: dict[str, int] = {}

    @staticmethod
    def _number(key: str) -> int | None:
        prefix, _, digits = str(key).partition("-")
        return int(digits) if prefix == "H" and digits.isdigit() and int(digits) <= LastEvents.SPARSE_ABOVE else None

    def __setitem__(self, key: str, seq: int) -> None:
        number = self._number(key)
        if number is None:
            self.other[key] = seq
            return
        if number >= len(self.seqs):
            self.seqs.extend(bytes(8 * max(number + 1 - len(self.seqs), len(self.seqs))))
        self.seqs[number] = seq

    def get(self, key: str) -> int | None:
        number = self._number(key)
        if number is None:
            return self.other.get(key)
        seq = self.seqs[number] if number < len(self.seqs) else 0
        return seq or None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def verify_store(
    root: Path | str,
    *,
    witnesses: Sequence[Path | str] = (),
    own_witness: bool = True,
    progress: Progress | None = None,
) -> VerifyReport:
    """Check the chain, that snapshot and archives are what the log says, and the chain against the
    calling user's witness (`own_witness`) and any other witness files given; never writes the store.

    `report.notes` says what each witness covered, or that there was none (print them after the result).
    """
    root = Path(root).resolve()
    notes: list[str] = []
    seen: list[Seen] = []
    try:
        # Before the cut: a witness notes an event only once it is in the log, so the cut holds all it saw.
        seen = _witnesses(root, witnesses, own_witness, notes)
    except StoreError as error:
        return VerifyReport(problems=[str(error)], notes=notes)
    for attempt in range(1, ATTEMPTS + 1):
        report = VerifyReport(notes=list(notes))
        try:
            check_entries(root)
            cut = take_cut(root)
        except (OSError, StoreError) as error:
            report.problems.append(_unreadable(error))
            return report
        try:
            _verify_cut(cut, report, seen, progress)
            if report.ok or cut.locked or attempt == ATTEMPTS or not cut.changed():
                break
        finally:
            cut.close()
    if not cut.locked:
        report.notes.append(
            "another process held the store's lock throughout, so verify read its files without it; "
            "if it names a difference, run it again once that process is done"
        )
    for item in seen:
        report.notes.append(
            f"checked against {item.name}: {len(item.hashes):,} events it saw, up to seq {item.highest:,}"
            + (f" (it was written for the store at {item.store})" if item.store not in (None, str(root)) else "")
            + (f"; {item.skipped:,} lines in it were not entries and were skipped" if item.skipped else "")
        )
    if report.ok and own_witness:
        Witness(user_witness(root), root).read(report.events, report.head)
    return report


def _verify_cut(cut: Cut, report: VerifyReport, seen: list[Seen], progress: Progress | None) -> None:
    walk = _Walk(cut, report, progress, seen)
    try:
        last = walk.chain()
        snapshot = walk.snapshot() if last is not None else None
        if last is not None and snapshot is not None:
            walk.replay(last, *snapshot)
    except (OSError, StoreError) as error:
        report.problems.append(_unreadable(error))
    if progress is not None:
        progress(walk.total, walk.total)


def _witnesses(root: Path, extra: Sequence[Path | str], own: bool, notes: list[str]) -> list[Seen]:
    seen = []
    if own:
        path = user_witness(root)
        if path is None:
            notes.append(
                "no witness: this user has no state directory to keep one in, so verify could not tell a history "
                "rewritten with every hash recomputed, or its last events cut off, from the real one"
            )
        elif path.exists():
            seen.append(load(path, "this user's witness"))
        else:
            notes.append(
                f"no witness: this user has none for this store ({path}), so verify could not tell a history "
                "rewritten with every hash recomputed, or its last events cut off, from the real one"
            )
    seen += [load(Path(path), "the witness") for path in extra]
    return seen


def _unreadable(error: OSError | StoreError) -> str:
    if isinstance(error, StoreError):
        return str(error)
    where = f" ({error.filename})" if error.filename else ""
    return f"cannot read the store: {error.strerror or error}{where}"

"""A store directory shared by every process on one host.

Guarantees, in the manner of SQLite's WAL and Redis' append-only file:

* One writer at a time: `transaction()` holds an OS lock on `.lock` for the whole
  read-check-modify-write, and first reads every event other writers appended, so the
  check runs on the latest state.
* Durable on return: each event is one line appended to `log/YYYY-MM.jsonl` and fsync'd
  before the action returns.
* Crash-safe: a line cut short by a crash (no newline) never returned to anyone; readers
  skip it and the next writer cuts it off. Snapshots and archives are written by atomic
  replace, so a crash leaves either the old file or the new one. Start-up reads
  `state.json` and replays only the log after the position it records.
* Readers never block: `refresh()` takes no lock and reads only what was appended since.
* Snapshots stay off the lock's path: the writer whose event crosses a multiple of
  SNAPSHOT_EVERY serialises its state (as at that event) after letting the lock go, then
  takes it again briefly to install the file, unless a purge, another snapshot or a change
  to a handover it archives came in between (then it drops it; the next multiple retries).
* Threads: the in-memory state is changed only while holding `mutex` (catching up, applying an
  append, installing a snapshot), never while waiting for the OS lock; a thread that reads
  `state` while another may write holds it too (the board reads on its UI thread and writes in
  a worker), so a read never meets a half-applied event.
* Corruption is refused: any other unreadable line or file raises `StoreCorrupt` naming
  the file and place, and this store is not written again until it is repaired.
* Links are refused: the root is resolved once; below it no symbolic link is ever followed
  (store.files), and no file game on `.lock` lets two writers in (store.lock).
* Debris is cleared: a temp file a crashed atomic replace left is removed by the next writer,
  under the lock (store.debris).
* Witnessed: after the lock is let go, the events an action wrote are noted in this user's
  witness outside the store (store.witness), which `verify` checks the chain against.
* A purge (store.erase) rewrites several files, all or nothing: a `.purge` record of intent
  left by one cut short is settled, finished or undone, by the next process to open the store
  or to take the lock, before it reads or writes anything else.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shiftboard.domain.events import EventKind
from shiftboard.store import archive, checkpoint, log
from shiftboard.store.chain import seal, to_line, wrap_personal
from shiftboard.store.debris import Debris
from shiftboard.store.errors import StoreCorrupt, StoreError
from shiftboard.store.files import (
    append_durably,
    check_entry,
    file_mode,
    make_dir,
    replace_atomically,
    truncate_durably,
)
from shiftboard.store.lock import exclusive
from shiftboard.store.log import Position
from shiftboard.store.snapshot import SCHEMA, check_touched, encode_snapshot, identity, read_snapshot
from shiftboard.store.state import State
from shiftboard.store.witness import KEEP, Witness, user_witness

SNAPSHOT_EVERY = 500
PURGE_MARKER = ".purge"  # a purge's record of intent (store.erase): present only while one is under way


@dataclass
class Prepared:
    """A snapshot serialised without the lock, waiting to be installed under it."""

    position: Position  # the log position the bytes cover
    held: checkpoint.Identity | None  # the `state.json` this process held then: install only over that one
    data: bytes
    sha256: str | None  # set when every row in `data` has passed the type check
    archived: dict[str, dict[str, dict[str, Any]]]  # month file -> rows moved out of `data` into the archive


class Store:
    """Open with `Store.open(path)`; read through `state`; write inside `transaction()`."""

    def __init__(
        self,
        root: Path,
        *,
        create: bool = False,
        on_wait: Callable[[], None] | None = None,
        witness: Path | None = None,
    ) -> None:
        """`witness`: the file this user's witness of the store is kept in (default: `witness_path(root)`,
        in the user's state directory)."""
        self.root = Path(root).resolve()  # once: the path given may run through links, nothing below it may
        self.on_wait = on_wait
        if not self.root.exists():
            if not create:
                raise StoreError(
                    f"no store at {self.root}; start a team's with: shiftboard init --supervisor HANDLE --name NAME "
                    f"--store {self.root} (or try the demo: shiftboard demo --store {self.root})"
                )
            make_dir(self.root, 0o700)
        if not self.root.is_dir():
            raise StoreError(f"{self.root} is not a directory")
        self.log_dir = self.root / "log"
        self.archive_dir = self.root / "archive"
        self.snapshot_path = self.root / "state.json"
        self.marker_path = self.root / checkpoint.NAME
        check_entries(self.root)
        self.mode = file_mode(self.root)
        self.dir_mode = 0o770 if self.mode == 0o660 else 0o700
        self.corrupt: StoreCorrupt | None = None
        self.mutex = threading.RLock()
        self.state = State()
        self.position = Position()
        self.snapshot_seq = 0
        self._snapshot_id: tuple[int, int, int] | None = None
        self._retry_checkpoint = False  # the last snapshot this process tried failed: try after its next action
        self._watch: list[dict[str, Any]] | None = None  # events caught up while a prepared snapshot waits
        self._debris = Debris(self.root, self.log_dir, self.archive_dir)
        self.witness = Witness(witness if witness is not None else user_witness(self.root), self.root)
        self.load()
        self.witness.read(self.position.seq, self.position.head)
        if os.path.lexists(self.root / PURGE_MARKER):
            from shiftboard.store.erase import settle_on_open

            settle_on_open(self)

    @classmethod
    def open(
        cls,
        root: Path | str,
        *,
        create: bool = False,
        on_wait: Callable[[], None] | None = None,
        witness: Path | None = None,
    ) -> Store:
        return cls(Path(root), create=create, on_wait=on_wait, witness=witness)

    def _guard(self, action: Callable[[], Any]) -> Any:
        if self.corrupt is not None:
            raise self.corrupt
        try:
            return action()
        except StoreCorrupt as error:
            self.corrupt = error
            raise
        except PermissionError as error:  # e.g. a team store's file that came out in another group
            where = f" ({error.filename})" if error.filename else ""
            raise StoreError(f"cannot read the store: {error.strerror or error}{where}") from error

    def load(self) -> None:
        """Snapshot plus the log after it: the whole state, as other processes left it."""
        with self.mutex:
            self._load()

    def _load(self) -> None:

        def read() -> None:
            self._snapshot_id = identity(self.snapshot_path)
            if self._snapshot_id is None:
                self.state, self.position = State(), Position()
            else:
                written = checkpoint.written_digest(self.marker_path, schema=SCHEMA)
                tables, position = read_snapshot(self.snapshot_path, written=written)
                self.state, self.position = State(tables), position
            self.snapshot_seq = self.position.seq
            self._apply_tail(cut_torn=False)

        self._guard(read)

    def _apply_tail(self, *, cut_torn: bool) -> bool:
        changed = False
        for event, position in log.read_after(self.log_dir, self.position, cut_torn=cut_torn):
            try:
                self.state.apply(event)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                where = f"log/{position.file}: event seq {event['seq']}"
                raise StoreCorrupt(f"{where} cannot be applied ({error})") from None
            self.position = position
            if self._watch is not None:
                self._watch.append(event)
            changed = True
        return changed

    def refresh(self) -> bool:
        """Pick up what other processes wrote; True when anything changed. Takes no lock."""

        with self.mutex:
            changed = bool(self._guard(lambda: self._catch_up(cut_torn=False)))
            seq, head = self.position.seq, self.position.head
        if changed:
            self.witness.read(seq, head)
        return changed

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The lock, the latest state, and a way to append events; snapshots when due."""
        if self.corrupt is not None:
            raise self.corrupt
        try:
            make_dir(self.log_dir, self.dir_mode)
        except OSError as error:
            raise StoreError(f"cannot write to the store: {error.strerror or error} ({self.log_dir})") from error
        with exclusive(self.root / ".lock", self.mode, on_wait=self.on_wait), self.mutex:
            self._debris.sweep()
            self._guard(self._catch_up_locked)
            txn = Transaction(self)
            before = self.position.seq
            yield txn
            after = self.position.seq
        if txn.written:
            self.witness.wrote(txn.written, new_store=txn.began_history)
        crossed = after // SNAPSHOT_EVERY > before // SNAPSHOT_EVERY  # one writer per multiple: no two prepare at once
        if txn.appended and (crossed or self._retry_checkpoint) and after > self.snapshot_seq:
            self._checkpoint_unlocked(txn.archive_before)

    def _checkpoint_unlocked(self, archive_before: str | None) -> None:
        """Serialise the state without the lock (a 2,000-handover snapshot is ~0.1 s of json.dumps that
        every other writer used to wait for), then install it under the lock if nothing made it wrong.

        Never raises: the action before it is already durable in the log, so it must not be reported as
        failed (a retry would do it twice). The snapshot is only a shortcut; a failed one is tried again
        after this process's next action."""
        self._retry_checkpoint = True
        try:
            with self.mutex:
                prepared = self._prepare(archive_before)
            with exclusive(self.root / ".lock", self.mode), self.mutex:
                self._watch = []
                try:
                    self._guard(self._catch_up_locked)
                    caught_up = self._watch
                finally:
                    self._watch = None
                if self._still_valid(prepared, caught_up):
                    self._install(prepared)
        except (OSError, StoreError):
            return  # a corrupt store is refused by the next action, which catches up first
        self._retry_checkpoint = False

    def _still_valid(self, prepared: Prepared, caught_up: list[dict[str, Any]]) -> bool:
        """Whether `prepared` may still become `state.json`: snapshot plus the log after its position must
        give today's state, and it must not bring back what a purge erased since."""
        if self._snapshot_id != prepared.held:
            return False  # another process wrote a snapshot meanwhile (and ours may be older)
        moved = {hid for rows in prepared.archived.values() for hid in rows}
        return not any(event["kind"] == EventKind.PURGE or event.get("key") in moved for event in caught_up)

    def _catch_up_locked(self) -> None:
        self._catch_up(cut_torn=True)
        if os.path.lexists(self.root / PURGE_MARKER):  # a purge was cut short: finish or undo it first
            from shiftboard.store.erase import settle

            settle(self)

    def settle_purge(self) -> None:
        """Take the lock to settle a purge that was cut short (store.erase)."""
        with exclusive(self.root / ".lock", self.mode, on_wait=self.on_wait), self.mutex:
            self._guard(self._catch_up_locked)

    def _catch_up(self, *, cut_torn: bool) -> bool:
        """Read what was appended since; follow a new snapshot by its marker, or reload it in full."""
        current = identity(self.snapshot_path)
        if current == self._snapshot_id:
            return self._apply_tail(cut_torn=cut_torn)
        follow = checkpoint.archived_since(self.marker_path, schema=SCHEMA, held=self._snapshot_id, current=current)
        if follow is None:
            self._load()
            if cut_torn:
                self._apply_tail(cut_torn=True)
            return True
        archived, seq = follow
        changed = self._apply_tail(cut_torn=cut_torn)  # first, so the archived handovers' last events apply
        self.state.remove_handovers(archived)
        self._snapshot_id, self.snapshot_seq = current, seq
        return changed or bool(archived)

    def append(self, events: list[dict[str, Any]]) -> None:
        """Seal, write and fsync `events` as one append, then apply them. Lock must be held."""
        lines = []
        head = self.position.head
        seq = self.position.seq
        for event in events:
            seq += 1
            event["seq"] = seq
            seal(wrap_personal(event), head)
            head = event["hash"]
            lines.append(to_line(event))
        name = log.tail_file(self.log_dir, self.position, events[0]["at"])
        path = self.log_dir / name
        try:
            before = os.lstat(path).st_size
        except FileNotFoundError:
            before = 0
        try:
            append_durably(path, b"".join(lines), self.mode)
        except OSError as error:
            _undo_append(path, before)
            reason = error.strerror or str(error)
            raise StoreError(f"could not write log/{name} ({reason}); the action was not saved") from error
        except BaseException:
            _undo_append(path, before)
            raise
        offset = before
        for event, line in zip(events, lines, strict=True):
            self.state.apply(event)
            offset += len(line)
            self.position = Position(name, offset, event["seq"], event["hash"])

    def checkpoint(self, *, archive_before: str | None) -> None:
        """Move old closed handovers to the archive, then rewrite `state.json`. Lock must be held."""
        self._install(self._prepare(archive_before))

    def _prepare(self, archive_before: str | None) -> Prepared:
        """The snapshot of the state as it is now, minus the handovers to archive. Needs no lock: it
        only reads this process's memory, which nothing changes until its next catch-up."""
        by_month: dict[str, dict[str, dict[str, Any]]] = {}
        handovers = self.state.tables["handovers"]
        if archive_before is not None:
            for key, row in handovers.items():
                if row["status"] == "closed" and row.get("closed_at") and row["closed_at"] < archive_before:
                    by_month.setdefault(archive.archive_month(row), {})[key] = row
        tables = self.state.tables
        moved = {key for rows in by_month.values() for key in rows}
        if moved:
            tables = {**tables, "handovers": {key: row for key, row in handovers.items() if key not in moved}}
        # Rows that leave for the archive stay unchecked: if this snapshot is dropped, they stay live.
        touched = {(table, doc) for table, doc in self.state.touched if table != "handovers" or doc not in moved}
        checked = check_touched(tables, touched)
        if checked:
            self.state.touched -= touched  # they passed, whatever becomes of the file
        data, digest = encode_snapshot(tables, self.position)
        archived = {month: {row["id"]: row for row in rows.values()} for month, rows in by_month.items()}
        return Prepared(self.position, self._snapshot_id, data, digest if checked else None, archived)

    def _install(self, prepared: Prepared) -> None:
        """Archive files first, then `state.json`, then the marker, each by atomic replace. Lock must be held.

        A crash between them leaves archived rows also in the older snapshot, which the next checkpoint
        archives again (a merge); a missing or stale marker only makes other processes reload."""
        for month, rows in sorted(prepared.archived.items()):
            path = self.archive_dir / month
            existing = archive.read_archive(path) if month in archive.archive_names(self.archive_dir) else {}
            archive.write_archive(path, existing | rows, self.mode, self.dir_mode)
        replace_atomically(self.snapshot_path, prepared.data, self.mode)
        archived = [hid for rows in prepared.archived.values() for hid in rows]
        self.state.remove_handovers(archived)
        replaced, self._snapshot_id = self._snapshot_id, identity(self.snapshot_path)
        self.snapshot_seq = prepared.position.seq
        checkpoint.write_marker(
            self.marker_path,
            schema=SCHEMA,
            seq=prepared.position.seq,
            replaced=replaced,
            written=self._snapshot_id,
            archived=archived,
            sha256=prepared.sha256,  # None (unchecked rows): every reader checks the whole file
            mode=self.mode,
        )

    def archived(self, *, since_month: str = "", check: bool = True) -> Iterator[dict[str, Any]]:
        """Archived rows, month file by month file; `since_month` ("2026-10") skips older files unread;
        `check=False`: the caller type-checks the rows it keeps (see archive.iter_archived)."""
        return archive.iter_archived(self.archive_dir, since_month=since_month, check=check)

    def archived_handover(self, hid: str) -> dict[str, Any] | None:
        """One archived row; an id above any ever given is answered without reading the archive, and
        each month file is searched for the row's bytes rather than parsed (store.scan)."""
        if int(hid.split("-", 1)[1]) >= self.state.next_handover_number(1):
            return None
        from shiftboard.store import scan  # the archive's reader: only `show` of an archived id needs it

        return scan.find_row(self.archive_dir, hid)


def check_entries(root: Path) -> None:
    """Refuse a link or a world-writable file anywhere in the store at `root` (resolved), naming it."""
    check_entry(root)
    log_dir, archive_dir = root / "log", root / "archive"
    for child in (root / "state.json", root / checkpoint.NAME, log_dir, archive_dir, root / ".lock"):
        check_entry(child)
    for directory in (log_dir, archive_dir):  # each month's log and archive file too
        for name in log.log_files(directory) + archive.archive_names(directory):
            check_entry(directory / name)


def _undo_append(path: Path, size: int) -> None:
    """Cut a failed append back off; if even that fails, it is a torn tail readers skip and the next writer cuts."""
    try:
        if os.lstat(path).st_size > size:
            truncate_durably(path, size)
    except (OSError, StoreError):
        pass


class Transaction:
    """What an action may do while it holds the lock."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.appended = 0
        self.archive_before: str | None = None
        self.written: deque[tuple[int, str]] = deque(maxlen=KEEP)  # (seq, hash) to note in the witness
        self.began_history = False  # wrote seq 1: a new store

    @property
    def state(self) -> State:
        return self.store.state

    def append(self, *events: dict[str, Any]) -> None:
        self.began_history |= not self.store.position.seq
        self.store.append(list(events))
        self.appended += len(events)
        self.written.extend((event["seq"], event["hash"]) for event in events)

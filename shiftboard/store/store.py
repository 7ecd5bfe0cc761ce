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
* Corruption is refused: any other unreadable line or file raises `StoreCorrupt` naming
  the file and place, and this store is not written again until it is repaired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from shiftboard.store import archive, checkpoint, log
from shiftboard.store.chain import seal, to_line, wrap_personal
from shiftboard.store.errors import StoreCorrupt, StoreError
from shiftboard.store.files import (
    append_durably,
    file_mode,
    make_dir,
    refuse_world_writable,
    truncate_durably,
)
from shiftboard.store.lock import exclusive, is_free, wait_until_free
from shiftboard.store.log import Position
from shiftboard.store.snapshot import SCHEMA, check_touched, identity, read_snapshot, write_snapshot
from shiftboard.store.state import State

SNAPSHOT_EVERY = 500


class Store:
    """Open with `Store.open(path)`; read through `state`; write inside `transaction()`."""

    def __init__(self, root: Path, *, create: bool = False, on_wait: Callable[[], None] | None = None) -> None:
        self.root = Path(root)
        self.on_wait = on_wait
        if not self.root.exists():
            if not create:
                raise StoreError(f"no store at {self.root}; create one with: shiftboard demo --store {self.root}")
            make_dir(self.root, 0o700)
        if not self.root.is_dir():
            raise StoreError(f"{self.root} is not a directory")
        self.log_dir = self.root / "log"
        self.archive_dir = self.root / "archive"
        self.snapshot_path = self.root / "state.json"
        self.marker_path = self.root / checkpoint.NAME
        self._check_permissions()
        self.mode = file_mode(self.root)
        self.dir_mode = 0o770 if self.mode == 0o660 else 0o700
        self.corrupt: StoreCorrupt | None = None
        self.state = State()
        self.position = Position()
        self.snapshot_seq = 0
        self._snapshot_id: tuple[int, int, int] | None = None
        self.load()

    @classmethod
    def open(cls, root: Path | str, *, create: bool = False, on_wait: Callable[[], None] | None = None) -> Store:
        return cls(Path(root), create=create, on_wait=on_wait)

    def _check_permissions(self) -> None:
        refuse_world_writable(self.root)
        for child in (self.snapshot_path, self.marker_path, self.log_dir, self.archive_dir, self.root / ".lock"):
            refuse_world_writable(child)
        for directory in (self.log_dir, self.archive_dir):  # each month's log and archive file too
            for name in log.log_files(directory) + archive.archive_names(directory):
                refuse_world_writable(directory / name)

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

        def read() -> None:
            self._snapshot_id = identity(self.snapshot_path)
            if self._snapshot_id is None:
                self.state, self.position = State(), Position()
            else:
                written = checkpoint.written_digest(self.marker_path, schema=SCHEMA, current=self._snapshot_id)
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
            changed = True
        return changed

    def refresh(self) -> bool:
        """Pick up what other processes wrote; True when anything changed. Takes no lock."""

        return bool(self._guard(lambda: self._catch_up(cut_torn=False)))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The lock, the latest state, and a way to append events; snapshots when due."""
        if self.corrupt is not None:
            raise self.corrupt
        try:
            make_dir(self.log_dir, self.dir_mode)
        except OSError as error:
            raise StoreError(f"cannot write to the store: {error.strerror or error} ({self.log_dir})") from error
        with exclusive(self.root / ".lock", self.mode, on_wait=self.on_wait):
            self._guard(self._catch_up_locked)
            txn = Transaction(self)
            yield txn
            if txn.appended and self.position.seq - self.snapshot_seq >= SNAPSHOT_EVERY:
                try:
                    self.checkpoint(archive_before=txn.archive_before)
                except OSError:
                    # The action is already durable in the log, so it must not be reported as failed
                    # (a retry would do it twice). The snapshot is only a shortcut: forget any half-done
                    # archiving and try again after the next action.
                    self.load()

    def lock_is_free(self) -> bool:
        """Whether a write could take the lock right now. Touches no state."""
        return is_free(self.root / ".lock", self.mode)

    def wait_for_lock(self, timeout: float | None = None) -> None:
        """Wait until a write could take the lock (StoreBusy after the usual wait). Touches no state,
        so a worker thread may wait here while the screen stays live."""
        wait_until_free(self.root / ".lock", self.mode, timeout=timeout)

    def _catch_up_locked(self) -> None:
        self._catch_up(cut_torn=True)

    def _catch_up(self, *, cut_torn: bool) -> bool:
        """Read what was appended since; follow a new snapshot by its marker, or reload it in full."""
        current = identity(self.snapshot_path)
        if current == self._snapshot_id:
            return self._apply_tail(cut_torn=cut_torn)
        follow = checkpoint.archived_since(self.marker_path, schema=SCHEMA, held=self._snapshot_id, current=current)
        if follow is None:
            self.load()
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
        before = path.stat().st_size if path.exists() else 0
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
        archived = self._archive(archive_before) if archive_before is not None else []
        checked = check_touched(self.state.tables, self.state.touched)
        digest = write_snapshot(self.snapshot_path, self.state.tables, self.position, self.mode)
        if checked:
            self.state.touched.clear()
        replaced, self._snapshot_id = self._snapshot_id, identity(self.snapshot_path)
        self.snapshot_seq = self.position.seq
        checkpoint.write_marker(
            self.marker_path,
            schema=SCHEMA,
            seq=self.position.seq,
            replaced=replaced,
            written=self._snapshot_id,
            archived=archived,
            sha256=digest if checked else None,  # unchecked rows: every reader checks the whole file
            mode=self.mode,
        )

    def _archive(self, before: str) -> list[str]:
        by_month: dict[str, dict[str, dict[str, Any]]] = {}
        for row in self.state.tables["handovers"].values():
            if row["status"] == "closed" and row.get("closed_at") and row["closed_at"] < before:
                by_month.setdefault(archive.archive_month(row), {})[row["id"]] = row
        for month, rows in sorted(by_month.items()):
            path = self.archive_dir / month
            existing = archive.read_archive(path) if path.exists() else {}
            archive.write_archive(path, existing | rows, self.mode, self.dir_mode)
        archived = [hid for rows in by_month.values() for hid in rows]
        self.state.remove_handovers(archived)
        return archived

    def archived(self, *, since_month: str = "") -> Iterator[dict[str, Any]]:
        """Archived rows, month file by month file; `since_month` ("2026-10") skips older files unread."""
        return archive.iter_archived(self.archive_dir, since_month=since_month)

    def archived_handover(self, hid: str) -> dict[str, Any] | None:
        """One archived row; an id above any ever given is answered without reading the archive."""
        if int(hid.split("-", 1)[1]) >= self.state.next_handover_number(1):
            return None
        for name in reversed(archive.archive_names(self.archive_dir)):
            rows = archive.read_archive(self.archive_dir / name)
            if hid in rows:
                return rows[hid]
        return None


def _undo_append(path: Path, size: int) -> None:
    """Cut a failed append back off; if even that fails, it is a torn tail readers skip and the next writer cuts."""
    try:
        if path.stat().st_size > size:
            truncate_durably(path, size)
    except OSError:
        pass


class Transaction:
    """What an action may do while it holds the lock."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.appended = 0
        self.archive_before: str | None = None

    @property
    def state(self) -> State:
        return self.store.state

    def append(self, *events: dict[str, Any]) -> None:
        self.store.append(list(events))
        self.appended += len(events)

"""Each user's witness of a store, kept outside it: the seq and hash of the events their processes
wrote, and of the last one they read.

Anyone in a team store's group can rewrite its files, and the hash chain alone cannot show a
rewrite whose author recomputed every hash, nor the last events cut off (what is left still
links). A witness can: `verify` compares the store with the hashes this user saw, and names
history rewritten or cut behind any of them. It cannot see a change after the last event the user
saw, nor anything in a store the user never touched.

The file is `<state dir>/witness/<sha256 of the store's resolved path>.jsonl`, where the state
dir is `platformdirs.user_state_path("shiftboard")` (`~/.local/state/shiftboard` on Linux). The
directory is 0700 and the file 0600, this user's alone. One JSON line each:

    {"store": "/srv/team/board"}                       the first line
    {"seq": 1042, "hash": "ab12…", "as": "wrote"}      an event one of this user's processes wrote
    {"seq": 1050, "hash": "cd34…", "as": "read"}       the last event a process had read

Lines are appended without fsync after the store's lock is let go (about 10 µs; no writer waits
for it); a crash may lose the last ones, which only makes the witness know less. Past MAX_BYTES
the file is compacted to the newest KEEP events written plus the newest read: the older ones add
nothing to what is detected (every later hash covers them), only to how close to an edit the
report points. Writing it never fails an action: with no state directory, a full disk or a file
that is not this user's own, the witness just knows less, and `verify` says when there is none.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from shiftboard.store.errors import StoreError
from shiftboard.store.files import NOFOLLOW

KEEP = 4096
MAX_BYTES = 1 << 20
READ_EVERY_SECONDS = 1.0  # a running board notes what it read at most this often
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW


def state_dir() -> Path:
    """This user's state directory for Shiftboard: `platformdirs.user_state_path("shiftboard")`.

    On Linux the usual case is spelled out here (an absolute $XDG_STATE_HOME, else
    $HOME/.local/state), which spares each command importing platformdirs (~1.6 ms measured);
    anything else asks platformdirs itself.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_STATE_HOME", "")
        if os.path.isabs(base):
            return Path(base) / "shiftboard"
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return Path(home) / ".local" / "state" / "shiftboard"
    from platformdirs import user_state_path

    return user_state_path("shiftboard", appauthor=False, ensure_exists=False)


def witness_path(root: Path | str) -> Path:
    """Where this user's witness of the store at `root` is kept (the default for the Store and for verify)."""
    resolved = str(Path(root).resolve())
    return state_dir() / "witness" / f"{hashlib.sha256(resolved.encode()).hexdigest()}.jsonl"


def user_witness(root: Path) -> Path | None:
    """`witness_path(root)`, or None when this user has no state directory to keep one in (no home)."""
    try:
        return witness_path(root)
    except (OSError, RuntimeError, KeyError, ValueError):
        return None


def _line(seq: int, head: str, how: str) -> bytes:
    """`{"seq": 1042, "hash": "ab12…", "as": "wrote"}` (formatted by hand: json.dumps cost 3 µs a note)."""
    return b'{"seq": %d, "hash": "%s", "as": "%s"}\n' % (seq, head.encode(), how.encode())


class Witness:
    """One process's notes into its user's witness of one store. Every method swallows its own failures."""

    def __init__(self, path: Path | None, root: Path) -> None:
        self.path = path  # None: nowhere to keep it, so nothing is noted
        self.root = root
        self._read_noted_at: float | None = None
        self._read_noted: int = 0
        self._dir_checked = False

    def wrote(self, events: Iterable[tuple[int, str]], *, new_store: bool = False) -> None:
        """Note events this process wrote (after the lock is let go). `new_store`: they begin a store's
        history (seq 1), so what the witness held for an earlier store at this path is dropped."""
        data = b"".join(_line(seq, head, "wrote") for seq, head in events)
        if data:
            self._note(data, restart=new_store)

    def read(self, seq: int, head: str, *, now: float | None = None) -> None:
        """Note the last event this process has read; at most once every READ_EVERY_SECONDS."""
        now = time.monotonic() if now is None else now
        if seq <= self._read_noted or (
            self._read_noted_at is not None and now - self._read_noted_at < READ_EVERY_SECONDS
        ):
            return
        self._read_noted_at, self._read_noted = now, seq
        self._note(_line(seq, head, "read"), restart=False)

    def _note(self, data: bytes, *, restart: bool) -> None:
        if self.path is None:
            return
        try:
            if restart or not self._dir_checked:
                _make_private_dir(self.path.parent)  # once a process: six syscalls a note after that
                self._dir_checked = True
            if restart:
                self._rewrite(lambda _entries: [], data)
            elif self._append(data) > MAX_BYTES:
                self._rewrite(_newest, b"")
        except OSError:
            self._dir_checked = False

    def _own_path(self) -> Path:
        """The file, for the methods that write it (called only when there is one)."""
        if self.path is None:
            raise OSError("no witness file")
        return self.path

    def _header(self) -> bytes:
        return json.dumps({"store": str(self.root)}).encode() + b"\n"

    def _append(self, data: bytes) -> int:
        """Append under a shared lock (a compaction holds it exclusively); about the file's size after."""
        path = self._own_path()
        for _attempt in range(3):
            fd, info = _open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
                if not _still_at(info, path):
                    continue  # compacted while we waited: append to the new one
                if info.st_size == 0:
                    data = self._header() + data
                os.write(fd, data)
                return info.st_size + len(data)
            finally:
                os.close(fd)
        return 0

    def _rewrite(self, keep: Callable[[list[tuple[int, str, str]]], list[tuple[int, str, str]]], extra: bytes) -> None:
        """Replace the file by its header, `keep(entries)` and `extra`, holding its lock exclusively."""
        path = self._own_path()
        fd, info = _open_own(path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not _still_at(info, path):
                return  # another process rewrote it meanwhile
            with open(os.dup(fd), "rb") as handle:
                entries = list(_entries(handle.read()))
            kept = b"".join(_line(seq, head, how) for seq, head, how in keep(entries))
            temp = path.with_name(f".{path.name}.tmp")
            out = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o600)
            try:
                os.fchmod(out, 0o600)
                os.write(out, self._header() + kept + extra)
                os.fsync(out)
            finally:
                os.close(out)
            os.replace(temp, path)
        finally:
            os.close(fd)


def _make_private_dir(path: Path) -> None:
    """Make `path` (0700) if missing; OSError unless it is a directory of this user's alone."""
    try:
        fd = os.open(path, _DIRECTORY)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
        fd = os.open(path, _DIRECTORY)
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            raise PermissionError(f"{path} belongs to another user")
        if info.st_mode & 0o077:
            os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def _open_own(path: Path, flags: int) -> tuple[int, os.stat_result]:
    """Open the witness file (never through a link; made 0600); OSError if it is not this user's."""
    fd = os.open(path, flags | NOFOLLOW, 0o600)
    info = os.fstat(fd)
    if info.st_uid != os.getuid():
        os.close(fd)
        raise PermissionError(f"{path} belongs to another user")
    if info.st_mode & 0o077:
        os.fchmod(fd, 0o600)
    return fd, info


def _still_at(held: os.stat_result, path: Path) -> bool:
    try:
        there = os.lstat(path)
    except FileNotFoundError:
        return False
    return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)


def _entries(raw: bytes) -> Iterable[tuple[int, str, str]]:
    """(seq, hash, how) of each entry line; the header, a torn last line and anything else skipped."""
    for line in raw.splitlines(keepends=True):
        try:
            entry = json.loads(line) if line.endswith(b"\n") else None
        except ValueError:
            continue
        if isinstance(entry, dict) and _is_entry(entry):
            yield entry["seq"], entry["hash"], entry["as"]


def _is_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and type(entry.get("seq")) is int
        and isinstance(entry.get("hash"), str)
        and len(entry["hash"]) == 64
        and not entry["hash"].strip("0123456789abcdef")
        and entry.get("as") in ("wrote", "read")
    )


def _newest(entries: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The newest KEEP events written and the newest read, by seq (each seq once, its last note kept)."""
    latest = {(seq, how): (seq, head, how) for seq, head, how in entries}
    wrote = sorted(entry for entry in latest.values() if entry[2] == "wrote")[-KEEP:]
    read = max((entry for entry in latest.values() if entry[2] == "read"), default=None)
    return wrote + ([read] if read is not None else [])


class Seen:
    """A witness as verify reads it: seq -> (hash, how), with where it came from.
    (A plain class: a dataclass here cost every command 1 ms of import.)"""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label  # "this user's witness" or "the witness"
        self.hashes: dict[int, tuple[str, str]] = {}
        self.store: str | None = None
        self.skipped = 0  # lines that are not entries

    @property
    def highest(self) -> int:
        return max(self.hashes, default=0)

    @property
    def name(self) -> str:
        return f"{self.label} ({self.path})"


def load(path: Path, label: str) -> Seen:
    """Read a witness file (StoreError, one sentence, if it cannot be read). A line that is not an
    entry is skipped and counted: a kill in the middle of an append can leave half a line."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    except OSError as error:
        raise StoreError(f"cannot read {label} {path}: {error.strerror or error}") from None
    with open(fd, "rb") as handle:
        raw = handle.read()
    seen = Seen(path, label)
    for line in raw.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            seen.skipped += 1  # a note cut short by a kill, run into the next one
            continue
        if isinstance(entry, dict) and isinstance(entry.get("store"), str) and len(entry) == 1:
            seen.store = entry["store"]
        elif _is_entry(entry):
            seen.hashes[entry["seq"]] = (entry["hash"], entry["as"])
        else:
            seen.skipped += 1
    return seen

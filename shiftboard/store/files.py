"""Bytes on disk: private file modes, fsync'd appends and atomic replaces.

A store is private to its owner (0600 files, 0700 directory) unless its directory is
group-writable, which makes it a team store (0660 files). A world-writable store is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from shiftboard.store.errors import StoreError


def file_mode(root: Path) -> int:
    """0660 in a team store (group-writable directory), 0600 otherwise."""
    try:
        group_writable = root.stat().st_mode & stat.S_IWGRP
    except FileNotFoundError:
        group_writable = 0
    return 0o660 if group_writable else 0o600


def refuse_world_writable(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if mode & stat.S_IWOTH:
        raise StoreError(
            f"{path} is writable by anyone, so anyone could rewrite the handover record; fix it with: chmod o-w {path}"
        )


def make_dir(path: Path, mode: int) -> None:
    """Create `path` with `mode` exactly; its entry in the parent is fsync'd, as a new file's would be.

    A set-group-ID bit inherited from the parent is kept: in a team store (`chmod 2770`) it is what
    gives every file the team's group, so a colleague's new log file stays readable by the others.
    """
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, mode | (path.stat().st_mode & stat.S_ISGID))
        fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_private(path: Path, flags: int, mode: int) -> int:
    """Open (creating with `mode` exactly, whatever the umask) and return the descriptor."""
    existed = path.exists()
    fd = os.open(path, flags | os.O_CREAT, mode)
    if not existed:
        os.fchmod(fd, mode)
    return fd


def append_durably(path: Path, data: bytes, mode: int) -> None:
    """Append `data` and fsync it; a new file's directory entry is fsync'd too.

    A write cut short (the disk filled up mid-line) is continued, so the error that stops it is the
    OS's own ("No space left on device"); the caller cuts a half-written line back off.
    """
    new = not path.exists()
    fd = open_private(path, os.O_WRONLY | os.O_APPEND, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if new:
        fsync_dir(path.parent)


def replace_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write a temp file beside `path`, fsync it, rename it over `path`, fsync the directory."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def truncate_durably(path: Path, size: int) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)

"""Bytes on disk: private file modes, fsync'd appends and atomic replaces, and no symbolic links.

A store is private to its owner (0600 files, 0700 directory) unless its directory is
group-writable, which makes it a team store (0660 files). A world-writable store is refused.

Nothing here follows a symbolic link. The store's root is resolved once (the path a person gives
may run through links); below it every directory is opened with O_NOFOLLOW, and every file is
opened relative to that descriptor with O_NOFOLLOW. So a link planted anywhere in the store
(`.lock`, `log/`, a month's file, `state.json`, `archive/`, a temp file) is refused with one
StoreError naming it, and what it points to is never read, created, written or truncated. A named
pipe (or a directory) in a file's place is refused too, without waiting on it: any member of a
team's group could otherwise hang every colleague's board.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from shiftboard.store.errors import StoreError

NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW
# What open(2) says when O_NOFOLLOW meets a link: ELOOP for a file, ENOTDIR with O_DIRECTORY (EMLINK on BSD).
_LINK_ERRORS = (errno.ELOOP, errno.ENOTDIR, errno.EMLINK)


def link_refused(path: Path) -> StoreError:
    return StoreError(
        f"{path} is a symbolic link, and a store never follows one (it could send the store's writes anywhere); "
        "remove it and put the real file or directory back"
    )


def _met_a_link(error: OSError, *paths: Path) -> StoreError | None:
    """The refusal to raise when an open failed because one of `paths` is a symbolic link."""
    if error.errno in _LINK_ERRORS:
        for path in paths:
            try:
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    return link_refused(path)
            except OSError:
                continue
    return None


def file_mode(root: Path) -> int:
    """0660 in a team store (group-writable directory), 0600 otherwise."""
    try:
        group_writable = root.stat().st_mode & stat.S_IWGRP
    except FileNotFoundError:
        group_writable = 0
    return 0o660 if group_writable else 0o600


def check_entry(path: Path) -> None:
    """Refuse `path` if it is a symbolic link or anyone may write it; a missing one is fine."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise link_refused(path)
    if mode & stat.S_IWOTH:
        raise StoreError(
            f"{path} is writable by anyone, so anyone could rewrite the handover record; fix it with: chmod o-w {path}"
        )


def make_dir(path: Path, mode: int) -> None:
    """Create `path` with `mode` exactly; its entry in the parent is fsync'd, as a new file's would be.

    A set-group-ID bit inherited from the parent is kept: in a team store (`chmod 2770`) it is what
    gives every file the team's group, so a colleague's new log file stays readable by the others.
    An existing `path` must be a real directory, not a link to one.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:  # another process made it meanwhile: check what it made
            make_dir(path, mode)
            return
        fd = open_dir(path)
        try:
            os.fchmod(fd, mode | (os.fstat(fd).st_mode & stat.S_ISGID))
        finally:
            os.close(fd)
        fsync_dir(path.parent)
        return
    if stat.S_ISLNK(info.st_mode):
        raise link_refused(path)
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is not a directory")


def open_dir(path: Path) -> int:
    """A descriptor of the directory `path` itself, never of what a link there points to."""
    try:
        return os.open(path, _DIRECTORY)
    except OSError as error:
        refused = _met_a_link(error, path)
        if refused is None:
            raise
        raise refused from None


def fsync_dir(path: Path) -> None:
    fd = open_dir(path)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def list_dir(path: Path) -> list[str]:
    """The names in directory `path` (none if it is missing), refusing a link in its place."""
    try:
        fd = open_dir(path)
    except FileNotFoundError:
        return []
    try:
        return os.listdir(fd)
    finally:
        os.close(fd)


def open_in(dir_fd: int, path: Path, flags: int, mode: int = 0o600) -> int:
    """Open `path.name` in the directory `dir_fd` (which is `path.parent`) following no link."""
    return _open_in(dir_fd, path, flags, mode)[0]


def _open_in(dir_fd: int, path: Path, flags: int, mode: int) -> tuple[int, bool]:
    """Open `path.name` in `dir_fd` without following a link or waiting on a named pipe; O_CREAT makes it
    with `mode` exactly, whatever the umask. Returns the descriptor and whether this call created it."""
    fd, created = _open_link_free(dir_fd, path, flags | os.O_NONBLOCK, mode)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_a_file(path)
        os.set_blocking(fd, True)  # O_NONBLOCK was only for the open: a FIFO's would wait for a writer
    except BaseException:
        os.close(fd)
        raise
    return fd, created


def not_a_file(path: Path) -> StoreError:
    return StoreError(f"{path} is not a regular file; a store holds only files and directories")


def _open_link_free(dir_fd: int, path: Path, flags: int, mode: int) -> tuple[int, bool]:
    name = path.name
    try:
        if flags & os.O_CREAT:
            plain = (flags & ~os.O_CREAT) | NOFOLLOW
            try:
                return os.open(name, plain, dir_fd=dir_fd), False
            except FileNotFoundError:
                pass
            try:
                fd = os.open(name, flags | os.O_EXCL | NOFOLLOW, mode, dir_fd=dir_fd)
            except FileExistsError:  # made meanwhile by another process
                return os.open(name, plain, dir_fd=dir_fd), False
            os.fchmod(fd, mode)
            return fd, True
        return os.open(name, flags | NOFOLLOW, dir_fd=dir_fd), False
    except OSError as error:
        refused = _met_a_link(error, path)
        if refused is None:
            raise
        raise refused from None


def open_file(path: Path, flags: int, mode: int = 0o600) -> int:
    """Open `path` (a file in the store's root or one directory below it) following no link."""
    dir_fd = open_dir(path.parent)
    try:
        return open_in(dir_fd, path, flags, mode)
    finally:
        os.close(dir_fd)


def read_file(path: Path) -> bytes:
    """The bytes of `path`, never of a file a link there points to."""
    with open(open_file(path, os.O_RDONLY), "rb") as handle:
        return handle.read()


def write_durably(fd: int, data: bytes) -> None:
    """Every byte of `data` to `fd`, then fsync. A write cut short (the disk filled up mid-line) is
    continued, so the error that stops it is the OS's own ("No space left on device")."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def append_durably(path: Path, data: bytes, mode: int) -> None:
    """Append `data` and fsync it (`write_durably`); a new file's directory entry is fsync'd too. A write
    that fails midway leaves part of `data` behind: the caller cuts a half-written line back off."""
    dir_fd = open_dir(path.parent)
    try:
        fd, new = _open_in(dir_fd, path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
        try:
            write_durably(fd, data)
        finally:
            os.close(fd)
        if new:
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write a temp file beside `path`, fsync it, rename it over `path`, fsync the directory.

    The temp file is `.NAME.RANDOM.tmp`: a crash leaves it behind, and the next writer removes it
    (store.debris). A link in `path`'s place is refused rather than silently replaced.
    """
    dir_fd = open_dir(path.parent)
    try:
        try:
            if stat.S_ISLNK(os.stat(path.name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                raise link_refused(path)
        except FileNotFoundError:
            pass
        temp = f".{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, mode, dir_fd=dir_fd)
        try:
            os.fchmod(fd, mode)
            write_durably(fd, data)
            os.close(fd)
            fd = -1
            os.replace(temp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp, dir_fd=dir_fd)
            raise
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def truncate_durably(path: Path, size: int) -> None:
    fd = open_file(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)

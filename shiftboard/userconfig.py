"""The board's per-user preferences: the theme chosen, the bell, privacy at start.

Kept in one small TOML file in the platform's user config directory (`~/.config/shiftboard/
config.toml` on Linux; `$XDG_CONFIG_HOME` is honoured), readable by its owner only (0600, in a
0700 directory). It is a convenience, never a reason not to start: a missing, unreadable or
malformed file gives the defaults (and says why), a symbolic link is refused rather than followed,
and a save is an atomic replace so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

FILE_NAME = "config.toml"
MAX_BYTES = 64 * 1024  # a preferences file is a few lines; anything bigger is not ours


@dataclass(frozen=True)
class Preferences:
    theme: str | None = None  # None: the default (or monochrome under NO_COLOR)
    bell: bool = True  # ring the terminal bell when a handover is handed to you
    privacy: bool = True  # privacy mode when the board opens (customers as initials)

    def but(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def default_path() -> Path:
    from platformdirs import user_config_path  # only the board needs it

    return user_config_path("shiftboard", appauthor=False) / FILE_NAME


def load(path: Path) -> tuple[Preferences, str | None]:
    """The preferences in `path`, and a problem to tell the user (None when all is well or it is absent)."""
    try:
        # O_NONBLOCK: a FIFO put in its place must not hang the board's start.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return Preferences(), None
    except OSError as error:
        why = "it is a symbolic link" if path.is_symlink() else error.strerror or str(error)
        return Preferences(), f"preferences not read from {path}: {why}"
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return Preferences(), f"preferences not read from {path}: not a regular file"
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return Preferences(), f"preferences not read from {path}: larger than {MAX_BYTES // 1024} KB"
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Preferences(), f"preferences not read from {path}: {error}"
    except RecursionError:  # tomllib parses nesting recursively: 64 KB of `[` is deep enough to give up
        return Preferences(), f"preferences not read from {path}: nested too deeply"
    return _from(data)


def _from(data: dict[str, Any]) -> tuple[Preferences, str | None]:
    """Each known key of the right type is taken; anything else is named in the problem."""
    found: dict[str, Any] = {}
    wrong = []
    for name, kind in (("theme", str), ("bell", bool), ("privacy", bool)):
        if name in data:
            if isinstance(data[name], kind):
                found[name] = data[name]
            else:
                wrong.append(name)
    problem = f"preferences: ignored {', '.join(wrong)} (wrong type)" if wrong else None
    return Preferences(**found), problem


def dumps(preferences: Preferences) -> str:
    lines = ["# Shiftboard's board preferences (written by the board; safe to edit)"]
    if preferences.theme is not None:
        lines.append(f"theme = {json.dumps(preferences.theme)}")  # a JSON string is a TOML basic string
    lines.append(f"bell = {'true' if preferences.bell else 'false'}")
    lines.append(f"privacy = {'true' if preferences.privacy else 'false'}")
    return "\n".join(lines) + "\n"


def save(path: Path, preferences: Preferences) -> None:
    """Write `preferences` to `path` (0600) by atomic replace; OSError when it cannot be written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link; not written")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")  # a crashed save's leftover never blocks
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(preferences))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise

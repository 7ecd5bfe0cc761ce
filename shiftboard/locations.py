"""Where the store lives: `--store`, then `SHIFTBOARD_STORE`, then the platform's user data directory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "SHIFTBOARD_STORE"


def default_store() -> Path:
    """The per-user store, e.g. ~/.local/share/shiftboard/store on Linux."""
    from platformdirs import user_data_path  # only needed when nothing else names a store

    return user_data_path("shiftboard", appauthor=False) / "store"


def store_path(option: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The store directory the command line should use."""
    environ = os.environ if environ is None else environ
    chosen = option or environ.get(ENV_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return default_store()


def state_dir() -> Path:
    """The user's own state directory (e.g. ~/.local/state/shiftboard): witnesses and crash reports."""
    from platformdirs import user_state_path

    return user_state_path("shiftboard", appauthor=False)

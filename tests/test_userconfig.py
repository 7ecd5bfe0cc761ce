"""The per-user preferences file: read leniently, written safely (0600, atomic, never through a symlink)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from shiftboard.userconfig import MAX_BYTES, Preferences, default_path, dumps, load, save


def test_it_lives_in_the_platforms_user_config_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_path() == tmp_path / "shiftboard" / "config.toml"


def test_a_missing_file_is_the_defaults_without_a_word(tmp_path: Path) -> None:
    assert load(tmp_path / "none.toml") == (Preferences(), None)


def test_saved_and_read_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "config.toml"
    chosen = Preferences(theme='odd "name" \\ with \u00e9', bell=False, privacy=False)
    save(path, chosen)
    assert load(path) == (chosen, None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left
    assert dumps(Preferences()).endswith("bell = true\nprivacy = true\n")


def test_a_symlink_is_never_followed_either_way(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.toml"
    target.write_text('theme = "shiftboard-light"\n')
    link = tmp_path / "config.toml"
    link.symlink_to(target)
    preferences, problem = load(link)
    assert preferences == Preferences() and problem is not None and "symbolic link" in problem
    with pytest.raises(OSError, match="symbolic link"):
        save(link, Preferences(bell=False))
    assert target.read_text() == 'theme = "shiftboard-light"\n'


def test_a_huge_or_odd_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_BYTES)
    assert "larger than" in (load(big)[1] or "")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in (load(fifo)[1] or "")  # and it did not wait for a writer
    assert load(tmp_path / "dir")[1] is None  # absent
    (tmp_path / "dir.toml").mkdir()
    assert load(tmp_path / "dir.toml")[1] is not None
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe")
    assert "preferences not read" in (load(binary)[1] or "")


@pytest.mark.parametrize(
    "nested",
    ["a = " + "[" * 20_000 + "]" * 20_000, "a = " + "{b=" * 8_000 + "1" + "}" * 8_000],
    ids=["arrays", "tables"],
)
def test_a_file_nested_too_deep_to_parse_is_refused_not_a_crash(tmp_path: Path, nested: str) -> None:
    """Under 64 KB yet deep enough that tomllib's recursion gives up: the board once crashed at start."""
    path = tmp_path / "config.toml"
    path.write_text(nested)
    preferences, problem = load(path)
    assert preferences == Preferences()
    assert problem == f"preferences not read from {path}: nested too deeply"


def test_unknown_keys_are_ignored_and_wrong_types_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('colour = "red"\nprivacy = "no"\nbell = false\n')
    assert load(path) == (Preferences(bell=False), "preferences: ignored privacy (wrong type)")

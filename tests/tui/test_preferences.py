"""The chosen theme, the bell and privacy at start outlive the board (a per-user config file), and the
palette's theme list starts with Shiftboard's own themes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.themes import ORDER
from shiftboard.userconfig import Preferences, load

from .board_helpers import board_of, notes, settle
from .conftest import NARROW


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "shiftboard" / "config.toml"


def board(desk: Desk, config: Path) -> ShiftboardApp:
    return ShiftboardApp(desk, "alice", config=config)


async def test_the_theme_chosen_is_kept_for_next_time(board_desk: Desk, config: Path) -> None:
    first = board(board_desk, config)
    async with first.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert first.theme == "shiftboard-dark"
        first.theme = "shiftboard-high-contrast"
        await settle(pilot)
    assert load(config) == (Preferences(theme="shiftboard-high-contrast"), None)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600 and stat.S_IMODE(config.parent.stat().st_mode) == 0o700
    again = board(board_desk, config)
    async with again.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert again.theme == "shiftboard-high-contrast"


async def test_the_bell_and_privacy_at_start_are_kept(board_desk: Desk, config: Path) -> None:
    first = board(board_desk, config)
    async with first.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert first.use_bell and board_of(first).privacy
        first.action_toggle_bell()
        first.action_toggle_privacy_default()
        await settle(pilot)
        assert notes(first)[-1] == "Privacy mode at start: off (p toggles it for now)"
        assert board_of(first).privacy  # this board stays as it is: the preference is for the next start
    assert load(config)[0] == Preferences(bell=False, privacy=False)
    again = board(board_desk, config)
    async with again.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert not again.use_bell and not board_of(again).privacy
        assert "Patel" in str(board_of(again).columns[0].options[2].prompt)  # names, not initials


async def test_no_color_wins_over_a_kept_theme_and_does_not_overwrite_it(
    board_desk: Desk, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('theme = "shiftboard-light"\n')
    monkeypatch.setenv("NO_COLOR", "1")
    app = board(board_desk, config)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.theme == "shiftboard-mono"
    assert load(config)[0].theme == "shiftboard-light"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("theme = [", "preferences not read from"),
        ('theme = 3\nbell = "loud"\n', "preferences: ignored theme, bell (wrong type)"),
    ],
)
async def test_a_broken_file_gives_the_defaults_and_says_why(
    board_desk: Desk, config: Path, text: str, problem: str
) -> None:
    config.parent.mkdir(parents=True)
    config.write_text(text)
    app = board(board_desk, config)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.theme == "shiftboard-dark" and app.use_bell
        assert any(problem in note for note in notes(app))


async def test_an_unknown_theme_in_the_file_is_passed_over(board_desk: Desk, config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('theme = "no-such-theme"\n')
    app = board(board_desk, config)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.theme == "shiftboard-dark"


async def test_the_palettes_theme_list_starts_with_shiftboards_themes(board_desk: Desk) -> None:
    app = ShiftboardApp(board_desk, "alice", bell=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.search_themes()
        await settle(pilot)
        await pilot.pause(0.3)  # the palette gathers its hits in a worker
        assert isinstance(app.screen, CommandPalette)
        listed = [str(option.prompt).splitlines()[0] for option in app.screen.query_one(CommandList).options]
        assert listed[: len(ORDER)] == list(ORDER)
        assert "textual-dark" in listed[len(ORDER) :]

"""The help screen lists the whole keymap: every key of SPEC §2."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widgets import DataTable

from shiftboard.tui.keys import KEYMAP
from shiftboard.tui.screens.help import HelpScreen, key_words, keymap_rows

from .forms_fixtures import SIZE, Host

SPEC_KEYS = [
    "←", "→", "h", "l", "↑", "↓", "k", "j", "enter", "n", "a", "f", "d", "x", "v", "r", "c", "/", "g", "p",
    "s", "R", "u", "?", "ctrl+p", "q", "tab", "shift+tab", "ctrl+s", "esc",
    "i", "N", "t", "w", "o", "z", "Q",
]  # fmt: skip


def keys_shown(app: Host) -> set[str]:
    table = app.screen.query_one(DataTable)
    keys: set[str] = set()
    for index in range(table.row_count):
        keys.update(str(table.get_row_at(index)[0]).split(" / "))
    return keys


async def test_help_lists_every_spec_key_and_closes_with_escape() -> None:
    app = Host(lambda: HelpScreen(KEYMAP))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        missing = [key for key in SPEC_KEYS if key not in keys_shown(app)]
        assert missing == []
        await pilot.press("end", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_help_takes_plain_pairs_shows_them_literally_and_closes_with_question_mark() -> None:
    app = Host(lambda: HelpScreen([("ctrl+s", "Save [b]now[/]"), ("question_mark", "Help")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == ["ctrl+s", "Save [b]now[/]"]
        assert str(table.get_row_at(1)[0]) == "?"
        await pilot.press("question_mark")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.parametrize(("keys", "words"), [("left,h", "← / h"), ("slash", "/"), ("escape", "esc")])
def test_key_words(keys: str, words: str) -> None:
    assert key_words(keys) == words


def test_a_binding_tooltip_says_more_than_its_description() -> None:
    bindings = [Binding("a", "ack", "Ack", tooltip="Acknowledge the selected card"), Binding("q", "quit", "Quit")]
    assert keymap_rows(bindings) == [("a", "Acknowledge the selected card"), ("q", "Quit")]


async def test_help_says_the_arrows_scroll_and_they_do() -> None:
    """It said "↑↓ scroll" while ↑↓ moved a row cursor and only PgUp/PgDn scrolled."""
    app = Host(lambda: HelpScreen(KEYMAP))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "↑↓ PgUp PgDn scroll" in str(app.screen.query_one(".title-bar").render())
        table = app.screen.query_one(DataTable)
        assert table.scroll_offset.y == 0 and table.max_scroll_y > 2
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.scroll_offset.y == 2
        await pilot.press("up")
        await pilot.pause()
        assert table.scroll_offset.y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.scroll_offset.y == table.max_scroll_y

"""Readable everywhere: every card in every status, selected or not, in the current column or another, in
each of Shiftboard's themes (NO_COLOR's monochrome included), at 80×24 and 200×60 — every span reads at
WCAG's 4.5:1 on the background it is drawn on, and every column title too.

Before: with NO_COLOR the selected card's priority and status were white on white, the dark theme drew
the acknowledged status light blue on the bright blue cursor, unfocused column titles all but vanished,
and every unfocused column showed a selected card of its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.visual import Visual
from textual.widgets import OptionList

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.readable import MIN_CONTRAST, contrast
from shiftboard.tui.screens.board import NEEDS
from shiftboard.tui.screens.checklist import ShiftChecklist

from .board_helpers import board_of, select_card, settle
from .conftest import NARROW, handover_draft

MakeApp = Callable[..., ShiftboardApp]
THEMES = ["shiftboard-dark", "shiftboard-light", "shiftboard-high-contrast", "NO_COLOR"]
SIZES = [NARROW, (200, 60)]


def every_status(desk: Desk, clock: FrozenClock) -> None:
    """Besides the board's own cards: an unable one, a fresh one (awaiting ack, not late), one taken back."""
    unable = desk.hand_over(handover_draft(to="carol", customer_name="Una Able"), by="alice").id  # H-1008
    desk.acknowledge(unable, by="carol", read_back="Try the portal")
    desk.unable(unable, by="carol", reason="No portal access")
    desk.hand_over(handover_draft(to="alice", customer_name="Fresh Card", priority="low"), by="bob")  # H-1009
    taken = desk.hand_over(handover_draft(to="bob", customer_name="Took Back", priority="high"), by="alice").id
    desk.take_back(taken, by="alice")  # H-1010


def rgb(color: object) -> tuple[int, int, int]:
    return color.rgb  # type: ignore[attr-defined, no-any-return]


def poor_spans(column: OptionList, *, selected: bool) -> list[tuple[str, str, float]]:
    """(card, text, ratio) of each span of `column`'s rows below MIN_CONTRAST, drawn as the list draws it."""
    width = column.scrollable_content_region.width - 2
    found = []
    for option in column.options:
        if option.id is None:
            continue
        if selected:
            style = column.get_visual_style("option-list--option", "option-list--option-highlighted")
        else:
            style = column.get_visual_style("option-list--option")
        for strip in Visual.to_strips(column, option.prompt, width, None, style):  # type: ignore[arg-type]
            for text, span, _control in strip:
                if not text.strip() or span is None or span.color is None:
                    continue
                background = span.bgcolor or style.rich_style.bgcolor
                if background is None:
                    continue
                fore, back = span.color.get_truecolor(), background.get_truecolor()
                ratio = contrast((fore.red, fore.green, fore.blue), (back.red, back.green, back.blue))
                if ratio < MIN_CONTRAST:
                    found.append((option.id, text.strip(), round(ratio, 2)))
    return found


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
@pytest.mark.parametrize("theme", THEMES)
async def test_every_card_reads_in_every_theme_selected_or_not(
    board_desk: Desk, board_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, theme: str, size: tuple[int, int]
) -> None:
    every_status(board_desk, board_clock)
    if theme == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = ShiftboardApp(board_desk, "alice", bell=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if theme != "NO_COLOR":
            app.theme = theme
        else:
            assert app.theme == "shiftboard-mono"
        await settle(pilot)
        board = board_of(app)
        statuses: set[str] = set()
        for index, key in enumerate(board.column_keys):
            board.select_column(index)
            await settle(pilot)
            column = board.columns[index]
            statuses.update(
                str(option.prompt).splitlines()[0].split("  ", 2)[-1] for option in column.options if option.id
            )
            assert poor_spans(column, selected=True) == [], (theme, key, "selected")
            assert poor_spans(column, selected=False) == [], (theme, key, "not selected")
            for other in board.columns:  # the current column's title and the others', against the screen
                title = rgb(other.styles.border_title_color)
                assert contrast(title, rgb(other.styles.background)) >= MIN_CONTRAST, (theme, other.key)
        words = " ".join(statuses)
        for status in ("awaiting ack", "awaiting ack — late", "acknowledged", "query", "done — verify", "unable"):
            assert status in words, status
        assert "taken back" in words and "overdue" in words and "flagged" in words


async def test_only_the_current_column_shows_a_selected_card(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        board = board_of(app)
        normal = [c.get_visual_style("option-list--option") for c in board.columns]
        highlighted = [
            c.get_visual_style("option-list--option", "option-list--option-highlighted") for c in board.columns
        ]
        assert board.columns[0].key == NEEDS and board.columns[0].current
        assert highlighted[0] != normal[0]  # the cursor, in the current column
        assert all(highlighted[i] == normal[i] for i in range(1, len(board.columns)))  # nowhere else


async def test_the_selected_card_stays_in_view_after_g_and_p(make_app: MakeApp, board_desk: Desk) -> None:
    """It was left half off the top when cards above it changed height or its column was new."""
    for number in range(12):
        words = " ".join(["word"] * (number % 4 * 8))
        draft = handover_draft(
            to="alice", customer_name=f"Customer Number{number} Longname", action_required=f"Do {number} {words}"
        )
        board_desk.hand_over(draft, by="bob")
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")
        await pilot.press(*["j"] * 9)
        await settle(pilot)
        board = board_of(app)
        for key in ("p", "g", "p", "g"):
            await pilot.press(key)
            await settle(pilot)
            column = board.current_column()
            assert column is not None and board.selected_id is not None
            shown = [column.render_line(y).text for y in range(column.scrollable_content_region.height)]
            lines = [line for line in shown if line.strip()]
            card = str(column.get_option(board.selected_id).prompt).splitlines()
            first, last = card[0].split()[0], card[-1][:20]
            assert any(first in line for line in lines), (key, first, shown)
            assert any(last in line for line in lines), (key, last, shown)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_checklists_undecided_mark_reads_on_the_cursor(
    board_desk: Desk, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """`○ undecided` was white on white under NO_COLOR on the selected row."""
    if theme == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = ShiftboardApp(board_desk, "alice", bell=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        if theme != "NO_COLOR":
            app.theme = theme
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShiftChecklist)
        items = app.screen.query_one("#items", OptionList)
        assert "○ undecided" in str(items.get_option_at_index(0).prompt)
        assert poor_spans(items, selected=True) == [] and poor_spans(items, selected=False) == []

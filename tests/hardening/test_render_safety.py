"""Hostile card text on the board cannot be clicked into an action, and half a character cannot crash it.

The tmux tests (tests/e2e/test_terminals.py) show what reaches a real terminal; here the board
runs in Pilot: a card whose action is `[@click=app.quit]…` is clicked all over and the board
keeps running, and text holding a lone surrogate (which no store accepts, but an import or a
bug could hand to the screen) renders as visible `\\udc80`, encodable, never raw.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

from shiftboard.domain.drafts import build_handover
from shiftboard.domain.models import Colleague, Handover, Service
from shiftboard.tui.safe import literal
from shiftboard.tui.widgets.card import card_content

from .board import board_app, board_screen
from .helpers import NOW, draft, every_state

QUIT = "[@click=app.quit]Quit[/] [@click=app.exit]Exit[/] [@click=screen.dismiss]X[/]"


@pytest.mark.parametrize("text", ["half \udc80 a character", "\ud800", "a\udfffb [/] \x1b[2J"])
def test_a_lone_surrogate_is_shown_visibly(text: str) -> None:
    shown = literal(text).plain
    assert "\\u" in shown and not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
    shown.encode()  # a terminal gets valid UTF-8
    handover = hostile_card(text)
    card = card_content(handover, now=NOW, ack_within=timedelta(minutes=15), privacy=False).plain
    card.encode()
    assert not any(0xD800 <= ord(c) <= 0xDFFF or c == "\x1b" for c in card)


def hostile_card(text: str) -> Handover:
    """A card for bob holding `text` in the customer's name, reference and the action."""
    record = build_handover(
        draft("bob"),
        number=1001,
        sender=Colleague(handle="alice", name="Alice"),
        colleagues={"bob": Colleague(handle="bob", name="Bob")},
        services={"general": Service(name="general")},
        now=NOW,
        tz=UTC,
    )
    customer = record.customer.model_copy(update={"name": text, "ref": text})
    return record.model_copy(update={"customer": customer, "action_required": text})


async def test_clicking_all_over_a_card_with_action_links_does_nothing(tmp_path: Path) -> None:
    root = tmp_path / "store"
    desk = every_state(root)
    hid = desk.hand_over(draft("carol", action_required=QUIT, customer_name=QUIT[:40], priority="urgent"), by="bob").id
    desk.acknowledge(hid, by="carol", read_back="On it")
    app = board_app(root, "carol")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = board_screen(app)
        assert board.selected_handover().id == hid  # type: ignore[union-attr]
        for y in range(1, 23):  # every cell of the column: no action is attached to any of them
            for x in range(80):
                meta = board.get_style_at(x, y).meta
                assert "@click" not in meta, f"the cell at {x},{y} runs {meta['@click']!r} when clicked"
        for x in range(1, 60, 2):  # and clicking along the action's line (where "Quit" is) does nothing
            await pilot.click(offset=(x, 4))
            assert app.is_running, f"a click at {x},4 ran an action"
            if app.screen is not board:
                await pilot.press("escape")
                await pilot.pause()
        assert app.is_running and app.screen is board

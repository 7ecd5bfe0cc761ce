"""User text is shown literally everywhere; the themes are registered and NO_COLOR picks monochrome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from shiftboard.domain.models import Channel, Customer, Handover
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.safe import join, literal
from shiftboard.tui.themes import DARK, HIGH_CONTRAST, LIGHT, MONOCHROME
from shiftboard.tui.widgets.card import card_content
from shiftboard.tui.widgets.handover_view import detail_content

from .board_helpers import notes, settle
from .conftest import NARROW

HOSTILE = [
    "[bold]loud[/]",
    "[/]",
    "[/foo]",
    "[link=http://x]click[/link]",
    "[@click=app.quit]quit[/]",
    "$accent [$error]x",
    "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J",
    "שלום [b] مرحبا \u200b😀",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_keeps_the_text_and_adds_no_style(text: str) -> None:
    content = literal(text)
    assert "\x1b" not in content.plain and "\x07" not in content.plain and "\x9b" not in content.plain
    assert not content.spans
    if not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text):
        assert content.plain == text
    assert join("a ", text).plain == "a " + content.plain


def hostile_handover(text: str) -> Handover:
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    return Handover(
        id="H-1001",
        **{"from": "bob"},
        to="alice",
        customer=Customer(name=text, contact=text, ref=text, preferences=text),
        summary=text,
        actions_taken=text,
        action_required=text,
        due=now,
        channel=Channel.PHONE,
        customer_informed=False,
        created_at=now,
        updated_at=now,
        handed_at=now,
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_cards_and_details_render_hostile_text_without_markup(text: str) -> None:
    handover = hostile_handover(text)
    now = handover.due
    card = card_content(handover, now=now, ack_within=timedelta(minutes=15), privacy=False)
    detail = detail_content(handover, now=now, tz=UTC, ack_within=timedelta(minutes=15), name_of=str)
    for content in (card, detail):
        assert "\x1b" not in content.plain
        for span in content.spans:  # only our own styles: none carries a link or an action
            assert "link" not in str(span.style) and "@click" not in str(span.style)
    assert literal(text).plain.split("\n")[0] in card.plain


async def test_notifications_show_a_refusal_literally(make_app: Callable[..., ShiftboardApp]) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.write(lambda: app.desk.comment("H-1002", by="alice", note="bad \x1b[2J"), lambda _: "unused")
        await settle(pilot)
        assert "comment holds a control character (ESC)" in notes(app)[-1]
        assert all(not notification.markup for notification in app.notices)


async def test_every_theme_is_registered_and_dark_is_the_default(make_app: Callable[..., ShiftboardApp]) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert {DARK, LIGHT, HIGH_CONTRAST, MONOCHROME} <= set(app.available_themes)
        assert app.theme == DARK
        for theme in (LIGHT, HIGH_CONTRAST, MONOCHROME):
            app.theme = theme
            await settle(pilot)


async def test_no_color_picks_the_monochrome_theme(
    make_app: Callable[..., ShiftboardApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.theme == MONOCHROME

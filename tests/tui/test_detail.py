"""The detail screen: every field and the audit timeline; the lifecycle keys work there too."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.models import Status
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.screens.detail import DetailScreen
from shiftboard.tui.screens.help import HelpScreen
from shiftboard.tui.screens.prompts import TextPrompt

from .board_helpers import notes, select_card, settle
from .conftest import NARROW, WIDE, add_hostile_card, handover_draft

MakeApp = Callable[..., ShiftboardApp]


def detail_text(app: ShiftboardApp) -> str:
    return app.screen.query_one("#detail-body", Static).render().plain  # type: ignore[union-attr]


async def open_detail(pilot, hid: str) -> None:  # type: ignore[no-untyped-def]
    await select_card(pilot, hid)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DetailScreen)


async def test_the_detail_shows_every_field_in_full_even_in_privacy_mode(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.flag("H-1001", by="alice", note="Ring at 11", check="11:00")
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1001")
        text = detail_text(app)
        for expected in (
            "H-1001  ‼ urgent  ◔ awaiting ack — late",
            "from              alice (Alice Archer)",
            "to                bob (Bob Baker)",
            "due               10:45 (in 45m)",
            "customer name     Ms Jaya Patel",
            "contact           +44 20 7946 0018",
            "reference         ACC-5521",
            "informed          yes",
            "summary           Refund for order 5521 not received after 10 days",
            "actions taken     Checked the ledger: refund issued on the 12th",
            "action required   Call her back with the bank's trace number",
            "channel           phone",
            "follow-up         ⚑ Ring at 11",
            "check at 11:00",
            "Timeline (2 events)",
            "09:15             alice handed it over to bob",
            "10:00             alice flagged it for follow-up, check at 11:00",
            "note: “Ring at 11”",
        ):
            assert expected in text, expected


async def test_the_timeline_says_who_did_what_in_words(make_app: MakeApp) -> None:
    """Not raw field changes (`acknowledged_by: — → bob`): what happened, as a person says it."""
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1002")
        text = detail_text(app)
        assert "08:00             bob handed it over to alice" in text
        assert (
            "08:05             alice acknowledged it (unix: frontdesk1)\n"
            "                  read-back: “Book the Thursday engineer slot”" in text
        )
        assert "→" not in text.split("Timeline")[1] and "acknowledged_by" not in text
        assert "read-back         Book the Thursday engineer slot" in text


async def test_timeline_entries_older_than_today_show_their_date(
    make_app: MakeApp, board_desk: Desk, board_clock: FrozenClock
) -> None:
    board_clock.advance(days=1)
    board_desk.comment("H-1002", by="bob", note="Any news?")
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1002")
        text = detail_text(app)
        assert "2026-11-24 08:05  alice acknowledged it" in text  # yesterday: dated
        assert (
            "10:00             bob commented (unix: frontdesk1)\n                  comment: “Any news?”" in text
        )  # today


async def test_lifecycle_keys_work_on_the_detail_and_it_redraws(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1003")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"New address confirmed", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert board_desk.handover("H-1003").status is Status.ACKNOWLEDGED
        assert "read-back         New address confirmed" in detail_text(app)
        await pilot.press("v")  # carol sent it, and it is not done
        await settle(pilot)
        assert "H-1003 was handed over by carol" in notes(app)[-1]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_a_closed_handover_stays_readable_on_its_detail(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1004")
        await pilot.press("v", "y")
        await settle(pilot)
        assert board_desk.handover("H-1004").status is Status.CLOSED
        assert "■ closed" in detail_text(app)
        assert "closed            by alice at 10:00" in detail_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_control_characters_stored_by_hand_are_made_visible(make_app: MakeApp, board_desk: Desk) -> None:
    hid = add_hostile_card(board_desk)
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_detail(pilot, f"H-{int(hid[2:]) + 1}")
        text = detail_text(app)
        assert "summary           ␛]0;pwned␇" in text
        assert "action required   Shout ␛[31mRED␛[0m ␇ now" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_the_checklist_answers_promises_and_contingency_are_shown(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.add_service("refunds", prompts=["Refund ticket number?"], require=["promises", "contingency"])
    draft = handover_draft(
        to="alice",
        service="refunds",
        answers={1: "RF-2231"},
        promises="Money back by Friday",
        contingency="If the bank refuses, call her before 17:00",
        sender_keeps="I will e-mail the confirmation",
        informed_note="Told her Alice takes over",
        check_at="11:30",
    )
    hid = board_desk.hand_over(draft, by="bob").id
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_detail(pilot, hid)
        text = detail_text(app)
        for expected in (
            "service           refunds",
            "Checklist (refunds)",
            "1. answer         Refund ticket number?",
            "                  RF-2231",
            "promises          Money back by Friday",
            "contingency       If the bank refuses, call her before 17:00",
            "sender keeps      I will e-mail the confirmation",
            "informed          yes — Told her Alice takes over",
            "check progress    11:30",
        ):
            assert expected in text, expected


async def test_long_values_wrap_under_their_label_at_any_width(make_app: MakeApp, board_desk: Desk) -> None:
    summary = "The customer asked twice about the refund and " * 6 + "W" * 150
    board_desk.hand_over(handover_draft(to="alice", summary=summary.strip()), by="bob")
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await open_detail(pilot, "H-1008")
        for size in (NARROW, (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            width = app.screen.query_one("#detail-scroll").scrollable_content_region.width
            lines = detail_text(app).splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith("summary "))
            end = next(i for i, line in enumerate(lines) if line.startswith("actions taken "))
            assert end - start >= 3 and all(len(line) <= width for line in lines)
            assert all(line.startswith(" " * 18) and line[18] != " " for line in lines[start + 1 : end])
            assert "".join(line[18:].strip() for line in lines[start:end]).replace(" ", "") == summary.strip().replace(
                " ", ""
            )  # every character is there, only the line breaks are new

"""The shift-change checklist: every open item alice holds or sent, each decided with one key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from shiftboard.domain.drafts import draft_of
from shiftboard.domain.models import Status
from shiftboard.services import Desk
from shiftboard.tui.screens.checklist import ShiftChecklist
from shiftboard.tui.screens.form import HandoverForm
from shiftboard.tui.screens.prompts import Confirm, ReassignPrompt, TextPrompt

from .board_helpers import footer_words, notes
from .forms_fixtures import SIZE, BoardHost, draft, team_desk


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = team_desk(tmp_path)
    desk.hand_over(draft(to="bob"), by="alice")  # H-1001: alice sent it
    desk.hand_over(draft(to="alice", customer_name="Tom [i]Okafor[/]"), by="bob")  # H-1002: alice holds it
    desk.acknowledge("H-1002", by="alice", read_back="On it")
    desk.hand_over(draft(to="bob"), by="carol")  # H-1003: not alice's
    desk.hand_over(draft(to="carol"), by="alice")  # H-1004: alice sent it, carol finished it
    desk.acknowledge("H-1004", by="carol", read_back="On it")
    desk.done("H-1004", by="carol", outcome="fixed")
    desk.hand_over(draft(to="alice"), by="dave")  # H-1005: alice holds it, not yet acknowledged
    return desk


def status(app: BoardHost) -> str:
    return str(app.screen.query_one("#checklist-status", Static).render())


async def select(pilot, app: BoardHost, hid: str) -> None:  # type: ignore[no-untyped-def]
    items = app.screen.query_one("#items", OptionList)
    items.highlighted = items.get_option_index(hid)
    await pilot.pause()


async def test_lists_what_the_user_holds_or_sent_and_each_key_decides_one(desk: Desk) -> None:
    app = BoardHost(desk, lambda: ShiftChecklist(desk, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShiftChecklist)
        assert screen.ids == ["H-1001", "H-1002", "H-1004", "H-1005"]
        assert status(app).startswith("4 of 4 still undecided")
        assert "Tom [i]Okafor[/]" not in str(screen.query_one(OptionList).get_option("H-1002").prompt)  # initials

        await select(pilot, app, "H-1001")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReassignPrompt)
        await pilot.press("enter")  # dave ranks first: on shift, holding nothing (alice holds two)
        await pilot.pause()
        assert desk.handover("H-1001").to == "dave"
        assert screen.decisions["H-1001"] == "→ handed to dave"

        await select(pilot, app, "H-1002")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"called him", "enter")
        await pilot.pause()
        assert desk.handover("H-1002").status is Status.DONE

        await select(pilot, app, "H-1004")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # verify closes: asked first, as on the board
        await pilot.press("y")
        await pilot.pause()
        assert desk.handover("H-1004").status is Status.CLOSED

        events_before = len(desk.handover("H-1005").events)
        await select(pilot, app, "H-1005")
        await pilot.press("K")
        await pilot.pause()
        assert len(desk.handover("H-1005").events) == events_before  # keeping writes nothing
        assert status(app) == "All 4 decided: you can sign off."
        assert "● kept" in str(screen.query_one(OptionList).get_option("H-1005").prompt)

        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_a_refused_action_says_why_and_decides_nothing(desk: Desk) -> None:
    app = BoardHost(desk, lambda: ShiftChecklist(desk, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(pilot, app, "H-1001")  # alice sent it: only bob may mark it done
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ShiftChecklist)  # no outcome asked for
        assert any("only bob or a supervisor" in str(n.message) for n in app.notices)
        await pilot.press("v")  # not done yet: cannot be verified
        await pilot.pause()
        assert app.screen.decisions == {}  # type: ignore[attr-defined]
        assert "it cannot be verified and closed" in notes(app)[-1]  # type: ignore[arg-type]
        assert status(app).startswith("4 of 4")
    assert desk.handover("H-1001").status is Status.PENDING


async def test_new_handover_is_pre_filled_from_the_item(desk: Desk) -> None:
    app = BoardHost(desk, lambda: ShiftChecklist(desk, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(pilot, app, "H-1002")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HandoverForm)
        assert form.draft.customer_name == "Tom [i]Okafor[/]"
        form.query_one("#to").focus()  # dave ranks first: on shift and holding nothing
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert app.screen.decisions["H-1002"] == "→ new H-1006 to dave"  # type: ignore[attr-defined]
    new = desk.handover("H-1006")
    assert (new.from_, new.to, new.customer.name) == ("alice", "dave", "Tom [i]Okafor[/]")
    assert new.due == desk.handover("H-1002").due
    assert "carried on from H-1002" in new.actions_taken


def test_draft_of_keeps_customer_action_and_answers(desk: Desk) -> None:
    kept = draft_of(desk.handover("H-1002"))
    assert (kept.to, kept.customer_name, kept.action_required) == ("", "Tom [i]Okafor[/]", "Refund one charge")


async def test_the_footer_offers_what_applies_to_the_item_and_rows_fit_the_width(desk: Desk) -> None:

    desk.hand_over(draft(to="bob", action_required="Call back " + "and confirm every detail " * 8), by="alice")
    app = BoardHost(desk, lambda: ShiftChecklist(desk, "alice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await select(pilot, app, "H-1002")  # alice holds it, acknowledged
        assert footer_words(app) == ["New handover", "Keep", "Done", "Unable", "Back"]
        await select(pilot, app, "H-1004")  # alice sent it, carol finished it
        assert footer_words(app) == ["New handover", "Keep", "Verify", "Back"]
        await select(pilot, app, "H-1001")  # alice sent it, pending
        assert footer_words(app) == ["Reassign", "New handover", "Keep", "Back"]
        items = app.screen.query_one("#items", OptionList)
        long_row = str(items.get_option("H-1006").prompt).splitlines()
        width = items.scrollable_content_region.width - 2
        assert len(long_row) == 3 and long_row[2].endswith("…") and len(long_row[2]) <= width

"""The shift-change checklist: every open item alice holds or sent, each decided with one key, every
decision an event (so it survives closing the board), and sign-off's notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from shiftboard.domain.models import Status
from shiftboard.domain.shiftchange import Decision
from shiftboard.services import Desk
from shiftboard.tui.screens.checklist import ShiftChecklist
from shiftboard.tui.screens.prompts import Confirm, ReassignPrompt, TextPrompt
from shiftboard.tui.screens.shift_notes import ShiftNotesScreen

from .board_helpers import footer_words, notes, settle
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


def checklist(desk: Desk) -> BoardHost:
    return BoardHost(desk, lambda: ShiftChecklist(desk, "alice"))


def status(app: BoardHost) -> str:
    return str(app.screen.query_one("#checklist-status", Static).render())


def row(app: BoardHost, hid: str) -> str:
    return str(app.screen.query_one("#items", OptionList).get_option(hid).prompt)


async def select(pilot, app: BoardHost, hid: str) -> None:  # type: ignore[no-untyped-def]
    items = app.screen.query_one("#items", OptionList)
    items.highlighted = items.get_option_index(hid)
    await pilot.pause()


async def test_each_key_decides_one_item_and_each_decision_is_an_event(desk: Desk) -> None:
    app = checklist(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShiftChecklist)
        assert screen.ids == ["H-1001", "H-1002", "H-1004", "H-1005"]
        assert status(app).startswith("4 of 4 undecided")
        assert "Tom [i]Okafor[/]" not in row(app, "H-1002")  # initials only

        await select(pilot, app, "H-1001")  # alice sent it: she keeps following it up
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"bob calls her at four", "enter")
        await settle(pilot)
        assert desk.handover("H-1001").events[-1].kind == "keep"
        assert desk.handover("H-1001").events[-1].note == "bob calls her at four"
        assert "● kept" in row(app, "H-1001") and "bob calls her at four" in row(app, "H-1001")

        await select(pilot, app, "H-1004")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # verify closes: asked first, as on the board
        await pilot.press("y")
        await settle(pilot)
        assert desk.handover("H-1004").status is Status.CLOSED
        assert "■ closed" in row(app, "H-1004")
        assert "due " not in row(app, "H-1004")  # a closed card is due nothing any more

        await select(pilot, app, "H-1005")  # not acknowledged: closing it is refused, nothing decided
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ShiftChecklist)
        assert "acknowledge it before marking it done" in notes(app)[-1]
        assert status(app).startswith("2 of 4 undecided")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_hand_over_reassigns_the_same_card_with_a_note_and_no_second_card(desk: Desk) -> None:
    before = [h.id for h in desk.handovers()]
    app = checklist(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(pilot, app, "H-1002")  # alice holds it (from bob): she hands it on
        await pilot.press("r")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ReassignPrompt)
        prompt.query_one("#receivers", OptionList).highlighted = 2  # carol: off shift, so warned before choosing
        await pilot.pause()
        assert "⚠ carol is off shift now" in str(prompt.query_one("#warning", Static).render())
        prompt.query_one("#receivers", OptionList).highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, TextPrompt) and note.required  # handing on needs a handover note
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # nothing typed: still asking
        await pilot.press(*"Engineer booked for 9; confirm with her", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ShiftChecklist)
        handed = desk.handover("H-1002")
        assert "→ handed over" in row(app, "H-1002") and f"to {handed.to}" in row(app, "H-1002")
        assert "; bob is told" in notes(app)[-1]
    assert [h.id for h in desk.handovers()] == before  # the same card, never a second one
    assert handed.to == "dave" and handed.from_ == "bob" and handed.status is Status.PENDING
    last = handed.events[-1]
    assert (last.kind, last.actor, last.note) == ("reassign", "alice", "Engineer booked for 9; confirm with her")


async def test_a_kept_item_stays_kept_after_closing_and_reopening_the_board(desk: Desk) -> None:
    app = checklist(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(pilot, app, "H-1005")
        await pilot.press("K", *"waiting for the courier", "enter")
        await settle(pilot)
    reopened = Desk.open(desk.store.root, clock=desk.clock)  # a new process on the same store
    again = checklist(reopened)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ShiftChecklist)
        assert screen.decisions["H-1005"].decision is Decision.KEPT
        assert "● kept" in row(again, "H-1005") and "waiting for the courier" in row(again, "H-1005")
        assert status(again).startswith("3 of 4 undecided")


async def test_sign_off_asks_when_items_are_undecided_then_shows_the_notes(desk: Desk) -> None:
    desk.keep("H-1001", by="alice", note="I chase bob at two")
    app = checklist(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # three undecided: asked, never refused
        assert "3 items are undecided" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        shown = app.screen
        assert isinstance(shown, ShiftNotesScreen)
        text = "\n".join(str(line.render()) for line in shown.query(Static))
        for hid in ("H-1001", "H-1002", "H-1004", "H-1005"):
            assert text.count(hid) == 1, hid
        assert "kept (1)" in text and "carried over, undecided (3)" in text
        assert "alice signed off: 1 decided, 3 carried over" in notes(app)
    colleague = desk.colleague("alice")
    assert colleague.signed_off_at == desk.clock.now()
    assert desk.checklist("alice").section(Decision.CARRIED_OVER)  # a new period: all undecided again


async def test_the_footer_offers_what_applies_to_the_item_and_rows_fit_the_width(desk: Desk) -> None:
    desk.hand_over(draft(to="bob", action_required="Call back " + "and confirm every detail " * 8), by="alice")
    app = checklist(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await select(pilot, app, "H-1002")  # alice holds it, acknowledged
        assert footer_words(app) == ["Hand over", "Keep", "Done", "Unable", "Sign off", "Back"]
        await select(pilot, app, "H-1004")  # alice sent it, carol finished it
        assert footer_words(app) == ["Keep", "Verify", "Sign off", "Back"]
        await select(pilot, app, "H-1001")  # alice sent it, pending
        assert footer_words(app) == ["Hand over", "Keep", "Sign off", "Back"]
        items = app.screen.query_one("#items", OptionList)
        long_row = str(items.get_option("H-1006").prompt).splitlines()
        width = items.scrollable_content_region.width - 2
        assert len(long_row) == 3 and long_row[2].endswith("…") and len(long_row[2]) <= width

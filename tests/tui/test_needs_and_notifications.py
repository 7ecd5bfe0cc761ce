"""Needs me (`i`), notifications (`N`), and the moves that give a second chance (take back `t`, withdraw `w`,
reopen `o`, undo `z`), pressed as a person would on the board."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.models import Status
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import NEEDS, BoardScreen
from shiftboard.tui.screens.detail import DetailScreen
from shiftboard.tui.screens.notifications import NotificationsScreen
from shiftboard.tui.screens.prompts import ClosedPrompt, Confirm, TextPrompt

from .board_helpers import board_of, cards_in, notes, select_card, settle, visible_columns
from .conftest import NARROW, WIDE

MakeApp = Callable[..., ShiftboardApp]


def listed(app: ShiftboardApp) -> list[str]:
    """The notifications screen's rows as read, headings included."""
    return [str(option.prompt) for option in app.screen.query_one("#notices", OptionList).options]


async def test_i_goes_to_needs_me_where_each_card_says_why(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")  # away, to bob's column
        assert visible_columns(app) == ["bob"]
        await pilot.press("i")
        await settle(pilot)
        board = board_of(app)
        assert visible_columns(app) == [NEEDS] and board.columns[0].title_plain == "▶ Needs me (1/4)"
        cards = {option.id: str(option.prompt) for option in board.columns[0].options if option.id}
        assert list(cards) == ["H-1003", "H-1004", "H-1001", "H-1006"]  # the most pressing reason first
        assert cards["H-1003"].endswith("→ awaiting your ack") and "carol → alice" in cards["H-1003"]
        assert cards["H-1004"].endswith("→ done — verify")
        assert cards["H-1001"].endswith("→ your handover's ack is late")
        assert cards["H-1006"].endswith("→ check due")


async def test_needs_me_follows_the_store_and_empties_as_the_work_is_done(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("bob")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert await cards_in(pilot, NEEDS) == ["H-1001", "H-1005"]  # awaiting bob's ack; carol's query
        board_desk.comment("H-1005", by="bob", note="The green tariff")  # answered in another session
        board_desk.acknowledge("H-1001", by="bob", read_back="I call her")
        for _ in range(2):
            app.poll()
        await settle(pilot)
        assert NEEDS not in board_of(app).column_keys
        assert "need" not in str(app.screen.query_one("BoardHeader").render())


async def test_n_lists_every_notification_with_time_and_reason_and_opens_the_card(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        rows = listed(app)
        assert rows[0] == "Notifications (9), newest first"
        assert rows[1] == "09:40  Handed to you  H-1003\n   H-1003 handed to you by carol"
        assert "09:30  ! Not acknowledged  H-1001\n   H-1001: bob has not acknowledged within 15m" in rows
        assert (
            "08:30  Done — verify  H-1004\n   H-1004 done by carol: “Router reset; line stable”; verify and close it"
            in rows
        )
        assert "07:45  Acknowledged  H-1004\n   H-1004 acknowledged by carol; read-back: “On it”" in rows
        await pilot.press("j", "j", "j")  # the fourth: H-1004 done
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.handover_id == "H-1004"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_notifications_are_kept_across_restarts(make_app: MakeApp, board_desk: Desk) -> None:
    first = make_app("alice")
    async with first.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        before = listed(first)
    again = ShiftboardApp(Desk.open(board_desk.store.root, clock=board_desk.clock), "alice", bell=False)
    async with again.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert listed(again) == before


async def test_a_supervisor_sees_the_escalations_now_each_with_its_reason(make_app: MakeApp) -> None:
    app = make_app("sam")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        rows = listed(app)
        assert rows[:3] == [
            "Escalations now (2)",
            "09:30  ! Escalated  H-1006\n   alice → bob: overdue by 30m",
            "09:45  ! Escalated  H-1001\n   alice → bob: unacknowledged for 45m",
        ]
        assert "09:30  ! Escalation  H-1006\n   H-1006 (alice → bob) not done by its due time" in rows


async def test_a_toast_is_short_and_points_to_n_which_holds_the_whole_text(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        board_desk.acknowledge("H-1001", by="bob", read_back="I call her back with the trace number before five " * 3)
        app.poll()
        await settle(pilot)
        toast = notes(app)[-1]
        assert toast.startswith("H-1001 acknowledged by bob; read-back: “I call her back") and toast.endswith(
            "… · N: all"
        )
        assert len(toast) <= 110
        await pilot.press("N")
        await settle(pilot)
        assert listed(app)[1].endswith("before five”")  # the whole read-back


async def test_undo_asks_then_puts_a_verified_card_back_on_the_board(
    make_app: MakeApp, board_desk: Desk, board_clock: FrozenClock
) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1004")
        await pilot.press("v", "y")
        await settle(pilot)
        assert board_desk.handover("H-1004").status is Status.CLOSED
        await pilot.press("z")  # the card has left the board: undo finds it
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.screen.question.startswith(
            "Undo your “verified and closed” on H-1004?"
        )
        await pilot.press("n")
        await settle(pilot)
        assert board_desk.handover("H-1004").status is Status.CLOSED
        await pilot.press("z", "y")
        await settle(pilot)
        restored = board_desk.handover("H-1004")
        assert restored.status is Status.DONE and [e.kind for e in restored.events][-2:] == ["verify", "undo"]
        assert "H-1004" in await cards_in(pilot, "carol")
        assert notes(app)[-1] == "H-1004: undone “verified and closed”"


async def test_undo_is_refused_after_two_minutes_and_for_someone_elses_action(
    make_app: MakeApp, board_desk: Desk, board_clock: FrozenClock
) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1004")
        await pilot.press("z")  # carol's done is its latest event, and alice has done nothing yet
        await settle(pilot)
        assert notes(app)[-1] == "Nothing of yours to undo from the last 2 minutes."
        await pilot.press("v", "y")
        await settle(pilot)
        board_clock.advance(minutes=3)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert notes(app)[-1] == "Nothing of yours to undo from the last 2 minutes."
        assert board_desk.handover("H-1004").status is Status.CLOSED
        app.push_screen(DetailScreen("H-1004"))  # on the card itself: why not
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert notes(app)[-1] == (
            "your “verified and closed” on H-1004 at 10:00 is more than 2 minutes old; it can no longer be undone"
        )


async def test_t_takes_a_card_back_and_its_senders_done_closes_it(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1001")  # alice's, pending with bob
        await pilot.press("t")
        await settle(pilot)
        taken = board_desk.handover("H-1001")
        assert (taken.to, taken.status) == ("alice", Status.ACKNOWLEDGED)
        assert board_of(app).selected_id == "H-1001" and visible_columns(app) == ["alice"]
        assert "taken back" in str(board_of(app).current_column().get_option("H-1001").prompt)  # type: ignore[union-attr]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Called her myself", "enter")
        await settle(pilot)
        closed = board_desk.handover("H-1001")
        assert (closed.status, closed.closed_by) == (Status.CLOSED, "alice")
        assert notes(app)[-1] == "H-1001 marked done and closed (taken back: nobody verifies) · z undoes (2 min)"


async def test_w_withdraws_with_a_reason_and_o_reopens_it(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1006")
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "Withdraw H-1006"
        await pilot.press(*"The parcel arrived", "enter")
        await settle(pilot)
        withdrawn = board_desk.handover("H-1006")
        assert (withdrawn.status, withdrawn.withdrawn_reason) == (Status.CLOSED, "The parcel arrived")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ClosedPrompt)
        closed = [option.id for option in app.screen.query_one("#closed", OptionList).options]
        assert closed == ["H-1006", "H-1007"]  # the latest closed first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "Reopen H-1006"
        await pilot.press(*"It went missing again", "enter")
        await settle(pilot)
        reopened = board_desk.handover("H-1006")
        assert (reopened.status, reopened.to, reopened.withdrawn_reason) == (Status.PENDING, "bob", None)
        assert "H-1006" in await cards_in(pilot, "bob")


async def test_a_closed_cards_detail_offers_reopen(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen("H-1007"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "Reopen H-1007"
        await pilot.press(*"Form lost in the post", "enter")
        await settle(pilot)
        assert board_desk.handover("H-1007").status is Status.PENDING


async def test_the_new_moves_are_in_the_palette_and_the_help(make_app: MakeApp) -> None:
    from shiftboard.tui.keys import KEYMAP
    from shiftboard.tui.screens.help import keymap_rows

    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(board_of(app))}
        assert {"Needs me", "Notifications", "Take back", "Withdraw", "Reopen", "Undo"} <= titles
        assert {"Bell on/off", "Privacy at start on/off"} <= titles
    rows = dict(keymap_rows(KEYMAP))
    assert rows["i"].startswith("Needs me") and rows["N"].startswith("Notifications")
    assert (rows["t"], rows["w"], rows["o"], rows["z"]) == (
        "Take back a card you sent: yours to finish",
        "Withdraw a card you sent (asks for the reason)",
        "Reopen a closed card (asks which, and why)",
        "Undo your own latest action on a card (within 2 minutes)",
    )
    assert "asks to confirm" in rows["v"] and "asks to confirm" in rows["x"]


async def test_the_ack_prompt_shows_the_action_promises_due_and_preferences(
    make_app: MakeApp, board_desk: Desk
) -> None:
    from .conftest import handover_draft

    draft = handover_draft(
        to="alice",
        action_required="Call her with the trace number",
        promises="A call back before 17:00",
        preferences="Mobile only, never before 10:00",
        due="16:30",
    )
    hid = board_desk.hand_over(draft, by="bob").id
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, hid)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.context == (
            "Action required: Call her with the trace number\n"
            "Promised: A call back before 17:00\n"
            "Due: 16:30 (in 6h30m)\n"
            "Customer prefers: Mobile only, never before 10:00"
        )
        assert app.screen.label == "Read the action back in your own words (required)"
        await pilot.press("enter")  # nothing typed: the read-back is required, the prompt stays
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert board_desk.handover(hid).status is Status.PENDING

"""Every board key of SPEC §2, pressed as a person would, including the refusals."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandPalette
from textual.widgets import Input

from shiftboard.domain.models import Status
from shiftboard.services import Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import NEEDS, BoardScreen
from shiftboard.tui.screens.checklist import ShiftChecklist
from shiftboard.tui.screens.detail import DetailScreen
from shiftboard.tui.screens.form import HandoverForm
from shiftboard.tui.screens.help import HelpScreen
from shiftboard.tui.screens.prompts import Confirm, FlagPrompt, ReassignPrompt, TextPrompt
from shiftboard.tui.screens.review import ReviewScreen
from shiftboard.tui.screens.signin import SignInScreen

from .board_helpers import board_of, cards_in, footer_words, notes, select_card, settle, visible_columns
from .conftest import NARROW, WIDE, handover_draft

MakeApp = Callable[..., ShiftboardApp]


async def test_needs_me_comes_first_then_the_signed_in_colleagues_column(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        board = board_of(app)
        assert board.column_keys == [NEEDS, "alice", "bob", "carol"]
        assert visible_columns(app) == [NEEDS]
        assert board.columns[0].current and not any(c.current for c in board.columns[1:])
        assert board.selected_id == "H-1003"  # awaiting alice's ack: the most pressing reason first
        assert board.columns[0].title_plain == "▶ Needs me (1/4)"
        assert board.columns[1].title_plain == "alice (2/4)"


async def test_with_nothing_needing_you_your_own_column_comes_first(make_app: MakeApp) -> None:
    app = make_app("sam")  # nothing handed to sam, nothing sent by sam
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        board = board_of(app)
        assert board.column_keys == ["sam", "alice", "bob", "carol"]
        assert board.selected_id is None and board.columns[0].title_plain == "▶ sam (1/4)"
        await pilot.press("i")
        await settle(pilot)
        assert notes(app)[-1] == "Nothing needs you now."


async def test_arrows_and_vi_keys_move_between_cards_and_columns(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        board = board_of(app)
        await pilot.press("l")  # from Needs me to alice's own column, which holds H-1003 too: it stays selected
        assert visible_columns(app) == ["alice"] and board.selected_id == "H-1003"
        await pilot.press("down")  # the last card of the column: stays
        assert board.selected_id == "H-1003"
        await pilot.press("k", "up")
        assert board.selected_id == "H-1002"
        await pilot.press("j")
        assert board.selected_id == "H-1003"
        await pilot.press("k", "l")
        assert visible_columns(app) == ["bob"] and board.selected_id == "H-1001"
        await pilot.press("right")
        assert visible_columns(app) == ["carol"]
        assert board.columns[3].title_plain == "▶ carol (4/4)"
        await pilot.press("right")  # already the last column: stays
        assert visible_columns(app) == ["carol"]
        await pilot.press("h", "left")
        assert visible_columns(app) == ["alice"] and board.selected_id == "H-1002"


async def test_a_wide_terminal_shows_several_columns(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert visible_columns(app) == [NEEDS, "alice", "bob"]  # 160 columns hold three of at least 48


async def test_enter_opens_the_detail_and_escape_comes_back(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.handover_id == "H-1003"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_n_opens_the_form_and_the_new_card_appears(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    app.drafts["alice"] = handover_draft(to="carol", customer_name="New One")  # kept from before a lock
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm) and app.screen.draft.customer_name == "New One"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        created = board_desk.handovers()[-1]
        assert (created.id, created.to, created.customer.name) == ("H-1008", "carol", "New One")
        assert "H-1008 handed to carol (warned: carol is off shift now)" in notes(app)  # saved, and said so
        assert "H-1008" in await cards_in(pilot, "carol")


async def test_a_acknowledges_with_a_read_back(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1003")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"I confirm the address", "enter")
        await settle(pilot)
        handover = board_desk.handover("H-1003")
        assert handover.status is Status.ACKNOWLEDGED and handover.read_back == "I confirm the address"
        assert "H-1003 acknowledged · z undoes (2 min)" in notes(app)
        board = board_of(app)  # it needs alice no more: the selection follows it to her own column
        assert board.selected_id == "H-1003" and visible_columns(app) == ["alice"]


async def test_acknowledging_someone_elses_card_is_refused_without_asking(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1001")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert notes(app)[-1] == "H-1001 is handed to bob; only bob or a supervisor can acknowledge it"
        assert board_desk.handover("H-1001").status is Status.PENDING


async def test_f_unflags_a_flagged_card_and_flags_it_again(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1006")
        await pilot.press("f")
        await settle(pilot)
        assert board_desk.handover("H-1006").follow_up is None
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FlagPrompt)
        app.screen.dismiss(("Call the courier again", "30m"))
        await settle(pilot)
        follow_up = board_desk.handover("H-1006").follow_up
        assert follow_up is not None and follow_up.note == "Call the courier again"
        assert "H-1006 flagged for follow-up" in notes(app)


async def test_flagging_a_card_one_did_not_send_is_refused(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f")  # H-1003 was sent by carol
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "only carol or a supervisor can flag it" in notes(app)[-1]


async def test_d_marks_done_with_the_outcome(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press(*"Engineer booked", "enter")
        await settle(pilot)
        handover = board_desk.handover("H-1002")
        assert handover.status is Status.DONE and handover.outcome == "Engineer booked"


async def test_done_before_acknowledging_is_refused(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1003")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert notes(app)[-1] == "H-1003 is awaiting acknowledgement; acknowledge it before marking it done"


async def test_x_asks_to_confirm_then_the_reason_and_escape_asks_nothing_more(
    make_app: MakeApp, board_desk: Desk
) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "Mark H-1002 unable to complete?" in app.screen.question
        assert "It goes back to bob" in app.screen.question
        await pilot.press("n")  # no: nothing asked, nothing written
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert board_desk.handover("H-1002").status is Status.ACKNOWLEDGED
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"No engineer slots", "enter")
        await settle(pilot)
        handover = board_desk.handover("H-1002")
        assert handover.status is Status.UNABLE and handover.unable_reason == "No engineer slots"


async def test_v_verifies_and_the_card_leaves_the_board(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("v")  # H-1003: carol sent it and it is not done
        await settle(pilot)
        assert "H-1003 was handed over by carol" in notes(app)[-1]
        await select_card(pilot, "H-1004")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "Verify and close H-1004?" in app.screen.question
        assert "Outcome (carol): Router reset; line stable" in app.screen.question
        await pilot.press("escape")  # no
        await settle(pilot)
        assert board_desk.handover("H-1004").status is Status.DONE
        await pilot.press("v", "y")
        await settle(pilot)
        assert board_desk.handover("H-1004").status is Status.CLOSED
        assert await cards_in(pilot, "carol") == ["H-1005"]
        assert "H-1004 verified and closed · z undoes (2 min)" in notes(app)


async def test_r_reassigns_and_the_selection_follows_the_card(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1005")  # bob sent it to carol: nothing to do with alice
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "only bob, carol (handing it on) or a supervisor can reassign" in notes(app)[-1]
        await select_card(pilot, "H-1001")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReassignPrompt)
        app.screen.dismiss("carol")
        await settle(pilot)
        assert board_desk.handover("H-1001").to == "carol"
        board = board_of(app)
        assert board.selected_id == "H-1001" and visible_columns(app) == ["carol"]


async def test_c_comments_and_the_senders_comment_answers_a_query(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("bob")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1005")  # bob's card to carol, queried
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and "Answer" in app.screen.title_text
        await pilot.press(*"The [b]green[/] tariff", "enter")
        await settle(pilot)
        handover = board_desk.handover("H-1005")
        assert handover.status is Status.PENDING and handover.events[-1].note == "The [b]green[/] tariff"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Any news?", "enter")
        await settle(pilot)
        assert board_desk.handover("H-1005").events[-1].kind == "comment"


async def test_shift_q_asks_the_sender_a_question(make_app: MakeApp, board_desk: Desk) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1001")
        await pilot.press("Q")  # alice sent it: only the receiver may query
        await settle(pilot)
        assert "only bob or a supervisor can query it" in notes(app)[-1]
        await select_card(pilot, "H-1003")
        await pilot.press("Q")
        await settle(pilot)
        await pilot.press(*"Which address?", "enter")
        await settle(pilot)
        handover = board_desk.handover("H-1003")
        assert handover.status is Status.QUERY and handover.question == "Which address?"


async def test_slash_filters_by_text_and_an_empty_filter_shows_all(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)  # one line: enter applies it
        await pilot.press(*"COURIER", "enter")
        await settle(pilot)
        board = board_of(app)
        assert board.column_keys == [NEEDS, "alice", "bob"]
        assert await cards_in(pilot, "alice") == [] and await cards_in(pilot, "bob") == ["H-1006"]
        assert await cards_in(pilot, NEEDS) == ["H-1006"]  # alice's follow-up check is due
        assert board.filter_text == "COURIER"
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", "enter")
        await settle(pilot)
        assert [len(await cards_in(pilot, key)) for key in board.column_keys] == [4, 2, 2, 2]


async def test_a_filter_moves_to_the_column_holding_the_match(make_app: MakeApp) -> None:
    """`/H-1002` from an empty column (or any column without it) goes to where H-1002 is."""
    app = make_app("sam")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        board = board_of(app)
        assert visible_columns(app) == ["sam"]
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"H-1002", "enter")
        await settle(pilot)
        assert visible_columns(app) == ["alice"] and board.selected_id == "H-1002"


async def test_g_cycles_grouping_by_status_and_back(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")
        await pilot.press("g")
        await settle(pilot)
        board = board_of(app)
        assert board.column_keys == [NEEDS, "pending", "acknowledged", "query", "done", "unable"]
        assert board.selected_id == "H-1002" and visible_columns(app) == ["acknowledged"]
        assert board.columns[2].title_plain == "▶ acknowledged (3/6)"
        await pilot.press("g")
        await settle(pilot)
        assert board.column_keys == [NEEDS, "alice", "bob", "carol"]


async def test_p_toggles_privacy_between_initials_and_names(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        column = board_of(app).columns[0]

        def first_card() -> str:
            return column.options[0].prompt.plain  # type: ignore[union-attr]

        assert first_card().splitlines()[1].startswith("L.W. ·") and "Li Wei" not in first_card()
        await pilot.press("p")
        await settle(pilot)
        assert first_card().splitlines()[1].startswith("Li Wei ·")
        assert "privacy off" in str(app.screen.query_one("BoardHeader").render())


async def test_s_r_and_question_mark_open_their_screens(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for key, screen_type in (("s", ShiftChecklist), ("R", ReviewScreen), ("question_mark", HelpScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            app.pop_screen()
            await settle(pilot)
            assert isinstance(app.screen, BoardScreen)


async def test_u_signs_out_to_the_sign_in_screen(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert not any(isinstance(screen, BoardScreen) for screen in app.screen_stack)


async def test_q_quits(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_p_lists_every_board_action_and_runs_the_query(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(board_of(app))}
        for title in ("Ack", "Query", "Flag", "Done", "Unable", "Verify", "Reassign", "Comment", "Filter", "Group"):
            assert title in commands
        await select_card(pilot, "H-1003")
        await commands["Query"].callback()
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "Query H-1003"
        app.pop_screen()
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


def test_every_binding_has_a_unique_id() -> None:
    from shiftboard.tui.keys import BOARD_BINDINGS, DETAIL_BINDINGS

    for bindings in (BOARD_BINDINGS, DETAIL_BINDINGS):
        ids = [binding.id for binding in bindings]
        assert all(ids) and len(ids) == len(set(ids))


async def test_a_key_can_be_remapped_by_its_id(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.set_keymap({"board.card-next": "ctrl+n"})
        await pilot.press("ctrl+n")
        assert board_of(app).selected_id == "H-1004"


async def test_the_header_keeps_who_shift_privacy_grouping_and_filter_on_80_columns(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        header = app.screen.query_one("BoardHeader")
        narrow = "alice · 4 need you (i) · shift: Early · 5h left · privacy on · by colleague"  # no name nor title
        assert header.render().plain == narrow
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"courier", "enter")
        await settle(pilot)
        assert (
            header.render().plain
            == "alice · 4 need you · shift: Early · 5h left · privacy on · by colleague · filter: courier"
        )
    wide = make_app("bob")
    async with wide.run_test(size=WIDE) as pilot:
        await settle(pilot)
        header = wide.screen.query_one("BoardHeader")
        assert header.render().plain == (
            "Shiftboard · bob (Bob Baker) · needs you: 2 (i) · shift: Early · 5h left · privacy on · by colleague"
        )


async def test_the_footer_offers_the_moves_that_apply_to_the_selected_card(make_app: MakeApp) -> None:
    app = make_app("alice")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await select_card(pilot, "H-1002")  # alice's to finish
        assert footer_words(app) == ["Detail", "New", "Done", "Query", "Filter", "Help", "Quit"]
        await pilot.press("j")  # H-1003, awaiting alice's ack
        await settle(pilot)
        assert footer_words(app) == ["Detail", "New", "Ack", "Query", "Filter", "Help", "Quit"]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Confirm it", "enter")  # acknowledged: the footer moves on with the card
        await settle(pilot)
        assert footer_words(app) == ["Detail", "New", "Done", "Query", "Filter", "Help", "Quit"]
        await select_card(pilot, "H-1006")  # alice's own, flagged
        await settle(pilot)
        assert footer_words(app) == ["Detail", "New", "Unflag", "Reassign", "Filter", "Help", "Quit"]
        await select_card(pilot, "H-1004")  # done by carol: alice verifies
        await settle(pilot)
        assert footer_words(app) == ["Detail", "New", "Flag", "Verify", "Filter", "Help", "Quit"]
        await pilot.press("enter")
        await settle(pilot)
        assert footer_words(app) == ["Back", "Flag", "Verify", "Help"]
        await pilot.press("escape")
        await select_card(pilot, "H-1005")  # bob's query to carol: nothing for alice to do
        await settle(pilot)
        assert footer_words(app) == ["Detail", "New", "Filter", "Help", "Quit"]
        await pilot.press("d")  # still bound: says why not
        await settle(pilot)
        assert notes(app)[-1] == "H-1005 is handed to carol; only carol or a supervisor can mark it done"

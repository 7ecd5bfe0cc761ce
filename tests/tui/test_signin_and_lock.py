"""Sign-in (filter, PIN, slowing wrong PINs) and the idle lock that keeps a half-typed form."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from shiftboard.services import Caller, Desk
from shiftboard.tui.app import ShiftboardApp
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.screens.form import HandoverForm
from shiftboard.tui.screens.signin import SignInScreen

from .board_helpers import footer_words, notes, settle
from .conftest import NARROW

MakeApp = Callable[..., ShiftboardApp]


async def until(pilot: Pilot[None], condition: Callable[[], bool], within: float = 5.0) -> float:
    """Seconds until `condition` held (the PIN check runs in a thread; the delay is a timer)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within
        await pilot.pause(0.02)
    return time.monotonic() - start


async def test_no_user_starts_at_sign_in_and_typing_filters_the_list(make_app: MakeApp) -> None:
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        people = app.screen.query_one("#people", OptionList)
        assert [option.id for option in people.options] == ["alice", "bob", "carol", "sam"]
        await pilot.press(*"CHEN")  # part of the name, any case
        await settle(pilot)
        assert [option.id for option in people.options] == ["carol"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.user == "carol"
        assert app.screen.column_keys[:2] == ["@needs", "carol"]  # what needs carol, then her own column


async def test_arrow_keys_pick_from_the_filtered_list(make_app: MakeApp) -> None:
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "up", "down", "enter")
        await settle(pilot)
        assert app.user == "carol"


async def test_an_unknown_user_given_at_start_goes_to_sign_in(make_app: MakeApp) -> None:
    app = make_app("zed")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert "no colleague 'zed'; pick who you are" in notes(app)


async def test_a_pin_is_asked_hidden_and_wrong_pins_slow_down(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.add_colleague("dan", name="Dan Dee", pin="246800")
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press(*"dan", "enter")
        await settle(pilot)
        pin = app.screen.query_one("#pin", Input)
        assert app.screen.has_class("-pin") and pin.has_focus and pin.password
        await pilot.press(*"111111", "enter")
        await until(pilot, lambda: bool(board_desk.colleague("dan").pin_failures))
        await until(pilot, lambda: pin.value == "")
        assert len(board_desk.colleague("dan").pin_failures) == 1  # counted in the store, for every terminal
        assert pin.disabled
        said = str(app.screen.query_one("#signin-message").render())
        assert said == "wrong PIN for dan (4 more before a 15-minute lock-out). Try again in 1 s."
        assert isinstance(app.screen, SignInScreen)
        took = await until(pilot, lambda: not pin.disabled)  # wrong_pin_delay(1) == 1 s, on a timer
        assert took >= 0.8
        await pilot.press(*"246800", "enter")
        await until(pilot, lambda: app.user == "dan")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.user == "dan"


async def test_escape_leaves_the_pin_to_choose_someone_else(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.add_colleague("dan", name="Dan Dee", pin="246800")
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert "Back" not in footer_words(app)  # on the names there is nowhere back to
        await pilot.press(*"dan", "enter")
        await settle(pilot)
        assert "Back" in footer_words(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.has_class("-pin") and app.screen.query_one("#who", Input).has_focus
        assert "Back" not in footer_words(app)


class IdleClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_idle_lock_returns_to_sign_in_and_keeps_the_half_typed_form(make_app: MakeApp) -> None:
    idle = IdleClock()
    app = make_app("alice", idle_clock=idle)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        form.query_one("#customer_name", Input).focus()
        await pilot.press(*"Half [b]typed")
        idle.now += 299
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm)  # not idle long enough yet
        idle.now += 1
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert [type(screen).__name__ for screen in app.screen_stack] == ["Screen", "SignInScreen"]
        assert app.drafts["alice"].customer_name == "Half [b]typed"
        # bob signs in: his form is blank, alice's draft stays hers
        await pilot.press(*"bob", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm) and app.screen.draft.customer_name == ""
        app.screen.dismiss(None)
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press(*"alice", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm)
        assert app.screen.draft.customer_name == "Half [b]typed"
        assert "alice" not in app.drafts  # handed back to the form


async def test_a_key_press_keeps_the_board_unlocked(make_app: MakeApp) -> None:
    idle = IdleClock()
    app = make_app("alice", idle_clock=idle)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        idle.now += 250
        await pilot.press("j")
        idle.now += 250
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_quitting_with_a_kept_draft_asks_first(make_app: MakeApp) -> None:
    from shiftboard.domain.drafts import HandoverDraft
    from shiftboard.tui.screens.prompts import Confirm

    app = make_app("bob")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.drafts["alice"] = HandoverDraft(customer_name="Half typed")  # kept when her terminal locked
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "alice" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.is_running
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not app.is_running


async def test_quitting_without_drafts_asks_nothing(make_app: MakeApp) -> None:
    app = make_app("bob")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


async def test_typing_matches_handles_before_names_and_enter_alone_signs_nobody_in(
    make_app: MakeApp, board_desk: Desk
) -> None:
    """SPEC §2: an exact handle, then handles starting with it, then names with a word starting with it,
    then any substring. `te` once picked sam (Sam Patel holds "te" too); it means tess."""
    board_desk.add_colleague("tess", name="Tess Nakamura", role="supervisor")
    board_desk.add_colleague("pat", name="Sam Patel")
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        people = app.screen.query_one("#people", OptionList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert str(app.screen.query_one("#signin-message").render()) == "Type part of your name or handle first."
        await pilot.press(*"te")
        await settle(pilot)
        assert [option.id for option in people.options] == ["tess", "pat"]  # a handle prefix, then a substring
        await pilot.press("backspace", "backspace", *"ba")
        await settle(pilot)
        assert [option.id for option in people.options] == ["bob"]  # a word of his name: Bob Baker
        await pilot.press("enter")
        await settle(pilot)
        assert app.user == "bob"


async def test_a_colleague_protected_by_another_account_cannot_be_picked(make_app: MakeApp, board_desk: Desk) -> None:
    board_desk.add_colleague("dora", name="Dora Dee", unix=["nobody"])
    app = make_app(None)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press(*"dora", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        said = str(app.screen.query_one("#signin-message").render())
        assert said.startswith("dora is protected: only their Unix account (nobody) can act as them")


async def test_a_browser_session_asks_every_colleague_for_a_pin(board_desk: Desk) -> None:
    board_desk.add_colleague("dan", name="Dan Dee", pin="246800")
    app = ShiftboardApp(board_desk, None, bell=False, caller=Caller.here(served=True))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press(*"alice", "enter")  # unprotected: fine at a terminal, not from a browser
        await settle(pilot)
        assert app.user is None
        assert "has no PIN, and signing in from a browser needs one" in str(
            app.screen.query_one("#signin-message").render()
        )
        await pilot.press(*("backspace" for _ in "alice"), *"dan", "enter")
        await settle(pilot)
        assert app.screen.has_class("-pin")
        await pilot.press(*"246800", "enter")
        await until(pilot, lambda: app.user == "dan")


async def test_the_board_ends_when_its_terminal_hangs_up(make_app: MakeApp) -> None:
    """An SSH session dropped without a SIGHUP reaching the board (started through `su -c`, `nohup`, a
    wrapper that ignores it) left it running with no terminal, its input thread spinning at 80% CPU and
    its poll reading the store twice a second, for ever. (tests/e2e/test_terminals.py: the real process.)"""
    controller, terminal = os.openpty()
    hung_up: list[bool] = []
    app = make_app("alice", terminal=terminal, on_hang_up=lambda: hung_up.append(True))
    try:
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            await pilot.pause(1.2)
            assert hung_up == []  # its terminal is there: it stays
            os.close(controller)  # the terminal hangs up
            controller = -1
            deadline = time.monotonic() + 10
            while not hung_up and time.monotonic() < deadline:
                await pilot.pause(0.2)
            await pilot.pause(1.2)
            assert hung_up == [True]  # once
    finally:
        if controller >= 0:
            os.close(controller)
        os.close(terminal)

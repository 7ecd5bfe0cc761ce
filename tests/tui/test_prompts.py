"""Each modal prompt: submit, cancel, and the required check, with keys only."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk
from shiftboard.tui.screens.prompts import Confirm, FlagPrompt, ReassignPrompt, TextPrompt
from shiftboard.tui.widgets.form_fields import Choice, ReceiverList

from .forms_fixtures import NOW, SIZE, Host, draft, team_desk


def shown(app: Host, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()) if widget.display and widget.has_class("-shown") else ""


async def run(screen_factory, *keys: str) -> Host:  # type: ignore[no-untyped-def]
    app = Host(screen_factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app


async def test_text_prompt_enter_submits_the_text() -> None:
    app = await run(lambda: TextPrompt("Done: H-1001", "Outcome:"), *"Refund [b]sent[/]", "enter")
    assert app.results == ["Refund [b]sent[/]"]


async def test_text_prompt_ctrl_j_adds_a_line_and_ctrl_s_submits() -> None:
    app = await run(lambda: TextPrompt("Comment", "Note:", initial="one"), "ctrl+j", *"two", "ctrl+s")
    assert app.results == ["one\ntwo"]


async def test_text_prompt_escape_cancels() -> None:
    app = await run(lambda: TextPrompt("Comment", "Note:"), *"half typed", "escape")
    assert app.results == [None]


async def test_text_prompt_required_shows_a_message_and_stays_open() -> None:
    app = Host(lambda: TextPrompt("Unable: H-1001", "Reason:"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.results == [] and isinstance(app.screen, TextPrompt)
        assert "required" in shown(app, "#error")
        await pilot.press(*"no stock", "enter")
        await pilot.pause()
        assert app.results == ["no stock"]


async def test_text_prompt_not_required_accepts_empty() -> None:
    app = await run(lambda: TextPrompt("Filter cards", "Text:", required=False), "enter")
    assert app.results == [""]


async def test_flag_prompt_returns_note_and_check_time() -> None:
    app = await run(lambda: FlagPrompt("H-1001", FrozenClock(NOW, tz=UTC)), *"Did it go?", "enter", *"30m", "enter")
    assert app.results == [("Did it go?", "30m")]


async def test_flag_prompt_check_time_is_optional() -> None:
    app = await run(lambda: FlagPrompt("H-1001", FrozenClock(NOW, tz=UTC)), *"Look", "ctrl+s")
    assert app.results == [("Look", "")]


async def test_flag_prompt_refuses_an_empty_note_and_an_unreadable_time() -> None:
    app = Host(lambda: FlagPrompt("H-1001", FrozenClock(NOW, tz=UTC)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"soonish", "enter")
        await pilot.pause()
        assert app.results == []
        assert "Say what to check" in shown(app, "#error-note")
        assert "check cannot be read: 'soonish'" in shown(app, "#error-check")
        assert app.focused is not None and app.focused.id == "note"
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("15:00", "→ Thu 15:00 (in 23h)"),
        ("17:30", "→ 17:30 (in 1h30m)"),
        ("45m", "→ 16:45 (in 45m)"),
        ("soon", "? try"),
    ],
)
async def test_flag_prompt_shows_when_the_check_falls_a_past_time_being_tomorrows(typed: str, shown: str) -> None:
    """At 16:00, "15:00" is tomorrow's: the preview says so before anything is saved."""
    app = Host(lambda: FlagPrompt("H-1001", FrozenClock(NOW.replace(hour=16), tz=UTC)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", *typed)
        await pilot.pause()
        assert str(app.screen.query_one("#check-preview", Static).render()).startswith(shown)


class Choices(App[None]):
    """The form's fixed-choice inputs alone: a priority with a default, "customer told" without one."""

    def compose(self) -> ComposeResult:
        yield Choice(("low", "normal", "high"), "normal", id="priority")
        yield Choice(("yes", "no"), "", id="informed")


async def test_space_does_not_change_a_choice_and_the_arrows_do() -> None:
    app = Choices()
    async with app.run_test(size=SIZE) as pilot:
        priority, informed = app.query_one("#priority", Choice), app.query_one("#informed", Choice)
        priority.focus()
        await pilot.press("space", "space")
        assert priority.value == "normal"
        await pilot.press("right")
        assert priority.value == "high"
        await pilot.press("left", "left")
        assert priority.value == "low"
        assert informed.value == "" and "◉" not in str(informed.render())  # no default: nothing chosen
        informed.focus()
        await pilot.press("space")
        assert informed.value == ""
        await pilot.press("right")
        assert informed.value == "yes"


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return team_desk(tmp_path)


async def test_reassign_prompt_ranks_colleagues_and_offers_taking_it_back(desk: Desk) -> None:
    handover = desk.hand_over(draft(to="bob"), by="alice")
    app = Host(lambda: ReassignPrompt(desk, handover, "alice"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        receivers = app.screen.query_one(ReceiverList)
        assert [c.colleague.handle for c in receivers.choices] == ["alice", "dave", "carol"]  # bob holds it now
        assert "takes it back" in str(receivers.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results == ["dave"]


async def test_reassign_prompt_escape_cancels(desk: Desk) -> None:
    handover = desk.hand_over(draft(to="bob"), by="alice")
    app = await run(lambda: ReassignPrompt(desk, handover, "dave"), "escape")
    assert app.results == [None]


@pytest.mark.parametrize(
    ("keys", "answer"),
    [(["y"], True), (["n"], False), (["escape"], False), (["enter"], False), (["left", "enter"], True)],
)
async def test_confirm_answers(keys: list[str], answer: bool) -> None:
    app = await run(lambda: Confirm("Discard this [b]draft[/]?"), *keys)
    assert app.results == [answer]

"""The handover form driven with keys only, at 80×24, against a temporary store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static, TextArea

from shiftboard.domain.models import Handover
from shiftboard.services import Desk
from shiftboard.tui.screens.form import HandoverForm
from shiftboard.tui.screens.prompts import Confirm
from shiftboard.tui.widgets.form_fields import ReceiverList

from .board_helpers import settle
from .forms_fixtures import SIZE, BoardHost, draft, team_desk

TAB_ORDER = [
    "service", "to", "customer_name", "customer_contact", "customer_ref", "preferences", "summary",
    "actions_taken", "action_required", "sender_keeps", "promises", "contingency", "due",
    "due-1", "due-2", "due-3", "due-4", "due-5", "priority", "channel", "informed", "informed_note", "check_at",
]  # fmt: skip


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return team_desk(tmp_path)


def host(desk: Desk, **options: object) -> BoardHost:
    return BoardHost(desk, lambda: HandoverForm(desk, "alice", **options))  # type: ignore[arg-type]


def form(app: BoardHost) -> HandoverForm:
    assert isinstance(app.screen, HandoverForm)
    return app.screen


def error(app: BoardHost, key: str) -> str:
    return str(app.screen.query_one(f"#error-{key}", Static).render())


async def choose_service(pilot: Pilot[None], downs: int) -> None:
    """The service Select is focused first; its options are general, complaint, refunds."""
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()


async def fill_required(pilot: Pilot[None]) -> None:
    """From the receiver list: choose the first ranked colleague, type every required text, then say the
    customer was told (→ on "Customer told", which has no default)."""
    await pilot.press("space", "tab")
    for text in ("A [b]L[/]", "a@x", "", "", "Sum", "Did", "Do"):
        await pilot.press(*text)
        await pilot.press("tab")
    pilot.app.screen.query_one("#informed").focus()
    await pilot.press("right")


async def test_tab_and_shift_tab_visit_every_field_in_order(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = [app.focused.id if app.focused else None]
        for _ in TAB_ORDER[1:]:
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == TAB_ORDER
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is not None and app.focused.id == "informed"


async def test_typing_with_keys_and_ctrl_s_saves_a_handover(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await fill_required(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(app.results) == 1 and isinstance(app.results[0], Handover)
    stored = desk.handovers()
    assert [h.id for h in stored] == [app.results[0].id]
    handover = stored[0]
    assert (handover.from_, handover.to, handover.service) == ("alice", "bob", "general")
    assert handover.customer.name == "A [b]L[/]"  # stored exactly as typed
    assert (handover.customer.contact, handover.summary, handover.actions_taken, handover.action_required) == (
        "a@x",
        "Sum",
        "Did",
        "Do",
    )
    assert handover.due == desk.clock.now().replace(hour=12)  # the default "2h"


async def test_ctrl_s_with_missing_fields_shows_each_message_and_saves_nothing(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [] and isinstance(app.screen, HandoverForm)
        for key in (
            "to",
            "customer_name",
            "customer_contact",
            "summary",
            "actions_taken",
            "action_required",
            "informed",
        ):
            assert "required" in error(app, key), key
            assert app.screen.query_one(f"#field-{key}").has_class("-invalid")
        assert error(app, "customer_ref") == "" and error(app, "due") == ""
        assert error(app, "customer_name") == "✗ Customer name is required"  # the form's label, not customer.name
        assert error(app, "to") == "✗ To is required"
        assert error(app, "informed") == "✗ Customer told is required: yes or no"
        assert isinstance(app.focused, ReceiverList)  # the first bad field, in screen order
    assert desk.handovers() == []


async def test_an_unreadable_due_time_is_refused_beside_the_due_field(desk: Desk) -> None:
    app = host(desk, draft=draft(due="soonish"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Due cannot be read: 'soonish'" in error(app, "due")
        assert app.focused is not None and app.focused.id == "due"
        app.screen.query_one("#due", Input).value = ""
        await pilot.press(*"45m")
        assert "in 45m" in str(app.screen.query_one("#due-preview", Static).render())
        assert not app.screen.query_one("#field-due").has_class("-invalid")  # edited: the message goes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.results[0], Handover)
    assert desk.handovers()[0].due == desk.clock.now().replace(minute=45)


async def test_due_shortcut_buttons_fill_the_due_field(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#due-1").focus()
        await pilot.press("enter")
        assert app.screen.query_one("#due", Input).value == "30m"
        app.screen.query_one("#due-4").focus()  # alice is on the Early shift, which ends at 15:00
        await pilot.press("enter")
        assert app.screen.query_one("#due", Input).value == "15:00"
        assert "15:00 (in 5h)" in str(app.screen.query_one("#due-preview", Static).render())


async def test_escape_on_an_untouched_form_cancels_at_once(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_escape_after_typing_asks_first(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab", *"Ann")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and app.results == []
        await pilot.press("n")
        await pilot.pause()
        assert form(app).draft.customer_name == "Ann"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
    assert desk.handovers() == []


async def test_a_service_with_prompts_requires_each_answer(desk: Desk) -> None:
    app = host(desk, draft=draft())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_service(pilot, downs=1)  # complaint: two prompts, requires contingency
        assert "complaint template" in str(app.screen.query_one("#template", Static).render())
        assert str(app.screen.query_one("#label-answer_2", Static).render()) == "2. Who took ownership? *"
        assert str(app.screen.query_one("#label-contingency", Static).render()) == "Contingency *"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "required" in error(app, "answer_1") and "required" in error(app, "answer_2")
        assert "required for the complaint service" in error(app, "contingency")
        assert app.focused is not None and app.focused.id == "answer_1"
        await pilot.press(*"yes", "tab", *"me")
        app.screen.query_one("#contingency", TextArea).focus()
        await pilot.press(*"if not, call")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.results[0], Handover)
    saved = desk.handovers()[0]
    assert [(item.prompt, item.answer) for item in saved.checklist] == [
        ("Apologised?", "yes"),
        ("Who took ownership?", "me"),
    ]
    assert saved.contingency == "if not, call"


async def test_changing_the_service_re_ranks_receivers(desk: Desk) -> None:
    desk.hand_over(draft(to="bob"), by="dave")  # bob now holds one open handover
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        receivers = app.screen.query_one(ReceiverList)
        assert [c.colleague.handle for c in receivers.choices] == ["dave", "bob", "carol"]
        await choose_service(pilot, downs=2)  # refunds: bob is the one on shift with the skill
        assert [c.colleague.handle for c in receivers.choices] == ["bob", "dave", "carol"]
        prompt = str(receivers.get_option_at_index(1).prompt)
        assert "dave" in prompt and "on shift" in prompt and "lacks refunds" in prompt
        assert "1 open" in str(receivers.get_option_at_index(0).prompt)
        assert str(app.screen.query_one("#label-promises", Static).render()) == "Promises *"


async def test_a_draft_pre_fills_the_form_and_draft_reads_it_back(desk: Desk) -> None:
    kept = draft(service="refunds", answers={1: "RT-9"}, promises="by Friday", priority="high", informed="yes")
    app = host(desk, draft=kept)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert form(app).draft == kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.results[0], Handover)
    saved = desk.handovers()[0]
    assert (saved.service, saved.checklist[0].answer, saved.priority, saved.customer_informed) == (
        "refunds",
        "RT-9",
        "high",
        True,
    )


def test_draft_before_mount_is_the_given_draft(desk: Desk) -> None:
    kept = draft(summary="typed before the lock")
    assert HandoverForm(desk, "alice", draft=kept).draft == kept


def test_form_with_validation_errors_at_80x24(desk: Desk, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def save(pilot: Pilot[None]) -> None:
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()  # the save runs in a worker thread
        await pilot.pause()

    kept = draft(to="", customer_contact="", summary="[@click=app.quit]not a link[/]", due="whenever")
    assert snap_compare(host(desk, draft=kept), terminal_size=SIZE, run_before=save)


async def test_service_names_and_prompts_are_shown_literally(desk: Desk) -> None:
    desk.add_service("[@click=app.quit]vip[/]", prompts=["[b]Bold?[/b]"])
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_service(pilot, downs=1)  # "[" sorts before the letters
        assert str(app.screen.query_one("#template", Static).render()).startswith("[@click=app.quit]vip[/] template")
        assert str(app.screen.query_one("#label-answer_1", Static).render()) == "1. [b]Bold?[/b] *"
        assert form(app).draft.service == "[@click=app.quit]vip[/]"


async def test_a_receiver_off_shift_or_without_the_skills_is_warned_beside_to_and_saving_says_so(desk: Desk) -> None:
    app = host(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_service(pilot, downs=2)  # refunds: needs the refunds skill
        warning = app.screen.query_one("#receiver-warning", Static)
        assert not warning.display  # nobody chosen yet: nothing to warn of
        form(app).query_one(ReceiverList).focus()
        await pilot.press("down", "down", "space")  # carol: off shift, billing only
        await pilot.pause()
        assert form(app).draft.to == "carol"
        said = str(warning.render())
        assert warning.display
        assert said == "⚠ carol is off shift now; carol lacks the refunds skills: refunds — ctrl+s still saves"
        await pilot.press("up", "up", "space")  # bob: on shift, with the skill
        await pilot.pause()
        assert not warning.display
        await pilot.press("down", "down", "space", "tab")
        for text in ("Ann Lee", "ann@x", "", "", "Sum", "Did", "Do", "", "by Friday"):
            await pilot.press(*text, "tab")
        form(app).query_one("#answer_1", Input).value = "RT-9"
        form(app).query_one("#informed").focus()
        await pilot.press("right")  # the customer was told
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.results[0], Handover) and app.results[0].to == "carol"  # warned, never blocked
    assert "H-1001 handed to carol (warned: carol is off shift now; carol lacks the refunds skills: refunds)" in [
        notice.message for notice in app.notices
    ]


async def test_end_of_shift_is_the_senders_own_and_absent_when_off_shift(desk: Desk) -> None:
    desk.add_shift("Short", start="08:00", end="12:30")
    desk.edit_colleague("bob", shifts=["Short"])
    bob = BoardHost(desk, lambda: HandoverForm(desk, "bob"), user="bob")
    async with bob.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(bob.screen.query_one("#due-4", Button).label) == "end of shift 12:30"  # bob's, not alice's 15:00
    carol = BoardHost(desk, lambda: HandoverForm(desk, "carol"), user="carol")
    async with carol.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = [str(button.label) for button in carol.screen.query(".shortcuts Button").results(Button)]
        assert labels == ["30m", "1h", "2h", "tomorrow 09:00"]  # carol is off shift: no end of shift to offer

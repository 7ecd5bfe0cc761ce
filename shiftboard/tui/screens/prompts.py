"""Small modal questions the board asks before it calls the Desk: a text, a flag, a receiver, yes/no.

Each one only collects what a person types and dismisses with it (None when cancelled); the
caller makes the Desk call, so refusals are shown in one place. They share `PromptScreen`: a
box titled with the question, escape to cancel, and the look of `prompts.tcss`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from shiftboard.domain.clock import Clock
from shiftboard.domain.duetime import local_clock, parse_when, relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.domain.status import customer_label
from shiftboard.services import Desk
from shiftboard.tui.safe import join, literal
from shiftboard.tui.widgets.form_fields import ReceiverList

Answer = TypeVar("Answer")


class PromptScreen(ModalScreen[Answer | None]):
    """A modal box titled with its question; escape cancels (dismisses with None)."""

    CSS_PATH = Path(__file__).with_name("prompts.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def box(self) -> Vertical:
        box = Vertical(classes="prompt-box")
        box.border_title = literal(self.title_text)  # a str border title would be parsed as markup
        return box

    def show_error(self, error_id: str, message: str) -> None:
        error = self.query_one(f"#{error_id}", Static)
        error.update(literal(message))
        error.set_class(bool(message), "-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptArea(TextArea):
    """A TextArea where enter submits (as in a one-line prompt) and ctrl+j starts a new line."""

    class Submitted(Message):
        pass

    async def on_key(self, event: Key) -> None:
        """Runs before TextArea's own key handling (Textual calls a subclass's handler first), which
        `prevent_default` then skips."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
        elif event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")


class TextPrompt(PromptScreen[str]):
    """Ask for one text (an outcome, a reason, a comment); pasted or ctrl+j newlines are kept."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", id="prompt.submit")]

    def __init__(
        self,
        title: str,
        label: str,
        *,
        required: bool = True,
        initial: str = "",
        context: str = "",
        one_line: bool = False,
    ) -> None:
        super().__init__(title)
        self.label = label
        self.required = required
        self.initial = initial
        self.context = context  # what the answer is about (the action read back), shown above the label
        self.one_line = one_line  # a search word, not a note: an Input, and enter applies it

    def compose(self) -> ComposeResult:
        with self.box():
            if self.context:
                yield Static(literal(self.context), classes="prompt-label prompt-context")
            yield Static(literal(self.label), classes="prompt-label")
            if self.one_line:
                yield Input(self.initial, id="text")
            else:
                yield PromptArea(self.initial, id="text", tab_behavior="focus", soft_wrap=True)
            yield Static(id="error", classes="prompt-error")
            hint = "enter apply · esc cancel" if self.one_line else "enter save · ctrl+j new line · esc cancel"
            yield Static(literal(hint), classes="prompt-hint")

    def on_mount(self) -> None:
        if self.one_line:
            self.query_one("#text", Input).focus()
            return
        area = self.query_one(PromptArea)
        area.move_cursor(area.document.end)  # carry on typing after the initial text
        area.focus()

    @on(PromptArea.Submitted)
    @on(Input.Submitted, "#text")
    def action_submit(self) -> None:
        field = self.query_one("#text")
        text = (field.value if isinstance(field, Input) else cast(PromptArea, field).text).strip()
        if self.required and not text:
            self.show_error("error", "✗ This is required: type something, or press esc to cancel.")
            return
        self.dismiss(text)


class FlagPrompt(PromptScreen[tuple[str, str]]):
    """A follow-up flag: a note (required) and when to check, like `30m` or `17:00` (optional), with the
    moment it reads as shown while typing (a 15:00 already past means tomorrow's)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Save", id="prompt.submit")]

    def __init__(self, handover_id: str, clock: Clock) -> None:
        super().__init__(f"Flag {handover_id} for follow-up")
        self.clock = clock

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(literal("What to check:"), classes="prompt-label")
            yield Input(id="note", placeholder="e.g. confirm the refund went through")
            yield Static(id="error-note", classes="prompt-error")
            yield Static(literal("Check at (optional): 30m, 2h, 17:00, tomorrow 09:00"), classes="prompt-label")
            yield Input(id="check", placeholder="30m")
            yield Static(id="check-preview", classes="prompt-hint")
            yield Static(id="error-check", classes="prompt-error")
            yield Static(literal("enter next/save · tab move · esc cancel"), classes="prompt-hint")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def next_field(self) -> None:
        self.query_one("#check", Input).focus()

    def _check_time(self, text: str) -> str:
        """The check time as it will be read ('→ Wed 15:00 (in 23h)'); Refused if it cannot be."""
        now, tz = self.clock.now(), self.clock.tz
        when = parse_when(text, now=now, tz=tz, field="check")
        return f"→ {local_clock(when, tz, now)} ({relative(when, now)})"

    @on(Input.Changed, "#check")
    def preview(self, event: Input.Changed) -> None:
        try:
            shown = self._check_time(event.value) if event.value.strip() else ""
        except Refused:
            shown = "? try 30m, 2h, 17:00, tomorrow 09:00"
        self.query_one("#check-preview", Static).update(literal(shown))

    @on(Input.Submitted, "#check")
    def action_submit(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        check = self.query_one("#check", Input).value.strip()
        problems = {"note": "" if note else "✗ Say what to check.", "check": ""}
        if check:
            try:
                self._check_time(check)
            except Refused as refusal:
                problems["check"] = f"✗ {refusal.message}"
        for name, message in problems.items():
            self.show_error(f"error-{name}", message)
        bad = [name for name, message in problems.items() if message]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        self.dismiss((note, check))


class ReassignPrompt(PromptScreen[str]):
    """Pick who takes the handover now, ranked as the form's receiver picker (the sender may take it back)."""

    def __init__(self, desk: Desk, handover: Handover, user: str) -> None:
        super().__init__(f"Reassign {handover.id} (now with {handover.to})")
        self.desk = desk
        self.handover = handover
        self.user = user

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(literal("Hand it to (on shift with the skills first):"), classes="prompt-label")
            yield ReceiverList(id="receivers")
            yield Static(id="warning", classes="prompt-warning")
            yield Static(id="error", classes="prompt-error")
            yield Static(literal("↑↓ move · enter choose · esc cancel"), classes="prompt-hint")

    def on_mount(self) -> None:
        service = next((s for s in self.desk.services() if s.name == self.handover.service), None)
        choices = self.desk.receivers(self.handover.service, sender=self.handover.to)
        notes = {self.handover.from_: "takes it back" if self.handover.from_ == self.user else "the sender"}
        if self.user != self.handover.from_:
            notes.setdefault(self.user, "you")
        receivers = self.query_one(ReceiverList)
        receivers.show(choices, service.skills if service else (), notes)
        if not choices:
            self.show_error("error", "✗ Nobody else to hand it to.")
        receivers.focus()

    @on(OptionList.OptionHighlighted, "#receivers")
    def warn(self, event: OptionList.OptionHighlighted) -> None:
        """Before choosing: why the highlighted colleague may be the wrong one (allowed, but said)."""
        handle = event.option.id
        warnings = self.desk.receiver_warnings(handle, self.handover.service) if handle else []
        if handle == self.handover.from_:
            warnings = []  # back to the sender: theirs to finish, whatever the roster says
        text = f"⚠ {'; '.join(warnings)} — enter still hands it to {handle}" if warnings else ""
        warning = self.query_one("#warning", Static)
        warning.update(literal(text))
        warning.set_class(bool(warnings), "-shown")

    @on(ReceiverList.Chosen)
    def chosen(self, event: ReceiverList.Chosen) -> None:
        self.dismiss(event.handle)


class ClosedPrompt(PromptScreen[str]):
    """Pick a recently closed handover (to reopen): the board shows only open ones."""

    def __init__(self, closed: list[Handover], clock: Clock) -> None:
        super().__init__("Reopen which handover?")
        self.closed = closed
        self.clock = clock

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(literal("Recently closed, that you sent or held:"), classes="prompt-label")
            yield OptionList(*(self._option(h) for h in self.closed), id="closed")
            yield Static(literal("↑↓ move · enter choose · esc cancel"), classes="prompt-hint")

    def _option(self, handover: Handover) -> Option:
        now, tz = self.clock.now(), self.clock.tz
        closed_at = local_clock(handover.closed_at, tz, now) if handover.closed_at else "—"
        how = "withdrawn" if handover.withdrawn_reason is not None else "closed"
        head = f"{handover.id} · {how} {closed_at} by {handover.closed_by or '—'} · {handover.from_} → {handover.to}"
        action = handover.action_required.strip().splitlines()[0] if handover.action_required.strip() else ""
        line = f"{customer_label(handover, privacy=True)} — {action}"
        return Option(join(literal(head, "bold"), "\n", literal(line)), id=handover.id)

    def on_mount(self) -> None:
        self.query_one("#closed", OptionList).focus()

    @on(OptionList.OptionSelected, "#closed")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class Confirm(PromptScreen[bool]):
    """Yes or no; `n`, escape and the default button all mean no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("left,right", "app.focus_next", "Other button", show=False, id="confirm.other"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__("Please confirm")
        self.question = question

    def compose(self) -> ComposeResult:
        with self.box():
            yield Static(literal(self.question), classes="prompt-label")
            with Horizontal(classes="prompt-buttons"):
                yield Button(Content("Yes (y)"), id="yes", variant="error", compact=True)
                yield Button(Content("No (n)"), id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

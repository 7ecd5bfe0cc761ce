"""Small modal questions the board asks before it calls the Desk: a text, a flag, a receiver, yes/no.

Each one only collects what a person types and dismisses with it (None when cancelled);
the caller performs the Desk call, so refusals are shown in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from shiftboard.domain.duetime import parse_when
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.services import Desk
from shiftboard.tui.safe import literal
from shiftboard.tui.widgets.form_fields import ReceiverList

PROMPT_CSS = """
{name} {{
    align: center middle;
    & > .prompt-box {{
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-style: bold;
        background: $panel;
        padding: 0 1;
    }}
    .prompt-label {{ margin-top: 1; }}
    .prompt-context {{ max-height: 6; text-style: italic; }}
    .prompt-error {{ color: $text-error; text-style: bold; display: none; }}
    .prompt-error.-shown {{ display: block; }}
    .prompt-hint {{ color: $text-muted; }}
}}
"""


def _box(title: str) -> Vertical:
    box = Vertical(classes="prompt-box")
    box.border_title = literal(title)  # a str border title would be parsed as markup
    return box


class PromptArea(TextArea):
    """A TextArea where enter submits (as in a one-line prompt) and ctrl+j starts a new line."""

    DEFAULT_CSS = """
    PromptArea { height: auto; min-height: 3; max-height: 8; }
    """

    class Submitted(Message):
        pass

    async def _on_key(self, event: Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
        elif event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")


class TextPrompt(ModalScreen[str | None]):
    """Ask for one text (an outcome, a reason, a comment); pasted or ctrl+j newlines are kept."""

    DEFAULT_CSS = PROMPT_CSS.format(name="TextPrompt")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="prompt.submit"),
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

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
        super().__init__()
        self.title_text = title
        self.label = label
        self.required = required
        self.initial = initial
        self.context = context  # what the answer is about (the action read back), shown above the label
        self.one_line = one_line  # a search word, not a note: an Input, and enter applies it

    def compose(self) -> ComposeResult:
        with _box(self.title_text):
            if self.context:
                yield Static(literal(self.context), classes="prompt-label prompt-context")
            yield Static(literal(self.label), classes="prompt-label")
            if self.one_line:
                yield Input(self.initial, id="text")
            else:
                yield PromptArea(self.initial, id="text", tab_behavior="focus", soft_wrap=True)
            yield Static(id="error", classes="prompt-error")
            hint = "enter apply · esc cancel" if self.one_line else "enter save · ctrl+j new line · esc cancel"
            yield Static(hint, classes="prompt-hint", markup=False)

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
            error = self.query_one("#error", Static)
            error.update(literal("✗ This is required: type something, or press esc to cancel."))
            error.add_class("-shown")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FlagPrompt(ModalScreen[tuple[str, str] | None]):
    """A follow-up flag: a note (required) and when to check, like `30m` or `17:00` (optional)."""

    DEFAULT_CSS = PROMPT_CSS.format(name="FlagPrompt")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="prompt.submit"),
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, handover_id: str) -> None:
        super().__init__()
        self.handover_id = handover_id

    def compose(self) -> ComposeResult:
        with _box(f"Flag {self.handover_id} for follow-up"):
            yield Static("What to check:", classes="prompt-label", markup=False)
            yield Input(id="note", placeholder="e.g. confirm the refund went through")
            yield Static(id="error-note", classes="prompt-error")
            yield Static("Check at (optional): 30m, 2h, 17:00, tomorrow 09:00", classes="prompt-label", markup=False)
            yield Input(id="check", placeholder="30m")
            yield Static(id="error-check", classes="prompt-error")
            yield Static("enter next/save · tab move · esc cancel", classes="prompt-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def next_field(self) -> None:
        self.query_one("#check", Input).focus()

    @on(Input.Submitted, "#check")
    def action_submit(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        check = self.query_one("#check", Input).value.strip()
        problems = {"note": "" if note else "✗ Say what to check.", "check": ""}
        if check:
            try:
                parse_when(check, now=datetime.now(UTC), tz=UTC, field="check")
            except Refused as refusal:
                problems["check"] = f"✗ {refusal.message}"
        for name, message in problems.items():
            error = self.query_one(f"#error-{name}", Static)
            error.update(literal(message))
            error.set_class(bool(message), "-shown")
        bad = [name for name, message in problems.items() if message]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        self.dismiss((note, check))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReassignPrompt(ModalScreen[str | None]):
    """Pick who takes the handover now, ranked as the form's receiver picker (the sender may take it back)."""

    DEFAULT_CSS = PROMPT_CSS.format(name="ReassignPrompt")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, desk: Desk, handover: Handover, user: str) -> None:
        super().__init__()
        self.desk = desk
        self.handover = handover
        self.user = user

    def compose(self) -> ComposeResult:
        with _box(f"Reassign {self.handover.id} (now with {self.handover.to})"):
            yield Static("Hand it to (on shift with the skills first):", classes="prompt-label", markup=False)
            yield ReceiverList(id="receivers")
            yield Static(id="error", classes="prompt-error")
            yield Static("↑↓ move · enter choose · esc cancel", classes="prompt-hint", markup=False)

    def on_mount(self) -> None:
        service = next((s for s in self.desk.services() if s.name == self.handover.service), None)
        choices = self.desk.receivers(self.handover.service, sender=self.handover.to)
        notes = {self.handover.from_: "takes it back" if self.handover.from_ == self.user else "the sender"}
        if self.user != self.handover.from_:
            notes.setdefault(self.user, "you")
        receivers = self.query_one(ReceiverList)
        receivers.show(choices, service.skills if service else (), notes)
        if not choices:
            error = self.query_one("#error", Static)
            error.update(literal("✗ Nobody else to hand it to."))
            error.add_class("-shown")
        receivers.focus()

    @on(ReceiverList.Chosen)
    def chosen(self, event: ReceiverList.Chosen) -> None:
        self.dismiss(event.handle)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Yes or no; `n`, escape and the default button all mean no."""

    DEFAULT_CSS = (
        PROMPT_CSS.format(name="Confirm")
        + """
    Confirm .prompt-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    Confirm Button { margin-left: 2; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("left,right", "app.focus_next", "Other button", show=False, id="confirm.other"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with _box("Please confirm"):
            yield Static(literal(self.question), classes="prompt-label")
            with Horizontal(classes="prompt-buttons"):
                yield Button("Yes (y)", id="yes", variant="error", compact=True)
                yield Button("No (n)", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

"""The handover form: every field of SPEC §1, keyboard only, saved through `Desk.hand_over`.

The form holds no rule: the Desk (domain) validates, and each refusal comes back keyed by
field so it is shown beside that field. It saves through the app's write path, so a store
locked by another process is waited for in the background, never by the screen. What is
typed is always available as `draft`, so the app can keep it when a shared terminal locks
and pre-fill it on return.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from shiftboard.domain.drafts import LABELS as STORED_NAMES
from shiftboard.domain.drafts import NO, REQUIRABLE, REQUIRED, YES, DraftInvalid, HandoverDraft
from shiftboard.domain.duetime import local_clock, parse_when, relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Channel, Handover, Priority, Service
from shiftboard.services import Desk
from shiftboard.tui.safe import literal, say
from shiftboard.tui.screens.prompts import Confirm
from shiftboard.tui.widgets.form_fields import Choice, ReceiverList

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp

ALWAYS_REQUIRED = {*REQUIRED, "service", "due", "priority", "channel", "informed"}
LABELS = {
    "service": "Service",
    "to": "To",
    "customer_name": "Customer name",
    "customer_contact": "Contact",
    "customer_ref": "Reference",
    "preferences": "Preferences",
    "summary": "Summary",
    "actions_taken": "Actions taken",
    "action_required": "Action required",
    "sender_keeps": "You keep",
    "promises": "Promises",
    "contingency": "Contingency",
    "due": "Due",
    "priority": "Priority",
    "channel": "Channel",
    "informed": "Customer told",
    "informed_note": "Informed note",
    "check_at": "Check at",
}
PLACEHOLDERS = {
    "customer_name": "as the customer gives it",
    "customer_contact": "phone or e-mail",
    "customer_ref": "account or case number",
    "preferences": "how and when to contact them; anything they asked us to remember",
    "summary": "the customer's situation, so they never repeat themselves",
    "actions_taken": "what has been done so far",
    "action_required": "what the receiver must do",
    "sender_keeps": "what you stay accountable for yourself",
    "promises": "what the customer was promised, by when",
    "contingency": "if … then …",
    "informed_note": "what they were told",
    "check_at": "e.g. 1h, 16:30",
}
SHORT_TEXT = ("customer_name", "customer_contact", "customer_ref", "informed_note")
LONG_TEXT = ("preferences", "summary", "actions_taken", "action_required", "sender_keeps", "promises", "contingency")
DUE_SHORTCUTS = (("30m", "30m"), ("1h", "1h"), ("2h", "2h"))


def beside_field(key: str, message: str) -> str:
    """The domain names a field as it is stored (`customer.name is required`), which suits the command
    line; beside the field the form's own label reads better (`Customer name is required`)."""
    stored = STORED_NAMES.get(key)
    if stored and message.startswith(f"{stored}: "):
        rest = message[len(stored) + 2 :]
        return rest[:1].upper() + rest[1:]
    if stored and message.startswith(f"{stored} "):
        return LABELS[key] + message[len(stored) :]
    return message


def field_row(key: str, *widgets: Widget, hint: Content | str = "") -> Vertical:
    """A label, the input(s), an optional hint and the (hidden until needed) error message."""
    line = Horizontal(Static(id=f"label-{key}", classes="field-label"), *widgets, classes="field-line")
    parts: list[Widget] = [line]
    if hint:
        parts.append(Static(hint if isinstance(hint, Content) else literal(hint), classes="field-hint"))
    parts.append(Static(id=f"error-{key}", classes="field-error"))
    return Vertical(*parts, id=f"field-{key}", classes="field")


class HandoverForm(Screen[Handover | None]):
    """New handover from `user`; dismisses with the saved Handover, or None when cancelled."""

    DEFAULT_CSS = """
    HandoverForm {
        #form-title { height: 1; padding: 0 1; background: $primary; color: $text; text-style: bold; }
        #fields { height: 1fr; padding: 0 1 0 0; scrollbar-size-vertical: 1; }
        .section { height: 1; padding: 0 1; margin-top: 1; text-style: bold underline; }
        .field { height: auto; padding-left: 1; }
        .field-line { height: auto; }
        .field-label { width: 20; height: auto; color: $text-muted; }
        .field:focus-within .field-label { color: $text; text-style: bold reverse; }
        .field.-invalid .field-label { color: $text-error; text-style: bold; }
        .field-hint { height: auto; padding-left: 20; color: $text-muted; }
        .field-error { height: auto; padding-left: 20; color: $text-error; text-style: bold; display: none; }
        .field.-invalid > .field-error { display: block; }
        #template { height: auto; padding-left: 21; color: $text-accent; }
        #answers { height: auto; }
        Input, TextArea, Select, Choice, ReceiverList { width: 1fr; }
        TextArea { height: auto; min-height: 1; max-height: 6; padding: 0; }
        #due { width: 24; }
        #due-preview, #check_at-preview { width: 1fr; padding-left: 1; color: $text-muted; }
        #check_at { width: 24; }
        .shortcuts { height: 1; padding-left: 20; }
        .shortcuts Button { margin-right: 1; min-width: 5; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys that arrive together (typed ahead over a slow SSH link) must land where they were meant:
        # ctrl+s is not a priority binding, so it queues behind the keys typed into the focused field and
        # saves what they typed; tab is one, so focus moves before the next key is handed to a field.
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="form.next-field"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="form.previous-field"
        ),
    ]

    def __init__(self, desk: Desk, user: str, draft: HandoverDraft | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.user = user
        self._initial = replace(draft) if draft else HandoverDraft()
        self._services = {service.name: service for service in desk.services()}
        initial_service = self._initial.service if self._initial.service in self._services else "general"
        self._service = initial_service
        self._answers: dict[str, dict[int, str]] = {initial_service: dict(self._initial.answers)}
        self._ready = False
        self._saving = False

    def compose(self) -> ComposeResult:
        draft = self._initial
        yield Static(literal(f"New handover from {self.user}"), id="form-title")
        with VerticalScroll(id="fields"):
            options = [(literal(name), name) for name in self._services]
            service = Select(options, value=self._service, allow_blank=False, compact=True, id="service")
            yield field_row("service", service)
            yield Static(id="template")
            yield Vertical(id="answers")
            yield field_row(
                "to", ReceiverList(chosen=draft.to.strip().lower(), id="to"), hint="↑↓ move · enter/space choose"
            )
            yield Static("Customer", classes="section")
            for key in ("customer_name", "customer_contact", "customer_ref", "preferences"):
                yield field_row(key, self._text(key, getattr(draft, key)))
            yield Static("The action", classes="section")
            for key in ("summary", "actions_taken", "action_required", "sender_keeps", "promises", "contingency"):
                yield field_row(key, self._text(key, getattr(draft, key)))
            yield Static("Timing and contact", classes="section")
            yield field_row("due", Input(draft.due, id="due", compact=True), Static(id="due-preview"))
            yield Horizontal(
                *(Button(label, id=f"due-{n}", compact=True) for n, (label, _) in enumerate(self._due_shortcuts(), 1)),
                classes="shortcuts",
            )
            yield field_row("priority", self._choice("priority", [p.value for p in Priority]))
            yield field_row("channel", self._choice("channel", [c.value for c in Channel]))
            yield field_row(
                "informed",
                self._choice("informed", ["no", "yes"]),
                hint="was the customer told of the transfer and their new contact?",
            )
            yield field_row("informed_note", self._text("informed_note", draft.informed_note))
            yield field_row(
                "check_at",
                Input(draft.check_at, id="check_at", placeholder=PLACEHOLDERS["check_at"], compact=True),
                Static(id="check_at-preview"),
            )
        yield Footer()

    def _text(self, key: str, value: str) -> Widget:
        if key in SHORT_TEXT:
            return Input(value, id=key, placeholder=PLACEHOLDERS[key], compact=True)
        return TextArea(
            value, id=key, placeholder=PLACEHOLDERS[key], compact=True, soft_wrap=True, tab_behavior="focus"
        )

    def _choice(self, key: str, options: list[str]) -> Choice:
        """A Choice showing the draft's word; one it does not know shows the usual default, never the first word."""
        typed = str(getattr(self._initial, key)).strip().lower()
        if key == "informed":
            typed = "yes" if typed in YES else "no" if typed in NO else typed
        return Choice(options, typed if typed in options else getattr(HandoverDraft(), key), id=key)

    def _due_shortcuts(self) -> list[tuple[str, str]]:
        current = set(self.desk.current_shift_names())
        ends = [shift.end for shift in self.desk.shifts() if shift.name in current and self.user in shift.members]
        end = ends[0] if ends else "17:00"
        return [*DUE_SHORTCUTS, (f"end of shift {end}", end), ("tomorrow 09:00", "tomorrow 09:00")]

    async def on_mount(self) -> None:
        await self._show_service(self._service)
        self._preview("due")
        self._preview("check_at")
        self._ready = True
        self.query_one("#service", Select).focus()

    # What is typed --------------------------------------------------------------------

    @property
    def draft(self) -> HandoverDraft:
        """The handover as typed right now (the initial draft until the form is on screen)."""
        if not self._ready:
            return replace(self._initial)
        values: dict[str, str] = {}
        for key in (*SHORT_TEXT, "due", "check_at"):
            values[key] = self.query_one(f"#{key}", Input).value
        for key in LONG_TEXT:
            values[key] = self.query_one(f"#{key}", TextArea).text
        for key in ("priority", "channel", "informed"):
            values[key] = self.query_one(f"#{key}", Choice).value
        return HandoverDraft(
            to=self.query_one(ReceiverList).chosen,
            service=self._service,
            answers=self._typed_answers(),
            **values,
        )

    def _typed_answers(self) -> dict[int, str]:
        answers = {}
        for widget in self.query("#answers Input").results(Input):
            number = int(str(widget.id).removeprefix("answer_"))
            if widget.value:
                answers[number] = widget.value
        return answers

    # The service and its template -----------------------------------------------------

    @on(Select.Changed, "#service")
    async def service_changed(self, event: Select.Changed) -> None:
        if self._ready and isinstance(event.value, str) and event.value != self._service:
            self._answers[self._service] = self._typed_answers()
            await self._show_service(event.value)

    async def _show_service(self, name: str) -> None:
        """Show the template of `name` (prompts to answer, fields it requires) and re-rank receivers."""
        self._service = name
        service = self._services.get(name, Service(name=name))
        required = ALWAYS_REQUIRED | {REQUIRABLE[field] for field in service.require if field in REQUIRABLE}
        for key, label in LABELS.items():
            self.query_one(f"#label-{key}", Static).update(literal(f"{label} *" if key in required else label))
        self.query_one("#template", Static).update(literal(template_words(service)))
        cached = self._answers.get(name, {})
        rows = []
        for number in range(1, len(service.prompts) + 1):
            key = f"answer_{number}"
            rows.append(field_row(key, Input(cached.get(number, ""), id=key, compact=True, placeholder="answer")))
        answers = self.query_one("#answers", Vertical)
        await answers.remove_children()
        await answers.mount_all(rows)
        for number, prompt in enumerate(service.prompts, start=1):
            self.query_one(f"#label-answer_{number}", Static).update(literal(f"{number}. {prompt} *"))
        self.query_one(ReceiverList).show(self.desk.receivers(name, sender=self.user), service.skills)

    # Due and check times --------------------------------------------------------------

    @on(Input.Changed, "#due, #check_at")
    def time_changed(self, event: Input.Changed) -> None:
        self._preview(str(event.input.id))

    def _preview(self, key: str) -> None:
        text = self.query_one(f"#{key}", Input).value
        preview = self.query_one(f"#{key}-preview", Static)
        if not text.strip():
            preview.update("")
            return
        now, tz = self.desk.clock.now(), self.desk.clock.tz
        try:
            when = parse_when(text, now=now, tz=tz, field=key)
        except Refused:
            preview.update(literal("? try 45m, 2h, 17:30, tomorrow 09:00"))
            return
        preview.update(literal(f"→ {local_clock(when, tz, now)} ({relative(when, now)})"))

    @on(Button.Pressed, ".shortcuts Button")
    def due_shortcut(self, event: Button.Pressed) -> None:
        number = int(str(event.button.id).removeprefix("due-"))
        self.query_one("#due", Input).value = self._due_shortcuts()[number - 1][1]

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    # Save and cancel ------------------------------------------------------------------

    def action_save(self) -> None:
        """Save through the app's write path, so a store held by another process never freezes the form."""
        if self._saving:
            say(self, "Already saving: waiting for the store.", severity="warning")
            return
        draft = self.draft
        self._saving = True
        cast("ShiftboardApp", self.app).run_write(
            lambda: self.desk.hand_over(draft, by=self.user),
            lambda handover: f"{handover.id} handed to {handover.to}",
            then=self._saved,
            refused=self._refused,
            wanted=self._still_wanted,
        )

    def _still_wanted(self) -> bool:
        """A save that waited for the store goes ahead only while this form is what the user sees:
        leaving it (cancel, the terminal locking) withdraws the save."""
        if self.is_active:
            return True
        if self.is_attached:
            say(self, "Not saved while you were away from the form; ctrl+s saves it.", severity="warning")
        return False

    def _saved(self, handover: Handover | None) -> None:
        self._saving = False
        if handover is not None:
            self.dismiss(handover)

    def _refused(self, refusal: Refused) -> None:
        if isinstance(refusal, DraftInvalid):
            self.show_errors(refusal.errors)
        else:
            say(self, str(refusal), severity="error", title="Not saved")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; focus moves to the first bad field, in screen order."""
        for row in self.query(".field"):
            key = str(row.id).removeprefix("field-")
            message = errors.get(key, "")
            row.set_class(bool(message), "-invalid")
            row.query_one(f"#error-{key}", Static).update(literal(f"✗ {beside_field(key, message)}") if message else "")
        self.query_one("#template", Static).update(literal(template_words(self._current(), errors.get("answers"))))
        shown = {str(row.id).removeprefix("field-") for row in self.query(".field")} | {"answers"}
        for key, message in errors.items():
            if key not in shown:
                say(self, message, severity="error", title="Not saved")
        bad = [row for row in self.query(".field") if row.has_class("-invalid")]
        if bad:
            bad[0].query_one(".field-line").children[1].focus()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Choice.Changed)
    @on(ReceiverList.Chosen)
    def edited(self, event: Input.Changed | TextArea.Changed | Choice.Changed | ReceiverList.Chosen) -> None:
        """A field that was marked wrong loses its message once it is edited."""
        ancestors = event.control.ancestors if event.control is not None else []
        row = next((node for node in ancestors if node.has_class("field")), None)
        if isinstance(row, Widget) and row.has_class("-invalid"):
            row.remove_class("-invalid")

    def _current(self) -> Service:
        return self._services.get(self._service, Service(name=self._service))

    def action_cancel(self) -> None:
        if self.draft.is_blank():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm("Discard this handover? What you typed will be lost."), answered)


def template_words(service: Service, problem: str | None = None) -> str:
    """`refunds: receiver needs billing · requires promises · 2 prompts · at shift change`."""
    if not (service.skills or service.require or service.prompts) and not problem:
        return f"{service.name}: no template"
    parts = [f"{service.name} template"]
    if service.skills:
        parts.append(f"receiver needs {', '.join(service.skills)}")
    if service.require:
        parts.append(f"requires {', '.join(service.require)}")
    if service.prompts:
        parts.append(f"answer {len(service.prompts)} prompt{'s' if len(service.prompts) > 1 else ''}")
    parts.append({"both": "any time", "shift-change": "at shift change", "mid-shift": "mid-shift"}[service.when])
    if problem:
        parts.append(f"✗ {problem}")
    return " · ".join(parts)

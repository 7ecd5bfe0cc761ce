"""The handover form: every field of SPEC §1 (the domain's field registry), keyboard only, saved
through `Desk.hand_over`.

The form holds no rule: the Desk (domain) validates, and each refusal comes back keyed by field
so it is shown beside that field, named by the form's label. It saves through the app's write
path (a worker thread), so a store locked by another process never freezes it. What is typed is
always available as `draft`, so the app can keep it when a shared terminal locks and pre-fill it
on return.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from shiftboard.domain.drafts import ANSWERS, NO_WORDS, YES_WORDS, DraftInvalid, HandoverDraft, required_fields
from shiftboard.domain.duetime import local_clock, parse_when, relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.fields import BY_NAME, FIELDS, NO, YES, Field, Kind
from shiftboard.domain.models import Handover, Service
from shiftboard.services import Desk
from shiftboard.tui.safe import literal, say
from shiftboard.tui.screens.prompts import Confirm
from shiftboard.tui.widgets.form_fields import Choice, ReceiverList

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp

DUE_SHORTCUTS = (("30m", "30m"), ("1h", "1h"), ("2h", "2h"))
HINTS = {"to": "↑↓ move · enter/space choose"}


def beside_field(key: str, problem: str) -> str:
    """A problem as the form says it beside its field: named by the form's label (`Customer name is
    required`, `Answer 2 is required`)."""
    if key in BY_NAME:
        return f"{BY_NAME[key].label} {problem}"
    if key.startswith("answer_"):
        return f"Answer {key.removeprefix('answer_')} {problem}"
    return f"Answer {problem}" if key == ANSWERS else problem


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

    CSS_PATH = Path(__file__).with_name("form.tcss")
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
        self._initial = draft.replace() if draft else HandoverDraft()
        self._services = {service.name: service for service in desk.services()}
        initial_service = self._initial.service if self._initial.service in self._services else "general"
        self._service = initial_service
        self._answers: dict[str, dict[int, str]] = {initial_service: dict(self._initial.answers)}
        self._ready = False
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Static(literal(f"New handover from {self.user}"), classes="title-bar")
        with VerticalScroll(id="fields"):
            section = ""
            for field in FIELDS:
                if field.section != section:
                    section = field.section
                    yield Static(literal(section), classes="section")
                yield field_row(field.name, *self._widgets(field), hint=HINTS.get(field.name, ""))
                if field.kind is Kind.RECEIVER:
                    yield Static(id="receiver-warning", classes="field-warning")
                if field.kind is Kind.SERVICE:
                    yield Static(id="template")
                    yield Vertical(id="answers")
                if field.name == "due":
                    yield Horizontal(
                        *(
                            Button(literal(label), id=f"due-{n}", compact=True)
                            for n, (label, _) in enumerate(self._due_shortcuts(), 1)
                        ),
                        classes="shortcuts",
                    )
                if field.kind is Kind.YES_NO:
                    yield Static(literal(field.help), classes="field-hint")
        yield Footer()

    def _widgets(self, field: Field) -> list[Widget]:
        """The input(s) for one field, by its kind, holding what the draft says."""
        typed = getattr(self._initial, field.name)
        if field.kind is Kind.SERVICE:
            options = [(literal(name), name) for name in self._services]
            return [Select(options, value=self._service, allow_blank=False, compact=True, id=field.name)]
        if field.kind is Kind.RECEIVER:
            return [ReceiverList(chosen=typed.strip().lower(), id=field.name)]
        if field.kind is Kind.LINE:
            return [Input(typed, id=field.name, placeholder=field.help, compact=True)]
        if field.kind is Kind.TEXT:
            return [
                TextArea(
                    typed, id=field.name, placeholder=field.help, compact=True, soft_wrap=True, tab_behavior="focus"
                )
            ]
        if field.kind is Kind.WHEN:
            return [
                Input(typed, id=field.name, placeholder=field.help, compact=True, classes="when"),
                Static(id=f"{field.name}-preview", classes="when-preview"),
            ]
        return [self._choice(field, typed)]

    def _choice(self, field: Field, typed: str) -> Choice:
        """A Choice showing the draft's word; one it does not know shows the field's default (none for a
        question that must be answered, such as whether the customer was told)."""
        word = typed.strip().lower()
        if field.kind is Kind.YES_NO:
            word = YES if word in YES_WORDS else NO if word in NO_WORDS else word
        return Choice(field.choices, word if word in field.choices else field.default, id=field.name)

    @on(Choice.Changed, "#informed")
    def informed_changed(self) -> None:
        if self._ready:
            self._mark_required()

    def _mark_required(self) -> None:
        """A `*` on each required field: every handover's, the service's, and the informed note when the
        customer was not told (the domain's rule: 'no' needs a note saying why)."""
        required = required_fields(self._current())
        if self.query_one("#informed", Choice).value == NO:
            required.add("informed_note")
        for field in FIELDS:
            label = f"{field.label} *" if field.name in required else field.label
            self.query_one(f"#label-{field.name}", Static).update(literal(label))

    def _due_shortcuts(self) -> list[tuple[str, str]]:
        """30m, 1h, 2h, the end of the sender's own shift (when they are on one), tomorrow 09:00."""
        ending = []
        try:
            worked = self.desk.shift_now(self.user)
        except Refused:
            worked = None
        if worked is not None:
            end = worked.end.astimezone(self.desk.clock.tz).strftime("%H:%M")
            ending = [(f"end of shift {end}", end)]
        return [*DUE_SHORTCUTS, *ending, ("tomorrow 09:00", "tomorrow 09:00")]

    async def on_mount(self) -> None:
        await self._show_service(self._service)
        for field in FIELDS:
            if field.kind is Kind.WHEN:
                self._preview(field.name)
        self._ready = True
        self.query_one("#service", Select).focus()

    # What is typed --------------------------------------------------------------------

    @property
    def draft(self) -> HandoverDraft:
        """The handover as typed right now (the initial draft until the form is on screen)."""
        if not self._ready:
            return self._initial.replace()
        values: dict[str, str] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{field.name}")
            if isinstance(widget, Input):
                values[field.name] = widget.value
            elif isinstance(widget, TextArea):
                values[field.name] = widget.text
            elif isinstance(widget, Choice):
                values[field.name] = widget.value
            elif isinstance(widget, ReceiverList):
                values[field.name] = widget.chosen
        values["service"] = self._service
        return HandoverDraft(answers=self._typed_answers(), **values)

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
        self._mark_required()
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
        self._warn_receiver()

    # Receiver warnings ----------------------------------------------------------------

    @property
    def receiver_warnings(self) -> list[str]:
        """Why the chosen receiver may be the wrong one (off shift, without the service's skills): allowed,
        but said beside To before saving, and again when saved."""
        chosen = self.query_one(ReceiverList).chosen
        if not chosen:
            return []
        try:
            return self.desk.receiver_warnings(chosen, self._service)
        except Refused:
            return []

    @on(ReceiverList.Chosen)
    def _receiver_chosen(self) -> None:
        self._warn_receiver()

    def _warn_receiver(self) -> None:
        warning = self.query_one("#receiver-warning", Static)
        warnings = self.receiver_warnings
        text = f"⚠ {'; '.join(warnings)} — ctrl+s still saves" if warnings else ""
        warning.update(literal(text))
        warning.set_class(bool(warnings), "-shown")

    # Due and check times --------------------------------------------------------------

    @on(Input.Changed, ".when")
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
            preview.update(literal("? try 45m, 2h, 17:30, tomorrow 09:00 (within a year)"))
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
        """Save through the app's write path (a worker thread), so a store held by another process never
        freezes the form; the form stays until the save is done, then closes."""
        if self._saving:
            say(self, "Already saving: waiting for the store.", severity="warning")
            return
        draft = self.draft
        self._saving = True
        app = cast("ShiftboardApp", self.app)

        def saved(handover: Handover | None) -> None:
            self._saving = False
            if handover is None:
                return
            if app.drafts.get(self.user) == draft:  # the terminal locked while it saved: it is no draft now
                del app.drafts[self.user]
            if self.is_attached:
                self.dismiss(handover)

        warned = self.receiver_warnings

        def said(handover: Handover) -> str:
            return f"{handover.id} handed to {handover.to}" + (f" (warned: {'; '.join(warned)})" if warned else "")

        app.write(lambda: self.desk.hand_over(draft, by=self.user), said, then=saved, refused=self._refused)

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
        answers = errors.get(ANSWERS)
        self.query_one("#template", Static).update(
            literal(template_words(self._current(), beside_field(ANSWERS, answers) if answers else None))
        )
        shown = {str(row.id).removeprefix("field-") for row in self.query(".field")} | {ANSWERS}
        for key, message in errors.items():
            if key not in shown:
                say(self, beside_field(key, message), severity="error", title="Not saved")
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
        if self._saving:
            say(self, "Saving: waiting for the store.", severity="warning")
            return
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

"""The shift-change checklist: before signing off, decide every open item you hold or sent.

For each item: hand it over (reassign, or a new handover pre-filled from it), keep it, or
close it (mark done as its receiver; verify and close as its sender; unable gives it back).
Each decision is one Desk call through the app's write path, so a store locked by another
process never freezes the list (keeping is a decision, not a change, so it writes nothing);
the header says how many are still undecided.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from shiftboard.domain import lifecycle
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.duetime import relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.domain.status import card_status
from shiftboard.domain.text import initials
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.offered import StepsScreen, steps_offered
from shiftboard.tui.safe import join, literal, say
from shiftboard.tui.screens.form import HandoverForm
from shiftboard.tui.screens.prompts import ReassignPrompt, TextPrompt

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp

UNDECIDED = "○ undecided"
INDENT = "   "
STEP_KEYS = {  # lifecycle.NEXT_STEPS this screen offers -> (binding id, footer label)
    "reassign": ("checklist.reassign", "Reassign"),
    "done": ("checklist.done", "Done"),
    "verify": ("checklist.verify", "Verify"),
    "unable": ("checklist.unable", "Unable"),
}


def draft_from(handover: Handover) -> HandoverDraft:
    """A new handover that carries this one's customer and action on to the next person."""
    customer = handover.customer
    return HandoverDraft(
        customer_name=customer.name or "",
        customer_contact=customer.contact or "",
        customer_ref=customer.ref,
        preferences=customer.preferences or "",
        summary=handover.summary,
        actions_taken=f"{handover.actions_taken}\n(carried on from {handover.id})",
        action_required=handover.action_required,
        service=handover.service,
        answers={n: item.answer for n, item in enumerate(handover.checklist, start=1) if item.answer},
        promises=handover.promises,
        contingency=handover.contingency,
        due=handover.due.isoformat(),
        priority=handover.priority.value,
        channel=handover.channel.value,
    )


class ShiftChecklist(StepsScreen[None]):
    """Every open handover `user` holds or sent, each to be handed over, kept or closed."""

    STEP_KEYS = STEP_KEYS

    DEFAULT_CSS = """
    ShiftChecklist {
        #checklist-title { height: 1; padding: 0 1; background: $primary; color: $text; text-style: bold; }
        #checklist-status { height: auto; padding: 0 1; }
        #checklist-status.-all-decided { color: $text-success; text-style: bold; }
        #items { height: 1fr; border: none; }
        #items:focus { border: none; }
        #items > .option-list--option { padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Next", show=False, id="checklist.next"),
        Binding("k", "cursor(-1)", "Previous", show=False, id="checklist.previous"),
        Binding("r", "reassign", "Reassign", id="checklist.reassign"),
        Binding("n", "new_handover", "New handover", id="checklist.new"),
        Binding("K", "keep", "Keep", id="checklist.keep"),
        Binding("d", "done", "Done", id="checklist.done"),
        Binding("v", "verify", "Verify", id="checklist.verify"),
        Binding("x", "unable", "Unable", id="checklist.unable"),
        Binding("escape", "back", "Back", id="checklist.back"),
    ]

    def __init__(self, desk: Desk, user: str) -> None:
        super().__init__()
        self.desk = desk
        self.user = user
        mine = [h for h in desk.handovers(include_closed=False) if user in (h.to, h.from_)]
        self.ids = [h.id for h in mine]
        self.decisions: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Shift change checklist — {self.user}"), id="checklist-title")
        yield Static(id="checklist-status")
        yield OptionList(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#items", OptionList).focus()

    def on_resize(self) -> None:
        self.redraw()  # each row's action is cut to the width

    @on(OptionList.OptionHighlighted, "#items")
    def highlighted(self) -> None:
        self.offer_steps()

    def steps_offered(self) -> dict[str, str]:
        """Reassign / done / verify / unable, where they apply to the highlighted item."""
        option = self.query_one("#items", OptionList).highlighted_option
        if option is None or option.id is None:
            return {}
        try:
            handover = self.desk.handover(option.id)
        except (Refused, StoreError):
            return {}
        return steps_offered(self.desk, handover, self.user, STEP_KEYS)

    @property
    def undecided(self) -> list[str]:
        return [hid for hid in self.ids if hid not in self.decisions]

    def redraw(self) -> None:
        items = self.query_one("#items", OptionList)
        highlighted = items.highlighted
        items.set_options(Option(self._row(hid), id=hid) for hid in self.ids)
        if self.ids:
            items.highlighted = min(highlighted or 0, len(self.ids) - 1)
        status = self.query_one("#checklist-status", Static)
        left = len(self.undecided)
        if not self.ids:
            status.update(literal("Nothing open that you hold or sent: you can sign off."))
        elif left:
            status.update(literal(f"{left} of {len(self.ids)} still undecided: hand over, keep or close each one."))
        else:
            status.update(literal(f"All {len(self.ids)} decided: you can sign off."))
        status.set_class(bool(self.ids) and not left, "-all-decided")
        self.offer_steps()  # a decision may have moved the item on

    def _row(self, hid: str) -> Content:
        handover = self.desk.handover(hid)
        now = self.desk.clock.now()
        ack_within = timedelta(minutes=self.desk.settings().ack_within_minutes)
        role = "you hold it" if handover.to == self.user else f"you sent it to {handover.to}"
        if handover.to == self.user and handover.from_ != self.user:
            role += f", from {handover.from_}"
        customer = handover.customer
        who = f"{initials(customer.name)} {customer.ref}".strip() if customer.name else "(erased)"
        decision = self.decisions.get(hid, UNDECIDED)
        action = handover.action_required.strip().splitlines()[0] if handover.action_required.strip() else ""
        who_shown = literal(who, "italic")
        room = self._row_width() - len(INDENT) - who_shown.cell_length - 3  # after the indent, who and " — "
        return join(
            Content.styled(decision, "bold" if hid in self.decisions else "bold $text-warning"),
            literal(f"  {hid} · {role}"),
            literal(f"\n{INDENT}{card_status(handover, now, ack_within).label} · due {relative(handover.due, now)}"),
            f"\n{INDENT}",
            who_shown,
            " — ",
            literal(action).truncate(max(room, 1), ellipsis=True),
        )

    def _row_width(self) -> int:
        """Cells a row's line may take: the list's width inside its scrollbar, less the row's padding."""
        width = self.query_one("#items", OptionList).scrollable_content_region.width
        return (width or self.size.width - 2) - 2

    def _selected(self) -> Handover | None:
        option = self.query_one("#items", OptionList).highlighted_option
        if option is None or option.id is None:
            say(self, "Nothing selected.", severity="warning")
            return None
        return self.desk.handover(option.id)

    def _act(
        self, handover: Handover, write: Callable[[], Handover], decision: str, said: Callable[[Handover], str]
    ) -> None:
        """Write through the app's write path (a store busy elsewhere is waited for in the background);
        the item counts as decided once the write is done."""

        def written(result: Handover | None) -> None:
            if result is not None:
                self.decisions[handover.id] = decision
                if self.is_attached:
                    self.redraw()

        cast("ShiftboardApp", self.app).run_write(write, said, then=written)

    def _allowed(self, rule: Callable[..., object]) -> bool:
        """Try the domain rule without writing, so a refusal comes before any typing."""
        try:
            rule(self.desk.colleague(self.user))
        except Refused as refusal:
            say(self, refusal.message, title="Refused", severity="warning")
            return False
        return True

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#items", OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    def action_reassign(self) -> None:
        if (handover := self._selected()) is None:
            return

        def chosen(handle: str | None) -> None:
            if handle:
                verb = "taken back" if handle == self.user else f"→ handed to {handle}"
                self._act(
                    handover,
                    lambda: self.desk.reassign(handover.id, by=self.user, to=handle),
                    verb,
                    lambda h: f"{h.id} taken back" if h.to == self.user else f"{h.id} handed to {h.to}",
                )

        self.app.push_screen(ReassignPrompt(self.desk, handover, self.user), chosen)

    def action_new_handover(self) -> None:
        if (handover := self._selected()) is None:
            return

        def saved(new: Handover | None) -> None:
            if new is not None:
                self.decisions[handover.id] = f"→ new {new.id} to {new.to}"
                self.redraw()

        self.app.push_screen(HandoverForm(self.desk, self.user, draft=draft_from(handover)), saved)

    def action_keep(self) -> None:
        if (handover := self._selected()) is not None:
            self.decisions[handover.id] = "● kept"
            self.redraw()

    def action_done(self) -> None:
        if (handover := self._selected()) is None:
            return
        now, tz = self.desk.clock.now(), self.desk.clock.tz
        if not self._allowed(lambda me: lifecycle.done(handover, by=me, outcome=lifecycle.UNTYPED, now=now, tz=tz)):
            return

        def outcome(text: str | None) -> None:
            if text:
                self._act(
                    handover,
                    lambda: self.desk.done(handover.id, by=self.user, outcome=text),
                    "✓ done (sender verifies)",
                    lambda h: f"{h.id} marked done; the sender will verify",
                )

        self.app.push_screen(TextPrompt(f"Done: {handover.id}", "Outcome (what was done):"), outcome)

    def action_verify(self) -> None:
        if (handover := self._selected()) is not None:
            self._act(
                handover,
                lambda: self.desk.verify_close(handover.id, by=self.user),
                "■ verified and closed",
                lambda h: f"{h.id} verified and closed",
            )

    def action_unable(self) -> None:
        if (handover := self._selected()) is None:
            return
        now, tz = self.desk.clock.now(), self.desk.clock.tz
        if not self._allowed(lambda me: lifecycle.unable(handover, by=me, reason=lifecycle.UNTYPED, now=now, tz=tz)):
            return

        def reason(text: str | None) -> None:
            if text:
                self._act(
                    handover,
                    lambda: self.desk.unable(handover.id, by=self.user, reason=text),
                    "✗ unable: back to sender",
                    lambda h: f"{h.id} marked unable; back to {h.from_}",
                )

        self.app.push_screen(TextPrompt(f"Unable: {handover.id}", "Why it could not be done:"), reason)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#items")
    def open_choices(self) -> None:
        say(self, "r reassign · n new handover · K keep · d done · v verify and close · x unable")

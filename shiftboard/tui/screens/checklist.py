"""The shift-change checklist: before signing off, decide every open item you hold or sent.

For each item: hand it over (reassign, or a new handover pre-filled from it), keep it, or close
it (mark done as its receiver; verify and close as its sender; unable gives it back). The moves
are the board's own (`HandoverScreen`): the same checks, the same prompts, the same write path.
The header says how many items are still undecided.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from shiftboard.domain.drafts import draft_of
from shiftboard.domain.duetime import relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import PHRASES, EventKind
from shiftboard.domain.models import Handover
from shiftboard.domain.status import card_status, customer_label
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.offered import StepKeys
from shiftboard.tui.readable import Readable
from shiftboard.tui.safe import join, literal, say
from shiftboard.tui.screens.handover_actions import HandoverScreen

UNDECIDED = "○ undecided"
INDENT = "   "
STEP_KEYS: StepKeys = {  # the moves this screen offers in its footer -> (binding id, footer label)
    EventKind.REASSIGN: ("checklist.reassign", "Reassign"),
    EventKind.DONE: ("checklist.done", "Done"),
    EventKind.VERIFY: ("checklist.verify", "Verify"),
    EventKind.UNABLE: ("checklist.unable", "Unable"),
}
DECISIONS = {  # how a move reads as this checklist's decision on an item
    EventKind.DONE: "✓ done (sender verifies)",
    EventKind.VERIFY: "■ " + PHRASES[EventKind.VERIFY],
    EventKind.UNABLE: "✗ unable: back to sender",
}


class ShiftChecklist(HandoverScreen):
    """Every open handover `user` holds or sent, each to be handed over, kept or closed."""

    CSS_PATH = Path(__file__).with_name("checklist.tcss")
    STEP_KEYS = STEP_KEYS
    FOOTER_STEPS = None
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
        yield Static(literal(f"Shift change checklist — {self.user}"), classes="title-bar")
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

    def selected_handover(self) -> Handover | None:
        option = self.query_one("#items", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        try:
            return self.desk.handover(option.id)
        except (Refused, StoreError):
            return None

    def moved(self, kind: EventKind, before: Handover, after: Handover) -> None:
        if kind is EventKind.REASSIGN:
            decision = "taken back" if after.to == self.user else f"→ handed to {after.to}"
        else:
            decision = DECISIONS.get(kind)
        if decision is not None:
            self.decisions[before.id] = decision
        if self.is_attached:
            self.redraw()

    @property
    def undecided(self) -> list[str]:
        return [hid for hid in self.ids if hid not in self.decisions]

    def redraw(self) -> None:
        items = self.query_one("#items", OptionList)
        highlighted = items.highlighted
        items.set_options(Option(Readable(self._row(hid)), id=hid) for hid in self.ids)
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
        decision = self.decisions.get(hid, UNDECIDED)
        action = handover.action_required.strip().splitlines()[0] if handover.action_required.strip() else ""
        who_shown = literal(customer_label(handover, privacy=True), "italic")
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
        handover = self.selected_handover()
        if handover is None:
            say(self, "Nothing selected.", severity="warning")
        return handover

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#items", OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    def action_new_handover(self) -> None:
        from shiftboard.tui.screens.form import HandoverForm

        if (handover := self._selected()) is None:
            return

        def saved(new: Handover | None) -> None:
            if new is not None:
                self.decisions[handover.id] = f"→ new {new.id} to {new.to}"
                self.redraw()

        carried = f"{handover.actions_taken}\n(carried on from {handover.id})"
        draft = draft_of(handover).replace(actions_taken=carried)
        self.app.push_screen(HandoverForm(self.desk, self.user, draft=draft), saved)

    def action_keep(self) -> None:
        if (handover := self._selected()) is not None:
            self.decisions[handover.id] = "● kept"
            self.redraw()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#items")
    def open_choices(self) -> None:
        say(self, "r reassign · n new handover · K keep · d done · v verify and close · x unable")

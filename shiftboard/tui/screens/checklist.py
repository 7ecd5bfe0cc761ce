"""The shift-change checklist: before signing off, decide every open item you hold or sent.

For each item: hand it over (`r`: reassign that same card, with a handover note), keep it (`K`,
with a note), or close it (`d` done as its receiver, `v` verify as its sender, `x` unable gives it
back). The moves are the board's own (`HandoverScreen`): the same checks, prompts and write path.
Every decision is an event, and the list is read back from the Desk (`Desk.checklist`), so it is
the same after closing the board, on another terminal, or from the command line. `S` signs off:
never refused, whatever is undecided (the shift notes list it as carried over).
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

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Handover, Status
from shiftboard.domain.shiftchange import DECISION_WORDS, Decision, ShiftItem, ShiftNotes, role_words
from shiftboard.domain.status import card_status, customer_label, due_clause
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.offered import StepKeys
from shiftboard.tui.readable import Readable
from shiftboard.tui.safe import join, literal, say
from shiftboard.tui.screens.handover_actions import HandoverScreen

INDENT = "   "
STEP_KEYS: StepKeys = {  # the moves this screen offers in its footer -> (binding id, footer label)
    EventKind.REASSIGN: ("checklist.reassign", "Hand over"),
    EventKind.KEEP: ("checklist.keep", "Keep"),
    EventKind.DONE: ("checklist.done", "Done"),
    EventKind.VERIFY: ("checklist.verify", "Verify"),
    EventKind.UNABLE: ("checklist.unable", "Unable"),
}


class ShiftChecklist(HandoverScreen):
    """Every open handover `user` holds or sent, and each one they decided this shift."""

    CSS_PATH = Path(__file__).with_name("checklist.tcss")
    STEP_KEYS = STEP_KEYS
    FOOTER_STEPS = None
    HANDOVER_NOTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Next", show=False, id="checklist.next"),
        Binding("k", "cursor(-1)", "Previous", show=False, id="checklist.previous"),
        Binding("r", "reassign", "Hand over", id="checklist.reassign", tooltip="Hand it over: reassign, with a note"),
        Binding("K", "keep", "Keep", id="checklist.keep", tooltip="Keep it over the shift change, with a note"),
        Binding("d", "done", "Done", id="checklist.done"),
        Binding("v", "verify", "Verify", id="checklist.verify"),
        Binding("x", "unable", "Unable", id="checklist.unable"),
        Binding("S", "sign_off", "Sign off", id="checklist.sign-off", tooltip="Sign off: your shift notes"),
        Binding("escape", "back", "Back", id="checklist.back"),
    ]

    def __init__(self, desk: Desk, user: str) -> None:
        super().__init__()
        self.desk = desk
        self.user = user
        self.notes: ShiftNotes = desk.checklist(user)

    @property
    def ids(self) -> list[str]:
        return [item.handover.id for item in self.notes.items]

    @property
    def decisions(self) -> dict[str, ShiftItem]:
        """The decided items by id (what the events say was decided this shift)."""
        return {item.handover.id: item for item in self.notes.items if item.decided}

    def compose(self) -> ComposeResult:
        yield Static(classes="title-bar", id="checklist-title")
        yield Static(id="checklist-status")
        yield OptionList(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.board_app.changed.subscribe(self, lambda _version: self.redraw())
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
        if self.is_attached:
            self.redraw()

    @property
    def undecided(self) -> list[str]:
        return [item.handover.id for item in self.notes.items if not item.decided]

    def redraw(self) -> None:
        """Read the checklist again (decisions are events: this terminal's, another's, the command line's)."""
        try:
            self.notes = self.desk.checklist(self.user)
        except (Refused, StoreError) as problem:
            say(self, str(problem), title="Store problem", severity="error")
            return
        now, tz = self.desk.clock.now(), self.desk.clock.tz
        shift = f"{self.notes.shift}, " if self.notes.shift else ""
        title = f"Shift change checklist — {self.user} ({shift}since {local_clock(self.notes.since, tz, now)})"
        self.query_one("#checklist-title", Static).update(literal(title))
        items = self.query_one("#items", OptionList)
        highlighted = items.highlighted
        items.set_options(Option(Readable(self._row(item)), id=item.handover.id) for item in self.notes.items)
        if self.notes.items:
            items.highlighted = min(highlighted or 0, len(self.notes.items) - 1)
        status = self.query_one("#checklist-status", Static)
        left, total = len(self.undecided), len(self.notes.items)
        if not total:
            status.update(literal("Nothing open that you hold or sent: S signs off."))
        elif left:
            status.update(
                literal(f"{left} of {total} undecided: hand over (r), keep (K) or close each; S signs off anyway.")
            )
        else:
            status.update(literal(f"All {total} decided: S signs off."))
        status.set_class(bool(total) and not left, "-all-decided")
        self.offer_steps()  # a decision may have moved the item on

    def _row(self, item: ShiftItem) -> Content:
        handover = item.handover
        now = self.desk.clock.now()
        ack_within = timedelta(minutes=self.desk.settings().ack_within_minutes)
        decision = DECISION_WORDS[item.decision]
        state = card_status(handover, now, ack_within).label
        if handover.status is not Status.CLOSED:
            state += f" · {due_clause(handover, now)}"
        if item.decided and item.detail:
            state += f" · {item.detail}"
        action = handover.action_required.strip().splitlines()[0] if handover.action_required.strip() else ""
        who_shown = literal(customer_label(handover, privacy=True), "italic")
        room = self._row_width() - len(INDENT) - who_shown.cell_length - 3  # after the indent, who and " — "
        return join(
            Content.styled(decision, "bold" if item.decided else "bold $text-warning"),
            literal(f"  {handover.id} · {role_words(handover, self.user)}"),
            f"\n{INDENT}",
            literal(state).truncate(max(self._row_width() - len(INDENT), 1), ellipsis=True),
            f"\n{INDENT}",
            who_shown,
            " — ",
            literal(action).truncate(max(room, 1), ellipsis=True),
        )

    def _row_width(self) -> int:
        """Cells a row's line may take: the list's width inside its scrollbar, less the row's padding."""
        width = self.query_one("#items", OptionList).scrollable_content_region.width
        return (width or self.size.width - 2) - 2

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#items", OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    def action_sign_off(self) -> None:
        """Sign off, asking first when items are undecided (they are carried over, never a reason to refuse)."""
        left = len(self.undecided)
        if not left:
            self._sign_off()
            return
        from shiftboard.tui.screens.prompts import Confirm

        items = f"{left} item{'s are' if left != 1 else ' is'}"
        question = f"{items} undecided; your shift notes list them as carried over. Sign off now?"
        self.app.push_screen(Confirm(question), lambda yes: self._sign_off() if yes else None)

    def _sign_off(self) -> None:
        from shiftboard.tui.screens.shift_notes import ShiftNotesScreen

        def signed(notes: ShiftNotes | None) -> None:
            if notes is not None and self.is_attached:
                self.app.switch_screen(ShiftNotesScreen(notes))

        user = self.user
        self.board_app.write(
            lambda: self.desk.sign_off(by=user),
            lambda notes: (
                f"{user} signed off: {sum(1 for item in notes.items if item.decided)} decided, "
                f"{len(notes.section(Decision.CARRIED_OVER))} carried over"
            ),
            then=signed,
        )

    def action_back(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#items")
    def open_choices(self) -> None:
        say(self, "r hand over · K keep · d done · v verify and close · x unable · S sign off")

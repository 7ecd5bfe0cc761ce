"""The lifecycle moves (a d x v f r c Q) for any screen with a selected handover: the board, the
detail and the shift-change checklist all act through this one implementation.

Before asking anyone to type an outcome or a reason, the Desk checks the move (`Desk.check`, the
domain's own rule), so a refusal ("H-1042 is handed to bob; only bob or a supervisor can mark it
done") comes at once instead of after the typing. The write itself goes through the app's write
path (a worker thread), and the Desk checks again on the latest state under the store's lock.
The prompts are imported when first asked for: the board's start pays only for what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from shiftboard.domain.errors import Refused
from shiftboard.domain.events import PHRASES, EventKind
from shiftboard.domain.models import Handover, Status
from shiftboard.store import StoreError
from shiftboard.tui.offered import StepKeys, StepsScreen, steps_offered
from shiftboard.tui.safe import say

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp

# The footer offers the first moves the signed-in colleague has on the selected card (80 columns hold
# two beside the fixed keys); the help screen and the palette list every key.
FOOTER_STEPS = 2
STEP_KEYS: StepKeys = {
    EventKind.ACK: ("handover.ack", "Ack"),
    EventKind.DONE: ("handover.done", "Done"),
    EventKind.VERIFY: ("handover.verify", "Verify"),
    EventKind.ANSWER: ("handover.comment", "Answer"),
    EventKind.FLAG: ("handover.flag", "Flag"),
    EventKind.UNFLAG: ("handover.flag", "Unflag"),
    EventKind.REASSIGN: ("handover.reassign", "Reassign"),
    EventKind.QUERY: ("handover.query", "Query"),
    EventKind.UNABLE: ("handover.unable", "Unable"),
}


class HandoverScreen(StepsScreen[Any]):
    """A screen with a selected handover; subclasses say which one it is (`selected_handover`)."""

    STEP_KEYS = STEP_KEYS
    FOOTER_STEPS: int | None = FOOTER_STEPS
    HANDOVER_NOTE = False  # whether reassigning always asks for a handover note (the checklist's hand over)

    @property
    def board_app(self) -> ShiftboardApp:
        return cast("ShiftboardApp", self.app)

    def selected_handover(self) -> Handover | None:
        """The handover the lifecycle keys act on (none on this base screen)."""
        return None

    def moved(self, kind: EventKind, before: Handover, after: Handover) -> None:
        """Called once a move is written (the checklist notes its decisions here)."""

    def steps_offered(self) -> dict[str, str]:
        """The first FOOTER_STEPS lifecycle keys that apply to the selected card, by the domain's rules."""
        app = self.board_app
        return steps_offered(app.desk, self.selected_handover(), app.user, self.STEP_KEYS, self.FOOTER_STEPS)

    def _target(self, kind: EventKind) -> tuple[Handover, str] | None:
        """The selected handover and the user, if `kind` is open to them on it (else say why not)."""
        handover = self.selected_handover()
        user = self.board_app.user
        if handover is None or user is None:
            say(self, "No card selected.", severity="warning")
            return None
        try:
            self.board_app.desk.check(kind, handover, by=user)
        except Refused as refusal:
            say(self, refusal.message, title="Refused", severity="warning")
            return None
        except StoreError as error:
            say(self, str(error), title="Store problem", severity="error")
            return None
        return handover, user

    def _write(self, kind: EventKind, before: Handover, write: Callable[[], Handover], said: str) -> None:
        """Write through the app's worker; `said` may name `{id}` and `{to}` of the result."""

        def written(after: Handover | None) -> None:
            if after is not None:
                self.moved(kind, before, after)

        self.board_app.write(write, lambda h: said.format(id=h.id, to=h.to, sender=h.from_), then=written)

    def _ask(self, kind: EventKind, title: str, label: str, write: Callable[[Handover, str, str], Handover], said: str,
             *, required: bool = True, context: str = "") -> None:  # fmt: skip
        """Check `kind`, ask for its text, then `write(handover, user, text)`."""
        if (target := self._target(kind)) is None:
            return
        handover, user = target
        from shiftboard.tui.screens.prompts import TextPrompt

        def answered(text: str | None) -> None:
            if text is not None:
                self._write(kind, handover, lambda: write(handover, user, text), said)

        prompt = TextPrompt(title.format(id=handover.id), label, required=required, context=context)
        self.app.push_screen(prompt, answered)

    def action_ack(self) -> None:
        handover = self.selected_handover()
        desk = self.board_app.desk
        self._ask(
            EventKind.ACK,
            "Acknowledge {id}",
            "Read the action back in your own words (optional)",
            lambda h, user, text: desk.acknowledge(h.id, by=user, read_back=text),
            "{id} " + PHRASES[EventKind.ACK],
            required=False,
            context=f"Action required: {handover.action_required}" if handover else "",
        )

    def action_done(self) -> None:
        desk = self.board_app.desk
        self._ask(
            EventKind.DONE,
            "Mark {id} done",
            "Outcome: what was done for the customer",
            lambda h, user, text: desk.done(h.id, by=user, outcome=text),
            "{id} marked done; the sender will verify",
        )

    def action_unable(self) -> None:
        desk = self.board_app.desk
        self._ask(
            EventKind.UNABLE,
            "Unable to complete {id}",
            "Reason: why it could not be done",
            lambda h, user, text: desk.unable(h.id, by=user, reason=text),
            "{id} marked unable; {sender} picks the next step",
        )

    def action_query(self) -> None:
        desk = self.board_app.desk
        self._ask(
            EventKind.QUERY,
            "Query {id}",
            "Your question for the sender",
            lambda h, user, text: desk.query(h.id, by=user, question=text),
            "{id}: question sent back to {sender}",
        )

    def action_comment(self) -> None:
        handover = self.selected_handover()
        user = self.board_app.user
        desk = self.board_app.desk
        if handover is not None and handover.status is Status.QUERY and handover.from_ == user:
            self._ask(
                EventKind.ANSWER,
                "Answer the query on {id}",
                "Your answer (the card goes back to the receiver to acknowledge)",
                lambda h, by, text: desk.comment(h.id, by=by, note=text),
                "{id}: answered, back with {to}",
                context=f"Question: {handover.question or ''}",
            )
            return
        self._ask(
            EventKind.COMMENT,
            "Comment on {id}",
            "Comment",
            lambda h, by, text: desk.comment(h.id, by=by, note=text),
            "{id}: comment added",
        )

    def action_verify(self) -> None:
        if (target := self._target(EventKind.VERIFY)) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        self._write(
            EventKind.VERIFY,
            handover,
            lambda: desk.verify_close(handover.id, by=user),
            "{id} " + PHRASES[EventKind.VERIFY],
        )

    def action_flag(self) -> None:
        handover = self.selected_handover()
        desk = self.board_app.desk
        if handover is not None and handover.follow_up is not None:
            if (target := self._target(EventKind.UNFLAG)) is not None:
                _, user = target
                write = lambda: desk.unflag(handover.id, by=user)  # noqa: E731
                self._write(EventKind.UNFLAG, handover, write, "{id}: " + PHRASES[EventKind.UNFLAG])
            return
        if (target := self._target(EventKind.FLAG)) is None:
            return
        handover, user = target
        from shiftboard.tui.screens.prompts import FlagPrompt

        def flagged(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                note, check = answer
                self._write(
                    EventKind.FLAG,
                    handover,
                    lambda: desk.flag(handover.id, by=user, note=note, check=check),
                    "{id} " + PHRASES[EventKind.FLAG],
                )

        self.app.push_screen(FlagPrompt(handover.id, desk.clock), flagged)

    def action_reassign(self) -> None:
        """Pick the receiver (warned when they are off shift or lack the skills); the holder handing it on
        writes a handover note (required), and so does anyone handing over from the checklist."""
        if (target := self._target(EventKind.REASSIGN)) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        from shiftboard.tui.screens.prompts import ReassignPrompt, TextPrompt

        hand_on = handover.to == user and handover.from_ != user

        def write(handle: str, note: str) -> None:
            back = handle == handover.from_
            said = "{id} taken back" if back and user == handover.from_ else "{id} handed to {to}"
            if hand_on:
                said += "; {sender} is told"
            warned = [] if back else desk.receiver_warnings(handle, handover.service)
            if warned:
                said += " (warned: " + "; ".join(warned).replace("{", "{{").replace("}", "}}") + ")"
            write_ = lambda: desk.reassign(handover.id, by=user, to=handle, note=note)  # noqa: E731
            self._write(EventKind.REASSIGN, handover, write_, said)

        def chosen(handle: str | None) -> None:
            if handle is None:
                return
            if not (hand_on or self.HANDOVER_NOTE):
                write(handle, "")
                return
            label = "Handover note: what they need to know" + ("" if hand_on else " (optional)")
            prompt = TextPrompt(
                f"Hand {handover.id} to {handle}",
                label,
                required=hand_on,
                context=f"Action required: {handover.action_required}",
            )
            self.app.push_screen(prompt, lambda note: write(handle, note) if note is not None else None)

        self.app.push_screen(ReassignPrompt(desk, handover, user), chosen)

    def action_keep(self) -> None:
        desk = self.board_app.desk
        self._ask(
            EventKind.KEEP,
            "Keep {id} over your shift change",
            "Note: why you keep it, and what happens next",
            lambda h, user, text: desk.keep(h.id, by=user, note=text),
            "{id} kept over the shift change",
        )

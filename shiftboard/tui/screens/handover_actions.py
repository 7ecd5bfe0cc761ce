"""The lifecycle moves (a d x v f r c Q t w o z) for any screen with a selected handover: the board, the
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

from shiftboard.domain.duetime import local_clock, relative
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import PHRASES, EventKind, phrase
from shiftboard.domain.lifecycle import taken_back
from shiftboard.domain.models import Handover, Status
from shiftboard.domain.status import customer_label
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
    EventKind.TAKE_BACK: ("handover.take-back", "Take back"),
    EventKind.WITHDRAW: ("handover.withdraw", "Withdraw"),
    EventKind.REOPEN: ("handover.reopen", "Reopen"),
    EventKind.UNDO: ("handover.undo", "Undo"),
}
UNDO_HINT = " · z undoes (2 min)"


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
        return (handover, user) if self._allowed(kind, handover, user) else None

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
        required = self.board_app.live.settings.require_read_back
        self._ask(
            EventKind.ACK,
            "Acknowledge {id}",
            "Read the action back in your own words" + (" (required)" if required else " (optional)"),
            lambda h, user, text: desk.acknowledge(h.id, by=user, read_back=text),
            "{id} " + PHRASES[EventKind.ACK] + UNDO_HINT,
            required=required,
            context=self.ack_context(handover) if handover else "",
        )

    def ack_context(self, handover: Handover) -> str:
        """What the receiver acknowledges: the action, the promises, when it is due, the customer's wishes."""
        clock = self.board_app.desk.clock
        now = clock.now()
        lines = [f"Action required: {handover.action_required}"]
        if handover.promises:
            lines.append(f"Promised: {handover.promises}")
        lines.append(f"Due: {local_clock(handover.due, clock.tz, now)} ({relative(handover.due, now)})")
        if handover.customer.preferences:
            lines.append(f"Customer prefers: {handover.customer.preferences}")
        return "\n".join(lines)

    def action_done(self) -> None:
        desk = self.board_app.desk
        handover = self.selected_handover()
        closes = handover is not None and taken_back(handover)  # its sender's own done closes it
        self._ask(
            EventKind.DONE,
            "Mark {id} done",
            "Outcome: what was done for the customer",
            lambda h, user, text: desk.done(h.id, by=user, outcome=text),
            "{id} marked done" + (" and closed (taken back: nobody verifies)" if closes else "") + UNDO_HINT,
        )

    def action_unable(self) -> None:
        """Unable sends the card back to its sender: asked to confirm first (a wrong card is easy to hit)."""
        handover = self.selected_handover()
        if self._target(EventKind.UNABLE) is None or handover is None:
            return
        desk = self.board_app.desk
        question = (
            f"Mark {handover.id} unable to complete?\n{self.card_words(handover)}\n"
            f"It goes back to {handover.from_}, who decides what happens next."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._ask(
                    EventKind.UNABLE,
                    "Unable to complete {id}",
                    "Reason: why it could not be done",
                    lambda h, user, text: desk.unable(h.id, by=user, reason=text),
                    "{id} " + PHRASES[EventKind.UNABLE] + "; {sender} picks the next step" + UNDO_HINT,
                )

        self._confirm(question, confirmed)

    def card_words(self, handover: Handover) -> str:
        """`H-1042 · M.J.P. ACC-1 · Call her back …`: which card, as its colleagues know it."""
        action = handover.action_required.strip().splitlines()[0] if handover.action_required.strip() else ""
        return f"{handover.id} · {customer_label(handover, privacy=True)} · {action}"

    def _confirm(self, question: str, answered: Callable[[bool | None], None]) -> None:
        from shiftboard.tui.screens.prompts import Confirm

        self.app.push_screen(Confirm(question), answered)

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
        """Verify closes the card: asked to confirm first, with the outcome to check."""
        if (target := self._target(EventKind.VERIFY)) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        question = (
            f"Verify and close {handover.id}?\n{self.card_words(handover)}\n"
            f"Outcome ({handover.to}): {handover.outcome or '—'}"
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                write = lambda: desk.verify_close(handover.id, by=user)  # noqa: E731
                self._write(EventKind.VERIFY, handover, write, "{id} " + PHRASES[EventKind.VERIFY] + UNDO_HINT)

        self._confirm(question, confirmed)

    def action_take_back(self) -> None:
        if (target := self._target(EventKind.TAKE_BACK)) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        said = "{id} taken back: yours to finish (done closes it)" + UNDO_HINT
        self._write(EventKind.TAKE_BACK, handover, lambda: desk.take_back(handover.id, by=user), said)

    def action_withdraw(self) -> None:
        desk = self.board_app.desk
        handover = self.selected_handover()
        self._ask(
            EventKind.WITHDRAW,
            "Withdraw {id}",
            "Reason: why it is no longer needed (it closes, recorded as withdrawn)",
            lambda h, user, text: desk.withdraw(h.id, by=user, reason=text),
            "{id} withdrawn" + UNDO_HINT,
            context=self.card_words(handover) if handover else "",
        )

    def action_reopen(self) -> None:
        """Reopen the selected card if it is closed (the detail of a closed one); else pick one of your
        recently closed cards (the board shows only open ones)."""
        handover = self.selected_handover()
        if handover is not None and handover.status is Status.CLOSED:
            self._reopen(handover)
            return
        user = self.board_app.user
        if user is None:
            return
        from shiftboard.tui.screens.prompts import ClosedPrompt

        closed = self.board_app.desk.recently_closed(user)
        if not closed:
            say(self, "No closed handover of yours to reopen (archived ones can no longer change).")
            return

        def chosen(hid: str | None) -> None:
            picked = next((h for h in closed if h.id == hid), None)
            if picked is not None:
                self._reopen(picked)

        self.app.push_screen(ClosedPrompt(closed, self.board_app.desk.clock), chosen)

    def _reopen(self, handover: Handover) -> None:
        user = self.board_app.user
        desk = self.board_app.desk
        if user is None or not self._allowed(EventKind.REOPEN, handover, user):
            return
        from shiftboard.tui.screens.prompts import TextPrompt

        def answered(text: str | None) -> None:
            if text is not None:
                write = lambda: desk.reopen(handover.id, by=user, reason=text)  # noqa: E731
                self._write(EventKind.REOPEN, handover, write, "{id} reopened: with {to}" + UNDO_HINT)

        prompt = TextPrompt(
            f"Reopen {handover.id}",
            "Reason: closed by mistake, the customer came back …",
            context=self.card_words(handover),
        )
        self.app.push_screen(prompt, answered)

    def action_undo(self) -> None:
        """Undo your latest action: on the selected card if it is there, else your most recent one anywhere
        (a verified card has left the board). Asked to confirm, naming what is undone."""
        user = self.board_app.user
        if user is None:
            return
        desk = self.board_app.desk
        selected = self.selected_handover()
        target = None
        if selected is not None:
            try:
                desk.check(EventKind.UNDO, selected, by=user)
                target = selected
            except (Refused, StoreError):
                target = None
        if target is None:
            try:
                target = desk.last_undoable(user)
            except (Refused, StoreError):
                target = None
        if target is None:
            mine = selected is not None and selected.events and selected.events[-1].actor == user
            if mine and selected is not None and selected.events[-1].kind != EventKind.CREATE:
                self._allowed(EventKind.UNDO, selected, user)  # your own last action here: says why not (too old …)
            else:
                say(self, "Nothing of yours to undo from the last 2 minutes.", title="Refused", severity="warning")
            return
        last = target.events[-1]
        question = (
            f"Undo your “{phrase(last.kind)}” on {target.id}?\n{self.card_words(target)}\n"
            "The card goes back to how it was; the audit keeps both."
        )
        undoing = target

        def confirmed(yes: bool | None) -> None:
            if yes:
                write = lambda: desk.undo(undoing.id, by=user)  # noqa: E731
                self._write(EventKind.UNDO, undoing, write, f"{{id}}: undone “{phrase(last.kind)}”")

        self._confirm(question, confirmed)

    def _allowed(self, kind: EventKind, handover: Handover, user: str) -> bool:
        """Whether `kind` is open to `user` on `handover` (else say why not)."""
        try:
            self.board_app.desk.check(kind, handover, by=user)
        except Refused as refusal:
            say(self, refusal.message, title="Refused", severity="warning")
            return False
        except StoreError as error:
            say(self, str(error), title="Store problem", severity="error")
            return False
        return True

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
            self._write(EventKind.REASSIGN, handover, write_, said + UNDO_HINT)

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

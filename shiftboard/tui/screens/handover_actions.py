"""The lifecycle keys (a d x v f r c Q) for any screen showing one selected handover.

The rule lives in the domain; before asking someone to type an outcome or a reason we run
the same domain rule without writing, so a refusal ("H-1042 is handed to bob; only bob or a
supervisor can mark it done") comes at once instead of after the typing. The write itself
goes through `Desk`, which checks again on the latest state under the store's lock.
The prompts are imported when first asked for: the board's start pays only for what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague, Handover, Status
from shiftboard.store import StoreError
from shiftboard.tui.offered import StepsScreen, steps_offered
from shiftboard.tui.safe import say

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp


# The footer offers the first moves the signed-in colleague has on the selected card (80 columns hold
# two beside the fixed keys); the help screen and the palette list every key.
FOOTER_STEPS = 2
STEP_KEYS = {  # lifecycle.NEXT_STEPS -> (binding id, footer label)
    "ack": ("handover.ack", "Ack"),
    "done": ("handover.done", "Done"),
    "verify": ("handover.verify", "Verify"),
    "answer": ("handover.comment", "Answer"),
    "flag": ("handover.flag", "Flag"),
    "unflag": ("handover.flag", "Unflag"),
    "reassign": ("handover.reassign", "Reassign"),
    "query": ("handover.query", "Query"),
    "unable": ("handover.unable", "Unable"),
}


class HandoverScreen(StepsScreen[Any]):
    """A screen with a selected handover; subclasses say which one it is."""

    STEP_KEYS = STEP_KEYS

    def steps_offered(self) -> dict[str, str]:
        """The first FOOTER_STEPS lifecycle keys that apply to the selected card, by the domain's rules."""
        app = self.board_app
        return steps_offered(app.desk, self.selected_handover(), app.user, STEP_KEYS, FOOTER_STEPS)

    @property
    def board_app(self) -> ShiftboardApp:
        return cast("ShiftboardApp", self.app)

    def selected_handover(self) -> Handover | None:
        """The handover the lifecycle keys act on (none on this base screen)."""
        return None

    def _target(self) -> tuple[Handover, str] | None:
        handover = self.selected_handover()
        user = self.board_app.user
        if handover is None or user is None:
            say(self, "No card selected.", severity="warning")
            return None
        return handover, user

    def _allowed(self, rule: Callable[[Colleague], object]) -> bool:
        """Try the domain rule without writing; say why not when it refuses."""
        desk = self.board_app.desk
        try:
            rule(desk.colleague(self.board_app.user or ""))
        except Refused as refusal:
            say(self, refusal.message, title="Refused", severity="warning")
            return False
        except StoreError as error:
            say(self, str(error), title="Store problem", severity="error")
            return False
        return True

    def _write(self, write: Callable[[], Handover], done: Callable[[Handover], str]) -> None:
        self.board_app.run_write(write, done)

    def action_ack(self) -> None:
        if (target := self._target()) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        now, tz = desk.clock.now(), desk.clock.tz
        if not self._allowed(lambda me: lifecycle.acknowledge(handover, by=me, read_back="", now=now, tz=tz)):
            return

        from shiftboard.tui.screens.prompts import TextPrompt

        def acknowledge(read_back: str | None) -> None:
            if read_back is not None:
                self._write(
                    lambda: desk.acknowledge(handover.id, by=user, read_back=read_back),
                    lambda h: f"{h.id} acknowledged",
                )

        prompt = TextPrompt(
            f"Acknowledge {handover.id}",
            "Read the action back in your own words (optional)",
            required=False,
            context=f"Action required: {handover.action_required}",
        )
        self.app.push_screen(prompt, acknowledge)

    def _ask_then(
        self,
        rule: Callable[[Handover, Colleague], object],
        title: str,
        label: str,
        write: Callable[[Handover, str, str], Handover],
        done: str,
    ) -> None:
        """Try `rule`, ask for the required text, then `write(handover, user, text)`."""
        if (target := self._target()) is None:
            return
        handover, user = target
        if not self._allowed(lambda me: rule(handover, me)):
            return

        from shiftboard.tui.screens.prompts import TextPrompt

        def answered(text: str | None) -> None:
            if text is not None:
                self._write(lambda: write(handover, user, text), lambda h: done.format(id=h.id, to=h.to))

        self.app.push_screen(TextPrompt(title.format(id=handover.id), label, required=True), answered)

    def action_done(self) -> None:
        desk = self.board_app.desk
        now, tz = desk.clock.now(), desk.clock.tz
        self._ask_then(
            lambda h, me: lifecycle.done(h, by=me, outcome=lifecycle.UNTYPED, now=now, tz=tz),
            "Mark {id} done",
            "Outcome: what was done for the customer",
            lambda h, user, text: desk.done(h.id, by=user, outcome=text),
            "{id} marked done; the sender will verify",
        )

    def action_unable(self) -> None:
        desk = self.board_app.desk
        now, tz = desk.clock.now(), desk.clock.tz
        self._ask_then(
            lambda h, me: lifecycle.unable(h, by=me, reason=lifecycle.UNTYPED, now=now, tz=tz),
            "Unable to complete {id}",
            "Reason: why it could not be done",
            lambda h, user, text: desk.unable(h.id, by=user, reason=text),
            "{id} marked unable; the sender picks the next step",
        )

    def action_query(self) -> None:
        desk = self.board_app.desk
        now, tz = desk.clock.now(), desk.clock.tz
        self._ask_then(
            lambda h, me: lifecycle.query(h, by=me, question=lifecycle.UNTYPED, now=now, tz=tz),
            "Query {id}",
            "Your question for the sender",
            lambda h, user, text: desk.query(h.id, by=user, question=text),
            "{id}: question sent back to the sender",
        )

    def action_comment(self) -> None:
        if (target := self._target()) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        answering = handover.status is Status.QUERY and handover.from_ == user
        label = "Your answer (the card goes back to the receiver to acknowledge)" if answering else "Comment"
        done = "{id}: answered, back with {to}" if answering else "{id}: comment added"
        self._ask_then(
            lambda h, me: None,
            "Answer the query on {id}" if answering else "Comment on {id}",
            label,
            lambda h, user, text: desk.comment(h.id, by=user, note=text),
            done,
        )

    def action_verify(self) -> None:
        if (target := self._target()) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        self._write(lambda: desk.verify_close(handover.id, by=user), lambda h: f"{h.id} verified and closed")

    def action_flag(self) -> None:
        if (target := self._target()) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        if handover.follow_up is not None:
            self._write(lambda: desk.unflag(handover.id, by=user), lambda h: f"{h.id}: follow-up flag cleared")
            return
        now, tz = desk.clock.now(), desk.clock.tz
        if not self._allowed(
            lambda me: lifecycle.flag(handover, by=me, note=lifecycle.UNTYPED, check_at=None, now=now, tz=tz)
        ):
            return

        from shiftboard.tui.screens.prompts import FlagPrompt

        def flagged(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                note, check = answer
                self._write(
                    lambda: desk.flag(handover.id, by=user, note=note, check=check),
                    lambda h: f"{h.id} flagged for follow-up",
                )

        self.app.push_screen(FlagPrompt(handover.id), flagged)

    def action_reassign(self) -> None:
        if (target := self._target()) is None:
            return
        handover, user = target
        desk = self.board_app.desk
        now, tz = desk.clock.now(), desk.clock.tz
        if not self._allowed(lambda me: lifecycle.reassign(handover, by=me, to=lifecycle.NOBODY, now=now, tz=tz)):
            return

        from shiftboard.tui.screens.prompts import ReassignPrompt

        def chosen(handle: str | None) -> None:
            if handle is not None:
                self._write(
                    lambda: desk.reassign(handover.id, by=user, to=handle),
                    lambda h: f"{h.id} handed to {h.to}",
                )

        self.app.push_screen(ReassignPrompt(desk, handover, user), chosen)

"""Who is at the keyboard: type part of a name, pick, and prove it as the Desk's identity rule says.

What is typed matches an exact handle first, then handles starting with it, then names with a
word starting with it, then any substring (`domain.people`); enter with nothing typed signs
nobody in. A colleague whose Unix account runs this board, or who is unprotected, is signed in
at once; one with a PIN is asked for it (in a browser session, always). Wrong PINs are counted in
the store (every terminal sees them): the field waits 1 s, 2 s, 4 s … and five in 15 minutes lock
the colleague out. The PIN is checked (a slow hash, on purpose) in a worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague
from shiftboard.domain.people import match_colleagues
from shiftboard.domain.pins import WrongPin
from shiftboard.services import Proof
from shiftboard.store import StoreError
from shiftboard.tui.safe import join, literal

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp


def colleague_line(colleague: Colleague, on_shift: bool) -> Content:
    notes = [word for word, present in (("on shift", on_shift), ("PIN", colleague.pin is not None)) if present]
    return join(
        literal(colleague.handle.ljust(12), "bold"),
        literal(colleague.name),
        literal(f"  ({', '.join(notes)})", "dim") if notes else "",
    )


class SignInScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False, priority=True, id="signin.next"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="signin.previous"),
        Binding("escape", "back", "Back", show=True, id="signin.back"),
        Binding("ctrl+q", "app.quit", "Quit", show=True, priority=True, id="signin.quit"),
    ]
    PALETTE = BINDINGS
    CSS_PATH = Path(__file__).with_name("signin.tcss")

    def __init__(self) -> None:
        super().__init__()
        self.chosen: Colleague | None = None
        self.moved = False  # the arrows chose someone: enter takes them even with nothing typed

    @property
    def board_app(self) -> ShiftboardApp:
        return cast("ShiftboardApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box"):
            yield Static(literal("Shiftboard — who is at the keyboard?"), id="signin-title")
            yield Input(placeholder="Type part of your name or handle, then enter", id="who")
            yield OptionList(id="people", markup=False)
            yield Input(placeholder="PIN", password=True, id="pin", max_length=12)
            yield Static(id="signin-message")
        yield Footer()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#who", Input).focus()

    def colleagues(self, needle: str) -> list[Colleague]:
        return match_colleagues(self.board_app.live.colleagues.values(), needle)

    def fill(self, needle: str) -> None:
        people = self.query_one("#people", OptionList)
        desk = self.board_app.desk
        found = self.colleagues(needle)
        people.set_options(Option(colleague_line(c, desk.on_shift(c)), id=c.handle) for c in found)
        if found:
            people.highlighted = 0
        self.moved = False
        self.message("" if found else "Nobody matches; try fewer letters.")

    def message(self, text: str, style: str = "") -> None:
        self.query_one("#signin-message", Static).update(literal(text, style))

    @on(Input.Changed, "#who")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def action_move(self, delta: int) -> None:
        if self.has_class("-pin"):
            return
        people = self.query_one("#people", OptionList)
        if delta > 0:
            people.action_cursor_down()
        else:
            people.action_cursor_up()
        self.moved = True

    @on(Input.Submitted, "#who")
    def typed_and_entered(self, event: Input.Submitted) -> None:
        if not event.value.strip() and not self.moved:
            self.message("Type part of your name or handle first.")  # SPEC §2: enter alone signs nobody in
            return
        self.pick()

    @on(OptionList.OptionSelected, "#people")
    def pick(self) -> None:
        option = self.query_one("#people", OptionList).highlighted_option
        if option is None or option.id is None:
            self.message("Type part of a name first.")
            return
        app = self.board_app
        colleague = app.live.colleagues[option.id]
        try:
            proof = app.desk.proof_needed(colleague.handle, app.caller)
        except (Refused, StoreError) as refusal:
            self.message(str(refusal), "bold $text-error")
            return
        if proof is not Proof.PIN:
            app.sign_in(colleague.handle)
            return
        self.chosen = colleague
        self.add_class("-pin")
        self.refresh_bindings()
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
        self.message(f"PIN for {colleague.handle} ({colleague.name}) · escape: choose someone else")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`escape` goes back from the PIN to the names; on the names there is nowhere back to."""
        return self.has_class("-pin") if action == "back" else True

    def action_back(self) -> None:
        self.chosen = None
        self.remove_class("-pin")
        self.refresh_bindings()
        self.query_one("#who", Input).focus()
        self.message("")

    @on(Input.Submitted, "#pin")
    def pin_entered(self, event: Input.Submitted) -> None:
        if self.chosen is None or not event.value:
            return
        pin_input = self.query_one("#pin", Input)
        pin_input.disabled = True
        self.message("Checking …")
        self.check_pin(self.chosen.handle, event.value)

    @work(thread=True, exclusive=True)
    def check_pin(self, handle: str, pin: str) -> None:
        """In a worker: the slow hash, and the failure written to the store, never on the UI thread."""
        desk = self.board_app.desk
        try:
            desk.try_pin(handle, pin)
        except WrongPin as wrong:
            self.app.call_from_thread(self.pin_refused, handle, str(wrong), wrong.delay)
            return
        except (Refused, StoreError) as refusal:
            self.app.call_from_thread(self.pin_refused, handle, str(refusal), 0.0)
            return
        self.app.call_from_thread(self.board_app.sign_in, handle)

    def pin_refused(self, handle: str, why: str, delay: float) -> None:
        pin_input = self.query_one("#pin", Input)
        pin_input.value = ""
        self.message(f"{why}. Try again in {delay:.0f} s." if delay else f"{why}.", "bold $text-error")

        def ready() -> None:
            pin_input.disabled = False
            pin_input.focus()
            self.message(f"PIN for {handle} · escape: choose someone else")

        self.set_timer(delay, ready)

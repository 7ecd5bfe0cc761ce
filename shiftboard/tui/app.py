"""The Shiftboard app: one desk, one signed-in colleague at a time, live from the store.

`run_board(desk, user)` is what the command line calls. The app owns what outlives a
screen: the live cache of open handovers, which alerts each colleague has already heard,
wrong-PIN counts, and half-typed handover forms kept per user when the terminal locks.
"""

from __future__ import annotations

import gc
import io
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from textual import events, work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal

from shiftboard.crash import crash_line, frames_from_rich, write_report
from shiftboard.domain.alerts import Alert, alerts_for
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.services import Caller, Desk
from shiftboard.store import StoreError
from shiftboard.tui.live import LiveData
from shiftboard.tui.safe import say
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.screens.signin import SignInScreen
from shiftboard.tui.themes import default_theme, load_themes
from shiftboard.tui.writes import WriteRefused, WriteRequest, Written

Written_ = TypeVar("Written_")  # what a service call returns (a Handover, mostly)

POLL_SECONDS = 0.5  # SPEC §4: a running board looks at least every 0.5 s
ALERT_EVERY_POLLS = 4  # time-based alerts (late, check due) are looked for every 2 s
CLOCK_SECONDS = 30.0  # relative due times ("in 25m") are redrawn this often
ALERT_TITLES = {
    "new": "Handed to you",
    "query": "Question for you",
    "unable": "Unable to complete",
    "done": "Done — verify",
    "handed_on": "Handed on",
    "late": "Not acknowledged",
    "check": "Follow-up",
    "escalation": "Escalation",
}


@dataclass(frozen=True)
class Notice:
    """A notification as it was shown: when, what, and how loudly (the app keeps each one)."""

    at: datetime
    title: str
    message: str
    severity: SeverityLevel
    markup: bool


class ShiftboardApp(App[None]):
    """The terminal board. `user=None` starts at the sign-in screen."""

    TITLE = "Shiftboard"
    # Absolute paths (here and on every screen): Textual reads a relative one from the subclass's folder.
    CSS_PATH = Path(__file__).with_name("app.tcss")

    def __init__(
        self,
        desk: Desk,
        user: str | None = None,
        *,
        idle_clock: Callable[[], float] = time.monotonic,
        bell: bool = True,
        caller: Caller | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.caller = caller or Caller.here()  # who runs this board: the identity rule's other half
        self.user = user.strip().lower() if user else None
        self.live = LiveData(desk)
        self.changed: Signal[int] = Signal(self, "changed")
        self.drafts: dict[str, HandoverDraft] = {}
        self.announced: dict[str, set[str]] = {}
        self.use_bell = bell
        self.idle_clock = idle_clock
        self.last_input = idle_clock()
        self._polls = 0
        self._store_problem: str | None = None
        self.notices: list[Notice] = []  # every notification shown, oldest first
        for theme in load_themes():
            self.register_theme(theme)
        self.theme = default_theme(self.no_color)

    def on_mount(self) -> None:
        self.desk.store.on_wait = self._store_busy  # said from the write's worker thread
        if not gc.isenabled():  # run_board: no collection while starting; then all that start made is kept
            self.call_after_refresh(self._after_first_frame)
        if not self.guard(self.live.reload):
            return
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(1.0, self.lock_if_idle)
        self.set_interval(CLOCK_SECONDS, self.publish)
        if self.user and self.user in self.live.colleagues:
            self.start_board()
        else:
            if self.user:
                say(self, f"no colleague {self.user!r}; pick who you are", severity="warning")
            self.user = None
            self.show_sign_in()

    def _after_first_frame(self) -> None:
        """What the start built (Textual, the live cache) lives as long as the board: set it aside from the
        cyclic collector (`gc.freeze`), then let it run. Collecting while starting cost a fifth of the start."""
        gc.freeze()
        gc.enable()

    def show_sign_in(self) -> None:
        self.push_screen(SignInScreen())

    def start_board(self) -> None:
        self.last_input = self.idle_clock()
        self.push_screen(BoardScreen())
        self.announce(alerts=self.due_alerts())

    def sign_in(self, handle: str) -> None:
        """Called by the sign-in screen once the colleague is known (and their PIN checked)."""
        self.user = handle
        self.pop_to_base()
        self.start_board()

    def pop_to_base(self) -> None:
        """Leave only the blank base screen. Not awaited: a screen's own key handler calls this,
        and waiting there for that screen's removal would wait on itself."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def lock(self) -> None:
        """Back to sign-in; a half-typed handover form is kept as this user's draft."""
        from shiftboard.tui.screens.form import HandoverForm  # not imported at start (see screens/board.py)

        if self.user:
            for screen in self.screen_stack:
                if isinstance(screen, HandoverForm):
                    draft = screen.draft
                    if draft is not None and not draft.is_blank():
                        self.drafts[self.user] = draft
        self.user = None
        self.pop_to_base()
        self.show_sign_in()

    def action_switch_user(self) -> None:
        self.lock()

    async def action_quit(self) -> None:
        """Quit; but the drafts a locked terminal kept live only in this process, so ask first."""
        if not self.drafts:
            self.exit()
            return
        from shiftboard.tui.screens.prompts import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        whose = ", ".join(sorted(self.drafts))
        question = f"The half-typed handover of {whose} is kept only while Shiftboard runs. Quit and lose it?"
        self.push_screen(Confirm(question), answered)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self.last_input = self.idle_clock()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        if self.user is None:
            return
        if self.idle_clock() - self.last_input >= self.live.settings.lock_after_seconds:
            self.lock()
            say(self, "Signed out after being idle; anything half-typed is kept for you.")

    def guard(self, action: Callable[[], object]) -> bool:
        """Run a store read; a store problem becomes one clear notification, never a traceback."""
        try:
            action()
        except StoreError as error:
            message = str(error)
            if message != self._store_problem:
                self._store_problem = message
                say(self, message, title="Store problem", severity="error")
            return False
        self._store_problem = None
        return True

    def poll(self) -> None:
        changed = False

        def look() -> None:
            nonlocal changed
            changed = self.live.poll()

        if not self.guard(look):
            return
        self._polls += 1
        if changed:
            self.publish()
        if self.user and (changed or self._polls % ALERT_EVERY_POLLS == 0):
            self.announce(alerts=self.due_alerts())

    def publish(self) -> None:
        self.changed.publish(self.live.version)

    def absorb(self, handover: object) -> None:
        """After this process wrote: take the result in and redraw."""
        if isinstance(handover, Handover):
            self.guard(partial(self.live.absorb, handover))
        else:
            self.guard(self.live.reload)
        self.publish()

    def write(
        self,
        call: Callable[[], Written_],
        success: Callable[[Written_], str],
        *,
        then: Callable[[Written_ | None], None] | None = None,
        refused: Callable[[Refused], None] | None = None,
    ) -> None:
        """Run one service call in a worker thread (it may wait for another process's lock, and it fsyncs):
        the screen stays live. Its answer comes back as a `Written` or `WriteRefused` message: refusals
        and store errors become notifications (or go to `refused`), and `then` hears how it ended."""
        request = WriteRequest(call, success, then or (lambda _result: None), refused)
        self._write_in_thread(request)

    @work(thread=True, group="store-write")
    def _write_in_thread(self, request: WriteRequest) -> None:
        try:
            result = request.call()
        except Refused as refusal:
            self.post_message(WriteRefused(request, refusal=refusal))
        except StoreError as error:
            self.post_message(WriteRefused(request, error=error))
        else:
            self.post_message(Written(request, result))

    def on_written(self, message: Written) -> None:
        self.absorb(message.result)
        say(self, message.request.success(message.result))
        message.request.then(message.result)

    def on_write_refused(self, message: WriteRefused) -> None:
        request = message.request
        if message.error is not None:
            say(self, str(message.error), title="Store problem", severity="error")
        elif message.refusal is not None and request.refused is not None:
            request.refused(message.refusal)
        elif message.refusal is not None:
            say(self, message.refusal.message, title="Refused", severity="warning")
        request.then(None)

    def _store_busy(self) -> None:
        """Called in the write's worker thread when another process has held the lock for a moment."""
        self.call_from_thread(
            say, self, "Another process is writing to the store; retrying …", title="Store busy", severity="warning"
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, and keep it in `notices` (so it can be read again)."""
        self.notices.append(Notice(self.desk.clock.now(), title, message, severity, markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def due_alerts(self) -> list[Alert]:
        colleague = self.live.colleagues.get(self.user or "")
        if colleague is None:
            return []
        settings = self.live.settings
        return alerts_for(
            colleague,
            self.live.handovers.values(),
            now=self.desk.clock.now(),
            ack_within=timedelta(minutes=settings.ack_within_minutes),
            on_shift=self.desk.on_shift(colleague),
        )

    def announce(self, *, alerts: Iterable[Alert]) -> None:
        """Notify each alert once per colleague; several of a kind at once become one notification."""
        if self.user is None:
            return
        heard = self.announced.setdefault(self.user, set())
        fresh = [alert for alert in alerts if alert.key not in heard]
        heard.update(alert.key for alert in fresh)
        by_kind: dict[str, list[Alert]] = {}
        for alert in fresh:
            by_kind.setdefault(alert.kind, []).append(alert)
        for kind, group in by_kind.items():
            severity = "warning" if kind in ("late", "escalation", "unable") else "information"
            if len(group) == 1:
                say(self, group[0].message, title=ALERT_TITLES[kind], severity=severity)
            else:
                ids = ", ".join(dict.fromkeys(alert.handover_id for alert in group))
                say(self, f"{ids} ({len(group)})", title=ALERT_TITLES[kind], severity=severity)
        if self.use_bell and any(alert.kind == "new" for alert in fresh):
            self.bell()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in getattr(screen, "PALETTE", []):
            keys = binding.key_display or binding.key
            help_text = f"{binding.tooltip or binding.description} — key {keys}"
            yield SystemCommand(binding.description, help_text, partial(screen.run_action, binding.action))
        yield SystemCommand(
            "Bell on/off", "Ring the terminal bell when a handover is handed to you", self.action_toggle_bell
        )

    def action_toggle_bell(self) -> None:
        self.use_bell = not self.use_bell
        say(self, f"Bell {'on' if self.use_bell else 'off'}")


class CrashSink(io.StringIO):
    """Where Textual writes the traceback of an unexpected error (its `error_console`): kept in memory,
    never shown, since Rich draws each frame's local variables, customer data among them."""


def run_board(desk: Desk, user: str | None, *, caller: Caller | None = None) -> int:
    """Run the board until the user quits; `user` given means already signed in (PIN checked).

    The exit status is 1 after an unexpected error, which leaves one line on the terminal and a crash
    report without personal data (SPEC §6)."""
    gc.disable()  # until the first frame (ShiftboardApp._after_first_frame)
    app = ShiftboardApp(desk, user, caller=caller)
    sink = CrashSink()
    app.error_console = Console(file=sink, width=200, color_system=None, markup=False, highlight=False)
    app.run()
    if app.return_code:
        kind, frames = frames_from_rich(sink.getvalue())
        print(crash_line(kind, write_report(kind, frames, where="board")), file=sys.stderr)
        return app.return_code
    return 0

"""The Shiftboard app: one desk, one signed-in colleague at a time, live from the store.

`run_board(desk, user)` is what the command line calls. The app owns what outlives a
screen: the live cache of open handovers, which notifications each colleague has already been
told, wrong-PIN counts, half-typed handover forms kept per user when the terminal locks, and the
per-user preferences file (theme, bell, privacy at start).
"""

from __future__ import annotations

import gc
import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from textual import events, work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal

from shiftboard.crash import crash_line, frames_from_rich, write_report
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.domain.notifications import LOUD, Notification, Topic
from shiftboard.domain.text import visible
from shiftboard.services import Caller, Desk
from shiftboard.store import StoreError
from shiftboard.tui.live import LiveData
from shiftboard.tui.safe import say
from shiftboard.tui.screens.board import BoardScreen
from shiftboard.tui.screens.signin import SignInScreen
from shiftboard.tui.themes import ThemesFirst, default_theme, load_themes
from shiftboard.tui.writes import WriteRefused, WriteRequest, Written
from shiftboard.userconfig import Preferences, default_path, load, save

Written_ = TypeVar("Written_")  # what a service call returns (a Handover, mostly)

POLL_SECONDS = 0.5  # SPEC §4: a running board looks at least every 0.5 s
ALERT_EVERY_POLLS = 4  # time-based notifications (late, check due, escalations) are looked for every 2 s
CLOCK_SECONDS = 30.0  # relative due times ("in 25m") are redrawn this often
TOAST_WIDTH = 110  # a toast is a notification's first words (three lines at 80 columns); `N` lists them whole
TOAST_MORE = " · N: all"


@dataclass(frozen=True)
class Notice:
    """A notification as it was shown: when, what, and how loudly (the app keeps each one)."""

    at: datetime
    title: str
    message: str
    severity: SeverityLevel
    markup: bool


def hang_up() -> None:
    """End this process as a SIGHUP does by default. Not `App.exit`: restoring a terminal that is gone
    blocks for ever in Textual's writer thread. The store is safe to stop at any instant (SPEC §4)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGHUP)


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
        bell: bool | None = None,
        config: Path | None = None,
        caller: Caller | None = None,
        terminal: int | None = None,
        on_hang_up: Callable[[], None] = hang_up,
    ) -> None:
        """`config`: the preferences file to read and keep up to date (None: defaults, nothing saved);
        `bell` given overrides the preference for this run; `terminal`: the descriptor of the terminal the
        board runs on, watched so that its hang-up ends the board (`on_hang_up`; None: in a browser)."""
        super().__init__()
        self.terminal = terminal
        self.on_hang_up = on_hang_up
        self.desk = desk
        self.caller = caller or Caller.here()  # who runs this board: the identity rule's other half
        self.user = user.strip().lower() if user else None
        self.live = LiveData(desk)
        self.changed: Signal[int] = Signal(self, "changed")
        self.drafts: dict[str, HandoverDraft] = {}
        self.announced: dict[str, set[str]] = {}
        self.config = config
        self.preferences, self._config_problem = load(config) if config else (Preferences(), None)
        self.use_bell = self.preferences.bell if bell is None else bell
        self.idle_clock = idle_clock
        self.last_input = idle_clock()
        self._polls = 0
        self._store_problem: str | None = None
        self.notices: list[Notice] = []  # every notification shown, oldest first
        for theme in load_themes():
            self.register_theme(theme)
        chosen = self.preferences.theme
        self.theme = chosen if chosen in self.available_themes and not self.no_color else default_theme(self.no_color)

    def on_mount(self) -> None:
        self.desk.store.on_wait = self._store_busy  # said from the write's worker thread
        if not gc.isenabled():  # run_board: no collection while starting; then all that start made is kept
            self.call_after_refresh(self._after_first_frame)
        self.theme_changed_signal.subscribe(self, lambda theme: self.keep_preferences(theme=theme.name))
        if self._config_problem:
            say(self, self._config_problem, title="Preferences", severity="warning")
        if not self.guard(self.live.reload):
            return
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(1.0, self.lock_if_idle)
        if self.terminal is not None:
            self.set_interval(1.0, self.quit_if_hung_up)
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
        """The board for the signed-in colleague. What was told before is not told again (it is all in `N`),
        and no toast covers the board at start: its header counts what needs them and Needs me lists it."""
        self.last_input = self.idle_clock()
        self.push_screen(BoardScreen())
        user = self.user or ""
        heard = self.announced.setdefault(user, set())
        heard.update(notice.key for notice in self.guarded(lambda: self.desk.notifications(user), list[Notification]()))

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

    def quit_if_hung_up(self) -> None:
        """A terminal that hung up (an SSH session dropped) without its SIGHUP reaching us, as under `su -c`
        or `nohup`, is no longer a terminal: end as the hang-up would have ended us. Else the board ran on
        for ever with nobody to see it, Textual's input thread spinning on the dead descriptor."""
        if self.terminal is not None and not os.isatty(self.terminal):
            self.terminal = None
            self.on_hang_up()

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

    def guarded(self, read: Callable[[], Written_], fallback: Written_) -> Written_:
        """A store read whose trouble is said once (see `guard`), `fallback` in its place."""
        found: list[Written_] = []
        return found[0] if self.guard(lambda: found.append(read())) else fallback

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
            self.announce()

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

    def announce(self) -> None:
        """Tell each new notification once per colleague, as a short toast pointing to `N`; several at
        once become one toast per topic."""
        user = self.user
        if user is None or user not in self.live.colleagues:
            return
        heard = self.announced.setdefault(user, set())
        told = self.guarded(lambda: self.desk.notifications(user), list[Notification]())
        fresh = [n for n in told if n.key not in heard]
        heard.update(notice.key for notice in fresh)
        by_topic: dict[Topic, list[Notification]] = {}
        for notice in fresh:
            by_topic.setdefault(notice.topic, []).append(notice)
        for topic, group in by_topic.items():
            severity: SeverityLevel = "warning" if topic in LOUD else "information"
            if len(group) == 1:
                say(self, toast_words(group[0].message), title=topic.value, severity=severity)
            else:
                ids = list(dict.fromkeys(notice.handover_id for notice in group))
                shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
                say(self, f"{len(group)}: {shown}{TOAST_MORE}", title=topic.value, severity=severity)
        if self.use_bell and any(notice.topic is Topic.NEW for notice in fresh):
            self.bell()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in getattr(screen, "PALETTE", []):
            keys = binding.key_display or binding.key
            help_text = f"{binding.tooltip or binding.description} — key {keys}"
            yield SystemCommand(binding.description, help_text, partial(screen.run_action, binding.action))
        yield SystemCommand(
            "Bell on/off", "Ring the terminal bell when a handover is handed to you (kept)", self.action_toggle_bell
        )
        yield SystemCommand(
            "Privacy at start on/off",
            "Whether the board opens in privacy mode, customers as initials (kept; p toggles it now)",
            self.action_toggle_privacy_default,
        )

    def search_themes(self) -> None:
        """The theme list of the palette, Shiftboard's own themes first."""
        from textual.command import CommandPalette

        self.push_screen(CommandPalette(providers=[ThemesFirst], placeholder="Search for themes…"))

    def action_toggle_bell(self) -> None:
        self.use_bell = not self.use_bell
        self.keep_preferences(bell=self.use_bell)
        say(self, f"Bell {'on' if self.use_bell else 'off'}")

    def action_toggle_privacy_default(self) -> None:
        privacy = not self.preferences.privacy
        self.keep_preferences(privacy=privacy)
        say(self, f"Privacy mode at start: {'on' if privacy else 'off'} (p toggles it for now)")

    def keep_preferences(self, **changes: object) -> None:
        """Remember a preference for next time, in the user's config file (when this board has one)."""
        self.preferences = self.preferences.but(**changes)
        if self.config is None or (self.no_color and set(changes) == {"theme"}):
            return  # NO_COLOR picks the monochrome theme for this run; it is no choice to remember
        try:
            save(self.config, self.preferences)
        except OSError as error:
            say(self, f"Preferences not saved: {error}", title="Preferences", severity="warning")


def toast_words(message: str) -> str:
    """A notification as a toast: its first words, and where the rest is."""
    flat = " ".join(visible(message).split())
    room = TOAST_WIDTH - len(TOAST_MORE)
    return (flat if len(flat) <= room else flat[: room - 1].rstrip() + "…") + TOAST_MORE


class CrashSink(io.StringIO):
    """Where Textual writes the traceback of an unexpected error (its `error_console`): kept in memory,
    never shown, since Rich draws each frame's local variables, customer data among them."""


def run_board(desk: Desk, user: str | None, *, caller: Caller | None = None) -> int:
    """Run the board until the user quits; `user` given means already signed in (PIN checked).

    The exit status is 1 after an unexpected error, which leaves one line on the terminal and a crash
    report without personal data (SPEC §6)."""
    gc.disable()  # until the first frame (ShiftboardApp._after_first_frame)
    terminal = sys.__stdin__.fileno() if sys.__stdin__ is not None and sys.__stdin__.isatty() else None
    app = ShiftboardApp(desk, user, caller=caller, config=default_path(), terminal=terminal)
    sink = CrashSink()
    app.error_console = Console(file=sink, width=200, color_system=None, markup=False, highlight=False)
    app.run()
    if app.return_code:
        kind, frames = frames_from_rich(sink.getvalue())
        print(crash_line(kind, write_report(kind, frames, where="board")), file=sys.stderr)
        return app.return_code
    return 0

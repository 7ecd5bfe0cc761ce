"""Notifications (`N`): every alert the signed-in colleague was given, newest first, with its time and
reason; a supervisor on shift sees the cards escalated now first, each with why.

The list is the domain's (`Desk.notifications`, derived from the events), so it is the same after a
restart and in every session; a toast on the board is only its first line. `enter` opens the card.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from shiftboard.domain.errors import Refused
from shiftboard.domain.inbox import Escalation
from shiftboard.domain.notifications import LOUD, Notification
from shiftboard.domain.timeline import timeline_clock
from shiftboard.store import StoreError
from shiftboard.tui.safe import join, literal, say

if TYPE_CHECKING:
    from shiftboard.tui.app import ShiftboardApp

LOUD_MARK = "! "  # a warning is marked by a symbol as well as by its words


class NotificationsScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("notifications.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="notifications.back"),
        Binding("enter", "open", "Open card", key_display="⏎", id="notifications.open"),
        Binding("j", "cursor(1)", "Next", show=False, id="notifications.next"),
        Binding("k", "cursor(-1)", "Previous", show=False, id="notifications.previous"),
    ]

    @property
    def board_app(self) -> ShiftboardApp:
        return cast("ShiftboardApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(classes="title-bar", id="notifications-title")
        yield OptionList(id="notices")
        yield Footer()

    def on_mount(self) -> None:
        self.board_app.changed.subscribe(self, lambda _version: self.load())
        self.load()
        self.query_one("#notices", OptionList).focus()

    def load(self) -> None:
        app = self.board_app
        user = app.user or ""
        desk = app.desk
        try:
            notices = list(reversed(desk.notifications(user)))
            escalated = desk.escalations() if desk.supervising(user) else []
        except (Refused, StoreError) as problem:
            say(self, str(problem), title="Store problem", severity="error")
            return
        now, tz = desk.clock.now(), desk.clock.tz
        options: list[Option | None] = []
        if escalated:
            options.append(Option(literal(f"Escalations now ({len(escalated)})", "bold underline"), disabled=True))
            options.extend(self._escalation(e, now, tz) for e in escalated)
            options.append(None)
        heading = f"Notifications ({len(notices)}), newest first" if notices else "No notifications yet."
        options.append(Option(literal(heading, "bold underline"), disabled=True))
        options.extend(self._notice(n, now, tz, number) for number, n in enumerate(notices))
        items = self.query_one("#notices", OptionList)
        highlighted = items.highlighted
        items.set_options(options)
        items.highlighted = self._first_enabled(items, highlighted)
        count = f"{len(escalated)} escalated · " if escalated else ""
        title = f"Notifications — {user} · {count}{len(notices)} in all · enter opens the card · esc back"
        self.query_one("#notifications-title", Static).update(literal(title))

    @staticmethod
    def _first_enabled(items: OptionList, wanted: int | None) -> int | None:
        indices = [index for index, option in enumerate(items.options) if not option.disabled]
        if not indices:
            return None
        return wanted if wanted in indices else indices[0]

    def _escalation(self, escalation: Escalation, now: datetime, tz: tzinfo) -> Option:
        h = escalation.handover
        when = timeline_clock(escalation.since, tz, now)
        return Option(
            join(literal(f"{when}  {LOUD_MARK}Escalated  {h.id}", "bold"), "\n", literal(f"   {escalation.reason}")),
            id=f"escalation:{h.id}",
        )

    def _notice(self, notice: Notification, now: datetime, tz: tzinfo, number: int) -> Option:
        when = timeline_clock(notice.at, tz, now)
        mark = LOUD_MARK if notice.topic in LOUD else ""
        head = literal(f"{when}  {mark}{notice.topic.value}  {notice.handover_id}", "bold")
        return Option(join(head, "\n", literal(f"   {notice.message}")), id=f"{number}:{notice.handover_id}")

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#notices", OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    @on(OptionList.OptionSelected, "#notices")
    def action_open(self) -> None:
        from shiftboard.tui.screens.detail import DetailScreen

        option = self.query_one("#notices", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        self.app.push_screen(DetailScreen(option.id.rsplit(":", 1)[1]))

    def action_back(self) -> None:
        self.dismiss(None)

"""One handover in full: every field, then the audit timeline. The lifecycle keys work here too.

An archived handover (from the history search or a review's drill-down) is handed in whole: its
month file is read once, by whoever found it, never again on each redraw.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.store import StoreError
from shiftboard.tui.keys import DETAIL_BINDINGS, KEYMAP
from shiftboard.tui.safe import join, literal
from shiftboard.tui.screens.handover_actions import HandoverScreen
from shiftboard.tui.screens.help import HelpScreen
from shiftboard.tui.widgets.handover_view import detail_content


class DetailScreen(HandoverScreen):
    BINDINGS: ClassVar[list[BindingType]] = [*DETAIL_BINDINGS]
    PALETTE: ClassVar[list[Binding]] = DETAIL_BINDINGS
    CSS_PATH = Path(__file__).with_name("detail.tcss")

    def __init__(self, handover_id: str, *, handover: Handover | None = None) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.handover: Handover | None = handover
        self.given = handover  # as found (archived ones are read-only): shown while it is not live

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.board_app.changed.subscribe(self, self.on_data_changed)
        self.load()
        self.query_one("#detail-scroll").focus()

    def on_resize(self) -> None:
        self.show()

    def on_data_changed(self, _version: int) -> None:
        self.load()

    def load(self) -> None:
        """The open card from the live cache; a closed (or archived) one straight from the desk."""
        app = self.board_app
        handover = app.live.handovers.get(self.handover_id) or app.desk.live_handover(self.handover_id)
        if handover is None and self.given is not None:
            handover = self.given  # archived: nothing else to read
        elif handover is None:
            try:
                handover = app.desk.handover(self.handover_id)
            except (Refused, StoreError):
                handover = None
        self.handover = handover
        self.show()
        self.offer_steps()  # the footer offers what applies to it now

    def show(self) -> None:
        app = self.board_app
        title = self.query_one("#detail-title", Static)
        body = self.query_one("#detail-body", Static)
        if self.handover is None:
            title.update(literal(f"{self.handover_id} — not found"))
            body.update(literal("This handover is no longer in the store."))
            return
        title.update(join(literal(self.handover_id, "bold"), " — detail · escape: back"))
        body.update(
            detail_content(
                self.handover,
                now=app.desk.clock.now(),
                tz=app.desk.clock.tz,
                ack_within=timedelta(minutes=app.live.settings.ack_within_minutes),
                name_of=app.live.name_of,
                width=self.query_one("#detail-scroll").scrollable_content_region.width,
            )
        )

    def selected_handover(self) -> Handover | None:
        return self.handover

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(KEYMAP))

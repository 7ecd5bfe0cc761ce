"""History: search open, closed and archived handovers (SPEC §1), and open any result in full.

The same search as `shiftboard search` (`Desk.search`, the domain's `matches`): text in any
field, the customer's reference, a colleague who took part, and dates. It runs in a worker
thread, newest first, and shows the first RESULTS_SHOWN (a broad search says how to narrow it);
`enter` on a result opens its detail, archived ones included.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.domain.periods import parse_moment
from shiftboard.domain.search import Query, make_query
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.safe import literal, say
from shiftboard.tui.widgets.handover_table import HandoverTable

RESULTS_SHOWN = 500


class HistoryScreen(Screen[None]):
    """The query fields, then the results; tab moves between them, enter searches (or opens a result)."""

    CSS_PATH = Path(__file__).with_name("history.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Search / open", key_display="⏎", priority=True, id="history.enter"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    # What the latest search found (up to one more than RESULTS_SHOWN); set once per search, so the same
    # results found again are shown again.
    found: var[list[Handover] | None] = var(None, init=False, always_update=True)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self._asked = 0  # which search the screen waits for: a late one, overtaken by a newer, is dropped

    def compose(self) -> ComposeResult:
        yield Static(literal("History · search open, closed and archived handovers"), classes="title-bar")
        with Horizontal(classes="query-line"):
            yield Label(literal("Text"), classes="query-label")
            yield Input(placeholder="any words: a name, a reference, a note …", id="text", compact=True)
        with Horizontal(classes="query-line"):
            yield Label(literal("Ref"), classes="query-label")
            yield Input(id="ref", compact=True)
            yield Label(literal("Colleague"), classes="query-label")
            yield Input(id="colleague", compact=True)
        with Horizontal(classes="query-line"):
            yield Label(literal("Since"), classes="query-label")
            yield Input(placeholder="2026-11-01", id="since", compact=True)
            yield Label(literal("Until"), classes="query-label")
            yield Input(placeholder="today", id="until", compact=True)
        yield Static(literal("Type, then enter to search · tab: next field"), id="history-summary")
        yield HandoverTable(id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def query_typed(self) -> Query:
        """The query from the fields (refused, with the reason, when a field cannot be read)."""
        now, tz = self.desk.clock.now(), self.desk.clock.tz

        def field(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        since, until = field("since").strip(), field("until").strip()
        query = make_query(
            field("text"),
            customer_ref=field("ref"),
            colleague=field("colleague"),
            since=parse_moment(since, tz, now, field="since") if since else None,
            until=parse_moment(until, tz, now, field="until", end=True) if until else None,
        )
        if query.colleague:
            self.desk.colleague(query.colleague)
        return query

    def action_enter(self) -> None:
        """In the results: open the one under the cursor; in a field: search."""
        table = self.query_one(HandoverTable)
        if table.has_focus:
            if table.row_count:
                table.action_select_cursor()
            return
        self.action_search()

    @on(Input.Submitted)
    def action_search(self) -> None:
        try:
            query = self.query_typed()
        except Refused as refusal:
            say(self, refusal.message, title="Refused", severity="warning")
            return
        self._asked += 1
        self.query_one("#history-summary", Static).update(literal("Searching the history …"))
        self._search(self._asked, query)

    @work(thread=True, exclusive=True, group="history")
    def _search(self, asked: int, query: Query) -> None:
        """Off the UI thread: archive month files are read here, newest first, until enough are found."""
        found: list[Handover] = []
        try:
            for handover in self.desk.search(query, newest_first=True):
                found.append(handover)
                if len(found) > RESULTS_SHOWN:
                    break
        except StoreError as error:
            self.app.call_from_thread(say, self, str(error), severity="error", title="Archive not read")
            return
        self.app.call_from_thread(self._arrived, asked, found)

    def _arrived(self, asked: int, found: list[Handover]) -> None:
        if asked == self._asked:  # else a newer search was started meanwhile
            self.found = found

    def watch_found(self, found: list[Handover] | None) -> None:
        if found is None:
            return
        shown = found[:RESULTS_SHOWN]
        table = self.query_one(HandoverTable)
        table.show(((handover, "") for handover in shown), self.desk.clock.tz)
        if len(found) > RESULTS_SHOWN:
            words = f"the newest {RESULTS_SHOWN} shown; more match: narrow the search (dates, a colleague)"
        else:
            words = f"{len(found)} found" if found else "Nothing found"
        hint = " · newest first · ⏎ opens one in full · tab back to the fields" if found else ""
        self.query_one("#history-summary", Static).update(literal(words + hint))
        if found:
            table.focus()

    def on_handover_table_open(self, message: HandoverTable.Open) -> None:
        from shiftboard.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(message.handover.id, handover=message.handover))

    def action_back(self) -> None:
        self.dismiss(None)

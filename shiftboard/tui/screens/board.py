"""The board: one column per colleague (or per status) of open handover cards.

Columns are virtual lists, so only visible lines are drawn. A narrow terminal shows one
column at a time with its position (`bob (2/5)`); a wide one shows as many as fit. The
selection is a handover id: it survives refreshes, regrouping and other sessions' writes.
Screens the board opens (detail, form, checklist, review, history, help, prompts) are imported when
first opened: the board's start (SPEC §5, ≤ 1 s) pays only for what it shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.visual import Visual
from textual.widgets import Footer

from shiftboard.domain.errors import Refused
from shiftboard.domain.lifecycle import OPEN, STATUS_WORDS
from shiftboard.domain.models import PRIORITY_RANK, Handover
from shiftboard.domain.roster import shift_words
from shiftboard.store import StoreError
from shiftboard.tui.keys import BOARD_BINDINGS, KEYMAP
from shiftboard.tui.safe import say
from shiftboard.tui.screens.handover_actions import HandoverScreen
from shiftboard.tui.widgets.arrivals import ArrivalsPanel
from shiftboard.tui.widgets.card import Card, card_parts
from shiftboard.tui.widgets.column import CardColumn
from shiftboard.tui.widgets.header import BoardHeader, HeaderState

MIN_COLUMN_WIDTH = 48  # a wide terminal shows as many columns of at least this width as fit (3 at 160, 5 at 240)
NARROW_BELOW = 100  # narrower terminals (80×24) show one column at a time, titled `bob (2/5)`
GROUPINGS = ("colleague", "status")
NEEDS = "@needs"  # the Needs me column's key: `@` is in no handle and no status
NEEDS_TITLE = "Needs me"

Group = tuple[str, str, list[Handover]]  # column key, title, cards


def card_order(handover: Handover) -> tuple[int, object, int]:
    return PRIORITY_RANK[handover.priority], handover.due, handover.number


def matches(handover: Handover, needle: str) -> bool:
    """Case-insensitive search over what a person would look a card up by."""
    customer = handover.customer
    haystack = (
        handover.id,
        handover.from_,
        handover.to,
        handover.service,
        STATUS_WORDS[handover.status],
        handover.priority.value,
        customer.name or "",
        customer.ref,
        handover.summary,
        handover.action_required,
        handover.actions_taken,
    )
    return any(needle in text.lower() for text in haystack)


def group_cards(
    handovers: Iterable[Handover], *, user: str, grouping: str, needing: Iterable[Handover] = ()
) -> list[Group]:
    """Columns in board order: Needs me when anything needs the user (those cards, in the inbox's order),
    then the signed-in colleague's own, then the others by handle (or one per status)."""
    needs_me = list(needing)
    first: list[Group] = [(NEEDS, NEEDS_TITLE, needs_me)] if needs_me else []
    cards = sorted(handovers, key=card_order)
    if grouping == "status":
        return first + [(s.value, STATUS_WORDS[s], [h for h in cards if h.status is s]) for s in OPEN]
    by_receiver: dict[str, list[Handover]] = {user: []}
    for handover in cards:
        by_receiver.setdefault(handover.to, []).append(handover)
    order = [user, *sorted(set(by_receiver) - {user})]
    return first + [(handle, handle, by_receiver[handle]) for handle in order]


class BoardScreen(HandoverScreen):
    """The columns of cards; the view (privacy, grouping, filter, selection) is reactive state whose
    watchers redraw."""

    BINDINGS: ClassVar[list[BindingType]] = [*BOARD_BINDINGS]
    PALETTE: ClassVar[list[Binding]] = BOARD_BINDINGS
    CSS_PATH = Path(__file__).with_name("board.tcss")

    privacy: var[bool] = var(True, init=False)
    grouping: var[str] = var(GROUPINGS[0], init=False)
    filter_text: var[str] = var("", init=False)
    selected_id: var[str | None] = var(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.column_keys: list[str] = []
        self.current_index = 0
        self.window_start = 0
        self._started = False
        self._columns: list[CardColumn] = []
        self._counts: list[int] = []  # cards in each column, as last drawn

    def compose(self) -> ComposeResult:
        yield BoardHeader()
        yield ArrivalsPanel()
        yield Horizontal(id="columns")
        yield Footer()

    def on_mount(self) -> None:
        self.set_reactive(BoardScreen.privacy, self.board_app.preferences.privacy)  # the user's default
        self.board_app.changed.subscribe(self, self.on_data_changed)
        self.redraw()
        self.welcome()

    def welcome(self) -> None:
        """At the colleague's first sign-in of a shift: show what arrived for them since their last shift
        (when anything did), and record the sign-on so it is shown once per shift, on any terminal."""
        app = self.board_app
        user = app.user
        if user is None:
            return
        try:
            arrivals = app.desk.arrivals_due(user)
        except (Refused, StoreError):
            return
        if arrivals is None:
            return
        if arrivals:
            self.query_one(ArrivalsPanel).show_arrivals(arrivals, app.desk.clock.tz, app.desk.clock.now())
        self._sign_on(user)

    @work(thread=True, group="sign-on")
    def _sign_on(self, user: str) -> None:
        # Not recorded (a read-only or busy store): the summary is shown again at the next sign-in.
        with contextlib.suppress(Refused, StoreError):
            self.board_app.desk.sign_on(by=user)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`escape` dismisses the summary of arrivals while it is shown, and means nothing otherwise."""
        if action == "dismiss_arrivals":
            return self.query_one(ArrivalsPanel).shown
        return True

    def action_dismiss_arrivals(self) -> None:
        self.query_one(ArrivalsPanel).hide_arrivals()

    def on_data_changed(self, _version: int) -> None:
        self.redraw()
        self.offer_steps()  # the selected card's status may have moved on

    def watch_privacy(self) -> None:
        self.redraw()

    def watch_grouping(self) -> None:
        self.redraw()

    def watch_filter_text(self) -> None:
        self.redraw()
        if self.filter_text and self._counts[self.current_index : self.current_index + 1] == [0]:
            # Nothing matches here: go to the first column that has a match (`/H-1002` finds H-1002).
            matching = next((index for index, count in enumerate(self._counts) if count), None)
            if matching is not None:
                self.selected_id = None
                self.select_column(matching)

    def watch_selected_id(self) -> None:
        self.offer_steps()

    @property
    def columns(self) -> list[CardColumn]:
        return self._columns

    def current_column(self) -> CardColumn | None:
        columns = self.columns
        return columns[self.current_index] if 0 <= self.current_index < len(columns) else None

    def selected_handover(self) -> Handover | None:
        return self.board_app.live.handovers.get(self.selected_id or "")

    def redraw(self) -> None:
        """Draw the columns from the live cache and the view state. Synchronous, so redraws never overlap:
        columns a regrouping adds are mounted without waiting (an OptionList takes its cards before)."""
        app = self.board_app
        user = app.user or ""
        live = app.live
        now = app.desk.clock.now()
        ack_within = timedelta(minutes=live.settings.ack_within_minutes)
        needle = self.filter_text.lower()
        needs = app.desk.needs(user, live.handovers.values()) if user in live.colleagues else []
        why = {need.handover.id: need.why for need in needs}
        shown = [h for h in live.handovers.values() if not needle or matches(h, needle)]
        needing = [need.handover for need in needs if not needle or matches(need.handover, needle)]
        groups = group_cards(shown, user=user, grouping=self.grouping, needing=needing)
        self._counts = [len(cards) for _, _, cards in groups]
        keys = [key for key, _, _ in groups]
        current_key = self.column_keys[self.current_index] if 0 <= self.current_index < len(self.column_keys) else None
        if keys != self.column_keys:
            container = self.query_one("#columns", Horizontal)
            container.remove_children()
            self._columns = [CardColumn(key) for key in keys]
            container.mount_all(self._columns)
            self.column_keys = keys
        self.current_index = self._column_to_select(groups, current_key)
        self._place_columns()
        minute = now.replace(second=0, microsecond=0)
        by_status = self.grouping == "status"
        for position, (column, (key, title, cards)) in enumerate(zip(self.columns, groups, strict=True), 1):
            column.set_title(title, position, len(groups), len(cards))
            reasons = why if key == NEEDS else {}
            signature = (
                tuple((h.id, h.updated_at, reasons.get(h.id)) for h in cards),
                self.privacy,
                by_status,
                minute,
                needle,
            )
            build = partial(
                self._cards, cards, now=now, ack_within=ack_within, show_receiver=by_status or key == NEEDS, why=reasons
            )
            column.show_cards(signature, build, empty=self._empty_words(key, user, needle), keep=self.selected_id)
        self.select_column(self.current_index)
        self._show_header(len(needs))

    def _cards(
        self, cards: list[Handover], *, now: datetime, ack_within: timedelta, show_receiver: bool, why: dict[str, str]
    ) -> list[tuple[str, Visual]]:
        privacy = self.privacy
        return [
            (
                h.id,
                Card(
                    card_parts(
                        h,
                        now=now,
                        ack_within=ack_within,
                        privacy=privacy,
                        show_receiver=show_receiver,
                        why=why.get(h.id, ""),
                    )
                ),
            )
            for h in cards
        ]

    def _empty_words(self, key: str, user: str, needle: str) -> str:
        if needle:
            return "No card matches the filter."
        return "Nothing handed to you." if key == user and self.grouping == "colleague" else "Nothing here."

    def _column_to_select(self, groups: list[Group], current_key: str | None) -> int:
        """The start: the first column. Later: the same column while it holds the selected card (a card can be
        in Needs me and in its holder's column at once); else the column now holding it; else the same one."""
        if not self._started:
            self._started = True
            return 0
        keys = [key for key, _, _ in groups]
        holding = [index for index, (_, _, cards) in enumerate(groups) if any(h.id == self.selected_id for h in cards)]
        if current_key in keys and keys.index(current_key) in holding:
            return keys.index(current_key)
        if holding:
            return holding[0]
        index = keys.index(current_key) if current_key in keys else self.current_index
        return max(0, min(index, len(groups) - 1))

    def select_column(self, index: int) -> None:
        columns = self.columns
        if not columns:
            return
        self.current_index = max(0, min(index, len(columns) - 1))
        self.layout_columns()
        column = columns[self.current_index]
        for other in columns:
            other.set_current(other is column)
        if self.selected_id:
            column.select(self.selected_id)
        self.selected_id = column.selected_id

    def _place_columns(self) -> None:
        """Show the window of columns that fits and holds the current one."""
        columns = self.columns
        width = self.size.width
        per_page = 1 if width < NARROW_BELOW else max(1, width // MIN_COLUMN_WIDTH)
        start = min(self.window_start, self.current_index)
        start = max(start, self.current_index - per_page + 1)
        start = max(0, min(start, len(columns) - per_page))
        self.window_start = start
        for index, column in enumerate(columns):
            column.display = start <= index < start + per_page

    def layout_columns(self) -> None:
        """Place the columns; those just shown draw their cards now (hidden ones wait: only what is seen is built)."""
        self._place_columns()
        for column in self.columns:
            if column.display:
                column.fill()

    def _show_header(self, needs: int) -> None:
        app = self.board_app
        user = app.user or ""
        state = HeaderState(
            user=user,
            user_name=app.live.name_of(user),
            shift=shift_words(app.desk.shift_now(user) if user in app.live.colleagues else None, app.desk.clock.now()),
            privacy=self.privacy,
            grouping=self.grouping,
            filter_text=self.filter_text,
            needs=needs,
        )
        self.query_one(BoardHeader).state = state

    def on_resize(self, _event: events.Resize) -> None:
        self.layout_columns()

    def on_option_list_option_selected(self, event: CardColumn.OptionSelected) -> None:
        """A click on a card (columns never have the focus, so only a click selects): that column and card."""
        column = event.option_list
        if isinstance(column, CardColumn) and column in self.columns:
            self.selected_id = column.selected_id
            self.select_column(self.columns.index(column))

    def on_option_list_option_highlighted(self, event: CardColumn.OptionHighlighted) -> None:
        if event.option_list is self.current_column() and event.option_id:
            self.selected_id = event.option_id

    def action_column(self, delta: int) -> None:
        self.select_column(self.current_index + delta)

    def action_card(self, delta: int) -> None:
        column = self.current_column()
        if column is None or column.highlighted is None:
            return
        # Clamped, not wrapped: past the last card stays on it, as a column of paper would.
        column.highlighted = max(0, min(column.highlighted + delta, column.option_count - 1))
        self.selected_id = column.selected_id

    def action_detail(self) -> None:
        from shiftboard.tui.screens.detail import DetailScreen

        handover = self.selected_handover()
        if handover is None:
            say(self, "No card selected.", severity="warning")
            return
        self.app.push_screen(DetailScreen(handover.id))

    def action_new_handover(self) -> None:
        from shiftboard.tui.screens.form import HandoverForm

        app = self.board_app
        user = app.user or ""
        app.push_screen(HandoverForm(app.desk, user, draft=app.drafts.pop(user, None)))

    def action_filter(self) -> None:
        from shiftboard.tui.screens.prompts import TextPrompt

        prompt = TextPrompt(
            "Filter cards",
            "Show cards containing (empty shows all)",
            required=False,
            initial=self.filter_text,
            one_line=True,
        )

        def chosen(text: str | None) -> None:
            if text is not None:
                self.filter_text = text.strip()

        self.app.push_screen(prompt, chosen)

    def action_needs(self) -> None:
        """Go to Needs me: the first column while anything needs you."""
        if NEEDS not in self.column_keys:
            message = "Nothing needs you now." if not self.filter_text else "Nothing that needs you matches the filter."
            say(self, message)
            return
        self.selected_id = None
        self.select_column(self.column_keys.index(NEEDS))

    def action_notifications(self) -> None:
        from shiftboard.tui.screens.notifications import NotificationsScreen

        self.app.push_screen(NotificationsScreen())

    def action_group(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]

    def action_privacy(self) -> None:
        self.privacy = not self.privacy

    def action_checklist(self) -> None:
        from shiftboard.tui.screens.checklist import ShiftChecklist

        app = self.board_app
        app.push_screen(ShiftChecklist(app.desk, app.user or ""))

    def action_review(self) -> None:
        from shiftboard.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.board_app.desk, user=self.board_app.user))

    def action_history(self) -> None:
        from shiftboard.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.board_app.desk))

    def action_switch_user(self) -> None:
        self.board_app.lock()

    def action_help(self) -> None:
        from shiftboard.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(KEYMAP))

    async def action_quit(self) -> None:
        await self.board_app.action_quit()

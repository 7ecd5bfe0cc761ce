"""Review: how actions were shared, per colleague, service or shift, over today / this shift / 7 days /
30 days or any dates typed; `enter` on a figure lists the handovers behind it.

The numbers come from `Desk.review_with_handovers` (the domain's `review`, the same computation
`report` and `export` print); this screen only lays them out: a table of every figure, a text bar
chart of the figure under the cursor, and the improvement notes agreed in the period. The archive
is read in a worker thread (files the board otherwise never opens).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.figures import FIGURES, figure_number, figure_text
from shiftboard.domain.models import Handover, Improvement
from shiftboard.domain.periods import Window
from shiftboard.domain.review import GROUPINGS, PERIODS, Metrics, Review
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.safe import join, literal, say
from shiftboard.tui.screens.help import literal_cell

BAR_WIDTH = 40
EIGHTHS = " ▏▎▍▌▋▊▉"
DATES = "dates"  # the period when dates were typed (`d`)


def bar(value: float | None, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of eighth-blocks, `value / top` of `width` cells long ('' for no value)."""
    if not value or top <= 0:
        return ""
    eighths = max(1, round(8 * width * value / top))
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def chart(title: str, rows: list[tuple[str, float | None, str]]) -> Content:
    """`title` then one line per row: name, bar, value as text; pure text, so it reads in any theme."""
    top = max((value or 0 for _, value, _ in rows), default=0)
    lines = [Content.styled(title, "bold")]
    for name, value, text in rows:
        lines.append(join(literal(f"{name[:14]:<15}"), Content.styled(f"{bar(value, top):<{BAR_WIDTH}}", "$accent"),
                          " ", text))  # fmt: skip
    return Content("\n").join(lines)


class ReviewScreen(Screen[None]):
    """Review figures for the team and per colleague, service or shift, over a period, with drill-down."""

    CSS_PATH = Path(__file__).with_name("review.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "Handovers", key_display="⏎", priority=True, id="review.drill"),
        Binding("t", "period", "Period", id="review.period"),
        Binding("d", "dates", "Dates", id="review.dates"),
        Binding("g", "group", "Group", id="review.group"),
        Binding("m", "metric", "Chart", id="review.metric"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    period: var[str] = var(PERIODS[0], init=False)
    grouping: var[str] = var(GROUPINGS[0], init=False)
    metric: var[int] = var(0, init=False)
    # Set once per computation: the same figures computed again (the same dates typed twice) still
    # replace the "loading…" title.
    result: var[Review | None] = var(None, init=False, always_update=True)
    typed: var[Window | None] = var(None, init=False, always_update=True)  # the dates typed with `d`

    def __init__(self, desk: Desk, *, user: str | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.user = user
        self.window: Window | None = None
        self.handovers: dict[str, Handover] = {}
        self.notes: list[Improvement] = []
        self._asked = 0  # which computation the screen waits for: a late one for an older period is dropped

    def compose(self) -> ComposeResult:
        yield Static(id="review-title", classes="title-bar")
        with VerticalScroll(id="review-body"):
            yield Static(id="totals")
            yield DataTable(id="table", zebra_stripes=True, cursor_type="cell", fixed_columns=1)
            yield Static(id="chart")
            yield Static(id="improvements")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table", DataTable).focus()
        self.load()

    def watch_period(self) -> None:
        self.load()

    def watch_grouping(self) -> None:
        self.redraw()

    def watch_metric(self) -> None:
        self.redraw_chart()

    def watch_result(self) -> None:
        self.redraw()

    def watch_typed(self) -> None:
        """Dates typed are the DATES period, shown at once (again, when it is already the period)."""
        if self.period == DATES:
            self.load()
        else:
            self.period = DATES

    # Computing ---------------------------------------------------------------------------

    def load(self) -> None:
        """The window of the period now; the figures in a worker, then shown."""
        try:
            window = (
                self.typed if self.period == DATES and self.typed else self.desk.period(self.period, user=self.user)
            )
        except (Refused, StoreError) as error:
            say(self, str(error), severity="error")
            return
        self.window = window
        self._asked += 1
        since = local_clock(window.since, self.desk.clock.tz, self.desk.clock.now())
        self.query_one("#review-title", Static).update(literal(f"Review · {window.label} (since {since}) · loading…"))
        self._compute(self._asked, window)

    @work(thread=True, exclusive=True, group="review")
    def _compute(self, asked: int, window: Window) -> None:
        """Off the UI thread: the archive's month files are read here (the live state under the store's mutex)."""
        try:
            result, handovers = self.desk.review_with_handovers(window)
            notes = self.desk.improvements(window)
        except StoreError as error:
            self.app.call_from_thread(say, self, str(error), severity="error", title="Archive not read")
            return
        self.app.call_from_thread(self._show, asked, result, handovers, notes)

    def _show(self, asked: int, result: Review, handovers: dict[str, Handover], notes: list[Improvement]) -> None:
        if asked == self._asked:  # else the period changed while this one was computing
            self.handovers, self.notes = handovers, notes
            self.result = result

    # Drawing -----------------------------------------------------------------------------

    def rows(self) -> list[tuple[str, Metrics]]:
        """The table's rows: the team, then one per colleague, service or shift."""
        result = self.result
        if result is None:
            return []
        return [("team", result.total), *result.grouped(self.grouping).items()]

    def redraw(self) -> None:
        result, window = self.result, self.window
        if result is None or window is None:
            return
        tz, now = self.desk.clock.tz, self.desk.clock.now()
        since = local_clock(result.since, tz, now)
        title = f"Review · {window.label} (since {since}) · by {self.grouping}"
        self.query_one("#review-title", Static).update(literal(title))
        total = result.total
        ack_within = self.desk.settings().ack_within_minutes
        self.query_one("#totals", Static).update(
            literal(
                f"Team: {total.handed_over} handed over · {total.received} received · acknowledged in "
                f"{figure_text(total, 'ack_median')} (median), {figure_text(total, 'ack_p90')} (p90) · "
                f"{figure_text(total, 'acked_within_pct')} within {ack_within}m · "
                f"{figure_text(total, 'read_back_pct')} read back · {figure_text(total, 'informed_pct')} customer "
                f"informed · {figure_text(total, 'fields_pct')} fields · "
                f"{figure_text(total, 'queries_per_handover')} queries per handover · {total.done} done · "
                f"{total.unable} unable · {total.taken_back} taken back · {total.withdrawn} withdrawn · "
                f"{total.reopened} reopened · {total.overdue} overdue · {total.escalated} escalated · "
                f"{total.flagged} flagged · "
                f"{total.reassigned} reassigned · {figure_text(total, 'verified_pct')} verified by the sender"
            )
        )
        table = self.query_one("#table", DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_columns(literal_cell(self.grouping), *(literal_cell(figure.heading) for figure in FIGURES))
        for index, (name, metrics) in enumerate(self.rows()):
            style = "bold" if index == 0 else ""
            table.add_row(
                literal_cell(name, style), *(literal_cell(figure_text(metrics, f.name), style) for f in FIGURES)
            )
        column = max(1, min(cursor.column, len(FIGURES)))
        table.cursor_coordinate = Coordinate(min(cursor.row, table.row_count - 1), column)
        self.redraw_chart()
        self.query_one("#improvements", Static).update(self.improvements_text())

    def redraw_chart(self) -> None:
        if self.result is None:
            return
        figure = FIGURES[self.metric]
        rows = self.rows()[1:]
        bars = [
            (name, figure_number(metrics, figure.name), figure_text(metrics, figure.name)) for name, metrics in rows
        ]
        ack_within = self.desk.settings().ack_within_minutes
        title = figure.title.replace("ack_within", f"{ack_within}m")
        empty = Content.styled("\nNothing happened in this period.", "italic") if not rows else Content("")
        self.query_one("#chart", Static).update(join(chart(f"{title} — m: next figure", bars), empty))

    def improvements_text(self) -> Content:
        tz, now = self.desk.clock.tz, self.desk.clock.now()
        lines = [Content.styled("Improvement notes agreed in this period", "bold")]
        for note in self.notes:
            lines.append(
                literal(
                    f"{note.id} · {local_clock(note.at, tz, now)} · {note.text} (agreed by {', '.join(note.agreed_by)})"
                )
            )
        if not self.notes:
            lines.append(
                Content.styled("None (record one with: shiftboard improve add TEXT --agreed-by a,b)", "italic")
            )
        return Content("\n").join(lines)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if event.coordinate.column >= 1:
            self.metric = event.coordinate.column - 1

    # Keys --------------------------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.drill(event.coordinate)

    def action_drill(self) -> None:
        self.drill(self.query_one("#table", DataTable).cursor_coordinate)

    def drill(self, where: Coordinate) -> None:
        """The handovers behind the figure at `where` (a row's name column: the chart's figure)."""
        from shiftboard.tui.screens.handover_list import HandoverListScreen

        rows = self.rows()
        if self.window is None or not rows:
            return
        name, metrics = rows[min(where.row, len(rows) - 1)]
        figure = FIGURES[where.column - 1 if where.column >= 1 else self.metric]
        behind = metrics.handovers_behind(figure.name)
        found = sorted(
            ((self.handovers[hid], how) for hid, how in behind.items() if hid in self.handovers),
            key=lambda pair: pair[0].number,
        )
        words = figure.title.replace("ack_within", f"{self.desk.settings().ack_within_minutes}m")
        title = f"{words} · {name} · {self.window.label}"
        note = "counted as" if any(how for _, how in found) else ""
        self.app.push_screen(HandoverListScreen(self.desk, title, found, note=note))

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)] if self.period in PERIODS else PERIODS[0]

    def action_dates(self) -> None:
        from shiftboard.tui.screens.prompts import TextPrompt

        prompt = TextPrompt(
            "Review any dates",
            "From and to, local dates: 2026-11-01 2026-11-15 (to left out: until now)",
            one_line=True,
        )

        def chosen(text: str | None) -> None:
            if not text or not text.strip():
                return
            since, _, until = text.strip().partition(" ")
            try:
                window = self.desk.window(since, until.strip() or None, default="today", fields=("from", "to"))
            except Refused as refusal:
                say(self, refusal.message, title="Refused", severity="warning")
                return
            self.typed = window

        self.app.push_screen(prompt, chosen)

    def action_group(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]

    def action_metric(self) -> None:
        table = self.query_one("#table", DataTable)
        column = (self.metric + 1) % len(FIGURES) + 1
        table.cursor_coordinate = Coordinate(table.cursor_coordinate.row, column)
        self.metric = column - 1

    def action_back(self) -> None:
        self.dismiss(None)

"""Review: how actions were shared, per colleague or per service, today / this week / 30 days.

The numbers come from `domain.review` (pure); this screen only lays them out: a table of
every metric and a text bar chart of one metric at a time. Archived handovers are read in a
worker thread (they live in files the board otherwise never opens).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from shiftboard.domain.duetime import local_clock, span_words
from shiftboard.domain.models import Handover
from shiftboard.domain.review import PERIODS, Metrics, Review, period_start, review
from shiftboard.services import Desk
from shiftboard.store import StoreError
from shiftboard.tui.safe import join, literal, say
from shiftboard.tui.screens.help import literal_cell

GROUPINGS = ("colleague", "service")
BAR_WIDTH = 40
EIGHTHS = " ▏▎▍▌▋▊▉"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


def _span(value: timedelta | None) -> str:
    return "–" if value is None else span_words(value) if value >= timedelta(minutes=1) else "<1m"


# (column heading, chart title, cell text, number for the chart)
COLUMNS: list[tuple[str, str, Callable[[Metrics], str], Callable[[Metrics], float | None]]] = [
    ("handed", "Handed over", lambda m: str(m.handed_over), lambda m: m.handed_over),
    ("recv", "Received", lambda m: str(m.received), lambda m: m.received),
    ("ack med", "Median time to acknowledge (minutes)", lambda m: _span(m.ack_median),
     lambda m: _minutes(m.ack_median)),
    ("ack p90", "90th percentile time to acknowledge (minutes)", lambda m: _span(m.ack_p90),
     lambda m: _minutes(m.ack_p90)),
    ("in time", "% acknowledged within ack_within", lambda m: _pct(m.acked_within_pct), lambda m: m.acked_within_pct),
    ("read-back", "% acknowledged with a read-back", lambda m: _pct(m.read_back_pct), lambda m: m.read_back_pct),
    ("informed", "% with the customer informed", lambda m: _pct(m.informed_pct), lambda m: m.informed_pct),
    ("fields", "% of fields completed", lambda m: _pct(m.fields_pct), lambda m: m.fields_pct),
    ("done", "Done", lambda m: str(m.done), lambda m: m.done),
    ("unable", "Unable", lambda m: str(m.unable), lambda m: m.unable),
    ("overdue", "Overdue", lambda m: str(m.overdue), lambda m: m.overdue),
    ("flagged", "Follow-ups flagged", lambda m: str(m.flagged), lambda m: m.flagged),
    ("reassigned", "Reassignments", lambda m: str(m.reassigned), lambda m: m.reassigned),
    ("verified", "% of done closed by the sender's verification", lambda m: _pct(m.verified_pct),
     lambda m: m.verified_pct),
    ("taken back", "Taken back by their sender", lambda m: str(m.taken_back), lambda m: m.taken_back),
    ("withdrawn", "Withdrawn", lambda m: str(m.withdrawn), lambda m: m.withdrawn),
    ("reopened", "Reopened", lambda m: str(m.reopened), lambda m: m.reopened),
    ("escalated", "Escalated (unacknowledged 2 × ack_within, or not done by due)", lambda m: str(m.escalated),
     lambda m: m.escalated),
]  # fmt: skip


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
    """Review metrics for the team, per colleague or per service, over a period."""

    CSS_PATH = Path(__file__).with_name("review.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "period", "Period", id="review.period"),
        Binding("g", "group", "Colleague/service", id="review.group"),
        Binding("m", "metric", "Chart metric", id="review.metric"),
        # The table is wider than 80 columns: the arrows move it sideways (the colleague column stays).
        Binding("right", "columns(1)", "Columns", key_display="←→", priority=True, id="review.columns-right"),
        Binding("left", "columns(-1)", "Columns", show=False, priority=True, id="review.columns-left"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    period: var[str] = var(PERIODS[0], init=False)
    grouping: var[str] = var(GROUPINGS[0], init=False)
    metric: var[int] = var(0, init=False)
    result: var[Review | None] = var(None, init=False)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        yield Static(id="review-title", classes="title-bar")
        with VerticalScroll(id="review-body"):
            yield Static(id="totals")
            yield DataTable(id="table", zebra_stripes=True, cursor_type="row", fixed_columns=1)
            yield Static(id="chart")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def watch_period(self) -> None:
        self.load()

    def watch_grouping(self) -> None:
        self.redraw()

    def watch_metric(self) -> None:
        self.redraw()

    def watch_result(self) -> None:
        self.redraw()

    def action_columns(self, step: int) -> None:
        """Move the table sideways by one whole column, the colleague column staying put."""
        table = self.query_one("#table", DataTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns[1:]]
        starts = [sum(widths[:index]) for index in range(len(widths))]
        if step > 0:
            target = next((x for x in starts if x > table.scroll_x), table.max_scroll_x)
        else:
            target = max((x for x in starts if x < table.scroll_x), default=0)
        table.scroll_to(x=min(target, table.max_scroll_x), animate=False)

    def load(self) -> None:
        """Live handovers now; archived ones in a worker, then the numbers."""
        now, tz = self.desk.clock.now(), self.desk.clock.tz
        since = period_start(self.period, now, tz)
        self.query_one("#review-title", Static).update(
            literal(f"Review · {self.period} (since {local_clock(since, tz, now)}) · by {self.grouping} · loading…")
        )
        ack_within = timedelta(minutes=self.desk.settings().ack_within_minutes)
        self._compute(self.period, self.desk.handovers(), since, now, ack_within)

    @work(thread=True, exclusive=True, group="review")
    def _compute(
        self, period: str, live: list[Handover], since: datetime, now: datetime, ack_within: timedelta
    ) -> None:
        """Off the UI thread: only archive files are read here, never the live state."""
        try:
            archived = self.desk.archived_since(since)
        except StoreError as error:
            self.app.call_from_thread(say, self, str(error), severity="error", title="Archive not read")
            archived = []
        result = review(live + archived, since=since, now=now, ack_within=ack_within)
        self.app.call_from_thread(self._show, period, result)

    def _show(self, period: str, result: Review) -> None:
        if period == self.period:  # else the period changed while this one was computing
            self.result = result

    def redraw(self) -> None:
        result = self.result
        if result is None:
            return
        tz, now = self.desk.clock.tz, self.desk.clock.now()
        since = local_clock(result.since, tz, now)
        title = f"Review · {self.period} (since {since}) · by {self.grouping}"
        self.query_one("#review-title", Static).update(literal(title))
        total = result.total
        ack_within = self.desk.settings().ack_within_minutes
        self.query_one("#totals", Static).update(
            literal(
                f"Team: {total.handed_over} handed over · {total.received} received · acknowledged in "
                f"{_span(total.ack_median)} (median), {_span(total.ack_p90)} (p90) · "
                f"{_pct(total.acked_within_pct)} within {ack_within}m · {_pct(total.read_back_pct)} read back · "
                f"{_pct(total.informed_pct)} customer informed · {_pct(total.fields_pct)} fields · "
                f"{total.done} done · {total.unable} unable · {total.overdue} overdue · {total.flagged} flagged · "
                f"{total.reassigned} reassigned · {_pct(total.verified_pct)} verified by the sender"
            )
        )
        rows = result.by_colleague if self.grouping == "colleague" else result.by_service
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        table.add_columns(literal_cell(self.grouping), *(literal_cell(heading) for heading, *_ in COLUMNS))
        table.add_row(literal_cell("team", "bold"), *(literal_cell(cell(total), "bold") for _, _, cell, _ in COLUMNS))
        for name, metrics in rows.items():
            table.add_row(literal_cell(name), *(literal_cell(cell(metrics)) for _, _, cell, _ in COLUMNS))
        _, title, cell, number = COLUMNS[self.metric]
        bars = [(name, number(metrics), cell(metrics)) for name, metrics in rows.items()]
        empty = Content.styled("\nNothing happened in this period.", "italic") if not rows else Content("")
        title = title.replace("ack_within", f"{ack_within}m")
        self.query_one("#chart", Static).update(join(chart(f"{title} — m: next metric", bars), empty))

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]

    def action_group(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]

    def action_metric(self) -> None:
        self.metric = (self.metric + 1) % len(COLUMNS)

    def action_back(self) -> None:
        self.dismiss(None)

"""The figures of the review (SPEC §1), declared once: the name `review.Metrics` holds each under, its
column heading, its title, and how it is written. The board's review screen, `report` and its
Markdown, CSV and JSON all read this registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from shiftboard.domain.duetime import span_words


@dataclass(frozen=True)
class Figure:
    """One figure of the review: its `Metrics` attribute, its column heading and its full title."""

    name: str
    heading: str
    title: str
    unit: str  # "count", "pct", "span" or "ratio": how it is written and charted


FIGURES: tuple[Figure, ...] = (
    Figure("handed_over", "handed", "Handed over", "count"),
    Figure("received", "recv", "Received", "count"),
    Figure("ack_median", "ack med", "Median time to acknowledge (minutes)", "span"),
    Figure("ack_p90", "ack p90", "90th percentile time to acknowledge (minutes)", "span"),
    Figure("acked_within_pct", "in time", "% acknowledged within ack_within", "pct"),
    Figure("read_back_pct", "read-back", "% acknowledged with a read-back", "pct"),
    Figure("informed_pct", "informed", "% with the customer informed", "pct"),
    Figure("fields_pct", "fields", "% of fields completed", "pct"),
    Figure("queries_per_handover", "queries", "Queries per handover", "ratio"),
    Figure("done", "done", "Done", "count"),
    Figure("unable", "unable", "Unable", "count"),
    Figure("taken_back", "taken back", "Taken back", "count"),
    Figure("withdrawn", "withdrawn", "Withdrawn", "count"),
    Figure("reopened", "reopened", "Reopened", "count"),
    Figure("overdue", "overdue", "Overdue", "count"),
    Figure("escalated", "escalated", "Escalated (unacknowledged 2 × ack_within, or not done by due)", "count"),
    Figure("flagged", "flagged", "Follow-ups flagged", "count"),
    Figure("reassigned", "reassigned", "Reassignments", "count"),
    Figure("verified_pct", "verified", "% of done closed by the sender's verification", "pct"),
)
FIGURE = {figure.name: figure for figure in FIGURES}
GROUPINGS = ("colleague", "service", "shift")  # what the review's rows are: one per colleague, service or shift


def figure_text(metrics: object, name: str) -> str:
    """A figure as a table cell: `12`, `75%`, `1h20m`, `0.25`, or `–` when nothing was measured."""
    value = getattr(metrics, name)
    unit = FIGURE[name].unit
    if value is None:
        return "–"
    if unit == "pct":
        return f"{value:.0f}%"
    if unit == "span":
        return span_words(value) if value >= timedelta(minutes=1) else "<1m"
    if unit == "ratio":
        return f"{value:.2f}"
    return str(value)


def figure_number(metrics: object, name: str) -> float | None:
    """A figure as a number for a chart or a spreadsheet: times in minutes."""
    value = getattr(metrics, name)
    if isinstance(value, timedelta):
        return value.total_seconds() / 60
    return None if value is None else float(value)

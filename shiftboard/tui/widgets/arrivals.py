"""The summary at a colleague's first sign-in of a shift: what arrived for them since their last shift.

A box above the columns, one line per heading (late, new, waiting on you), each card once; `escape`
dismisses it. It never takes the focus or a key the board needs: a typist who presses `n` at once
still gets the form.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.content import Content
from textual.widgets import Static

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.models import Handover
from shiftboard.domain.shiftchange import Arrivals
from shiftboard.tui.safe import join, literal

HEADINGS = (("late", "◔ late"), ("new", "○ new"), ("waiting", "● waiting on you"))


def arrivals_lines(arrivals: Arrivals) -> list[Content]:
    """`◔ late (1): H-1003 not acknowledged in time` … one line per heading that has cards."""
    lines = []
    for name, heading in HEADINGS:
        cards: list[tuple[Handover, str]] = getattr(arrivals, name)
        if cards:
            items = join(*(f"{h.id} {why}" for h, why in cards), separator=" · ")
            lines.append(join((f"{heading} ({len(cards)}): ", "bold"), items))
    return lines


def arrivals_title(arrivals: Arrivals, tz: tzinfo, now: datetime) -> Content:
    since = f" ({local_clock(arrivals.since, tz, now)})" if arrivals.since else ""
    return literal(f"Since your last shift{since}")


class ArrivalsPanel(Static):
    DEFAULT_CSS = """
    ArrivalsPanel {
        display: none;
        height: auto;
        max-height: 6;
        border: round $warning;
        border-title-style: bold;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-shown { display: block; }
    }
    """

    def show_arrivals(self, arrivals: Arrivals, tz: tzinfo, now: datetime) -> None:
        self.border_title = arrivals_title(arrivals, tz, now)
        self.border_subtitle = literal("esc: dismiss")
        self.update(Content("\n").join(arrivals_lines(arrivals)))
        self.add_class("-shown")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def hide_arrivals(self) -> None:
        self.remove_class("-shown")

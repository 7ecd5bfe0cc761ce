"""Everything about one handover, as the detail screen shows it: fields, then the audit timeline.

Full customer details are shown here even in privacy mode (that is what the detail view is
for). Every value a person typed goes through `literal`; times are shown in local time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from textual.content import Content

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.fields import CUSTOMER, FIELDS, FOLLOW_THROUGH, Kind
from shiftboard.domain.models import Handover
from shiftboard.domain.status import card_status, due_words
from shiftboard.domain.timeline import Entry, timeline
from shiftboard.tui.safe import join, literal
from shiftboard.tui.widgets.card import PRIORITY_MARKS, PRIORITY_STYLES, status_content

LABEL_WIDTH = 18
MIN_VALUE_WIDTH = 20  # narrower than this, let the terminal wrap as it will


class Sheet:
    """Lines of `label  value`, with multi-line values indented under their label.

    Given the width it is drawn at, long values are wrapped there too, so that their following lines
    keep the indent instead of running back under the labels."""

    def __init__(self, width: int = 0) -> None:
        self.lines: list[Content] = []
        self.value_width = width - LABEL_WIDTH if width - LABEL_WIDTH >= MIN_VALUE_WIDTH else 0

    def heading(self, text: str) -> None:
        if self.lines:
            self.lines.append(Content(""))
        self.lines.append(literal(text, "bold underline $text-primary"))

    def row(self, label: str, value: str | Content, *, style: str = "") -> None:
        shown = value if isinstance(value, Content) else literal(value, style)
        lines = shown.split("\n", allow_blank=True) or [Content("")]
        if self.value_width:
            lines = [part for line in lines for part in (line.wrap(self.value_width) or [line])]
        first, *rest = lines
        self.lines.append(join(literal(label.ljust(LABEL_WIDTH), "dim"), first))
        self.lines.extend(join(" " * LABEL_WIDTH, line) for line in rest)

    def text(self, value: Content) -> None:
        self.lines.append(value)

    def content(self) -> Content:
        return Content("\n").join(self.lines)


def _when(moment: datetime | None, tz: tzinfo, now: datetime) -> str:
    return local_clock(moment, tz, now) if moment else "—"


def detail_content(
    handover: Handover,
    *,
    now: datetime,
    tz: tzinfo,
    ack_within: timedelta,
    name_of: Callable[[str], str],
    width: int = 0,
) -> Content:
    """The detail of `handover`, its values wrapped to `width` cells when given."""
    h = handover
    sheet = Sheet(width)
    status = card_status(h, now, ack_within)
    sheet.text(
        join(
            literal(h.id, "bold"),
            "  ",
            literal(PRIORITY_MARKS[h.priority], PRIORITY_STYLES[h.priority]),
            "  ",
            status_content(status),
        )
    )
    sheet.row("from", f"{h.from_} ({name_of(h.from_)})")
    sheet.row("to", f"{h.to} ({name_of(h.to)})")
    sheet.row("service", h.service)
    sheet.row("channel", h.channel.value)
    sheet.row("due", f"{_when(h.due, tz, now)} ({due_words(h, now)})", style="bold" if status.overdue else "")
    sheet.row("created", _when(h.created_at, tz, now))
    sheet.row("handed", _when(h.handed_at, tz, now))
    sheet.row("check progress", _when(h.check_at, tz, now))

    sheet.heading("Customer")
    erased = "(erased by purge)"
    for field in FIELDS:
        if field.section == CUSTOMER:
            value = field.value(h)
            sheet.row(field.label.lower(), erased if value is None and field.personal else value or "—")
    informed = "yes" if h.customer_informed else "no"
    sheet.row("informed", f"{informed} — {h.informed_note}" if h.informed_note else informed)

    sheet.heading("Handover")
    for field in FIELDS:
        if field.kind is Kind.TEXT and not field.personal and field.name != "informed_note":
            sheet.row(field.label.lower(), field.value(h) or "—")
    if h.checklist:
        sheet.heading(f"Checklist ({h.service})")
        for number, item in enumerate(h.checklist, 1):
            sheet.row(f"{number}. answer", join(literal(item.prompt, "italic"), "\n", literal(item.answer or "—")))

    sheet.heading("Follow-through")
    if h.follow_up:
        flag = h.follow_up
        check = f", check at {_when(flag.check_at, tz, now)}" if flag.check_at else ""
        sheet.row("follow-up", f"⚑ {flag.note}\n(by {flag.by} at {_when(flag.at, tz, now)}{check})")
    else:
        sheet.row("follow-up", "not flagged")
    if h.acknowledged_by:
        sheet.row("acknowledged", f"by {h.acknowledged_by} at {_when(h.acknowledged_at, tz, now)}")
    for text in FOLLOW_THROUGH:
        value = getattr(h, text.name)
        if value or (text.name == "read_back" and h.acknowledged_by):
            sheet.row(text.label.lower(), value or "(none)")
    if h.closed_by:
        sheet.row("closed", f"by {h.closed_by} at {_when(h.closed_at, tz, now)}")

    count = len(h.events)
    sheet.heading(f"Timeline ({count} event{'' if count == 1 else 's'})")
    for entry in timeline(h, tz=tz, now=now):
        _event_rows(sheet, entry)
    return sheet.content()


def _event_rows(sheet: Sheet, entry: Entry) -> None:
    """One timeline entry in words (`bob acknowledged it`), with what they typed under it, labelled."""
    sheet.row(entry.when, join(literal(entry.words, "bold"), literal(entry.account, "dim")))
    if entry.said:
        sheet.row("", f"{entry.said_label}: “{entry.said}”")

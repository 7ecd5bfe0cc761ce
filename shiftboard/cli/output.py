"""What the command line prints: readable text for people, JSON for scripts.

Stored text is shown literally, never interpreted, and every line goes through `emit`,
which makes control characters visible (domain.text.visible) so nothing raw reaches
a terminal. JSON escapes them instead, so it stays exact and still safe to print.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from shiftboard.domain.duetime import local_clock, relative
from shiftboard.domain.models import Colleague, Event, Handover, Service
from shiftboard.domain.status import card_status
from shiftboard.domain.text import initials, visible

# Characters json.dumps(ensure_ascii=False) passes through raw but a terminal would act on.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
ACTION_WIDTH = 60  # the action's cells in a listing that is not going to a terminal
MIN_ACTION_WIDTH = 20
EVENT_INDENT = 35  # where an event's words start in `show`'s history
EVENT_WORDS = {
    "create": "handed over",
    "ack": "acknowledged",
    "query": "asked a question",
    "answer": "answered the question",
    "done": "marked done",
    "unable": "marked unable",
    "verify": "verified and closed",
    "reassign": "reassigned",
    "flag": "flagged for follow-up",
    "unflag": "cleared the flag",
    "comment": "commented",
    "purge": "erased the customer's personal data",
}


def emit(text: str = "") -> None:
    print(visible(text))


def json_text(value: Any, *, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def stored(handover: Handover) -> dict[str, Any]:
    """The handover as the store holds it: the fields it was given, nothing filled in by defaults."""
    return handover.model_dump(mode="json", by_alias=True, exclude_unset=True)


def emit_json_array(items: Iterable[Any]) -> None:
    """One JSON array, written item by item so a long listing never sits whole in memory."""
    print("[", end="")
    for number, item in enumerate(items):
        print(("\n" if number == 0 else ",\n") + json_text(item), end="")
    print("\n]")


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def customer_label(handover: Handover, *, private: bool) -> str:
    """Initials and reference in a listing (privacy mode), the full name in the detail view."""
    name = handover.customer.name
    shown = "(erased)" if name is None else initials(name) if private else name
    return f"{shown} {handover.customer.ref}".strip()


def due_label(when: datetime, now: datetime, tz: tzinfo) -> str:
    return f"{local_clock(when, tz, now)} ({relative(when, now)})"


def handover_rows(
    handovers: Iterable[Handover], now: datetime, tz: tzinfo, ack_within: timedelta, *, width: int | None = None
) -> None:
    """The listing, customers as initials: one line per handover, columns as wide as what they hold and
    the action taking the rest of a `width`-cell terminal (ACTION_WIDTH when not a terminal). A terminal
    too narrow for that (80 columns) gets two lines per handover instead of wrapped ones."""
    headings = ("ID", "STATUS", "PRIORITY", "FROM → TO", "CUSTOMER", "DUE")
    rows = [
        (
            handover.id,
            card_status(handover, now, ack_within).label,
            handover.priority.value,
            f"{handover.from_} → {handover.to}",
            one_line(customer_label(handover, private=True), 19),
            due_label(handover.due, now, tz),
            handover.action_required,
        )
        for handover in handovers
    ]
    widths = [max(len(row[index]) for row in [headings, *rows]) + 2 for index in range(len(headings))]
    if width is not None and sum(widths) + MIN_ACTION_WIDTH > width:
        _two_line_rows(rows, widths, width)
    else:
        action_width = ACTION_WIDTH if width is None else width - sum(widths) - 1
        emit("".join(cell.ljust(size) for cell, size in zip(headings, widths, strict=True)) + "ACTION")
        for *cells, action in rows:
            emit(
                "".join(cell.ljust(size) for cell, size in zip(cells, widths, strict=True))
                + one_line(action, action_width)
            )
    emit(f"{len(rows)} handover{'s' if len(rows) != 1 else ''}")


def _two_line_rows(rows: list[tuple[str, ...]], widths: list[int], width: int) -> None:
    """ID, status, who and priority; then, indented, when it is due, the customer and the action."""
    indent = " " * widths[0]
    for hid, status, priority, people, customer, due, action in rows:
        emit(f"{hid.ljust(widths[0])}{status.ljust(widths[1])}{people}  {priority}")
        emit(indent + one_line(f"due {due} · {customer} — {action}", max(MIN_ACTION_WIDTH, width - len(indent) - 1)))


def _block(title: str, text: str, width: int | None) -> None:
    emit(title)
    for line in text.splitlines() or [""]:
        _wrapped(f"  {line}", width, indent=2)


def _wrapped(line: str, width: int | None, *, indent: int) -> None:
    """`line`, wrapped to a `width`-cell terminal with later lines indented by `indent` (as is when piped)."""
    if width is None or len(line) < width:
        emit(line)
        return
    for part in textwrap.wrap(line, width - 1, subsequent_indent=" " * indent, break_on_hyphens=False):
        emit(part)


def _event_line(event: Event, first_receiver: str, tz: tzinfo, now: datetime) -> str:
    what = EVENT_WORDS.get(event.kind, event.kind)
    if event.kind == "create":
        what += f" to {first_receiver}"
    elif event.kind == "reassign" and "to" in event.changes:
        what += f" to {event.changes['to'][1]}"
    actor = event.actor + (f" (for {event.for_})" if event.for_ else "")
    line = f"  {local_clock(event.at, tz, now):<17}{actor:<16}{what}"  # what starts at EVENT_INDENT
    if event.note:
        line += ": " + one_line(event.note, 200)
    return line


def handover_detail(
    handover: Handover, now: datetime, tz: tzinfo, ack_within: timedelta, *, width: int | None = None
) -> None:
    """Everything about one handover, then its audit trail; long text wrapped under its heading on a
    `width`-cell terminal."""
    status = card_status(handover, now, ack_within)
    emit(f"{handover.id} · {status.label} · {handover.priority.value} priority")
    emit(
        f"from {handover.from_} to {handover.to} · service {handover.service} · by {handover.channel.value}"
        f" · handed over {local_clock(handover.created_at, tz, now)}"
    )
    emit(f"due        {due_label(handover.due, now, tz)}")
    if handover.check_at:
        emit(f"check at   {local_clock(handover.check_at, tz, now)}")
    customer = handover.customer
    contact = customer.contact if customer.contact is not None else "(erased)"
    emit(f"customer   {customer_label(handover, private=False)} · {contact}")
    if customer.preferences:
        emit(f"prefers    {customer.preferences}")
    informed = "yes" if handover.customer_informed else "no"
    emit(f"informed   {informed}" + (f": {handover.informed_note}" if handover.informed_note else ""))
    emit()
    for title, text in (
        ("summary", handover.summary),
        ("actions taken", handover.actions_taken),
        ("action required", handover.action_required),
        ("sender keeps", handover.sender_keeps),
        ("promises", handover.promises),
        ("contingency", handover.contingency),
        ("read-back", handover.read_back or ""),
        ("question", handover.question or ""),
        ("outcome", handover.outcome or ""),
        ("unable because", handover.unable_reason or ""),
    ):
        if text:
            _block(title, text, width)
    if handover.checklist:
        emit("checklist")
        for number, item in enumerate(handover.checklist, start=1):
            emit(f"  {number}. {item.prompt}  {item.answer}")
    if handover.follow_up:
        check = f", check at {local_clock(handover.follow_up.check_at, tz, now)}" if handover.follow_up.check_at else ""
        emit(f"follow-up  {handover.follow_up.note} (flagged by {handover.follow_up.by}{check})")
    emit()
    emit("history")
    reassigned = (e.changes["to"][0] for e in handover.events if e.kind == "reassign" and "to" in e.changes)
    first_receiver = next(reassigned, handover.to)
    for event in handover.events:
        _wrapped(_event_line(event, first_receiver, tz, now), width, indent=EVENT_INDENT)


def colleague_rows(colleagues: list[Colleague], on_shift: dict[str, bool], open_counts: dict[str, int]) -> None:
    emit(f"{'HANDLE':<12}{'NAME':<24}{'ROLE':<12}{'ON SHIFT':<10}{'OPEN':<6}{'PIN':<5}SKILLS")
    for colleague in colleagues:
        name = one_line(colleague.name, 23) + ("" if colleague.active else " (inactive)")
        emit(
            f"{colleague.handle:<12}{name:<24}{colleague.role:<12}{'yes' if on_shift[colleague.handle] else 'no':<10}"
            f"{open_counts.get(colleague.handle, 0):<6}{'yes' if colleague.pin else 'no':<5}"
            f"{', '.join(colleague.skills)}"
        )


def colleague_json(colleague: Colleague, *, on_shift: bool, open_count: int) -> dict[str, Any]:
    """A colleague for scripts: the stored record with the PIN hash left out, plus what is derived."""
    record = colleague.to_json()
    record["pin"] = colleague.pin is not None
    record["on_shift_now"] = on_shift
    record["open"] = open_count
    return record


def service_rows(services: list[Service]) -> None:
    for service in services:
        skills = ", ".join(service.skills) or "none"
        line = f"{service.name}  (skills: {skills}; applies: {service.when}"
        emit(line + (f"; requires: {', '.join(service.require)})" if service.require else ")"))
        for number, prompt in enumerate(service.prompts, start=1):
            emit(f"  {number}. {prompt}")

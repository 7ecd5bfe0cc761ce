"""What the command line prints: readable text for people, JSON for scripts.

Stored text is shown literally, never interpreted, and every line goes through `emit`,
which makes control characters visible (domain.text.visible) so nothing raw reaches
a terminal. JSON escapes them instead, so it stays exact and still safe to print.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from shiftboard.domain.duetime import local_clock
from shiftboard.domain.fields import FIELDS, FOLLOW_THROUGH, Kind
from shiftboard.domain.models import Colleague, Handover, Service
from shiftboard.domain.status import card_status, customer_label, due_words
from shiftboard.domain.text import visible

if TYPE_CHECKING:
    from shiftboard.domain.timeline import Entry

# Characters json.dumps(ensure_ascii=False) passes through raw but a terminal would act on.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
ACTION_WIDTH = 60  # the action's cells in a listing that is not going to a terminal
MIN_ACTION_WIDTH = 20
EVENT_INDENT = 20  # where an event's words start in `show`'s history (after a dated time)


def emit(text: str = "") -> None:
    print(visible(text))


def warn_all(warnings: Iterable[str]) -> None:
    """Warnings that do not stop the command (a receiver off shift, without the skills): one line each,
    on stderr, so a script reading stdout still gets only the result."""
    for warning in warnings:
        print(visible(f"shiftboard: warning: {warning}"), file=sys.stderr)


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


def cell_len(text: str) -> int:
    """Terminal cells `text` takes (a CJK character two). Rich's measure, imported only when a listing
    or a detail is laid out: a command that prints one line never loads it."""
    from rich.cells import cell_len as cells

    return cells(text)


def one_line(text: str, width: int) -> str:
    """`text` on one line of at most `width` terminal cells (wide characters count two), cut with `…`."""
    flat = " ".join(text.split())
    if flat.isascii():  # one cell a character: no need to measure each (a long listing did, 20 µs a line)
        return flat if len(flat) <= width else flat[: width - 1] + "…"
    if cell_len(flat) <= width:
        return flat
    kept, used = [], 0
    for char in flat:
        used += cell_len(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal cells: `str.ljust` counts characters, not cells."""
    return text + " " * max(0, width - cell_len(text))


def due_label(handover: Handover, now: datetime, tz: tzinfo) -> str:
    """`16:00 (in 2h)`, or `16:00 (closed)`."""
    return f"{local_clock(handover.due, tz, now)} ({due_words(handover, now)})"


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
            one_line(customer_label(handover, privacy=True), 19),
            due_label(handover, now, tz),
            handover.action_required,
        )
        for handover in handovers
    ]
    widths = [max(cell_len(row[index]) for row in [headings, *rows]) + 2 for index in range(len(headings))]
    if width is not None and sum(widths) + MIN_ACTION_WIDTH > width:
        _two_line_rows(rows, widths, width)
    else:
        action_width = ACTION_WIDTH if width is None else width - sum(widths) - 1
        emit("".join(pad(cell, size) for cell, size in zip(headings, widths, strict=True)) + "ACTION")
        for *cells, action in rows:
            emit(
                "".join(pad(cell, size) for cell, size in zip(cells, widths, strict=True))
                + one_line(action, action_width)
            )
    emit(f"{len(rows)} handover{'s' if len(rows) != 1 else ''}")


def _two_line_rows(rows: Sequence[tuple[str, ...]], widths: list[int], width: int) -> None:
    """ID, status, who and priority; then, indented, when it is due, the customer and the action."""
    indent = " " * widths[0]
    for hid, status, priority, people, customer, due, action in rows:
        emit(f"{pad(hid, widths[0])}{pad(status, widths[1])}{people}  {priority}")
        emit(indent + one_line(f"due {due} · {customer} — {action}", max(MIN_ACTION_WIDTH, width - len(indent) - 1)))


def _block(title: str, text: str, width: int | None, *, indent: int = 2) -> None:
    """`text` indented under its `title`, so none of its lines can pass for another field (SPEC §6)."""
    if title:
        emit(title)
    for line in text.splitlines() or [""]:
        _wrapped(" " * indent + line, width, indent=indent)


def _wrapped(line: str, width: int | None, *, indent: int) -> None:
    """`line`, wrapped to a `width`-cell terminal with later lines indented by `indent` (as is when piped)."""
    if width is None or cell_len(line) < width:
        emit(line)
        return
    for part in textwrap.wrap(line, width - 1, subsequent_indent=" " * indent, break_on_hyphens=False):
        emit(part)


def _event_line(entry: Entry) -> str:
    """`  14:02            bob acknowledged it: read-back “…”`: the words start at EVENT_INDENT; entries of
    another day show their date."""
    line = f"  {entry.when:<{EVENT_INDENT - 2}}{entry.words}{entry.account}"
    if entry.said:
        line += f"; {entry.said_label}: “{one_line(entry.said, 200)}”"
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
    emit(f"due        {due_label(handover, now, tz)}")
    if handover.check_at:
        emit(f"check at   {local_clock(handover.check_at, tz, now)}")
    customer = handover.customer
    contact = customer.contact if customer.contact is not None else "(erased)"
    emit(f"customer   {customer_label(handover, privacy=False)} · {contact}")
    if customer.preferences:
        _block("prefers", customer.preferences, width)
    informed = "yes" if handover.customer_informed else "no"
    emit(f"informed   {informed}")
    emit()
    texts = [(field.label, field.value(handover)) for field in FIELDS if field.kind is Kind.TEXT and not field.personal]
    texts += [(text.label, getattr(handover, text.name) or "") for text in FOLLOW_THROUGH]
    for title, text in texts:
        if text:
            _block(title.lower(), text, width)
    if handover.checklist:
        emit("checklist")
        for number, item in enumerate(handover.checklist, start=1):
            emit(f"  {number}. {item.prompt}")
            _block("", item.answer, width, indent=5)
    if handover.follow_up:
        check = f", check at {local_clock(handover.follow_up.check_at, tz, now)}" if handover.follow_up.check_at else ""
        emit(f"follow-up  (flagged by {handover.follow_up.by}{check})")
        _block("", handover.follow_up.note, width)
    emit()
    from shiftboard.domain.timeline import timeline  # only `show` says the history

    emit("history")
    for entry in timeline(handover, tz=tz, now=now):
        _wrapped(_event_line(entry), width, indent=EVENT_INDENT)


def colleague_rows(colleagues: list[Colleague], on_shift: dict[str, bool], open_counts: dict[str, int]) -> None:
    """One line each; PROTECTED says how acting as them is proved (SPEC §6), or `unprotected`."""
    emit(f"{'HANDLE':<12}{'NAME':<24}{'ROLE':<12}{'ON SHIFT':<10}{'OPEN':<6}{'PROTECTED':<22}SKILLS")
    for colleague in colleagues:
        name = one_line(colleague.name, 23) + ("" if colleague.active else " (inactive)")
        shift = "yes" if on_shift[colleague.handle] else "no"
        emit(
            f"{colleague.handle:<12}{pad(name, 24)}{colleague.role:<12}{shift:<10}"
            f"{open_counts.get(colleague.handle, 0):<6}{pad(protection(colleague), 22)}"
            f"{', '.join(colleague.skills)}"
        )


def protection(colleague: Colleague) -> str:
    """`unix alice + PIN`, `PIN`, `unix alice`, or `unprotected`: how acting as them is proved."""
    parts = [f"unix {','.join(colleague.unix)}"] if colleague.unix else []
    if colleague.pin is not None:
        parts.append("PIN")
    return " + ".join(parts) or "unprotected"


def colleague_json(colleague: Colleague, *, on_shift: bool, open_count: int, shifts: list[str]) -> dict[str, Any]:
    """A colleague for scripts: the stored record (the PIN hash and failure times left out), plus what is
    derived: `on_shift` now, their regular `shifts`, `protected`, and how many open handovers they hold."""
    record = colleague.to_json()
    record.pop("pin_failures", None)
    record["on_shift_setting"] = record.pop("on_shift")  # null: follow the roster
    record["pin"] = colleague.pin is not None
    record["on_shift"] = on_shift
    record["shifts"] = shifts
    record["protected"] = colleague.protected
    record["open"] = open_count
    return record


def service_rows(services: list[Service]) -> None:
    for service in services:
        skills = ", ".join(service.skills) or "none"
        line = f"{service.name}  (skills: {skills}; applies: {service.when}"
        emit(line + (f"; requires: {', '.join(service.require)})" if service.require else ")"))
        for number, prompt in enumerate(service.prompts, start=1):
            emit(f"  {number}. {prompt}")

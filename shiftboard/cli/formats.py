"""The review and the shift notes as Markdown, CSV and JSON (`report`, `export`).

Markdown is for printing or pasting into an e-mail: text a person typed is escaped where it
would break a table or turn into a link, emphasis or HTML, and a line break in it becomes
`<br>`. CSV is written by Python's `csv` module (commas, quotes and line breaks survive a
spreadsheet); a cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) starts
with `'`, which spreadsheets show as text; a control character a hand edit left in the store is
made visible (`␛`), as everywhere else, since CSV is printed to terminals too. JSON keeps every
value exact. Times are in the store's zone, and every format says which.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from shiftboard.domain.figures import FIGURES, figure_number, figure_text
from shiftboard.domain.models import Improvement
from shiftboard.domain.notes import zone_words
from shiftboard.domain.periods import Window
from shiftboard.domain.text import visible

if TYPE_CHECKING:  # only their types: the review's module is imported by the command that makes one
    from shiftboard.domain.notes import NoteLine, ShiftNotes
    from shiftboard.domain.review import Metrics, Review

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(text: str) -> str:
    """User text safe inside a Markdown table cell or line: specials escaped, line breaks as <br>."""
    return "<br>".join(_MARKDOWN_SPECIAL.sub(r"\\\1", visible(text)).splitlines())


def cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def local(moment: datetime | None, tz: tzinfo) -> str:
    return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def local_iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat()


def _csv(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(visible(value)) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()


def _table(headings: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] = ()) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |"]
    lines.append("|" + "|".join(align[i] if i < len(align) else "---" for i in range(len(headings))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# The review -----------------------------------------------------------------------------------


def _number(metrics: Metrics, name: str) -> float | int | None:
    value = figure_number(metrics, name)
    if value is None:
        return None
    return int(value) if value.is_integer() and FIGURES_BY_NAME[name].unit == "count" else round(value, 2)


FIGURES_BY_NAME = {figure.name: figure for figure in FIGURES}


def report_markdown(
    result: Review, window: Window, by: str, *, tz: tzinfo, now: datetime, ack_within: int, notes: list[Improvement]
) -> str:
    groups = result.grouped(by)
    names = list(groups)
    lines = [
        f"# Review: {md(window.label)}",
        "",
        f"{local(result.since, tz)} to {local(result.until, tz)}, times in {zone_words(tz, now)}; "
        f"by {by}; acknowledged in time means within {ack_within} minutes.",
        "",
    ]
    headings = ["figure", "team", *(md(name) for name in names)]
    rows = [
        [figure.title.replace("ack_within", f"{ack_within}m"), figure_text(result.total, figure.name)]
        + [figure_text(groups[name], figure.name) for name in names]
        for figure in FIGURES
    ]
    lines += _table(headings, rows, ["---", *["---:"] * (len(headings) - 1)])
    if not names:
        lines += ["", "Nothing happened in this period."]
    lines += ["", "## Improvement notes", ""]
    lines += [_improvement_line(note, tz) for note in notes] or ["None recorded in this period."]
    return "\n".join(lines) + "\n"


def _improvement_line(note: Improvement, tz: tzinfo) -> str:
    agreed = ", ".join(note.agreed_by)
    return f"- {local(note.at, tz)}: {md(note.text)} (agreed by {md(agreed)}; recorded by {md(note.by)})"


def report_csv(result: Review, by: str, *, tz: tzinfo, now: datetime, ack_within: int) -> str:
    zone = zone_words(tz, now)
    titles = [figure.title.replace("ack_within", f"{ack_within}m") for figure in FIGURES]
    headings = ["group", "name", *titles, f"since ({zone})", f"until ({zone})"]
    period = [local(result.since, tz), local(result.until, tz)]
    rows: list[list[Any]] = [headings]
    rows.append(["team", "team", *(_number(result.total, f.name) for f in FIGURES), *period])
    for name, metrics in result.grouped(by).items():
        rows.append([by, name, *(_number(metrics, f.name) for f in FIGURES), *period])
    return _csv(rows)


def metrics_json(metrics: Metrics) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for figure in FIGURES:
        key = f"{figure.name}_minutes" if figure.unit == "span" else figure.name
        out[key] = _number(metrics, figure.name)
    return out


def report_json(
    result: Review, window: Window, by: str, *, tz: tzinfo, now: datetime, ack_within: int, notes: list[Improvement]
) -> dict[str, Any]:
    return {
        "period": window.label,
        "since": local_iso(result.since, tz),
        "until": local_iso(result.until, tz),
        "timezone": zone_words(tz, now),
        "by": by,
        "ack_within_minutes": ack_within,
        "total": metrics_json(result.total),
        "groups": {name: metrics_json(metrics) for name, metrics in result.grouped(by).items()},
        "improvements": [improvement_json(note, tz) for note in notes],
    }


def improvement_json(note: Improvement, tz: tzinfo) -> dict[str, Any]:
    return {"id": note.id, "text": note.text, "agreed_by": note.agreed_by, "at": local_iso(note.at, tz), "by": note.by}


# The shift notes ------------------------------------------------------------------------------


def _acknowledged_words(line: NoteLine, tz: tzinfo) -> str:
    if line.acknowledged_at is None:
        return f"not yet (handed over {local(line.handed_at, tz)})"
    return f"{line.acknowledged_by} at {local(line.acknowledged_at, tz)}"


def notes_markdown(notes: ShiftNotes, tz: tzinfo) -> str:
    """Each open handover once, under its holder; then what closed in the period."""
    window = notes.window
    open_lines = notes.open
    lines = [
        f"# Shift notes: {md(window.label)}",
        "",
        f"{local(window.since, tz)} to {local(window.until, tz)}; generated {local(notes.generated_at, tz)}; "
        f"times in {notes.zone}.",
        "",
        f"- Still open: {len(open_lines)}",
        f"- Not yet acknowledged: {len(notes.not_acknowledged)}",
        f"- Acknowledged: {len(notes.acknowledged)}",
        f"- Due in the next shift ({md(notes.next_shift)}): {len(notes.due_next_shift)}, marked **next shift**",
        f"- Closed in the period: {len(notes.closed)}",
        "",
        "## Still open, by holder",
    ]
    if not open_lines:
        lines += ["", "Nothing is open."]
    for holder, held in notes.open_by_holder.items():
        lines += ["", f"### {md(holder)} ({len(held)})", ""]
        headings = ["id", "status", "priority", "from", "customer", "due", "acknowledged", "read-back", "action"]
        rows = [
            [
                line.id,
                md(line.status),
                line.priority,
                md(line.sender),
                md(line.customer),
                local(line.due, tz) + (" **next shift**" if line.due_next_shift else ""),
                md(_acknowledged_words(line, tz)),
                md(line.read_back),
                md(line.action),
            ]
            for line in held
        ]
        lines += _table(headings, rows)
    lines += ["", "## Closed in the period", ""]
    if notes.closed:
        headings = ["id", "closed", "how", "from", "to", "customer", "outcome"]
        rows = [
            [
                line.id,
                local(line.closed_at, tz),
                md(line.how_closed),
                md(line.sender),
                md(line.holder),
                md(line.customer),
                md(line.outcome),
            ]
            for line in notes.closed
        ]
        lines += _table(headings, rows)
    else:
        lines.append("Nothing closed in this period.")
    return "\n".join(lines) + "\n"


NOTE_COLUMNS = (
    "section", "holder", "id", "status", "priority", "from", "to", "customer", "service", "handed over", "due",
    "due in the next shift", "acknowledged by", "acknowledged at", "read-back", "action", "closed at", "how closed",
    "outcome",
)  # fmt: skip
_TIMED = {"handed over", "due", "acknowledged at", "closed at"}


def notes_csv(notes: ShiftNotes, tz: tzinfo) -> str:
    headings = [f"{name} ({notes.zone})" if name in _TIMED else name for name in NOTE_COLUMNS]
    rows: list[list[Any]] = [headings]
    for section, lines in (("open", notes.open), ("closed", notes.closed)):
        for line in lines:
            rows.append(
                [
                    section,
                    line.holder,
                    line.id,
                    line.status,
                    line.priority,
                    line.sender,
                    line.holder,
                    line.customer,
                    line.service,
                    local(line.handed_at, tz),
                    local(line.due, tz),
                    "yes" if line.due_next_shift else "no",
                    line.acknowledged_by or "",
                    local(line.acknowledged_at, tz),
                    line.read_back,
                    line.action,
                    local(line.closed_at, tz),
                    line.how_closed,
                    line.outcome,
                ]
            )
    return _csv(rows)


def _line_json(line: NoteLine, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": line.id,
        "status": line.status,
        "priority": line.priority,
        "from": line.sender,
        "to": line.holder,
        "customer": line.customer,
        "service": line.service,
        "action": line.action,
        "handed_at": local_iso(line.handed_at, tz),
        "due": local_iso(line.due, tz),
        "overdue": line.overdue,
        "due_next_shift": line.due_next_shift,
        "acknowledged_by": line.acknowledged_by,
        "acknowledged_at": local_iso(line.acknowledged_at, tz),
        "read_back": line.read_back,
        "closed_at": local_iso(line.closed_at, tz),
        "closed_by": line.closed_by,
        "how_closed": line.how_closed,
        "outcome": line.outcome,
    }


def notes_json(notes: ShiftNotes, tz: tzinfo) -> dict[str, Any]:
    return {
        "period": notes.window.label,
        "since": local_iso(notes.window.since, tz),
        "until": local_iso(notes.window.until, tz),
        "generated_at": local_iso(notes.generated_at, tz),
        "timezone": notes.zone,
        "next_shift": notes.next_shift,
        "open_by_holder": {
            holder: [_line_json(line, tz) for line in lines] for holder, lines in notes.open_by_holder.items()
        },
        "not_acknowledged": [line.id for line in notes.not_acknowledged],
        "acknowledged": [line.id for line in notes.acknowledged],
        "due_next_shift": [line.id for line in notes.due_next_shift],
        "closed": [_line_json(line, tz) for line in notes.closed],
    }

"""The periods a review, a report and shift notes cover: today, this shift, 7 days, 30 days, or any dates.

A period is a `Window` [since, until) in UTC with the words a person reads it by. Days are the
store's local days (`tz`); a shift's window is its local start and end on the day it started,
so a night shift (23:00-07:00) that began yesterday is still "this shift" at 03:00.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from shiftboard.domain.errors import Invalid
from shiftboard.domain.models import Shift

PERIODS = ("today", "this shift", "7 days", "30 days")
DATE_FORMATS = "2026-11-24, 2026-11-24 09:00, today or yesterday"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Window:
    """[since, until) in UTC, and how a title says it ("today", "this shift: Early 07:00-15:00")."""

    since: datetime
    until: datetime
    label: str


@dataclass(frozen=True)
class ShiftWindow:
    shift: Shift
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return f"{self.shift.name} {self.shift.start}-{self.shift.end}"


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def shift_windows(shift: Shift, around: datetime, tz: tzinfo) -> list[ShiftWindow]:
    """The shift's windows that start the local day before, on, and after `around`'s."""
    start, end = _clock(shift.start), _clock(shift.end)
    minutes = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60) or 24 * 60
    day = around.astimezone(tz).date()
    windows = []
    for offset in (-1, 0, 1):
        begins = datetime.combine(day + timedelta(days=offset), start, tz).astimezone(UTC)
        windows.append(ShiftWindow(shift, begins, begins + timedelta(minutes=minutes)))
    return windows


def this_shift(shifts: Sequence[Shift], now: datetime, tz: tzinfo, *, user: str | None = None) -> ShiftWindow | None:
    """The shift under way now (the user's own first, if they are on one), else the one that started last."""
    windows = [window for shift in shifts for window in shift_windows(shift, now, tz)]
    current = [w for w in windows if w.start <= now < w.end]
    mine = [w for w in current if user and user in w.shift.members]
    for choice in (mine, current):
        if choice:
            return max(choice, key=lambda w: w.start)
    started = [w for w in windows if w.start <= now]
    return max(started, key=lambda w: w.start, default=None)


def next_shift(shifts: Sequence[Shift], now: datetime, tz: tzinfo) -> ShiftWindow | None:
    """The shift that starts next after `now` (the one shift notes prepare for)."""
    later = [w for shift in shifts for w in shift_windows(shift, now, tz) if w.start > now]
    return min(later, key=lambda w: (w.start, w.shift.name), default=None)


def period_window(
    period: str, now: datetime, tz: tzinfo, *, shifts: Sequence[Shift] = (), user: str | None = None
) -> Window:
    """One of PERIODS as a window ending now."""
    local = now.astimezone(tz)
    if period == "today":
        return Window(datetime.combine(local.date(), time(0), tz).astimezone(UTC), now, "today")
    if period == "this shift":
        window = this_shift(shifts, now, tz, user=user)
        if window is None:  # no roster: the day is the nearest thing to a shift
            return Window(datetime.combine(local.date(), time(0), tz).astimezone(UTC), now, "this shift: none, today")
        return Window(window.start, min(now, window.end), f"this shift: {window.label}")
    if period == "7 days":
        return Window(now - timedelta(days=7), now, "7 days")
    if period == "30 days":
        return Window(now - timedelta(days=30), now, "30 days")
    raise ValueError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)}")


def parse_moment(text: str, tz: tzinfo, now: datetime, *, field: str, end: bool = False) -> datetime:
    """A date or a moment as a person types it, in local zone `tz`. A bare date means its local midnight,
    or with `end` the midnight after it (so `--until 2026-11-24` takes in the whole day)."""
    raw = text.strip()
    lowered = raw.lower()
    today = now.astimezone(tz).date()
    day = {"today": today, "yesterday": today - timedelta(days=1)}.get(lowered)
    if day is None and _DAY.match(raw):
        try:
            day = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise Invalid(field, f"is not a date: {raw!r}; use {DATE_FORMATS}") from None
    if day is not None:
        if end:
            day += timedelta(days=1)
        return datetime.combine(day, time(0), tz).astimezone(UTC)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Invalid(field, f"cannot be read: {raw!r}; use {DATE_FORMATS}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def dates_window(
    since: str | None,
    until: str | None,
    now: datetime,
    tz: tzinfo,
    *,
    default: Window,
    fields: tuple[str, str] = ("--since", "--until"),
) -> Window:
    """The window typed dates give (either may be left out: `since` from `default`, `until` now), else `default`.
    A bare `until` date takes in that whole day."""
    if not (since or "").strip() and not (until or "").strip():
        return default
    start = parse_moment(since, tz, now, field=fields[0]) if (since or "").strip() else default.since
    stop = parse_moment(until, tz, now, field=fields[1], end=True) if (until or "").strip() else now
    if stop <= start:
        raise Invalid(fields[1], f"must come after {fields[0]}")
    last = stop - timedelta(days=1) if _midnight(stop, tz) else stop
    return Window(start, stop, f"{_words(start, tz)} to {'now' if stop == now else _words(last, tz)}")


def _midnight(moment: datetime, tz: tzinfo) -> bool:
    return moment.astimezone(tz).time() == time(0)


def _words(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d") if local.time() == time(0) else local.strftime("%Y-%m-%d %H:%M")

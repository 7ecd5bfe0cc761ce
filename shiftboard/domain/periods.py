"""The periods a review, a report and shift notes cover: today, this shift, 7 days, 30 days, or any dates.

A period is a `Window` [since, until) in UTC with the words a person reads it by. Days are the
store's local days (`tz`); a shift is one occurrence of it by the roster (`roster.occurrence`, on
the days it runs), so a night shift (23:00–07:00) that began yesterday is still "this shift" at 03:00.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from shiftboard.domain.duetime import iso_moment
from shiftboard.domain.errors import Invalid
from shiftboard.domain.models import Shift
from shiftboard.domain.roster import (
    LOOK_AHEAD_DAYS,
    LOOK_BACK_DAYS,
    ShiftTime,
    hours_words,
    local_day,
    occurrence,
    runs_on,
)

PERIODS = ("today", "this shift", "7 days", "30 days")
DATE_FORMATS = "2026-11-24, 2026-11-24 09:00, today or yesterday"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Window:
    """[since, until) in UTC, and how a title says it ("today", "this shift: Early 07:00-15:00")."""

    since: datetime
    until: datetime
    label: str


def occurrences(
    shifts: Sequence[Shift], around: datetime, tz: tzinfo, *, back: int = 1, ahead: int = 1
) -> list[ShiftTime]:
    """Every shift worked (by the days it runs) starting `back` local days before `around`'s to `ahead` after."""
    today = local_day(around, tz)
    days = [today + timedelta(days=offset) for offset in range(-back, ahead + 1)]
    return [occurrence(shift, day, tz) for shift in shifts for day in days if runs_on(shift, day)]


def shift_label(worked: ShiftTime) -> str:
    """`Early 07:00–15:00`: how a title names the shift a period is."""
    return f"{worked.shift.name} {hours_words(worked.shift)}"


def this_shift(shifts: Sequence[Shift], now: datetime, tz: tzinfo, *, own: ShiftTime | None = None) -> ShiftTime | None:
    """The shift a review of "this shift" covers: `own` (the colleague's, by the roster) when they are on one;
    else the team's shift under way (the one that began last), else the last one that began."""
    if own is not None:
        return own
    worked = occurrences(shifts, now, tz, back=LOOK_BACK_DAYS, ahead=0)
    current = [shift for shift in worked if shift.covers(now)]
    begun = current or [shift for shift in worked if shift.start <= now]
    return max(begun, key=lambda shift: (shift.start, shift.shift.name), default=None)


def next_team_shift(shifts: Sequence[Shift], now: datetime, tz: tzinfo) -> ShiftTime | None:
    """The team's shift that starts next after `now` (the one shift notes prepare for)."""
    later = [shift for shift in occurrences(shifts, now, tz, back=0, ahead=LOOK_AHEAD_DAYS) if shift.start > now]
    return min(later, key=lambda shift: (shift.start, shift.shift.name), default=None)


def period_window(
    period: str, now: datetime, tz: tzinfo, *, shifts: Sequence[Shift] = (), own: ShiftTime | None = None
) -> Window:
    """One of PERIODS as a window ending now; "this shift" is `own` (the colleague's shift now), if any."""
    local = now.astimezone(tz)
    if period == "today":
        return Window(datetime.combine(local.date(), time(0), tz).astimezone(UTC), now, "today")
    if period == "this shift":
        worked = this_shift(shifts, now, tz, own=own)
        if worked is None:  # no roster: the day is the nearest thing to a shift
            return Window(datetime.combine(local.date(), time(0), tz).astimezone(UTC), now, "this shift: none, today")
        return Window(worked.start, min(now, worked.end), f"this shift: {shift_label(worked)}")
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
    try:
        if day is not None:
            if end:
                day += timedelta(days=1)
            return datetime.combine(day, time(0), tz).astimezone(UTC)
        return iso_moment(raw, tz, field=field, formats=DATE_FORMATS)
    except OverflowError:  # a day or a moment at the calendar's ends (year 1, year 9999) has no UTC time
        raise Invalid(field, f"is out of range: {raw!r}") from None


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
    start = parse_moment(since, tz, now, field=fields[0]) if since and since.strip() else default.since
    stop = parse_moment(until, tz, now, field=fields[1], end=True) if until and until.strip() else now
    if stop <= start:
        raise Invalid(fields[1], f"must come after {fields[0]}")
    return Window(start, stop, f"{_words(start, tz)} to {'now' if stop == now else _until_words(stop, tz)}")


def _until_words(stop: datetime, tz: tzinfo) -> str:
    """A local midnight ends the day before it (the date typed as `--until`): that date, found on the
    local calendar, since a daylight-saving day lasts 23 or 25 hours."""
    local = stop.astimezone(tz)
    if local.time() == time(0):
        return (local.date() - timedelta(days=1)).isoformat()
    return _words(stop, tz)


def _words(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d") if local.time() == time(0) else local.strftime("%Y-%m-%d %H:%M")

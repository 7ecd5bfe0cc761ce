"""Who is on shift now: set by hand on the colleague, or read from the roster of named shifts."""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from shiftboard.domain.models import Colleague, Shift


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def shift_covers(shift: Shift, moment: datetime, tz: tzinfo) -> bool:
    """Whether local time of `moment` falls in the shift; a night shift wraps past midnight."""
    local = moment.astimezone(tz).time()
    start, end = _clock(shift.start), _clock(shift.end)
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def current_shifts(shifts: list[Shift], now: datetime, tz: tzinfo) -> list[Shift]:
    return [shift for shift in shifts if shift_covers(shift, now, tz)]


def is_on_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> bool:
    if colleague.on_shift is not None:
        return colleague.on_shift
    return any(colleague.handle in shift.members for shift in current_shifts(shifts, now, tz))

"""Who is on shift now: set by hand on the colleague, or read from the roster of named shifts."""

from __future__ import annotations

import re
from datetime import datetime, time, tzinfo

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague, Shift

_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")


def check_clock(text: str, field: str) -> str:
    """A shift's local start or end as `HH:MM`; anything else is refused, naming the field."""
    match = _HH_MM.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Refused(f"{field}: {text.strip()!r} is not a time of day like 07:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


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

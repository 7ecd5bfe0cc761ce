"""Due times as people type them (`45m`, `2h`, `17:30`, `tomorrow 09:00`, ISO 8601) and as they read them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo

from shiftboard.domain.errors import Invalid

_SPAN = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
FORMATS = "45m, 2h, 1h30m, 3d, 17:30, tomorrow 09:00 or ISO 8601 (2026-11-24T09:00)"
# SPEC §6: a moment further off than this is a slip of the finger (or an attack on other time zones).
EARLIEST = timedelta(days=1)
LATEST = timedelta(days=366)


def parse_span(text: str, *, field: str = "time span") -> timedelta | None:
    """`45m`, `2h`, `1h30m`, `90d` as a duration; None when the text is not one."""
    match = _SPAN.match(text.strip().lower())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes = (int(group or 0) for group in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        raise Invalid(field, f"is out of range: {text.strip()!r}") from None


def parse_when(text: str, *, now: datetime, tz: tzinfo, field: str = "due") -> datetime:
    """A moment in UTC from what a person typed, read in local zone `tz`; refused (`Invalid`) unless it
    falls between a day ago and a year ahead."""
    try:
        moment = _parse_when(text, now=now, tz=tz, field=field)
    except OverflowError:  # `99999d`, or an ISO time at the edge of the calendar
        raise Invalid(field, f"is out of range: {text.strip()!r}") from None
    if not now - EARLIEST <= moment <= now + LATEST:
        raise Invalid(field, f"is out of range: {text.strip()!r} is not between a day ago and a year ahead")
    return moment


def _parse_when(text: str, *, now: datetime, tz: tzinfo, field: str) -> datetime:
    raw = text.strip()
    lowered = raw.lower()
    span = parse_span(lowered, field=field)
    if span is not None:
        return now + span
    local_now = now.astimezone(tz)
    day = local_now.date()
    rest = lowered
    for word, offset in (("tomorrow", 1), ("today", 0)):
        if lowered == word or lowered.startswith(word + " "):
            day += timedelta(days=offset)
            rest = lowered[len(word) :].strip() or "09:00"
            break
    clock = _CLOCK.match(rest)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise Invalid(field, f"is not a time of day: {raw!r}")
        moment = datetime.combine(day, time(hour, minute), tz)
        if rest == lowered and moment <= now:
            moment += timedelta(days=1)  # a bare 09:00 that has passed means tomorrow
        return moment.astimezone(UTC)
    if rest != lowered:
        raise Invalid(field, f"cannot be read: {raw!r}; use {FORMATS}")
    return iso_moment(raw, tz, field=field, formats=FORMATS)


def iso_moment(raw: str, tz: tzinfo, *, field: str, formats: str) -> datetime:
    """An ISO 8601 moment in UTC; one typed without a zone is local time in `tz`. Refused (`Invalid`,
    naming `formats`) when it cannot be read."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Invalid(field, f"cannot be read: {raw!r}; use {formats}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def span_words(delta: timedelta) -> str:
    """A short duration: `25m`, `1h20m`, `14h`, `3d`."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    hours, rest = divmod(minutes, 60)
    if hours >= 48:
        return f"{hours // 24}d"
    if hours >= 10 or rest == 0:
        return f"{hours}h"
    return f"{hours}h{rest:02d}m"


def relative(when: datetime, now: datetime) -> str:
    """`in 25m` or `overdue 1h`, as the card shows a due time."""
    if when >= now:
        return f"in {span_words(when - now)}"
    return f"overdue {span_words(now - when)}"


def local_clock(when: datetime, tz: tzinfo, now: datetime | None = None) -> str:
    """`14:02` today, `Tue 14:02` this week, else `2026-11-24 14:02`; a moment at the calendar's edge (a
    hand-edited store) in UTC rather than a crash."""
    try:
        local = when.astimezone(tz)
    except OverflowError:
        return when.strftime("%Y-%m-%d %H:%M UTC")
    if now is not None:
        today = now.astimezone(tz).date()
        if local.date() == today:
            return local.strftime("%H:%M")
        if abs((local.date() - today).days) < 6:
            return local.strftime("%a %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def utc_now_iso(now: datetime) -> str:
    return now.astimezone(UTC).isoformat().replace("+00:00", "Z")

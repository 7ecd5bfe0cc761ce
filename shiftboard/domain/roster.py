"""The roster: named shifts on days of the week, who works them, one-off changes by date, and who is on now.

A shift's start and end are local wall-clock times in the store's time zone; an end at or before
the start crosses midnight, and such a night shift belongs to the date it starts on (a one-off
change for 24 December changes the night that begins that evening). Each occurrence is turned
into UTC from its own local date, so a shift on a daylight-saving day is an hour shorter or longer,
as the people working it experience it. A colleague's one-off change for a date (a day off, or
another shift) replaces their regular shifts for that date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from shiftboard.domain.duetime import span_words
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import WEEKDAYS, Colleague, Shift

_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")
DAY_NAMES = dict(
    zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True)
)
EVERY_DAY = ("", "daily", "every day", "everyday", "all")
LOOK_BACK_DAYS = 14  # how far back a colleague's previous shift is looked for
LOOK_AHEAD_DAYS = 8  # how far ahead their next one


def check_clock(text: str, field: str) -> str:
    """A shift's local start or end as `HH:MM`; anything else is refused, naming the field."""
    match = _HH_MM.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Refused(f"{field}: {text.strip()!r} is not a time of day like 07:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _day(word: str, typed: str) -> str:
    """`mon`, `Monday`, `tues` as `mon`; anything else refused, quoting what was typed."""
    word = word.strip().lower()
    for day, name in DAY_NAMES.items():
        if len(word) >= 3 and name.startswith(word):
            return day
    raise Refused(f"--days {typed.strip()!r}: {word!r} is not a day; write days like mon-fri, sat,sun or mon,wed,fri")


def parse_days(text: str) -> list[str]:
    """The days a shift runs, from `mon-fri`, `sat,sun`, `mon,wed,fri`, `fri-mon` (a range may wrap past
    Sunday) or `daily`; in week order, each once."""
    if text.strip().lower() in EVERY_DAY:
        return list(WEEKDAYS)
    chosen: set[str] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        first, dash, last = part.partition("-")
        start = WEEKDAYS.index(_day(first, text))
        stop = WEEKDAYS.index(_day(last, text)) if dash else start
        for offset in range((stop - start) % 7 + 1):
            chosen.add(WEEKDAYS[(start + offset) % 7])
    return [day for day in WEEKDAYS if day in chosen]


def days_words(days: Iterable[str]) -> str:
    """`every day`, `mon-fri`, `sat-sun` or `mon,wed,fri`: how a shift's days read back."""
    listed = [day for day in WEEKDAYS if day in set(days)]
    if len(listed) == len(WEEKDAYS):
        return "every day"
    if not listed:
        return "no days"
    indexes = [WEEKDAYS.index(day) for day in listed]
    if len(listed) > 2 and indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        return f"{listed[0]}-{listed[-1]}"
    return ",".join(listed)


def hours_words(shift: Shift) -> str:
    """`07:00–15:00`, or `23:00–07:00 (overnight)`."""
    overnight = " (overnight)" if _clock(shift.end) <= _clock(shift.start) else ""
    return f"{shift.start}–{shift.end}{overnight}"


@dataclass(frozen=True)
class ShiftTime:
    """One occurrence of a shift: the local date it starts on, and when it starts and ends (UTC)."""

    shift: Shift
    day: date
    start: datetime
    end: datetime

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def occurrence(shift: Shift, day: date, tz: tzinfo) -> ShiftTime:
    """`shift` as worked starting on local date `day`: each end read on its own local date, so the
    hours follow the wall clock across a daylight-saving change."""
    start, end = _clock(shift.start), _clock(shift.end)
    end_day = day if end > start else day + timedelta(days=1)
    begins = datetime.combine(day, start, tz).astimezone(UTC)
    ends = datetime.combine(end_day, end, tz).astimezone(UTC)
    return ShiftTime(shift, day, begins, max(begins, ends))


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def runs_on(shift: Shift, day: date) -> bool:
    return shift.active and WEEKDAYS[day.weekday()] in shift.days


def rostered(colleague: Colleague, day: date, shifts: list[Shift]) -> list[Shift]:
    """The shifts `colleague` works that start on local date `day`: a one-off change for that date wins
    (a day off, or that shift whatever its days), else their regular shifts that run on that weekday."""
    key = day.isoformat()
    if key in colleague.roster:
        name = colleague.roster[key]
        return [shift for shift in shifts if shift.active and shift.name == name] if name else []
    return [shift for shift in shifts if colleague.handle in shift.members and runs_on(shift, day)]


def shift_times(colleague: Colleague, shifts: list[Shift], first: date, last: date, tz: tzinfo) -> list[ShiftTime]:
    """Every shift `colleague` works starting from local date `first` to `last`, earliest first."""
    found: list[ShiftTime] = []
    day = first
    while day <= last:
        found.extend(occurrence(shift, day, tz) for shift in rostered(colleague, day, shifts))
        day += timedelta(days=1)
    return sorted(found, key=lambda worked: (worked.start, worked.end))


def current_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> ShiftTime | None:
    """The shift `colleague` is working at `now` (one that began yesterday evening included)."""
    today = local_day(now, tz)
    working = [t for t in shift_times(colleague, shifts, today - timedelta(days=1), today, tz) if t.covers(now)]
    return working[0] if working else None


def next_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> ShiftTime | None:
    """Their next shift starting after `now`, within LOOK_AHEAD_DAYS."""
    today = local_day(now, tz)
    later = [t for t in shift_times(colleague, shifts, today, today + timedelta(days=LOOK_AHEAD_DAYS), tz)]
    return next((t for t in later if t.start > now), None)


def latest_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> ShiftTime | None:
    """The shift they work now, else the last one they worked (within LOOK_BACK_DAYS)."""
    today = local_day(now, tz)
    begun = [
        t for t in shift_times(colleague, shifts, today - timedelta(days=LOOK_BACK_DAYS), today, tz) if t.start <= now
    ]
    return begun[-1] if begun else None


def previous_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> ShiftTime | None:
    """The last shift they finished before the one they work now (or before `now`, when off shift)."""
    current = current_shift(colleague, shifts, now, tz)
    before = current.start if current else now
    today = local_day(now, tz)
    ended = [
        t for t in shift_times(colleague, shifts, today - timedelta(days=LOOK_BACK_DAYS), today, tz) if t.end <= before
    ]
    return ended[-1] if ended else None


def is_on_shift(colleague: Colleague, shifts: list[Shift], now: datetime, tz: tzinfo) -> bool:
    """On shift by the roster, unless set on or off by hand."""
    if colleague.on_shift is not None:
        return colleague.on_shift
    return current_shift(colleague, shifts, now, tz) is not None


def shift_covers(shift: Shift, moment: datetime, tz: tzinfo) -> bool:
    """Whether the shift, on the days it runs, is under way at `moment` (a night shift from the day before too)."""
    today = local_day(moment, tz)
    return any(
        runs_on(shift, day) and occurrence(shift, day, tz).covers(moment) for day in (today - timedelta(days=1), today)
    )


def current_shifts(shifts: list[Shift], now: datetime, tz: tzinfo) -> list[Shift]:
    """The team's shifts under way now."""
    return [shift for shift in shifts if shift_covers(shift, now, tz)]


def shift_words(worked: ShiftTime | None, now: datetime) -> str:
    """`Early · 2h10m left` for the shift being worked, `off shift` outside one."""
    if worked is None:
        return "off shift"
    return f"{worked.shift.name} · {span_words(worked.end - now)} left"


@dataclass(frozen=True)
class DayRoster:
    """Who works which shift starting on one local date, and who has a one-off change that day."""

    day: date
    shifts: list[tuple[ShiftTime, list[str]]]
    off: list[str]  # a one-off day off
    swapped: dict[str, str]  # handle -> the shift they work instead, one-off


def day_roster(day: date, colleagues: list[Colleague], shifts: list[Shift], tz: tzinfo) -> DayRoster:
    """The roster of `day`: every shift that runs that day or that someone was moved onto, with its people."""
    working = {c.handle: rostered(c, day, shifts) for c in colleagues if c.active}
    names = {shift.name for worked in working.values() for shift in worked}
    shown = [shift for shift in shifts if runs_on(shift, day) or (shift.active and shift.name in names)]
    rows = [
        (occurrence(shift, day, tz), sorted(handle for handle, worked in working.items() if shift in worked))
        for shift in sorted(shown, key=lambda s: (_clock(s.start), s.name))
    ]
    key = day.isoformat()
    changed = {c.handle: c.roster[key] for c in colleagues if c.active and key in c.roster}
    off = sorted(handle for handle, name in changed.items() if name is None)
    swapped = {handle: name for handle, name in sorted(changed.items()) if name is not None}
    return DayRoster(day, rows, off, swapped)


def parse_day(text: str, *, today: date) -> date:
    """A date as typed for the roster: `today`, `tomorrow`, `yesterday` or ISO `2026-12-24`."""
    word = text.strip().lower()
    relative = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if word in relative:
        return today + timedelta(days=relative[word])
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise Refused(f"--date {text.strip()!r} is not a date; write it like 2026-12-24, today or tomorrow") from None
    if not date.min < day < date.max:  # a shift on it would start or end off the calendar (OverflowError)
        raise Refused(f"--date {day.isoformat()} is out of range")
    return day


def check_roster_day(day: date, *, today: date) -> date:
    """A one-off change may correct yesterday (a night shift) and plan up to a year ahead, no further."""
    if not today - timedelta(days=1) <= day <= today + timedelta(days=366):
        raise Refused(f"--date {day.isoformat()} is not between yesterday and a year ahead")
    return day

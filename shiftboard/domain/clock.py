"""Time as an argument: one clock object per process, frozen in tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

ZONEINFO_DIR = "/zoneinfo/"


def host_zone() -> tzinfo:
    """The host's time zone as a real zone with its daylight-saving rules ($TZ, else /etc/localtime),
    so a shift on the day the clocks change is read right; a fixed offset only when neither names one."""
    named = os.environ.get("TZ", "").lstrip(":")
    for candidate in (named, _localtime_name()):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ValueError, OSError, KeyError):  # not a zone (ZoneInfoNotFoundError is a KeyError)
                continue
    return datetime.now().astimezone().tzinfo or UTC


def _localtime_name() -> str:
    """`Europe/London` when /etc/localtime links into a zoneinfo directory (the usual Linux set-up)."""
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return ""
    _, found, name = target.partition(ZONEINFO_DIR)
    return name if found else ""


def zone_name(tz: tzinfo) -> str:
    """A zone as people name it: `Europe/London`, else what it calls itself (`UTC+01:00`)."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else (tz.tzname(datetime.now(UTC)) or str(tz))


class Clock:
    """Wall clock in UTC, with the zone people read times in (the store's, set by the Desk; else the host's)."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz: tzinfo = tz or host_zone()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, at: datetime, tz: tzinfo | None = UTC) -> None:
        super().__init__(tz)
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)

"""The store's settings as a supervisor names and types them (SPEC §1 "Settings"): one registry.

Each setting has the key people type (`ack_within`), the field of `Settings` that holds it,
what it is for, how a typed value is read (`15m`, `7d`, `Europe/London`, `on`) with the range
it must fall in, and how it reads back. `settings show`, `settings set` and the README read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from shiftboard.domain.errors import Invalid
from shiftboard.domain.models import Settings

_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?$")
_ZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}$")
HOST = "host"
ON_WORDS = ("on", "yes", "true")
OFF_WORDS = ("off", "no", "false")


def duration(text: str, key: str) -> timedelta:
    """`15m`, `1h30m`, `90s`, `7d` as a duration; a bare number is refused (minutes or days?)."""
    match = _DURATION.match(text.strip().lower().replace(" ", ""))
    if not match or not any(match.groups()):
        raise Invalid(key, f"{text.strip()!r} is not a duration; write it with a unit, like 15m, 2h, 90s or 7d")
    days, hours, minutes, seconds = (int(group or 0) for group in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise Invalid(key, f"{text.strip()!r} is out of range") from None


def duration_words(delta: timedelta) -> str:
    """`15m`, `1h30m`, `90s`, `7d`: the shortest way to type it back."""
    seconds = int(delta.total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def _within(key: str, value: timedelta, low: timedelta, high: timedelta, unit: timedelta) -> int:
    """`value` in whole `unit`s, refused outside low … high or when not a whole number of them."""
    if value % unit:
        raise Invalid(key, f"is counted in whole {_unit_name(unit)}: {duration_words(value)} is not")
    if not low <= value <= high:
        raise Invalid(key, f"must be between {duration_words(low)} and {duration_words(high)}")
    return int(value / unit)


def _unit_name(unit: timedelta) -> str:
    return {timedelta(days=1): "days", timedelta(minutes=1): "minutes"}.get(unit, "seconds")


def zone(name: str) -> tzinfo:
    """The time zone an IANA name (`Europe/London`) names; refused unless it is one."""
    text = name.strip()
    if not (len(text) <= 64 and text.isascii() and _ZONE.match(text)):
        raise Invalid("timezone", f"{text!r} is not a time zone name like Europe/London (or host)")
    try:
        return ZoneInfo(text)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise Invalid("timezone", f"{text!r} is not a time zone this host knows (like Europe/London)") from None


def _minutes(key: str, low: timedelta, high: timedelta) -> Callable[[str], int]:
    return lambda text: _within(key, duration(text, key), low, high, timedelta(minutes=1))


def _days(key: str, low: timedelta, high: timedelta) -> Callable[[str], int]:
    return lambda text: _within(key, duration(text, key), low, high, timedelta(days=1))


def _seconds(key: str, low: timedelta, high: timedelta) -> Callable[[str], int]:
    return lambda text: _within(key, duration(text, key), low, high, timedelta(seconds=1))


def _timezone(text: str) -> str | None:
    if text.strip().lower() in (HOST, "local"):
        return None
    zone(text)
    return text.strip()


def _switch(text: str) -> bool:
    word = text.strip().lower()
    if word in ON_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    raise Invalid("require_read_back", f"{text.strip()!r}: choose on or off")


@dataclass(frozen=True)
class Setting:
    key: str  # as typed: `ack_within`
    field: str  # the Settings field that holds it
    help: str
    example: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str]


SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting(
            "ack_within",
            "ack_within_minutes",
            "a handover not acknowledged within this is late (supervisors hear at twice it)",
            "15m",
            _minutes("ack_within", timedelta(minutes=1), timedelta(hours=24)),
            lambda minutes: duration_words(timedelta(minutes=minutes)),
        ),
        Setting(
            "lock_after",
            "lock_after_seconds",
            "the board goes back to sign-in after this long without a key",
            "5m",
            _seconds("lock_after", timedelta(seconds=30), timedelta(hours=24)),
            lambda seconds: duration_words(timedelta(seconds=seconds)),
        ),
        Setting(
            "archive_after",
            "archive_after_days",
            "closed handovers move from the board's store to the archive after this long",
            "7d",
            _days("archive_after", timedelta(days=1), timedelta(days=366)),
            lambda days: duration_words(timedelta(days=days)),
        ),
        Setting(
            "retention",
            "retention_days",
            "purge erases the customer data of handovers closed longer ago than this",
            "90d",
            _days("retention", timedelta(days=1), timedelta(days=3660)),
            lambda days: duration_words(timedelta(days=days)),
        ),
        Setting(
            "timezone",
            "timezone",
            "shift times are read, and every time shown, in this zone (host: the host's own)",
            "Europe/London",
            _timezone,
            lambda name: name or HOST,
        ),
        Setting(
            "require_read_back",
            "require_read_back",
            "acknowledging requires a read-back: the action in the receiver's own words",
            "on",
            _switch,
            lambda on: "on" if on else "off",
        ),
    )
}


def setting(key: str) -> Setting:
    """The setting named `key`; refused, listing the keys, when there is none."""
    found = SETTINGS.get(key.strip().lower())
    if found is None:
        raise Invalid(f"setting {key.strip()!r}", f"is not a setting; choose from {', '.join(SETTINGS)}")
    return found


def shown(settings: Settings) -> dict[str, str]:
    """Each setting as it reads back (and as `settings set` takes it)."""
    return {key: spec.show(getattr(settings, spec.field)) for key, spec in SETTINGS.items()}

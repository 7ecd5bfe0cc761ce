"""The settings registry: each key as a supervisor types it, its range, and how it reads back."""

from __future__ import annotations

import pytest

from shiftboard.domain.errors import Invalid
from shiftboard.domain.models import Settings
from shiftboard.domain.settings import SETTINGS, setting, shown


@pytest.mark.parametrize(
    ("key", "typed", "stored", "reads"),
    [
        ("ack_within", "20m", 20, "20m"),
        ("ack_within", "1h30m", 90, "1h30m"),
        ("lock_after", "90s", 90, "1m30s"),
        ("lock_after", "10m", 600, "10m"),
        ("archive_after", "14d", 14, "14d"),
        ("retention", "365d", 365, "365d"),
        ("timezone", "Europe/London", "Europe/London", "Europe/London"),
        ("timezone", "host", None, "host"),
        ("require_read_back", "off", False, "off"),
        ("require_read_back", "Yes", True, "on"),
    ],
)
def test_each_setting_as_typed_and_read_back(key: str, typed: str, stored: object, reads: str) -> None:
    spec = setting(key)
    assert spec.parse(typed) == stored
    assert shown(Settings(**{spec.field: stored}))[key] == reads


@pytest.mark.parametrize(
    ("key", "typed", "problem"),
    [
        ("ack_within", "20", "ack_within '20' is not a duration; write it with a unit, like 15m"),
        ("ack_within", "30s", "ack_within is counted in whole minutes: 30s is not"),
        ("ack_within", "2d", "ack_within must be between 1m and 1d"),
        ("lock_after", "10s", "lock_after must be between 30s and 1d"),
        ("archive_after", "0d", "archive_after must be between 1d and 366d"),
        ("retention", "12h", "retention is counted in whole days: 12h is not"),
        ("retention", "99999999999d", "retention '99999999999d' is out of range"),
        ("timezone", "Mars/Olympus", "timezone 'Mars/Olympus' is not a time zone this host knows"),
        ("timezone", "../../etc/passwd", "timezone '../../etc/passwd' is not a time zone name like Europe/London"),
        ("timezone", "/etc/localtime", "is not a time zone name"),
        ("require_read_back", "maybe", "require_read_back 'maybe': choose on or off"),
    ],
)
def test_a_value_out_of_range_or_unreadable_is_refused_naming_the_setting(key: str, typed: str, problem: str) -> None:
    with pytest.raises(Invalid) as refused:
        setting(key).parse(typed)
    assert problem in refused.value.message


def test_an_unknown_key_lists_the_keys() -> None:
    with pytest.raises(Invalid, match=r"^setting 'ack' is not a setting; choose from ack_within, lock_after"):
        setting("ack")


def test_the_registry_names_every_setting_of_spec() -> None:
    assert list(SETTINGS) == ["ack_within", "lock_after", "archive_after", "retention", "timezone", "require_read_back"]
    defaults = shown(Settings())
    assert defaults == {
        "ack_within": "15m",
        "lock_after": "5m",
        "archive_after": "7d",
        "retention": "90d",
        "timezone": "host",
        "require_read_back": "on",
    }

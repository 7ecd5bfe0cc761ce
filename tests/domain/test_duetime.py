"""Due times as typed (`45m`, `17:30`, `tomorrow 09:00`, ISO 8601) and as a card reads them (`in 25m`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from shiftboard.domain.duetime import FORMATS, local_clock, parse_span, parse_when, relative, span_words
from shiftboard.domain.errors import Refused

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # Tuesday
LONDON = ZoneInfo("Europe/London")


def utc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("45m", utc(24, 14, 45)),
        ("2h", utc(24, 16)),
        ("1h30m", utc(24, 15, 30)),
        ("1h 30m", utc(24, 15, 30)),
        ("90min", utc(24, 15, 30)),
        ("3d", utc(27, 14)),
        (" 2H ", utc(24, 16)),
        ("17:30", utc(24, 17, 30)),  # later today
        ("09:00", utc(25, 9)),  # passed today: tomorrow
        ("14:00", utc(25, 14)),  # exactly now has passed too
        ("today 17:30", utc(24, 17, 30)),
        ("tomorrow 09:00", utc(25, 9)),
        ("Tomorrow 9:05", utc(25, 9, 5)),
        ("tomorrow", utc(25, 9)),
        ("2026-11-26T09:00", utc(26, 9)),  # no offset: local time
        ("2026-11-26T09:00+02:00", utc(26, 7)),
        ("2026-11-26T09:00Z", utc(26, 9)),
        ("2026-11-26", utc(26, 0)),
    ],
)
def test_accepted_forms(typed: str, due: datetime) -> None:
    assert parse_when(typed, now=NOW, tz=UTC) == due


@pytest.mark.parametrize("typed", ["soon", "", "in a bit", "25:00x", "tomorrow morning", "-5m", "2026-13-01", "17.30"])
def test_nonsense_is_refused_listing_the_formats(typed: str) -> None:
    with pytest.raises(Refused) as raised:
        parse_when(typed, now=NOW, tz=UTC, field="due")
    assert raised.value.message == f"due cannot be read: {typed.strip()!r}; use {FORMATS}"
    assert "45m" in FORMATS and "tomorrow 09:00" in FORMATS and "ISO 8601" in FORMATS


@pytest.mark.parametrize("typed", ["24:00", "tomorrow 09:75", "99:99"])
def test_impossible_clock_times_are_refused(typed: str) -> None:
    with pytest.raises(Refused, match=r"^check is not a time of day: .*$"):
        parse_when(typed, now=NOW, tz=UTC, field="check")


@pytest.mark.parametrize("typed", ["99999999999d", "0001-01-01T00:00+01:00", "9999-12-31T23:59-05:00"])
def test_times_beyond_the_calendar_are_refused_not_crashed(typed: str) -> None:
    with pytest.raises(Refused, match=r"^due is out of range: "):
        parse_when(typed, now=NOW, tz=UTC)


@pytest.mark.parametrize(
    ("typed", "fits"),
    [
        ("2026-11-23T14:01", True),  # a day ago, less a minute: a slip, not an attack
        ("2026-11-23T13:59", False),
        ("2027-11-25T13:59", True),  # a year (366 days) ahead
        ("2027-11-26T00:00", False),
        ("9999-12-31T23:59", False),  # once accepted, then crashed `list` for users in other time zones
        ("400d", False),
    ],
)
def test_only_moments_between_a_day_ago_and_a_year_ahead_are_accepted(typed: str, fits: bool) -> None:
    """SPEC §6: due and check times outside now - 1 day ... now + 1 year are refused."""
    if fits:
        assert parse_when(typed, now=NOW, tz=UTC)
    else:
        with pytest.raises(Refused, match=r"^due is out of range: "):
            parse_when(typed, now=NOW, tz=UTC)


def test_parse_span() -> None:
    assert parse_span("1h30m") == timedelta(hours=1, minutes=30)
    assert parse_span("90d") == timedelta(days=90)
    assert parse_span("17:30") is None
    assert parse_span("") is None


def test_clock_times_are_read_in_the_local_zone() -> None:
    new_york = ZoneInfo("America/New_York")  # UTC-5 in November; now is 09:00 there
    assert parse_when("17:30", now=NOW, tz=new_york) == utc(24, 22, 30)
    assert parse_when("08:00", now=NOW, tz=new_york) == utc(25, 13)  # passed there: tomorrow
    assert parse_when("2026-11-26T09:00", now=NOW, tz=new_york) == utc(26, 14)
    fixed = timezone(timedelta(hours=5, minutes=30))  # 19:30 there
    assert parse_when("tomorrow 09:00", now=NOW, tz=fixed) == utc(25, 3, 30)


def test_london_when_the_clocks_go_back() -> None:
    """25 Oct 2026: BST (UTC+1) ends at 02:00 local; wall-clock times move by an hour in UTC."""
    saturday_noon = datetime(2026, 10, 24, 11, 0, tzinfo=UTC)  # 12:00 BST
    assert parse_when("17:30", now=saturday_noon, tz=LONDON) == utc(24, 16, 30, month=10)
    assert parse_when("tomorrow 09:00", now=saturday_noon, tz=LONDON) == utc(25, 9, month=10)  # GMT by then
    assert parse_when("11:00", now=saturday_noon, tz=LONDON) == utc(25, 11, month=10)  # passed: Sunday, GMT
    # Spans are real durations, not wall-clock: 24h later is 11:00 local, not 12:00.
    assert parse_when("24h", now=saturday_noon, tz=LONDON) == utc(25, 11, month=10)


def test_london_when_the_clocks_go_forward() -> None:
    """29 Mar 2026: GMT becomes BST (UTC+1) at 01:00 UTC."""
    saturday_noon = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert parse_when("tomorrow 09:00", now=saturday_noon, tz=LONDON) == utc(29, 8, month=3)
    assert parse_when("2026-03-29T12:00", now=saturday_noon, tz=LONDON) == utc(29, 11, month=3)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0m"),
        (25, "25m"),
        (59, "59m"),
        (60, "1h"),
        (80, "1h20m"),
        (65, "1h05m"),
        (600, "10h"),
        (14 * 60 + 30, "14h"),
        (47 * 60, "47h"),
        (48 * 60, "2d"),
        (80 * 60, "3d"),
    ],
)
def test_span_words(minutes: int, words: str) -> None:
    assert span_words(timedelta(minutes=minutes)) == words


def test_relative_wording() -> None:
    assert relative(NOW + timedelta(minutes=25), NOW) == "in 25m"
    assert relative(NOW + timedelta(minutes=25, seconds=59), NOW) == "in 25m"
    assert relative(NOW, NOW) == "in 0m"
    assert relative(NOW - timedelta(hours=1), NOW) == "overdue 1h"
    assert relative(NOW - timedelta(hours=1, minutes=20), NOW) == "overdue 1h20m"
    assert relative(NOW - timedelta(days=3), NOW) == "overdue 3d"


def test_local_clock_says_time_today_weekday_this_week_else_the_date() -> None:
    assert local_clock(utc(24, 14, 2), UTC, NOW) == "14:02"
    assert local_clock(utc(23, 9, 5), UTC, NOW) == "Mon 09:05"
    assert local_clock(utc(10, 9, 5), UTC, NOW) == "2026-11-10 09:05"
    assert local_clock(utc(24, 14, 2), UTC) == "2026-11-24 14:02"
    assert local_clock(utc(24, 23, 30), ZoneInfo("Europe/Berlin"), NOW) == "Wed 00:30"

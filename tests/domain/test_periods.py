"""The periods of the review, `report` and `export`: today, this shift (by the roster), 7 and 30 days, typed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shiftboard.domain.errors import Invalid
from shiftboard.domain.models import Shift
from shiftboard.domain.periods import Window, dates_window, next_team_shift, parse_moment, period_window, this_shift
from shiftboard.domain.roster import occurrence

LONDON = ZoneInfo("Europe/London")
EARLY = Shift(name="Early", start="07:00", end="15:00", members=["alice"], days=["mon", "tue", "wed", "thu", "fri"])
LATE = Shift(name="Late", start="15:00", end="23:00", members=["bob"])
NIGHT = Shift(name="Night", start="23:00", end="07:00", members=["carol"])
ROSTER = [EARLY, LATE, NIGHT]


def at(day: int, clock: str, tz: ZoneInfo = LONDON) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 11, day, hour, minute, tzinfo=tz).astimezone(UTC)


def test_this_shift_is_the_one_under_way_a_night_shift_from_the_evening_before() -> None:
    assert period_window("this shift", at(25, "03:00"), LONDON, shifts=ROSTER) == Window(
        at(24, "23:00"), at(25, "03:00"), "this shift: Night 23:00–07:00 (overnight)"
    )
    assert period_window("this shift", at(25, "09:30"), LONDON, shifts=ROSTER).since == at(25, "07:00")


def test_a_colleagues_own_shift_comes_first_and_a_shift_not_running_today_is_skipped() -> None:
    saturday = at(28, "10:00")  # no Early on Saturdays: the last shift to begin is the Night from 23:00
    assert this_shift(ROSTER, saturday, LONDON).shift.name == "Night"  # type: ignore[union-attr]
    own = occurrence(LATE, date(2026, 11, 28), LONDON)  # a one-off change put them on the Late today
    assert this_shift(ROSTER, saturday, LONDON, own=own) is own
    assert period_window("this shift", at(24, "10:00"), LONDON).label == "this shift: none, today"


def test_the_next_shift_follows_the_days_it_runs() -> None:
    friday_night = at(27, "23:30")
    coming = next_team_shift([EARLY], friday_night, LONDON)
    assert coming is not None and coming.start == at(30, "07:00")  # Monday's Early, not Saturday's
    assert next_team_shift([], friday_night, LONDON) is None


def test_named_periods_and_typed_dates() -> None:
    now = at(24, "14:00")
    assert period_window("today", now, LONDON).since == at(24, "00:00")
    assert period_window("30 days", now, LONDON).since == now - timedelta(days=30)
    with pytest.raises(ValueError):
        period_window("this week", now, LONDON)
    default = period_window("7 days", now, LONDON)
    assert dates_window(None, "", now, LONDON, default=default) is default
    typed = dates_window("2026-11-01", "2026-11-15", now, LONDON, default=default)
    assert (typed.since, typed.until, typed.label) == (at(1, "00:00"), at(16, "00:00"), "2026-11-01 to 2026-11-15")
    assert dates_window("yesterday", None, now, LONDON, default=default).label == "2026-11-23 to now"
    assert parse_moment("2026-11-24 09:30", LONDON, now, field="--since") == at(24, "09:30")
    with pytest.raises(Invalid, match="--since cannot be read"):
        parse_moment("last tuesday", LONDON, now, field="--since")
    with pytest.raises(Invalid, match="is not a date"):
        parse_moment("2026-02-30", LONDON, now, field="--until")
    with pytest.raises(Invalid, match="--until must come after --since"):
        dates_window("2026-11-10", "2026-11-01", now, LONDON, default=default)


@pytest.mark.parametrize("day", ["2026-03-29", "2026-10-25"])  # London's clocks go forward, then back
def test_a_whole_daylight_saving_day_is_labelled_by_its_own_date(day: str) -> None:
    """The day is 23 or 25 hours long: its label is still that one date, not the hour before or after."""
    now = at(24, "14:00")
    window = dates_window(day, day, now, LONDON, default=period_window("7 days", now, LONDON))
    assert window.label == f"{day} to {day}"
    assert window.until - window.since == timedelta(hours=23 if day.endswith("29") else 25)


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("9999-12-31", "9999-12-31"),
        ("2026-11-01", "9999-12-31 23:59"),
        ("0001-01-01", None),
        ("0001-01-01T00:00+14:00", None),
        ("9999-12-31T23:59-14:00", None),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_or_taken_never_a_crash(since: str, until: str | None) -> None:
    """`--since 9999-12-31 --until 9999-12-31` once raised OverflowError (an unexpected error, a crash report)."""
    now = at(24, "14:00")
    tokyo = ZoneInfo("Asia/Tokyo")
    for tz in (LONDON, tokyo, ZoneInfo("America/Los_Angeles")):
        try:
            window = dates_window(since, until, now, tz, default=period_window("7 days", now, tz))
        except Invalid as invalid:
            assert invalid.subject in ("--since", "--until")
            assert "out of range" in invalid.problem or "must come after" in invalid.problem
        else:
            assert window.since < window.until

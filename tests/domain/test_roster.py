"""Who is on shift: the roster of named shifts (day and overnight), unless set by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague, Shift
from shiftboard.domain.roster import check_clock, current_shifts, is_on_shift, shift_covers

EARLY = Shift(name="Early", start="07:00", end="15:00", members=["alice", "bob"])
LATE = Shift(name="Late", start="15:00", end="23:00", members=["carol"])
NIGHT = Shift(name="Night", start="23:00", end="07:00", members=["dave"])
ROSTER = [EARLY, LATE, NIGHT]


def utc(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "names"),
    [
        (utc(6, 59), ["Night"]),
        (utc(7, 0), ["Early"]),  # starts are inclusive, ends exclusive: no gap, no overlap
        (utc(14, 59), ["Early"]),
        (utc(15, 0), ["Late"]),
        (utc(22, 59), ["Late"]),
        (utc(23, 0), ["Night"]),
        (utc(0, 0), ["Night"]),
        (utc(3, 30), ["Night"]),
    ],
)
def test_day_and_overnight_shifts(moment: datetime, names: list[str]) -> None:
    assert [shift.name for shift in current_shifts(ROSTER, moment, UTC)] == names


def test_shift_times_are_local() -> None:
    new_york = ZoneInfo("America/New_York")  # 12:00 UTC is 07:00 there in November
    assert shift_covers(EARLY, utc(12), new_york)
    assert not shift_covers(EARLY, utc(11, 59), new_york)
    assert shift_covers(NIGHT, utc(11, 59), new_york)


def test_a_colleague_is_on_shift_when_their_shift_is_current() -> None:
    bob, carol = Colleague(handle="bob", name="Bob"), Colleague(handle="carol", name="Carol")
    assert is_on_shift(bob, ROSTER, utc(10), UTC)
    assert not is_on_shift(carol, ROSTER, utc(10), UTC)
    assert is_on_shift(carol, ROSTER, utc(16), UTC)
    assert not is_on_shift(Colleague(handle="zed", name="Zed"), ROSTER, utc(10), UTC)
    assert not is_on_shift(bob, [], utc(10), UTC)


def test_set_by_hand_overrides_the_roster() -> None:
    assert not is_on_shift(Colleague(handle="bob", name="Bob", on_shift=False), ROSTER, utc(10), UTC)
    assert is_on_shift(Colleague(handle="carol", name="Carol", on_shift=True), ROSTER, utc(10), UTC)
    assert is_on_shift(Colleague(handle="zed", name="Zed", on_shift=True), [], utc(10), UTC)


@pytest.mark.parametrize(("typed", "clock"), [("07:00", "07:00"), ("7:00", "07:00"), (" 23:59 ", "23:59")])
def test_check_clock_accepts_times_of_day(typed: str, clock: str) -> None:
    assert check_clock(typed, "shift start") == clock


@pytest.mark.parametrize("typed", ["2h", "24:00", "7", "07:60", "tomorrow 09:00", "2026-11-24T07:00", ""])
def test_check_clock_refuses_anything_else_naming_the_field(typed: str) -> None:
    with pytest.raises(Refused, match=r"^shift end: .* is not a time of day like 07:00$"):
        check_clock(typed, "shift end")

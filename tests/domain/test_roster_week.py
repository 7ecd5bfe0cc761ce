"""Roster maths on a hand-built week in London: shifts on days, a night shift across midnight, one-off
changes by date, and the two days a year the clocks change.

The team: alice works Early (07:00–15:00, Monday to Friday); bob works Late (15:00–23:00, every day);
dave works Night (23:00–07:00, every day); erin works Weekend (09:00–17:00, Saturday and Sunday).
The week of Monday 23 November 2026 (London is on UTC in November).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague, Shift
from shiftboard.domain.roster import (
    check_roster_day,
    current_shift,
    current_shifts,
    day_roster,
    days_words,
    is_on_shift,
    latest_shift,
    next_shift,
    occurrence,
    parse_day,
    parse_days,
    previous_shift,
    rostered,
    shift_words,
)

LONDON = ZoneInfo("Europe/London")
EARLY = Shift(name="Early", start="07:00", end="15:00", members=["alice"], days=["mon", "tue", "wed", "thu", "fri"])
LATE = Shift(name="Late", start="15:00", end="23:00", members=["bob"])
NIGHT = Shift(name="Night", start="23:00", end="07:00", members=["dave"])
WEEKEND = Shift(name="Weekend", start="09:00", end="17:00", members=["erin"], days=["sat", "sun"])
SHIFTS = [EARLY, LATE, NIGHT, WEEKEND]


def person(handle: str, **roster: str | None) -> Colleague:
    """A colleague with one-off changes keyed `d2026_11_24` (a valid keyword) for 2026-11-24."""
    changes = {key[1:].replace("_", "-"): value for key, value in roster.items()}
    return Colleague(handle=handle, name=handle.title(), roster=changes)


def london(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def names(worked: object) -> str | None:
    return getattr(getattr(worked, "shift", None), "name", None)


@pytest.mark.parametrize(
    ("handle", "moment", "working"),
    [
        ("alice", london(23, 7), "Early"),  # Monday morning: starts inclusive
        ("alice", london(23, 14, 59), "Early"),
        ("alice", london(23, 15), None),  # ends exclusive
        ("alice", london(28, 10), None),  # Saturday: Early runs Monday to Friday
        ("erin", london(28, 10), "Weekend"),
        ("erin", london(27, 10), None),  # Friday
        ("dave", london(24, 23, 30), "Night"),  # Tuesday's night, before midnight
        ("dave", london(25, 3), "Night"),  # ... and after it, on Wednesday
        ("dave", london(25, 7), None),
        ("bob", london(29, 22, 59), "Late"),  # Sunday: Late runs every day
    ],
)
def test_who_works_when_in_a_week(handle: str, moment: datetime, working: str | None) -> None:
    assert names(current_shift(person(handle), SHIFTS, moment, LONDON)) == working
    assert is_on_shift(person(handle), SHIFTS, moment, LONDON) is (working is not None)


def test_the_teams_shifts_under_way_follow_their_days() -> None:
    assert [s.name for s in current_shifts(SHIFTS, london(23, 10), LONDON)] == ["Early"]  # Monday
    assert [s.name for s in current_shifts(SHIFTS, london(28, 10), LONDON)] == ["Weekend"]  # Saturday
    assert [s.name for s in current_shifts(SHIFTS, london(24, 2), LONDON)] == ["Night"]


def test_a_night_shift_belongs_to_the_date_it_starts() -> None:
    """A day off on Tuesday 24th takes Tuesday's night (23:00 → Wednesday 07:00), not Monday's night, whose
    last hours fall on Tuesday morning."""
    dave = person("dave", d2026_11_24=None)
    assert names(current_shift(dave, SHIFTS, london(24, 3), LONDON)) == "Night"  # Monday's night, still worked
    assert current_shift(dave, SHIFTS, london(24, 23, 30), LONDON) is None
    assert current_shift(dave, SHIFTS, london(25, 3), LONDON) is None  # Tuesday's night, after midnight
    assert names(current_shift(dave, SHIFTS, london(25, 23, 30), LONDON)) == "Night"
    worked = occurrence(NIGHT, date(2026, 11, 24), LONDON)
    assert (worked.start, worked.end) == (london(24, 23), london(25, 7))


def test_one_off_changes_a_day_off_or_another_shift_whatever_its_days() -> None:
    alice = person("alice", d2026_11_25=None, d2026_11_28="Weekend")
    assert current_shift(alice, SHIFTS, london(25, 10), LONDON) is None  # Wednesday off
    assert names(current_shift(alice, SHIFTS, london(26, 10), LONDON)) == "Early"  # Thursday as usual
    assert names(current_shift(alice, SHIFTS, london(28, 10), LONDON)) == "Weekend"  # Saturday, swapped in
    assert rostered(alice, date(2026, 11, 25), SHIFTS) == []
    swap = person("bob", d2026_11_24="Early")  # instead of his Late, not as well
    assert [s.name for s in rostered(swap, date(2026, 11, 24), SHIFTS)] == ["Early"]
    assert current_shift(swap, SHIFTS, london(24, 16), LONDON) is None


def test_a_removed_shift_is_worked_by_nobody() -> None:
    gone = EARLY.model_copy(update={"active": False})
    assert current_shift(person("alice"), [gone, LATE], london(23, 10), LONDON) is None
    assert current_shifts([gone], london(23, 10), LONDON) == []


def test_the_night_the_clocks_go_forward_is_an_hour_shorter() -> None:
    """Saturday 28 March 2026: 23:00 GMT to Sunday 07:00 BST is seven hours."""
    worked = occurrence(NIGHT, date(2026, 3, 28), LONDON)
    assert worked.start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert worked.end == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert worked.end - worked.start == timedelta(hours=7)
    early = occurrence(EARLY.model_copy(update={"days": ["sun"]}), date(2026, 3, 29), LONDON)
    assert early.start == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 07:00 BST
    dave = person("dave")
    assert names(current_shift(dave, SHIFTS, datetime(2026, 3, 29, 5, 59, tzinfo=UTC), LONDON)) == "Night"
    assert current_shift(dave, SHIFTS, datetime(2026, 3, 29, 6, 0, tzinfo=UTC), LONDON) is None


def test_the_night_the_clocks_go_back_is_an_hour_longer() -> None:
    """Saturday 24 October 2026: 23:00 BST to Sunday 07:00 GMT is nine hours."""
    worked = occurrence(NIGHT, date(2026, 10, 24), LONDON)
    assert (worked.start, worked.end) == (
        datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 7, 0, tzinfo=UTC),
    )
    assert worked.end - worked.start == timedelta(hours=9)
    dave = person("dave")
    assert shift_words(current_shift(dave, SHIFTS, datetime(2026, 10, 25, 0, 0, tzinfo=UTC), LONDON),
                       datetime(2026, 10, 25, 0, 0, tzinfo=UTC)) == "Night · 7h left"  # fmt: skip


def test_a_one_off_change_on_the_day_the_clocks_change() -> None:
    """dave swaps his night for the Early shift on Sunday 29 March: 07:00 BST, the first hour after the change."""
    dave = person("dave", d2026_03_29="Early")
    sunday_early = datetime(2026, 3, 29, 6, 30, tzinfo=UTC)  # 07:30 BST
    assert names(current_shift(dave, SHIFTS, sunday_early, LONDON)) == "Early"
    assert current_shift(dave, SHIFTS, datetime(2026, 3, 29, 22, 30, tzinfo=UTC), LONDON) is None  # 23:30 BST: no night
    assert names(current_shift(dave, SHIFTS, datetime(2026, 3, 29, 1, 0, tzinfo=UTC), LONDON)) == "Night"  # Saturday's


def test_next_previous_and_latest_shift() -> None:
    alice = person("alice", d2026_11_30=None)
    friday = london(27, 16)  # after Friday's Early
    assert next_shift(alice, SHIFTS, friday, LONDON).start == london(1, 7, month=12)  # Monday 30th off: Tuesday
    assert previous_shift(alice, SHIFTS, friday, LONDON).end == london(27, 15)
    assert latest_shift(alice, SHIFTS, friday, LONDON).start == london(27, 7)
    during = london(26, 9)
    assert latest_shift(alice, SHIFTS, during, LONDON).start == london(26, 7)  # the one being worked
    assert previous_shift(alice, SHIFTS, during, LONDON).start == london(25, 7)  # the one before it
    assert next_shift(person("zed"), SHIFTS, friday, LONDON) is None


def test_shift_words_say_the_shift_and_the_time_left() -> None:
    worked = current_shift(person("alice"), SHIFTS, london(23, 12, 50), LONDON)
    assert shift_words(worked, london(23, 12, 50)) == "Early · 2h10m left"
    assert shift_words(None, london(23, 12, 50)) == "off shift"


def test_a_days_roster_names_who_works_each_shift_and_the_one_off_changes() -> None:
    team = [person("alice", d2026_11_28="Weekend"), person("bob", d2026_11_28=None), person("dave"), person("erin")]
    saturday = day_roster(date(2026, 11, 28), team, SHIFTS, LONDON)
    assert [(worked.shift.name, who) for worked, who in saturday.shifts] == [
        ("Weekend", ["alice", "erin"]),
        ("Late", []),
        ("Night", ["dave"]),
    ]
    assert (saturday.off, saturday.swapped) == (["bob"], {"alice": "Weekend"})


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("mon-fri", ["mon", "tue", "wed", "thu", "fri"]),
        ("sat,sun", ["sat", "sun"]),
        ("Saturday, Sunday", ["sat", "sun"]),
        ("fri-mon", ["mon", "fri", "sat", "sun"]),  # a range may wrap past Sunday
        ("wed,mon,wed", ["mon", "wed"]),
        ("", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
        ("daily", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
    ],
)
def test_days_as_typed(typed: str, days: list[str]) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", ["weekdays", "mon-xyz", "mo", "1-5", "mon fri"])
def test_days_that_are_not_days_are_refused(typed: str) -> None:
    with pytest.raises(Refused, match=r"^--days .* is not a day; write days like mon-fri"):
        parse_days(typed)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (["mon", "tue", "wed", "thu", "fri"], "mon-fri"),
        (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "every day"),
        (["sat", "sun"], "sat,sun"),
        (["mon", "wed", "fri"], "mon,wed,fri"),
    ],
)
def test_days_read_back(days: list[str], words: str) -> None:
    assert days_words(days) == words


def test_roster_dates() -> None:
    today = date(2026, 11, 24)
    assert parse_day("tomorrow", today=today) == date(2026, 11, 25)
    assert parse_day(" 2026-12-24 ", today=today) == date(2026, 12, 24)
    with pytest.raises(Refused, match=r"^--date '24/12' is not a date; write it like 2026-12-24"):
        parse_day("24/12", today=today)
    assert check_roster_day(date(2026, 11, 23), today=today) == date(2026, 11, 23)  # yesterday: a night to correct
    for far in (date(2026, 11, 22), date(2027, 11, 26)):
        with pytest.raises(Refused, match=r"is not between yesterday and a year ahead$"):
            check_roster_day(far, today=today)

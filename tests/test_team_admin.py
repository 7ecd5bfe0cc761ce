"""Administering a team through the Desk: colleagues edited, deactivated, given PINs; shifts, the roster
and settings; each change an event, and once set-up is closed, a supervisor's alone."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.errors import Refused
from shiftboard.domain.pins import pin_matches
from shiftboard.services import Desk


def kinds(desk: Desk) -> list[tuple[str, str]]:
    """(kind, actor) of every event in the log, oldest first."""
    lines = (desk.store.root / "log" / "2026-11.jsonl").read_text().splitlines()
    return [(event["kind"], event["actor"]) for event in map(json.loads, lines)]


def test_edit_changes_only_what_is_given_and_says_what_changed(desk: Desk) -> None:
    desk.add_shift("Early", start="07:00", end="15:00")
    desk.add_shift("Late", start="15:00", end="23:00")
    edited, changed = desk.edit_colleague(
        "alice",
        name=" Alice Archer-Bell ",
        skills=["Billing", "refunds"],
        unix=["daemon", "games"],
        shifts=["early"],
    )
    assert changed == ["name", "skills", "unix", "shifts"]
    assert (edited.name, edited.skills, edited.unix, edited.role) == (
        "Alice Archer-Bell",
        ["billing", "refunds"],
        ["daemon", "games"],
        "agent",
    )
    assert desk.shifts_of("alice") == ["Early"]
    again, changed = desk.edit_colleague("alice", shifts=["Late"], skills=["billing", "refunds"])
    assert changed == ["shifts"] and desk.shifts_of("alice") == ["Late"] and again.skills == ["billing", "refunds"]
    assert desk.edit_colleague("alice", name="Alice Archer-Bell")[1] == []  # nothing to change: nothing written
    assert kinds(desk)[-4:] == [
        ("colleague.update", "setup"),  # nobody signed in: the store is still open for set-up
        ("shift.update", "setup"),  # Early gains her
        ("shift.update", "setup"),  # Early loses her ...
        ("shift.update", "setup"),  # ... and Late gains her
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"role": "boss"}, "role 'boss': choose agent or supervisor"),
        ({"name": "  "}, "name is required"),
        ({"name": "Two\nlines"}, "name must be one line"),
        ({"skills": ["Bill ing"]}, "skills: 'bill ing' is not a tag"),
        ({"unix": ["al ice"]}, "--unix 'al ice' is not a Unix account name"),
        ({"unix": ["no-such-account"]}, "--unix 'no-such-account': there is no such Unix account on this host"),
        ({"unix": ["daemon"], "shifts": ["Nights"]}, "no shift 'Nights'; the shifts are: none yet"),
    ],
)
def test_a_bad_edit_is_refused_and_writes_nothing(desk: Desk, change: dict[str, object], problem: str) -> None:
    before = desk.seen_seq()
    with pytest.raises(Refused) as refused:
        desk.edit_colleague("alice", **change)  # type: ignore[arg-type]
    assert problem in refused.value.message
    assert desk.seen_seq() == before


def test_a_unix_account_is_one_colleagues(desk: Desk) -> None:
    desk.edit_colleague("alice", unix=["games"])
    with pytest.raises(Refused, match=r"^the Unix account games is already alice's$"):
        desk.edit_colleague("bob", unix=["daemon", "games"])
    with pytest.raises(Refused, match=r"^the Unix account games is already alice's$"):
        desk.add_colleague("dan", name="Dan", unix=["games"])


def test_once_a_supervisor_is_protected_only_a_supervisor_administers(desk: Desk) -> None:
    desk.set_pin("sam", "246810", by=None)  # set-up is still open: anyone may
    assert desk.has_protected_supervisor()
    for change in (
        lambda: desk.edit_colleague("alice", name="Al", by="bob"),
        lambda: desk.add_shift("Early", start="07:00", end="15:00", by="alice"),
        lambda: desk.set_roster("bob", "tomorrow", None, by="bob"),
        lambda: desk.set_setting("ack_within", "20m", by="carol"),
        lambda: desk.set_active("carol", False, by="bob"),
        lambda: desk.set_pin("alice", "135790", by="alice"),
        lambda: desk.remove_shift("Early", by="bob"),
    ):
        with pytest.raises(Refused, match=r"needs a supervisor; \w+ is not one$"):
            change()
    with pytest.raises(Refused, match=r"^changing ack_within needs a supervisor: give --as"):
        desk.set_setting("ack_within", "20m")
    desk.set_setting("ack_within", "20m", by="sam")
    assert kinds(desk)[-1] == ("settings.set", "sam")


def test_the_last_supervisor_who_can_administer_cannot_be_removed(desk: Desk) -> None:
    desk.set_pin("sam", "246810", by=None)
    for change in (
        lambda: desk.set_active("sam", False, by="sam"),
        lambda: desk.edit_colleague("sam", role="agent", by="sam"),
    ):
        with pytest.raises(Refused, match=r"^sam is the last supervisor with a Unix account or PIN; make another"):
            change()
    desk.edit_colleague("carol", role="supervisor", unix=["news"], by="sam")
    assert not desk.set_active("sam", False, by="carol").active
    assert kinds(desk)[-1] == ("colleague.deactivate", "carol")
    assert desk.set_active("sam", True, by="carol").active
    assert kinds(desk)[-1] == ("colleague.reactivate", "carol")


def test_a_pin_is_set_or_reset_as_a_slow_hash(desk: Desk) -> None:
    desk.set_pin("alice", "246810", by=None)
    first = desk.colleague("alice").pin
    desk.set_pin("alice", "975310", by=None)
    reset = desk.colleague("alice").pin
    assert reset is not None and reset != first and pin_matches("975310", reset) and not pin_matches("246810", reset)
    assert "975310" not in (desk.store.root / "log" / "2026-11.jsonl").read_text()
    with pytest.raises(Refused, match=r"^a PIN is 6 to 12 digits$"):
        desk.set_pin("alice", "12a456", by=None)
    assert kinds(desk)[-2:] == [("pin.set", "setup"), ("pin.set", "setup")]


def test_a_shift_is_added_changed_and_removed(desk: Desk) -> None:
    desk.add_shift("Early", start="7:00", end="15:00", days="mon-fri")
    desk.edit_colleague("alice", shifts=["Early"])
    changed = desk.add_shift("early", start="06:00", end="14:00")  # the same shift: new hours, same days, same people
    assert (changed.name, changed.start, changed.end, changed.days, changed.members) == (
        "Early",
        "06:00",
        "14:00",
        ["mon", "tue", "wed", "thu", "fri"],
        ["alice"],
    )
    assert [s.name for s in desk.shifts()] == ["Early"]
    removed = desk.remove_shift("EARLY")
    assert removed.members == ["alice"] and desk.shifts() == [] and desk.shifts_of("alice") == []
    assert [s.active for s in desk.shifts(include_removed=True)] == [False]
    back = desk.add_shift("Early", start="07:00", end="15:00")
    assert back.members == [] and back.active
    assert [kind for kind, _ in kinds(desk)][-5:] == [
        "shift.add",
        "shift.update",  # alice joins it
        "shift.update",  # new hours
        "shift.remove",
        "shift.update",  # back, empty
    ]
    with pytest.raises(Refused, match=r"^no shift 'Night'; the shifts are: Early$"):
        desk.remove_shift("Night")


@pytest.mark.parametrize(
    ("start", "end", "days", "problem"),
    [
        ("07:00", "07:00", None, "shift Early: the start and end are both 07:00"),
        ("7", "15:00", None, "shift start: '7' is not a time of day like 07:00"),
        ("07:00", "25:00", None, "shift end: '25:00' is not a time of day"),
        ("07:00", "15:00", "weekdays", "--days 'weekdays': 'weekdays' is not a day"),
    ],
)
def test_a_bad_shift_is_refused(desk: Desk, start: str, end: str, days: str | None, problem: str) -> None:
    with pytest.raises(Refused) as refused:
        desk.add_shift("Early", start=start, end=end, days=days)
    assert problem in refused.value.message
    assert desk.shifts() == []


def test_a_shift_name_is_one_line_without_commas(desk: Desk) -> None:
    with pytest.raises(Refused, match=r"^shift name 'Early, Late': no commas"):
        desk.add_shift("Early, Late", start="07:00", end="15:00")


def test_roster_one_offs_are_set_and_cleared(desk: Desk) -> None:
    desk.add_shift("Early", start="07:00", end="15:00")
    desk.add_shift("Late", start="15:00", end="23:00")
    desk.edit_colleague("bob", shifts=["Early"])
    assert desk.on_shift(desk.colleague("bob"))  # Tuesday 14:00
    desk.set_roster("bob", "today", None)
    assert not desk.on_shift(desk.colleague("bob"))
    desk.set_roster("bob", "2026-11-24", "late")
    assert desk.colleague("bob").roster == {"2026-11-24": "Late"}
    assert desk.day_roster("today").swapped == {"bob": "Late"}
    desk.clear_roster("bob", "today")
    assert desk.colleague("bob").roster == {} and desk.on_shift(desk.colleague("bob"))
    assert [kind for kind, _ in kinds(desk)][-3:] == ["roster.set"] * 3
    for day, shift, problem in (
        ("2026-13-01", None, "--date '2026-13-01' is not a date"),
        ("2025-11-24", None, "--date 2025-11-24 is not between yesterday and a year ahead"),
        ("tomorrow", "Night", "no shift 'Night'"),
    ):
        with pytest.raises(Refused, match=problem):
            desk.set_roster("bob", day, shift)
    desk.set_active("carol", False)
    with pytest.raises(Refused, match=r"^carol is deactivated; reactivate them before changing their roster$"):
        desk.set_roster("carol", "tomorrow", None)


def test_settings_are_events_and_the_time_zone_reaches_every_desk(desk: Desk, tmp_path: Path) -> None:
    other = Desk.open(tmp_path / "store", clock=FrozenClock(desk.clock.now(), tz=UTC))  # another process
    settings, changed = desk.set_setting("timezone", "America/New_York")
    assert changed and settings.timezone == "America/New_York"
    assert desk.clock.tz == ZoneInfo("America/New_York")
    assert desk.set_setting("timezone", "America/New_York")[1] is False  # the same again: nothing written
    assert other.clock.tz == UTC
    other.refresh()
    assert other.clock.tz == ZoneInfo("America/New_York")
    desk.add_shift("Morning", start="09:00", end="13:00")  # 14:00–18:00 UTC in New York in November
    desk.edit_colleague("alice", shifts=["Morning"])
    assert desk.on_shift(desk.colleague("alice"))  # 14:00 UTC is 09:00 there
    desk.set_setting("timezone", "host")
    assert desk.clock.tz == UTC  # back to the clock's own zone (the fixture's reads UTC)
    assert not desk.on_shift(desk.colleague("alice"))  # 14:00 UTC is after a 09:00–13:00 shift in UTC

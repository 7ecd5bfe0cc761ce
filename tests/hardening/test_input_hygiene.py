"""SPEC §6 input hygiene, as properties over whatever a person (or an attacker) types.

Due and check times outside now − 1 day … now + 1 year are refused, never stored (a year-9999
due once crashed `list` for users in other time zones); single-line fields refuse any line
break, so no line of theirs can pass for another field where it is printed; ids are ASCII, so
`H-１００２` is no id at all rather than H-1002.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shiftboard.domain.duetime import parse_when
from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.fields import FIELDS, Kind
from shiftboard.domain.models import handover_number
from shiftboard.domain.text import check_text

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
ZONES = [UTC, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago"), ZoneInfo("Europe/London")]


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)), st.sampled_from(ZONES))
def test_an_iso_moment_is_accepted_only_between_a_day_ago_and_a_year_ahead(moment: datetime, zone: object) -> None:
    typed = moment.isoformat(timespec="minutes")
    try:
        parsed = parse_when(typed, now=NOW, tz=zone, field="due")  # type: ignore[arg-type]
    except Invalid as invalid:
        assert invalid.subject == "due" and "\n" not in invalid.message
        return
    assert NOW - timedelta(days=1) <= parsed <= NOW + timedelta(days=366)
    for other in ZONES:  # what is stored shows in every zone without overflowing
        parsed.astimezone(other)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**12))
def test_any_span_typed_is_a_moment_in_the_window_or_refused(minutes: int) -> None:
    try:
        parsed = parse_when(f"{minutes}m", now=NOW, tz=UTC, field="check")
    except Refused:
        assert minutes > 366 * 24 * 60
        return
    assert parsed == NOW + timedelta(minutes=minutes)


ONE_LINE = [field for field in FIELDS if field.kind is Kind.LINE]
BREAKS = st.sampled_from(["\n", "\r", "\r\n", "\v", "\f", "\x85", "\u2028", "\u2029", "\x1c", "\x1d", "\x1e"])


@pytest.mark.parametrize("field", ONE_LINE, ids=lambda field: field.name)
@given(before=st.text(max_size=20), brk=BREAKS, after=st.text(max_size=20))
def test_a_single_line_field_refuses_every_line_break(field: object, before: str, brk: str, after: str) -> None:
    with pytest.raises(Refused):
        check_text(field.path, before + brk + after, one_line=True)  # type: ignore[attr-defined]


@given(st.text(st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_an_id_is_ascii_digits_only(digits: str) -> None:
    for typed in (digits, f"H-{digits}", f"h-{digits}"):
        if digits.isascii():
            assert handover_number(typed) == int(digits)
        else:
            with pytest.raises(ValueError):
                handover_number(typed)

"""PINs: stored only as salted slow hashes, compared in constant time; wrong guesses counted on the
colleague's record, and the fifth in 15 minutes locks them out (SPEC §6)."""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime, timedelta

import pytest

from shiftboard.domain import pins
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague
from shiftboard.domain.pins import check_pin_format, hash_pin, pin_attempt, pin_matches, wrong_pin_delay


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("4711")


def test_the_hash_never_contains_the_pin(stored: str) -> None:
    assert stored.startswith("scrypt$")
    assert "4711" not in stored
    assert b"4711".hex() not in stored


def test_the_same_pin_hashes_differently_each_time(stored: str) -> None:
    assert hash_pin("4711") != stored  # a fresh random salt


def test_matches_only_the_right_pin(stored: str) -> None:
    assert pin_matches("4711", stored)
    assert not pin_matches("4712", stored)
    assert not pin_matches("", stored)


@pytest.mark.parametrize("broken", ["", "4711", "scrypt$x$8$1$00$00", "scrypt$16384$8$1$zz$00"])
def test_a_malformed_stored_hash_never_matches(broken: str) -> None:
    assert not pin_matches("4711", broken)


def test_comparison_is_constant_time(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(pins.hmac, "compare_digest", spy)
    assert pin_matches("4711", stored)
    assert len(calls) == 1


@pytest.mark.parametrize("pin", ["12345", "1234", "1234567890123", "12a456", "", " 123456", "１２３４５６"])
def test_a_new_pin_is_6_to_12_ascii_digits(pin: str) -> None:
    with pytest.raises(Refused, match=r"^a PIN is 6 to 12 digits$"):
        check_pin_format(pin)


def test_pin_format_accepts_6_to_12_digits() -> None:
    assert check_pin_format("000000") == "000000"
    assert check_pin_format("123456789012") == "123456789012"


def test_an_old_4_digit_pin_still_matches_its_hash(stored: str) -> None:
    assert pin_matches("4711", stored)  # hash_pin takes any digits; only new PINs must have 6


def test_a_guess_costs_at_least_100_ms() -> None:
    started = time.perf_counter()
    hash_pin("123456")
    assert time.perf_counter() - started >= 0.1


NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def colleague(stored: str, **fields: object) -> Colleague:
    return Colleague(handle="dana", name="Dana", pin=stored, **fields)  # type: ignore[arg-type]


def test_a_right_pin_changes_nothing(stored: str) -> None:
    outcome = pin_attempt(colleague(stored), "4711", NOW)
    assert outcome.matched and outcome.changes == {}


def test_wrong_pins_are_counted_and_the_fifth_in_15_minutes_locks_out(stored: str) -> None:
    dana = colleague(stored, pin_failures=[NOW - timedelta(minutes=20), NOW - timedelta(minutes=3)])
    first = pin_attempt(dana, "0000", NOW)
    assert (first.matched, first.locked, first.failures) == (False, False, 2)  # the one 20 minutes ago is gone
    assert first.changes["pin_failures"][1] == ["2026-11-24T13:57:00Z", "2026-11-24T14:00:00Z"]
    four = colleague(stored, pin_failures=[NOW - timedelta(minutes=m) for m in (14, 10, 5, 1)])
    fifth = pin_attempt(four, "0000", NOW)
    assert fifth.locked and fifth.failures == 5
    assert fifth.changes["locked_until"] == [None, "2026-11-24T14:15:00Z"]


def test_a_lock_out_refuses_even_the_right_pin_until_it_ends(stored: str) -> None:
    locked = colleague(stored, locked_until=NOW + timedelta(minutes=10))
    with pytest.raises(Refused, match=r"^dana is locked out after too many wrong PINs until 14:10 UTC$"):
        pin_attempt(locked, "4711", NOW)
    assert pin_attempt(locked, "4711", NOW + timedelta(minutes=11)).matched


def test_the_delay_grows_with_each_wrong_pin_and_is_capped() -> None:
    delays = [wrong_pin_delay(n) for n in range(0, 10)]
    assert delays[:6] == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert delays == sorted(delays)
    assert max(delays) == 30.0
    assert wrong_pin_delay(10**9) == 30.0

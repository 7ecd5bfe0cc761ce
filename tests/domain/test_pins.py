"""PINs: stored only as salted slow hashes, compared in constant time, wrong guesses slowed down."""

from __future__ import annotations

import hmac

import pytest

from shiftboard.domain import pins
from shiftboard.domain.errors import Refused
from shiftboard.domain.pins import check_pin_format, hash_pin, pin_matches, wrong_pin_delay


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


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", " 1234", "１２３４"])
def test_pin_format_is_4_to_12_ascii_digits(pin: str) -> None:
    with pytest.raises(Refused, match=r"^a PIN is 4 to 12 digits$"):
        check_pin_format(pin)


def test_pin_format_accepts_4_to_12_digits() -> None:
    assert check_pin_format("0000") == "0000"
    assert check_pin_format("123456789012") == "123456789012"


def test_the_delay_grows_with_each_wrong_pin_and_is_capped() -> None:
    delays = [wrong_pin_delay(n) for n in range(0, 10)]
    assert delays[:6] == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert delays == sorted(delays)
    assert max(delays) == 30.0
    assert wrong_pin_delay(10**9) == 30.0

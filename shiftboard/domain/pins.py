"""PINs for shared terminals: a slow salted hash, and back-off and lock-out counted in the store.

A PIN is stored only as a salted scrypt hash, slow on purpose (≥ 100 ms a guess on the project
machine), and compared in constant time. Wrong PINs are counted on the colleague's own record
(so every process and terminal sees them): after 5 failures in 15 minutes the colleague is
locked out for 15 minutes, or until a supervisor sets a new PIN. Older 4-digit PINs still
verify; a new PIN has 6 to 12 digits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Colleague

_N, _R, _P = 2**16, 8, 1  # ~170 ms and 64 MiB a hash on the project machine
_MAXMEM = 256 * 2**20
MIN_DIGITS, MAX_DIGITS = 6, 12
FAILURES_BEFORE_LOCKOUT = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


def check_pin_format(pin: str) -> str:
    """A new PIN: 6 to 12 ASCII digits (`str.isdigit` also takes '１２３４' and '²³⁴⁵', which no keypad types)."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise Refused(f"a PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32, maxmem=_MAXMEM)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the one `stored` was made from (the cost parameters are read from `stored`)."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32, maxmem=_MAXMEM
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def recent_failures(colleague: Colleague, now: datetime) -> list[datetime]:
    """The wrong PINs of the last 15 minutes; one stamped later than `now` counts too (another process's
    clock, or an attempt that took the lock first)."""
    return [at for at in colleague.pin_failures if at > now - FAILURE_WINDOW]


def locked_until(colleague: Colleague, now: datetime) -> datetime | None:
    """When the lock-out ends, while one holds."""
    until = colleague.locked_until
    return until if until is not None and until > now else None


def wrong_pin_delay(failures: int) -> float:
    """Seconds to wait after the n-th wrong PIN in the window: 0 before any, then 1, 2, 4, 8."""
    if failures <= 0:
        return 0.0
    return float(min(30, 2 ** min(failures - 1, 5)))


class WrongPin(Refused):
    """A wrong PIN (not a lock-out): the front end waits `delay` seconds before the next try."""

    def __init__(self, message: str, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


@dataclass(frozen=True)
class PinOutcome:
    """What one attempt decides: whether it matched, and the change to the colleague's record."""

    matched: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    locked: bool = False  # this failure started a lock-out
    failures: int = 0  # failures in the window, this one included


def pin_attempt(colleague: Colleague, pin: str, now: datetime) -> PinOutcome:
    """Check one typed PIN against `colleague`'s. Refused while a lock-out holds (the PIN is not even
    hashed, so a lock-out costs an attacker nothing to learn); a wrong PIN is counted, and the fifth in
    15 minutes locks the colleague out."""
    if colleague.pin is None:
        raise Refused(f"{colleague.handle} has no PIN")
    until = locked_until(colleague, now)
    if until is not None:
        raise Refused(f"{colleague.handle} is locked out after too many wrong PINs until {until:%H:%M} UTC")
    if pin_matches(pin, colleague.pin):
        return PinOutcome(matched=True)
    failures = [*recent_failures(colleague, now), now]
    old = [stamp(at) for at in colleague.pin_failures]
    changes: dict[str, list[Any]] = {"pin_failures": [old, [stamp(at) for at in failures]]}
    locked = len(failures) >= FAILURES_BEFORE_LOCKOUT
    if locked:
        changes["locked_until"] = [_stamp_or_none(colleague.locked_until), stamp(now + LOCKOUT)]
    return PinOutcome(matched=False, changes=changes, locked=locked, failures=len(failures))


def pin_reset_changes(colleague: Colleague, new_hash: str) -> dict[str, list[Any]]:
    """A new PIN (set by a supervisor) also lifts any lock-out and forgets the failures."""
    changes: dict[str, list[Any]] = {"pin": [colleague.pin, new_hash]}
    if colleague.pin_failures:
        changes["pin_failures"] = [[stamp(at) for at in colleague.pin_failures], []]
    if colleague.locked_until is not None:
        changes["locked_until"] = [stamp(colleague.locked_until), None]
    return changes


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _stamp_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else stamp(moment)

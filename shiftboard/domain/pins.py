"""PINs for shared terminals: stored only as salted scrypt hashes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from shiftboard.domain.errors import Refused

_N, _R, _P = 2**14, 8, 1


def check_pin_format(pin: str) -> str:
    # ASCII only: str.isdigit() also takes '１２３４' and '²³⁴⁵', which a keypad cannot type back.
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        raise Refused("a PIN is 4 to 12 digits")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def wrong_pin_delay(failures: int) -> float:
    """Seconds to wait after the n-th wrong PIN in a row: 0 before any, then 1, 2, 4 ... up to 30."""
    if failures <= 0:
        return 0.0
    return float(min(30, 2 ** min(failures - 1, 5)))

"""Who is acting: `--as`, else the login name when it is a colleague's handle; a PIN when the colleague has one."""

from __future__ import annotations

import getpass
import os
import sys
import time

from shiftboard.cli.parser import UsageError
from shiftboard.domain.errors import Refused
from shiftboard.domain.pins import wrong_pin_delay
from shiftboard.services import Desk


def login_name() -> str:
    return os.environ.get("USER", "").strip().lower()


def signed_in(desk: Desk, as_: str | None, *, command: str, required: bool = True) -> str | None:
    """The acting colleague's handle, PIN checked; None only when not `required` and nobody was named."""
    handle = as_
    if handle is None:
        login = login_name()
        if login and _is_colleague(desk, login):
            handle = login
        elif required:
            why = f"$USER {login!r} is not a colleague's handle" if login else "$USER is not set"
            raise UsageError(f"{command}: --as HANDLE is required ({why})")
        else:
            return None
    colleague = desk.colleague(handle)
    if colleague.pin is not None and not desk.check_pin(colleague.handle, read_secret(f"PIN for {colleague.handle}: ")):
        time.sleep(wrong_pin_delay(1))
        raise Refused(f"wrong PIN for {colleague.handle}")
    return colleague.handle


def _is_colleague(desk: Desk, handle: str) -> bool:
    try:
        desk.colleague(handle)
    except Refused:
        return False
    return True


def interactive() -> bool:
    """Whether a person is at standard input (else a script pipes the PIN in)."""
    return sys.stdin.isatty()


def read_secret(prompt: str) -> str:
    """Asked without echo on a terminal; from a script, the next line of standard input."""
    if interactive():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise Refused(f"{prompt.rstrip(': ')} is needed: type it when asked, or give it on standard input")
    return line.rstrip("\r\n")


def new_pin(handle: str) -> str:
    """A new PIN, typed twice on a terminal so a slip of the finger does not lock the colleague out."""
    pin = read_secret(f"new PIN for {handle}: ")
    if interactive() and getpass.getpass("the same PIN again: ") != pin:
        raise Refused("the two PINs differ; nothing was changed")
    return pin

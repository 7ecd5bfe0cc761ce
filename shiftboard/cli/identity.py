"""Who is acting on the command line: `--as`, else the colleague whose Unix account runs this process;
proved by that account or by a PIN typed on the terminal (never echoed) or piped in by a script.

The rule itself is the Desk's (services/identity.py), the same for the board and the browser;
here we only ask for the PIN and wait a moment after a wrong one. `$USER` is never read: anyone
can set it.
"""

from __future__ import annotations

import getpass
import sys
import time

from shiftboard.cli.parser import UsageError
from shiftboard.domain.errors import Refused
from shiftboard.domain.pins import WrongPin
from shiftboard.services import Caller, Desk, Proof


def signed_in(desk: Desk, as_: str | None, *, command: str, caller: Caller, required: bool = True) -> str | None:
    """The acting colleague's handle, proved; None only when not `required` and nobody was named or is
    this Unix account's."""
    handle = as_
    if handle is None:
        own = desk.colleague_of(caller)
        if own is not None:
            return own.handle
        if not required:
            return None
        raise UsageError(f"{command}: --as HANDLE is required (the Unix account {caller.account} is no colleague's)")
    proof = desk.proof_needed(handle, caller)
    if proof is Proof.PIN:
        colleague = desk.colleague(handle)
        pin = read_secret(f"PIN for {colleague.handle}: ")
        try:
            desk.try_pin(colleague.handle, pin)
        except WrongPin as wrong:
            time.sleep(wrong.delay)  # a script guessing in a loop waits too
            raise
    return desk.colleague(handle).handle


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

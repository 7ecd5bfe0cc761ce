"""Who is acting (SPEC §6): the one rule the command line, the board and the browser all follow.

Acting as a *protected* colleague (one with a Unix account or a PIN) needs either that the
calling process's real Unix account (`getuid()`, never `$USER`) is one of theirs, or their PIN.
An unprotected colleague (demo and single-user stores) may be acted as by anyone who can open
the store. A browser session (`served`) runs under the server's account, which is nobody's: it
always signs in with a PIN, and a colleague without one cannot sign in there. PIN attempts are
checked under the store's lock, so failures counted by parallel processes add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shiftboard.domain.errors import Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import Colleague
from shiftboard.domain.pins import (
    FAILURES_BEFORE_LOCKOUT,
    WrongPin,
    check_pin_format,
    hash_pin,
    locked_until,
    pin_attempt,
    pin_reset_changes,
    wrong_pin_delay,
)
from shiftboard.services.base import SETUP
from shiftboard.services.events import unix_account
from shiftboard.services.team import TeamDesk


@dataclass(frozen=True)
class Caller:
    """The process asking: its real Unix account, and whether it serves a browser session."""

    account: str
    served: bool = False

    @classmethod
    def here(cls, *, served: bool = False) -> Caller:
        return cls(unix_account(), served)


class Proof(StrEnum):
    """How a colleague is signed in."""

    ACCOUNT = "account"  # the process runs as one of their Unix accounts
    PIN = "pin"  # their PIN must be typed
    OPEN = "open"  # unprotected: anyone who can open the store may act as them


class IdentityDesk(TeamDesk):
    def colleague_of(self, caller: Caller) -> Colleague | None:
        """The active colleague whose Unix account the caller runs as (never in a browser session)."""
        if caller.served:
            return None
        found = [c for c in self.colleagues() if caller.account in c.unix]
        return found[0] if len(found) == 1 else None

    def proof_needed(self, handle: str, caller: Caller) -> Proof:
        """What `caller` must show to act as `handle`; Refused when nothing they could show would do."""
        colleague = self.colleague(handle)
        if not colleague.active:
            raise Refused(f"{colleague.handle} is deactivated")
        if not caller.served and caller.account in colleague.unix:
            return Proof.ACCOUNT
        if colleague.pin is not None:
            return Proof.PIN
        if caller.served:
            raise Refused(f"{colleague.handle} has no PIN, and signing in from a browser needs one")
        if colleague.unix:
            accounts = ", ".join(colleague.unix)
            raise Refused(
                f"{colleague.handle} is protected: only their Unix account ({accounts}) can act as them, "
                f"and this is {caller.account}"
            )
        return Proof.OPEN

    def refuse_unless_empty(self) -> None:
        """`init` makes a new team store, never one over another's board."""
        if self.store.position.seq or next(iter(self.store.archived()), None) is not None:
            raise Refused(f"{self.store.root} already holds a board; init makes a new, empty team store")

    def init_team(self, handle: str, *, name: str, pin: str | None, caller: Caller) -> Colleague:
        """The first supervisor, bound to the caller's Unix account: from then on set-up needs a supervisor."""
        self.refuse_unless_empty()
        return self.add_colleague(handle, name=name, role="supervisor", unix=[caller.account], pin=pin, first=True)

    def try_pin(self, handle: str, pin: str) -> None:
        """Check a typed PIN for `handle`: `WrongPin` (with how long to wait, growing with the failures every
        process made) when it is wrong — the failure is recorded, and the fifth in 15 minutes locks them
        out — or Refused while a lock-out holds. Done under the store's lock, so
        guesses made in parallel by many processes are counted one after another."""
        now = self.clock.now()
        early = self.colleague(handle)
        if early.pin is not None and locked_until(early, now) is not None:
            pin_attempt(early, pin, now)  # refuses without hashing
        with self.store.transaction() as txn:
            now = self.clock.now()  # after the wait for the lock: failures counted meanwhile are in the window
            colleague = self.colleague(handle)
            outcome = pin_attempt(colleague, pin, now)
            if outcome.matched:
                return
            kind = EventKind.PIN_LOCKED if outcome.locked else EventKind.PIN_FAILED
            txn.append(self._event(kind, Entity.COLLEAGUE, colleague.handle, colleague.handle, changes=outcome.changes))
        if outcome.locked:
            raise Refused(f"wrong PIN for {handle}: locked out for 15 minutes (a supervisor can set a new PIN)")
        left = FAILURES_BEFORE_LOCKOUT - outcome.failures
        delay = wrong_pin_delay(outcome.failures)
        raise WrongPin(f"wrong PIN for {handle} ({left} more before a 15-minute lock-out)", delay)

    def set_pin(self, handle: str, pin: str, *, by: str | None) -> Colleague:
        """A supervisor sets (or resets) a colleague's PIN: a new one is 6-12 digits, and it lifts a lock-out."""
        self.authorize_admin(by, "setting a PIN")
        new_hash = hash_pin(check_pin_format(pin))
        with self.store.transaction() as txn:
            self.authorize_admin(by, "setting a PIN")
            colleague = self.colleague(handle)
            changes = pin_reset_changes(colleague, new_hash)
            txn.append(self._event(EventKind.PIN_SET, Entity.COLLEAGUE, colleague.handle, by or SETUP, changes=changes))
        return self.colleague(handle)

"""Every kind of event the audit trail holds, and the words each one reads as.

One registry: the lifecycle writes these kinds, the store replays them, the review counts
them, and the command line, the detail view and the notifications say them with `PHRASES`.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    CREATE = "create"
    ACK = "ack"
    QUERY = "query"
    ANSWER = "answer"
    DONE = "done"
    UNABLE = "unable"
    VERIFY = "verify"
    REASSIGN = "reassign"
    FLAG = "flag"
    UNFLAG = "unflag"
    COMMENT = "comment"
    TAKE_BACK = "take-back"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    UNDO = "undo"
    PURGE = "purge"
    IMPROVEMENT_ADD = "improvement.add"
    COLLEAGUE_ADD = "colleague.add"
    COLLEAGUE_UPDATE = "colleague.update"
    SERVICE_ADD = "service.add"
    SHIFT_ADD = "shift.add"
    SHIFT_UPDATE = "shift.update"
    PIN_SET = "pin.set"
    PIN_FAILED = "pin.failed"
    PIN_LOCKED = "pin.locked"
    # The team and its shift changes (issue 15): set-up, roster, settings, checklist decisions, sign-on/off.
    COLLEAGUE_DEACTIVATE = "colleague.deactivate"
    COLLEAGUE_REACTIVATE = "colleague.reactivate"
    SHIFT_REMOVE = "shift.remove"
    ROSTER_SET = "roster.set"
    SETTINGS_SET = "settings.set"
    KEEP = "keep"
    SIGN_ON = "sign-on"
    SIGN_OFF = "sign-off"


class Entity(StrEnum):
    """What an event changes: the store keeps one table of each."""

    HANDOVER = "handover"
    COLLEAGUE = "colleague"
    SERVICE = "service"
    SHIFT = "shift"
    SETTINGS = "settings"
    IMPROVEMENT = "improvement"


# What happened, as a timeline or a confirmation says it: "bob acknowledged", "H-1042 verified and closed".
PHRASES: dict[str, str] = {
    EventKind.CREATE: "handed over",
    EventKind.ACK: "acknowledged",
    EventKind.QUERY: "asked a question",
    EventKind.ANSWER: "answered the question",
    EventKind.DONE: "marked done",
    EventKind.UNABLE: "marked unable",
    EventKind.VERIFY: "verified and closed",
    EventKind.REASSIGN: "reassigned",
    EventKind.FLAG: "flagged for follow-up",
    EventKind.UNFLAG: "cleared the follow-up flag",
    EventKind.COMMENT: "commented",
    EventKind.TAKE_BACK: "took it back",
    EventKind.WITHDRAW: "withdrew it",
    EventKind.REOPEN: "reopened it",
    EventKind.UNDO: "undid their last action",
    EventKind.PURGE: "erased the customer's personal data",
    EventKind.IMPROVEMENT_ADD: "recorded an improvement note",
    EventKind.COLLEAGUE_ADD: "added a colleague",
    EventKind.COLLEAGUE_UPDATE: "changed a colleague",
    EventKind.SERVICE_ADD: "added a service",
    EventKind.SHIFT_ADD: "added a shift",
    EventKind.SHIFT_UPDATE: "changed a shift",
    EventKind.PIN_SET: "set a new PIN",
    EventKind.PIN_FAILED: "typed a wrong PIN",
    EventKind.PIN_LOCKED: "was locked out after too many wrong PINs",
    EventKind.COLLEAGUE_DEACTIVATE: "deactivated a colleague",
    EventKind.COLLEAGUE_REACTIVATE: "reactivated a colleague",
    EventKind.SHIFT_REMOVE: "removed a shift",
    EventKind.ROSTER_SET: "changed the roster for a day",
    EventKind.SETTINGS_SET: "changed a setting",
    EventKind.KEEP: "kept it over the shift change",
    EventKind.SIGN_ON: "started a shift",
    EventKind.SIGN_OFF: "signed off at the end of a shift",
}


def phrase(kind: str) -> str:
    """The words for `kind`; a kind this version does not know (a newer writer) reads as itself."""
    return PHRASES.get(kind, kind)

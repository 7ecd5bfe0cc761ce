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
    PURGE = "purge"
    TAKE_BACK = "take-back"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    UNDO = "undo"
    COLLEAGUE_ADD = "colleague.add"
    COLLEAGUE_UPDATE = "colleague.update"
    SERVICE_ADD = "service.add"
    SHIFT_ADD = "shift.add"
    SHIFT_UPDATE = "shift.update"


class Entity(StrEnum):
    """What an event changes: the store keeps one table of each."""

    HANDOVER = "handover"
    COLLEAGUE = "colleague"
    SERVICE = "service"
    SHIFT = "shift"
    SETTINGS = "settings"


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
    EventKind.PURGE: "erased the customer's personal data",
    EventKind.TAKE_BACK: "took it back",
    EventKind.WITHDRAW: "withdrew it",
    EventKind.REOPEN: "reopened it",
    EventKind.UNDO: "undid their last action",
    EventKind.COLLEAGUE_ADD: "added a colleague",
    EventKind.COLLEAGUE_UPDATE: "changed a colleague",
    EventKind.SERVICE_ADD: "added a service",
    EventKind.SHIFT_ADD: "added a shift",
    EventKind.SHIFT_UPDATE: "changed a shift",
}


def phrase(kind: str) -> str:
    """The words for `kind`; a kind this version does not know (a newer writer) reads as itself."""
    return PHRASES.get(kind, kind)

"""The use cases both front ends call: load -> domain rule -> event -> save, in one locked step.

`Desk` is the one API: `desk.acknowledge("H-1001", by="carol", read_back=...)`. Reads come from
the in-memory state (call `refresh()` to see other processes' writes); every write re-reads the
latest state under the store's lock before the rule runs. Its parts live in this package by
subject, each built on the one before: `settings`, `roster` (shifts, who is on), `team` (colleagues,
services), `identity` (who may act as whom), `handovers` (reads and every lifecycle move), `inbox`
(what needs a colleague, what they were told, escalations), `shiftchange` (keep, checklist, sign-off,
the summary at a shift's first sign-in) and `records` (review, shift notes, search, improvement
notes, purge and subject export).
"""

from shiftboard.services.events import create_event, new_event, step_event
from shiftboard.services.handovers import DEMO_FIRST_NUMBER, FIRST_NUMBER, ReceiverChoice
from shiftboard.services.identity import Caller, IdentityDesk, Proof
from shiftboard.services.inbox import InboxDesk
from shiftboard.services.records import PurgeResult, RecordsDesk


class Desk(RecordsDesk, InboxDesk, IdentityDesk):
    """The one way to read and change a store, for the board and the command line alike."""


__all__ = [
    "DEMO_FIRST_NUMBER",
    "FIRST_NUMBER",
    "Caller",
    "Desk",
    "Proof",
    "PurgeResult",
    "ReceiverChoice",
    "create_event",
    "new_event",
    "step_event",
]

"""The use cases both front ends call: load -> domain rule -> event -> save, in one locked step.

`Desk` is the one API: `desk.acknowledge("H-1001", by="carol", read_back=...)`. Reads come from
the in-memory state (call `refresh()` to see other processes' writes); every write re-reads the
latest state under the store's lock before the rule runs. Its parts live in this package by
subject: `team` (colleagues, services, shifts), `handovers` (reads and every lifecycle move) and
`inbox` (what needs a colleague, what they were told, escalations).
"""

from shiftboard.services.events import create_event, new_event, step_event
from shiftboard.services.handovers import DEMO_FIRST_NUMBER, FIRST_NUMBER, ReceiverChoice
from shiftboard.services.inbox import InboxDesk


class Desk(InboxDesk):
    """The one way to read and change a store, for the board and the command line alike."""


__all__ = [
    "DEMO_FIRST_NUMBER",
    "FIRST_NUMBER",
    "Desk",
    "ReceiverChoice",
    "create_event",
    "new_event",
    "step_event",
]

"""The open handovers this process shows, kept in step with the store.

The board never reads the store per key press: it reads this cache, which is reloaded
when `Desk.refresh()` sees another process's write, or when this process wrote (any
screen) and the store's position moved on. One's own write is patched in without a
full reload when it is the only change.
"""

from __future__ import annotations

from shiftboard.domain.models import Colleague, Handover, Settings, Status
from shiftboard.services import Desk


class LiveData:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.handovers: dict[str, Handover] = {}
        self.colleagues: dict[str, Colleague] = {}
        self.settings = Settings()
        self.seq = -1
        self.version = 0  # bumped on every change, so views know when to look again

    def reload(self) -> None:
        with self.desk.store.mutex:  # one consistent view, even while a write is applied in a worker thread
            self.handovers = {h.id: h for h in self.desk.handovers(include_closed=False)}
            self.colleagues = {c.handle: c for c in self.desk.colleagues(include_inactive=True)}
            self.settings = self.desk.settings()
            self.seq = self.desk.seen_seq()
        self.version += 1

    def poll(self) -> bool:
        """Look for other processes' writes (and this process's own); True when anything changed."""
        changed = self.desk.refresh()
        if changed or self.desk.seen_seq() != self.seq:
            self.reload()
            return True
        return False

    def absorb(self, handover: Handover) -> None:
        """Take in the result of this process's own write."""
        if self.desk.seen_seq() != self.seq + 1:
            self.reload()
            return
        if handover.status is Status.CLOSED:
            self.handovers.pop(handover.id, None)
        else:
            self.handovers[handover.id] = handover
        self.seq += 1
        self.version += 1

    def name_of(self, handle: str) -> str:
        colleague = self.colleagues.get(handle)
        return colleague.name if colleague else handle

"""What needs a colleague, what they have been told, what is escalated: the domain's rules over the
live handovers (open, and closed but not yet archived), for the board and the command line alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Handover, Status
from shiftboard.services.handovers import HandoverDesk

if TYPE_CHECKING:  # imported where used: a command that does not ask (`ack`, `list`) never loads them
    from shiftboard.domain.inbox import Escalation, Need
    from shiftboard.domain.notifications import Notification


class InboxDesk(HandoverDesk):
    """Reads that answer "what is waiting for me?"."""

    def ack_within(self) -> timedelta:
        return timedelta(minutes=self.settings().ack_within_minutes)

    def needs(self, handle: str, handovers: Iterable[Handover] | None = None) -> list[Need]:
        """Every open card that needs `handle` now, with why (SPEC §1 "Needs me")."""
        from shiftboard.domain.inbox import needs

        me = self.colleague(handle).handle
        cards = self.handovers(include_closed=False) if handovers is None else handovers
        return needs(me, cards, now=self.clock.now(), ack_within=self.ack_within())

    def supervising(self, handle: str) -> bool:
        """A supervisor on shift: they hear escalations."""
        colleague = self.colleague(handle)
        return colleague.role == "supervisor" and colleague.active and self.on_shift(colleague)

    def escalations(self, handovers: Iterable[Handover] | None = None) -> list[Escalation]:
        from shiftboard.domain.inbox import escalations

        cards = self.handovers(include_closed=False) if handovers is None else handovers
        return escalations(cards, now=self.clock.now(), ack_within=self.ack_within())

    def notifications(self, handle: str, handovers: Iterable[Handover] | None = None) -> list[Notification]:
        """Every notification `handle` has been given on the live handovers, oldest first."""
        from shiftboard.domain.notifications import notifications_for

        me = self.colleague(handle).handle
        cards = self.handovers() if handovers is None else handovers
        return notifications_for(
            me, cards, now=self.clock.now(), ack_within=self.ack_within(), supervising=self.supervising(me)
        )

    def last_undoable(self, handle: str, handovers: Iterable[Handover] | None = None) -> Handover | None:
        """The card whose latest event is `handle`'s own action, still open to undo; the most recent first."""
        me = self.colleague(handle)
        now, tz = self.clock.now(), self.clock.tz
        since = now - lifecycle.UNDO_WITHIN
        found = []
        for handover in self.handovers() if handovers is None else handovers:
            last = lifecycle.latest_event(handover)
            if last is None or last.actor != me.handle or last.at < since:
                continue
            try:
                lifecycle.may(EventKind.UNDO, handover, by=me, now=now, tz=tz)
            except Refused:
                continue
            found.append((last.at, last.seq, handover))
        return max(found, key=lambda item: (item[0], item[1]))[2] if found else None

    def recently_closed(self, handle: str) -> list[Handover]:
        """Closed cards `handle` sent or held, still in the live store and not purged (their customer is
        gone), the latest closed first (to reopen)."""
        me = self.colleague(handle).handle
        closed = [
            h for h in self.handovers(status=Status.CLOSED) if me in (h.from_, h.to, h.closed_by) and not h.purged
        ]
        return sorted(closed, key=lambda h: (h.closed_at or h.updated_at, h.number), reverse=True)

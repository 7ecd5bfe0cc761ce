"""What a card says about a handover right now: status word and symbol, late, overdue, flagged.

Meaning never rests on colour: every state has a symbol and a word, and the board adds
colour on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shiftboard.domain.duetime import relative
from shiftboard.domain.lifecycle import STATUS_WORDS, taken_back
from shiftboard.domain.models import Handover, Status
from shiftboard.domain.text import initials

SYMBOLS = {
    Status.PENDING: "○",
    Status.ACKNOWLEDGED: "●",
    Status.QUERY: "?",
    Status.DONE: "✓",
    Status.UNABLE: "✗",
    Status.CLOSED: "■",
}
TAKEN_BACK_WORD = "taken back"  # an acknowledged card in its sender's own hands
WITHDRAWN_WORD = "closed — withdrawn"
LATE_SYMBOL = "◔"
OVERDUE_MARK = "! overdue"
FLAGGED_MARK = "⚑ flagged"


@dataclass(frozen=True)
class CardStatus:
    symbol: str
    word: str
    late: bool
    overdue: bool
    flagged: bool
    escalated: bool

    @property
    def state(self) -> str:
        """The key a theme colours: the status word's first word (awaiting, acknowledged, taken, query,
        done, unable, closed), or late."""
        return self.word.split(" ")[0] if not self.late else "late"

    @property
    def label(self) -> str:
        """`○ awaiting ack · ! overdue · ⚑ flagged`: symbol, word and markers."""
        parts = [f"{self.symbol} {self.word}"]
        if self.overdue:
            parts.append(OVERDUE_MARK)
        if self.flagged:
            parts.append(FLAGGED_MARK)
        return " · ".join(parts)


def is_late(handover: Handover, now: datetime, ack_within: timedelta) -> bool:
    return handover.status is Status.PENDING and now - handover.handed_at > ack_within


def is_overdue(handover: Handover, now: datetime) -> bool:
    return handover.status is not Status.CLOSED and handover.due < now


def due_words(handover: Handover, now: datetime) -> str:
    """`in 25m`, `overdue 1h`; a closed card is due nothing any more: `closed`, never `in 1h37m`."""
    return "closed" if handover.status is Status.CLOSED else relative(handover.due, now)


def due_clause(handover: Handover, now: datetime) -> str:
    """`due in 25m`, `overdue 1h` (not `due overdue 1h`) or `closed`: the due time after a status word."""
    words = due_words(handover, now)
    return f"due {words}" if handover.status is not Status.CLOSED and not is_overdue(handover, now) else words


def card_status(handover: Handover, now: datetime, ack_within: timedelta) -> CardStatus:
    late = is_late(handover, now, ack_within)
    overdue = is_overdue(handover, now)
    waited = now - handover.handed_at
    escalated = overdue or (handover.status is Status.PENDING and waited > 2 * ack_within)
    word = STATUS_WORDS[handover.status] + (" — late" if late else "")
    if handover.status is Status.ACKNOWLEDGED and taken_back(handover):
        word = TAKEN_BACK_WORD
    elif handover.status is Status.CLOSED and handover.withdrawn_reason is not None:
        word = WITHDRAWN_WORD
    return CardStatus(
        symbol=LATE_SYMBOL if late else SYMBOLS[handover.status],
        word=word,
        late=late,
        overdue=overdue,
        flagged=handover.follow_up is not None,
        escalated=escalated,
    )


def customer_label(handover: Handover, *, privacy: bool) -> str:
    """Who the customer is on a card or a listing: initials and reference in privacy mode, the name (and
    reference) otherwise; `(erased)` once a purge took the name."""
    customer = handover.customer
    if customer.name is None:
        return f"(erased) {customer.ref}".strip()
    name = initials(customer.name) if privacy else customer.name
    return f"{name} {customer.ref}".strip()

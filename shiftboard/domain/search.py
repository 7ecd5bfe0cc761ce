"""History and search (SPEC §1): which handovers, open, closed or archived, a query finds.

Text is looked for in every text a handover holds: the registry's text fields (the customer's
name, contact and preferences included, until a purge erases them), the read-back, question,
outcome and reason, the checklist, the follow-up note and every event's note. Case is ignored
letter by letter (`fold`: "JOSÉ" finds "José"; "ß" is not "ss"). A colleague is found wherever they
took part: sender, receiver, whoever acknowledged, closed, or acted on it. Dates keep the
handovers that were open at some moment between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from shiftboard.domain.errors import Invalid
from shiftboard.domain.fields import FIELDS, FOLLOW_THROUGH, Kind
from shiftboard.domain.models import Handover
from shiftboard.domain.text import MAX_SHORT, check_text

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


@dataclass(frozen=True)
class Query:
    """What to look for; every part given must match (an empty query finds everything)."""

    text: str = ""
    customer_ref: str = ""
    colleague: str = ""
    since: datetime | None = None
    until: datetime | None = None

    @property
    def needles(self) -> list[str]:
        """The folded strings any match must contain somewhere in its stored text: a reader of raw files
        may skip what holds none of them (the most telling first)."""
        return [fold(part) for part in (self.text, self.customer_ref, self.colleague) if part.strip()]


def make_query(
    text: str = "",
    *,
    customer_ref: str = "",
    colleague: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Query:
    """A query from what a person typed; one-line text of a sensible length, a colleague's handle."""
    text = check_text("search text", text, limit=MAX_SHORT, one_line=True).strip()
    customer_ref = check_text("customer reference", customer_ref, limit=MAX_SHORT, one_line=True).strip()
    colleague = colleague.strip().lower()
    if colleague and not _HANDLE.match(colleague):
        raise Invalid("colleague", f"{colleague!r} is not a colleague's handle")
    if since is not None and until is not None and until <= since:
        raise Invalid("until", "must come after since")
    return Query(text, customer_ref, colleague, since, until)


# The two letters outside ASCII that str.lower() turns into ASCII: kept as they are, so that no ASCII
# word matches text that does not spell it in ASCII (store.scan relies on this to skip rows safely).
KEEP_CASE = ("\u0130", "\u212a")  # İ (lower: i + a combining dot), the Kelvin sign (lower: k)


def fold(text: str) -> str:
    """Text as compared: lower case, letter by letter."""
    if any(char in text for char in KEEP_CASE):
        return "".join(char if char in KEEP_CASE else char.lower() for char in text)
    return text.lower()


def texts(handover: Handover) -> Iterator[str]:
    """Every piece of text the handover holds, as stored."""
    yield handover.id
    for field in FIELDS:
        if field.kind in (Kind.LINE, Kind.TEXT):
            value = field.value(handover)
            if value:
                yield value
    for text in FOLLOW_THROUGH:
        value = getattr(handover, text.name)
        if value:
            yield value
    for item in handover.checklist:
        yield item.prompt
        if item.answer:
            yield item.answer
    if handover.follow_up is not None:
        yield handover.follow_up.note
    for event in handover.events:
        if event.note:
            yield event.note


def involved(handover: Handover) -> set[str]:
    """Every colleague who took part: sender, receivers past and present, and whoever acted on it."""
    people = {handover.from_, handover.to}
    people.update(who for who in (handover.acknowledged_by, handover.closed_by) if who)
    for event in handover.events:
        people.add(event.actor)
        if event.for_:
            people.add(event.for_)
        if "to" in event.changes:
            people.update(str(who) for who in event.changes["to"] if who)
    return people


def open_between(handover: Handover, since: datetime | None, until: datetime | None) -> bool:
    """Whether the handover was open at some moment of [since, until)."""
    if until is not None and handover.created_at >= until:
        return False
    return since is None or handover.closed_at is None or handover.closed_at >= since


def matches(handover: Handover, query: Query) -> bool:
    if not open_between(handover, query.since, query.until):
        return False
    if query.colleague and query.colleague not in involved(handover):
        return False
    if query.customer_ref and fold(query.customer_ref) not in fold(handover.customer.ref):
        return False
    if query.text:
        needle = fold(query.text)
        return any(needle in fold(text) for text in texts(handover))
    return True


def same_customer(handover: Handover, customer: str) -> bool:
    """Whether the handover is about the customer named exactly `customer` (name or contact; case and
    spacing aside): a subject export must hold that one person's records, never a namesake's by substring."""
    wanted = _normal(customer)
    return any(
        value is not None and _normal(value) == wanted for value in (handover.customer.name, handover.customer.contact)
    )


def _normal(text: str) -> str:
    return " ".join(fold(text).split())

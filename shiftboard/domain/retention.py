"""Retention (SPEC §1 "Data protection"): whose personal data a purge erases.

A handover's customer name, contact and preferences are erased once it has been closed for
longer than the retention period: closed at or before now − P (`0d`: every closed one). Its
anonymised record, its events and every count the review makes stay.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from shiftboard.domain.errors import Invalid

_DAYS = re.compile(r"^(\d{1,5})d$")


def parse_retention(text: str, *, field: str = "--older-than") -> timedelta:
    """`90d` (or `0d`) as a period; anything else is refused, naming `field`."""
    match = _DAYS.match(text.strip().lower())
    if match is None:
        raise Invalid(field, f"is not a number of days like 90d: {text.strip()!r}")
    return timedelta(days=int(match.group(1)))


def purge_cutoff(now: datetime, older_than: timedelta) -> datetime:
    return now - older_than


def erasable(*, status: str, closed_at: datetime | None, purged: bool, cutoff: datetime) -> bool:
    """Whether a handover's personal data is due for erasure: closed at or before `cutoff`, not yet erased."""
    return status == "closed" and not purged and closed_at is not None and closed_at <= cutoff

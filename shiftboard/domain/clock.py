"""Time as an argument: one clock object per process, frozen in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


class Clock:
    """Wall clock in UTC, with the zone people read times in."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz or datetime.now().astimezone().tzinfo or UTC

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, at: datetime, tz: tzinfo | None = UTC) -> None:
        super().__init__(tz)
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)

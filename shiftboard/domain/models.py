"""The records a store holds, as pydantic models.

These describe stored shape (types, enums) so that a snapshot with wrong types is refused;
what a person may type is checked by `drafts` before anything becomes a record.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    QUERY = "query"
    DONE = "done"
    UNABLE = "unable"
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class Channel(StrEnum):
    VERBAL = "verbal"
    PHONE = "phone"
    EMAIL = "email"
    CRM = "crm"
    NOTE = "note"


Role = Literal["agent", "supervisor"]
When = Literal["shift-change", "mid-shift", "both"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # a shift's days, in `date.weekday()` order


class Record(BaseModel):
    # defer_build: a model's validator is built on its first use, not at import, so a command
    # builds only the models it touches (`shiftboard ack` never needs Service or Shift).
    model_config = ConfigDict(populate_by_name=True, extra="forbid", defer_build=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class Colleague(Record):
    handle: str
    name: str
    role: Role = "agent"
    skills: list[str] = []
    unix: list[str] = []  # the Unix accounts that are this colleague (SPEC §6)
    on_shift: bool | None = None  # None: follow the roster; True/False: set by hand
    pin: str | None = None  # a salted slow hash, never the PIN itself
    pin_failures: list[datetime] = []  # wrong PINs in the last 15 minutes (SPEC §6: counted in the store)
    locked_until: datetime | None = None  # a lock-out after 5 wrong PINs
    active: bool = True
    # One-off roster changes by local date (ISO): the shift worked that day instead, or None for a day off.
    roster: dict[str, str | None] = {}
    signed_on_at: datetime | None = None  # their first sign-in of their latest shift (the arrivals summary)
    signed_off_at: datetime | None = None  # the end of their latest shift, recorded by sign-off

    @property
    def protected(self) -> bool:
        """Acting as them needs one of their Unix accounts or their PIN (SPEC §6)."""
        return bool(self.unix) or self.pin is not None


class Service(Record):
    """A service the team delivers, and its handover template."""

    name: str
    skills: list[str] = []
    prompts: list[str] = []
    require: list[str] = []
    when: When = "both"


class Shift(Record):
    """A named shift: local start and end (an end before the start crosses midnight), its days, who works it."""

    name: str
    start: str  # local "HH:MM" in the store's time zone
    end: str
    members: list[str] = []
    days: list[str] = list(WEEKDAYS)
    active: bool = True  # removed shifts stay in the store, as colleagues do, so the audit can name them


class Settings(Record):
    ack_within_minutes: int = 15
    lock_after_seconds: int = 300
    archive_after_days: int = 7
    retention_days: int = 90
    team: bool = False
    timezone: str | None = None  # an IANA zone name; None: the host's
    require_read_back: bool = True


class Improvement(Record):
    """An improvement agreed in a review (SPEC §1): what, when, and who agreed it."""

    id: str  # I-1, I-2 ...
    text: str
    agreed_by: list[str]
    at: datetime
    by: str  # who recorded it


class Customer(Record):
    name: str | None
    contact: str | None
    ref: str = ""
    preferences: str | None = ""


class ChecklistItem(Record):
    prompt: str
    answer: str = ""


class FollowUp(Record):
    note: str
    check_at: datetime | None = None
    by: str
    at: datetime


class Event(Record):
    """One step of a handover's audit trail, as the handover itself carries it."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", defer_build=True)

    seq: int
    at: datetime
    actor: str
    kind: str
    changes: dict[str, list[Any]] = {}
    note: str | None = None
    for_: str | None = Field(default=None, alias="for")
    unix: str | None = None  # the Unix account of the process that wrote it (SPEC §6 accountability)


class Handover(Record):
    id: str
    from_: str = Field(alias="from")
    to: str
    status: Status = Status.PENDING
    customer: Customer
    summary: str
    actions_taken: str
    action_required: str
    sender_keeps: str = ""
    service: str = "general"
    checklist: list[ChecklistItem] = []
    promises: str = ""
    contingency: str = ""
    due: datetime
    priority: Priority = Priority.NORMAL
    channel: Channel
    customer_informed: bool
    informed_note: str = ""
    check_at: datetime | None = None
    follow_up: FollowUp | None = None
    created_at: datetime
    updated_at: datetime
    handed_at: datetime  # when it last became pending for its receiver: lateness counts from here
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    read_back: str | None = None
    question: str | None = None
    outcome: str | None = None
    unable_reason: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    withdrawn_reason: str | None = None  # set when the sender (or a supervisor) withdrew it: closed, not done
    purged: bool = False
    events: list[Event] = []

    @property
    def number(self) -> int:
        return handover_number(self.id)


def handover_id(number: int) -> str:
    return f"H-{number}"


def handover_number(hid: str) -> int:
    """The numeric part of `H-1042`; accepts `h-1042` and `1042` as people type them, in ASCII digits only
    (`H-１００２` would read as H-1002, an id nobody wrote)."""
    text = hid.strip().upper()
    if text.startswith("H-"):
        text = text[2:]
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise ValueError(hid)
    return int(text)

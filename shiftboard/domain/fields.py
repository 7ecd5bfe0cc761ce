"""The handover's fields, declared once: what each is called where, how it is typed, what it holds.

The draft, the command line's `add`, the form, both detail views, the checklist and the
review all read this registry; a new field is a line here and its place in `models.Handover`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

from shiftboard.domain.models import Channel, Priority
from shiftboard.domain.text import MAX_FIELD, MAX_SHORT


class Kind(StrEnum):
    LINE = "line"  # one line of text: names, contact, references (SPEC §6: no line breaks)
    TEXT = "text"  # text that may run over several lines
    WHEN = "when"  # a moment as people type it: 45m, 17:30, tomorrow 09:00, ISO 8601
    CHOICE = "choice"  # one word of a fixed few
    YES_NO = "yes-no"
    RECEIVER = "receiver"  # a colleague's handle
    SERVICE = "service"  # a service's name; picks the template


@dataclass(frozen=True)
class Field:
    name: str  # the draft's attribute and the form's widget id
    path: str  # where the record keeps it, as SPEC §1 names it ("customer.name")
    label: str  # the form's and the detail views' word for it
    option: str  # the command line's option of `add`
    help: str  # what it is for: --help, and the form's placeholder
    kind: Kind = Kind.TEXT
    section: str = ""  # the form's and the detail view's heading it goes under
    required: bool = False
    requirable: bool = False  # a service's template may make it required
    personal: bool = False  # customer personal data: initials in privacy mode, erased by purge
    default: str = ""
    choices: tuple[str, ...] = ()

    @property
    def limit(self) -> int:
        return MAX_SHORT if self.kind in (Kind.LINE, Kind.RECEIVER, Kind.SERVICE) else MAX_FIELD

    @property
    def one_line(self) -> bool:
        return self.kind is not Kind.TEXT

    def value(self, record: Any) -> Any:
        """This field's value in a handover (or anything shaped like one)."""
        for part in self.path.split("."):
            record = getattr(record, part)
        return record

    def text(self, record: Any) -> str:
        """The value as a person would type it back: the draft of a handover carried on."""
        value = self.value(record)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Enum):
            return str(value.value)
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)


CUSTOMER, ACTION, TIMING = "Customer", "The action", "Timing and contact"
YES, NO = "yes", "no"

FIELDS: tuple[Field, ...] = (
    Field(
        "service", "service", "Service", "--service",
        "the service it belongs to: its template's prompts and required fields", Kind.SERVICE, default="general",
    ),
    Field("to", "to", "To", "--to", "the receiving colleague", Kind.RECEIVER, required=True),
    Field(
        "customer_name", "customer.name", "Customer name", "--customer", "the customer's name, as they give it",
        Kind.LINE, CUSTOMER, required=True, personal=True,
    ),
    Field(
        "customer_contact", "customer.contact", "Contact", "--contact", "phone or e-mail",
        Kind.LINE, CUSTOMER, required=True, personal=True,
    ),
    Field(
        "customer_ref", "customer.ref", "Reference", "--ref", "account or case number",
        Kind.LINE, CUSTOMER, requirable=True,
    ),
    Field(
        "preferences", "customer.preferences", "Preferences", "--prefs",
        "how and when the customer wants to be contacted; anything they asked us to remember",
        Kind.TEXT, CUSTOMER, requirable=True, personal=True,
    ),
    Field(
        "summary", "summary", "Summary", "--summary", "the customer's situation, so they never repeat themselves",
        Kind.TEXT, ACTION, required=True,
    ),
    Field(
        "actions_taken", "actions_taken", "Actions taken", "--taken", "what has been done so far",
        Kind.TEXT, ACTION, required=True,
    ),
    Field(
        "action_required", "action_required", "Action required", "--action", "what the receiver must do",
        Kind.TEXT, ACTION, required=True,
    ),
    Field(
        "sender_keeps", "sender_keeps", "Sender keeps", "--keeps", "what you stay accountable for yourself",
        Kind.TEXT, ACTION, requirable=True,
    ),
    Field(
        "promises", "promises", "Promises", "--promise", "what the customer was promised, by when",
        Kind.TEXT, ACTION, requirable=True,
    ),
    Field(
        "contingency", "contingency", "Contingency", "--contingency",
        "if … then …: what to do if the expected thing does not happen", Kind.TEXT, ACTION, requirable=True,
    ),
    Field(
        "due", "due", "Due", "--due", "when the action must be done: 45m, 2h, 17:30, tomorrow 09:00 or ISO 8601",
        Kind.WHEN, TIMING, required=True, default="2h",
    ),
    Field(
        "priority", "priority", "Priority", "--priority", "how urgent it is",
        Kind.CHOICE, TIMING, required=True, default=Priority.NORMAL.value, choices=tuple(p.value for p in Priority),
    ),
    Field(
        "channel", "channel", "Channel", "--channel", "how the information was passed between colleagues",
        Kind.CHOICE, TIMING, required=True, default=Channel.NOTE.value, choices=tuple(c.value for c in Channel),
    ),
    Field(
        "informed", "customer_informed", "Customer told", "--informed",
        "was the customer told of the transfer and given the new point of contact? (no default: say which)",
        Kind.YES_NO, TIMING, required=True, choices=(YES, NO),
    ),
    Field(
        "informed_note", "informed_note", "Informed note", "--informed-note",
        "what the customer was told; with 'no', why they were not (then required)",
        Kind.TEXT, TIMING, requirable=True,
    ),
    Field(
        "check_at", "check_at", "Check at", "--check", "when you want to check progress: 1h, 16:30 …",
        Kind.WHEN, TIMING, requirable=True,
    ),
)  # fmt: skip

BY_NAME = {field.name: field for field in FIELDS}
BY_PATH = {field.path: field for field in FIELDS}
REQUIRABLE = {field.path: field.name for field in FIELDS if field.requirable}
SECTIONS = (CUSTOMER, ACTION, TIMING)
# The fields a sender fills in by hand, for the review's "% of fields completed" (the answers to the
# template's prompts count too); the required choices and the due time are always there.
COMPLETABLE = tuple(
    field
    for field in FIELDS
    if field.kind in (Kind.LINE, Kind.TEXT) or (field.kind is Kind.WHEN and not field.required)
)


@dataclass(frozen=True)
class RecordText:
    """Text the lifecycle adds to a handover (not typed in the form): shown by both detail views."""

    name: str
    label: str


FOLLOW_THROUGH = (
    RecordText("read_back", "Read-back"),
    RecordText("question", "Question"),
    RecordText("outcome", "Outcome"),
    RecordText("unable_reason", "Unable because"),
    RecordText("withdrawn_reason", "Withdrawn because"),
)

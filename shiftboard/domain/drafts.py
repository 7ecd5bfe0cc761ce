"""A handover as a person types it, and the checks that turn it into a record.

Every problem is collected per field, so a form can show each message beside its field
and the command line can print the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from shiftboard.domain.duetime import parse_when
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import (
    Channel,
    ChecklistItem,
    Colleague,
    Customer,
    Handover,
    Priority,
    Service,
    handover_id,
)
from shiftboard.domain.text import MAX_SHORT, check_text

# Optional fields a service template may make required, by their SPEC names.
REQUIRABLE = {
    "promises": "promises",
    "contingency": "contingency",
    "sender_keeps": "sender_keeps",
    "customer.ref": "customer_ref",
    "customer.preferences": "preferences",
    "check_at": "check_at",
    "informed_note": "informed_note",
}
GENERAL = Service(name="general")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class DraftInvalid(Refused):
    """A draft with one or more bad fields: `errors` maps each draft field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


@dataclass
class HandoverDraft:
    """The fields of SPEC §1 as typed, all text; `answers` maps prompt number to answer."""

    to: str = ""
    customer_name: str = ""
    customer_contact: str = ""
    customer_ref: str = ""
    preferences: str = ""
    summary: str = ""
    actions_taken: str = ""
    action_required: str = ""
    sender_keeps: str = ""
    service: str = "general"
    answers: dict[int, str] = field(default_factory=dict)
    promises: str = ""
    contingency: str = ""
    due: str = "2h"
    priority: str = "normal"
    channel: str = "note"
    informed: str = "no"
    informed_note: str = ""
    check_at: str = ""

    def is_blank(self) -> bool:
        return self == HandoverDraft()


LABELS = {
    "to": "to",
    "customer_name": "customer.name",
    "customer_contact": "customer.contact",
    "customer_ref": "customer.ref",
    "preferences": "customer.preferences",
    "summary": "summary",
    "actions_taken": "actions_taken",
    "action_required": "action_required",
    "sender_keeps": "sender_keeps",
    "service": "service",
    "promises": "promises",
    "contingency": "contingency",
    "due": "due",
    "priority": "priority",
    "channel": "channel",
    "informed": "customer_informed",
    "informed_note": "informed_note",
    "check_at": "check_at",
}
REQUIRED = ("to", "customer_name", "customer_contact", "summary", "actions_taken", "action_required")
SHORT = ("to", "customer_name", "customer_contact", "customer_ref", "service")


def build_handover(
    draft: HandoverDraft,
    *,
    number: int,
    sender: Colleague,
    colleagues: dict[str, Colleague],
    services: dict[str, Service],
    now: datetime,
    tz: tzinfo,
) -> Handover:
    """The new handover record for `draft`, or DraftInvalid naming every bad field."""
    errors: dict[str, str] = {}

    def text(name: str, *, required: bool = False) -> str:
        value = getattr(draft, name)
        limit = MAX_SHORT if name in SHORT else None
        try:
            if limit:
                return check_text(LABELS[name], value, limit=limit, required=required)
            return check_text(LABELS[name], value, required=required)
        except Refused as refusal:
            errors[name] = refusal.message
            return value

    values = {name: text(name, required=name in REQUIRED) for name in LABELS}
    service_name = draft.service.strip().lower() or "general"
    service = services.get(service_name) or (GENERAL if service_name == "general" else None)
    if service is None:
        known = ", ".join(sorted(set(services) | {"general"}))
        errors.setdefault("service", f"service: unknown service {draft.service!r} (known: {known})")
        service = GENERAL
    receiver = colleagues.get(draft.to.strip().lower())
    if "to" not in errors:
        if receiver is None:
            errors["to"] = f"to: no colleague {draft.to.strip()!r}"
        elif not receiver.active:
            errors["to"] = f"to: {receiver.handle} is deactivated"
        elif receiver.handle == sender.handle:
            errors["to"] = "to: you cannot hand over to yourself"
    for spec_name in service.require:
        name = REQUIRABLE.get(spec_name)
        if name and name not in errors and not getattr(draft, name).strip():
            errors[name] = f"{LABELS[name]} is required for the {service.name} service"
    checklist = []
    for number_, prompt in enumerate(service.prompts, start=1):
        answer = draft.answers.get(number_, "")
        try:
            check_text(f"answer {number_} ({prompt})", answer, required=True)
        except Refused as refusal:
            errors[f"answer_{number_}"] = refusal.message
        checklist.append(ChecklistItem(prompt=prompt, answer=answer))
    extra = set(draft.answers) - set(range(1, len(service.prompts) + 1))
    if extra:
        errors["answers"] = f"answer {min(extra)}: the {service.name} service has {len(service.prompts)} prompts"
    due = _when(draft.due, "due", errors, now, tz, required=True)
    check_at = _when(draft.check_at, "check_at", errors, now, tz, required=False)
    priority = _choice(draft.priority, Priority, "priority", errors)
    channel = _choice(draft.channel, Channel, "channel", errors)
    informed = draft.informed.strip().lower()
    if informed not in YES | NO:
        errors["informed"] = f"customer_informed: answer yes or no, not {draft.informed!r}"
    if errors:
        raise DraftInvalid(errors)
    assert receiver is not None and due is not None and priority and channel
    return Handover(
        id=handover_id(number),
        from_=sender.handle,
        to=receiver.handle,
        customer=Customer(
            name=values["customer_name"].strip(),
            contact=values["customer_contact"].strip(),
            ref=values["customer_ref"].strip(),
            preferences=values["preferences"],
        ),
        summary=values["summary"],
        actions_taken=values["actions_taken"],
        action_required=values["action_required"],
        sender_keeps=values["sender_keeps"],
        service=service.name,
        checklist=checklist,
        promises=values["promises"],
        contingency=values["contingency"],
        due=due,
        priority=Priority(priority),
        channel=Channel(channel),
        customer_informed=informed in YES,
        informed_note=values["informed_note"],
        check_at=check_at,
        created_at=now,
        updated_at=now,
        handed_at=now,
    )


def _when(raw: str, name: str, errors: dict[str, str], now: datetime, tz: tzinfo, *, required: bool) -> datetime | None:
    if name in errors:
        return None
    if not raw.strip():
        if required:
            errors[name] = f"{name} is required"
        return None
    try:
        return parse_when(raw, now=now, tz=tz, field=name)
    except Refused as refusal:
        errors[name] = refusal.message
        return None


def _choice(raw: str, kind: type[Priority] | type[Channel], name: str, errors: dict[str, str]) -> str | None:
    value = raw.strip().lower()
    allowed = [member.value for member in kind]
    if value not in allowed:
        errors[name] = f"{name}: {raw!r} is not one of {', '.join(allowed)}"
        return None
    return value

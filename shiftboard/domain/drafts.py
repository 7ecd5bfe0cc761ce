"""A handover as a person types it, and the checks that turn it into a record.

Every problem is collected per field (`DraftInvalid.errors`: field name -> problem), so a form
can show each beside its field and the command line can name the option to retype.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from shiftboard.domain.duetime import parse_when
from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.fields import BY_NAME, FIELDS, NO, REQUIRABLE, YES, Field, Kind
from shiftboard.domain.models import ChecklistItem, Colleague, Handover, Service, handover_id
from shiftboard.domain.text import check_text

GENERAL = Service.model_construct(name="general")  # constructed, not validated: no validator built at import
YES_WORDS = {YES, "y", "true", "1"}
NO_WORDS = {NO, "n", "false", "0"}
ANSWERS = "answers"  # the key of a problem with the template's answers as a whole
# A customer not told of the transfer is a gap the receiver must know the reason for (PPL2GEN11).
NOT_TOLD_NEEDS_A_NOTE = "is required when the customer was not told: say why"


class DraftInvalid(Refused):
    """A draft with one or more bad fields: `errors` maps each field's name (or `answer_N`) to its problem,
    which reads after the field's name ("is required")."""

    def __init__(self, errors: dict[str, str]) -> None:
        name, problem = next(iter(errors.items()))
        super().__init__(f"{subject(name)} {problem}")
        self.errors = errors


def subject(name: str) -> str:
    """How the domain names a draft field in a sentence: its SPEC path, or `answer 2`."""
    if name.startswith("answer_"):
        return f"answer {name.removeprefix('answer_')}"
    field = BY_NAME.get(name)
    return field.path if field else name


class HandoverDraft:
    """The fields of `FIELDS` as typed, all text (`draft.summary`), plus `answers`: prompt number -> answer."""

    __slots__ = (*(field.name for field in FIELDS), "answers")

    def __init__(self, *, answers: dict[int, str] | None = None, **typed: str) -> None:
        unknown = set(typed) - BY_NAME.keys()
        if unknown:
            raise TypeError(f"HandoverDraft has no field {sorted(unknown)[0]!r}")
        for field in FIELDS:
            setattr(self, field.name, typed.get(field.name, field.default))
        self.answers: dict[int, str] = dict(answers or {})

    def __getattr__(self, name: str) -> str:  # every field is set in __init__; this types them for checkers
        raise AttributeError(name)

    def values(self) -> dict[str, str]:
        return {field.name: getattr(self, field.name) for field in FIELDS}

    def replace(self, **changes: Any) -> HandoverDraft:
        return HandoverDraft(**{"answers": self.answers, **self.values(), **changes})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HandoverDraft):
            return NotImplemented
        return self.values() == other.values() and self.answers == other.answers

    def __repr__(self) -> str:
        typed = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        return f"HandoverDraft({typed}, answers={self.answers!r})"

    def is_blank(self) -> bool:
        return self == HandoverDraft()


def draft_of(handover: Handover) -> HandoverDraft:
    """A draft holding what `handover` says, as a person would type it back (its receiver left to choose)."""
    values = {field.name: field.text(handover) for field in FIELDS if field.kind is not Kind.RECEIVER}
    answers = {number: item.answer for number, item in enumerate(handover.checklist, start=1) if item.answer}
    return HandoverDraft(answers=answers, **values)


def required_fields(service: Service) -> set[str]:
    """The draft fields `service`'s template requires, beside those every handover requires."""
    return {field.name for field in FIELDS if field.required} | {
        REQUIRABLE[path] for path in service.require if path in REQUIRABLE
    }


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
    service = _service(draft.service, services, errors)
    required = required_fields(service)
    record: dict[str, Any] = {}
    for field in FIELDS:
        raw = getattr(draft, field.name)
        if field.name in required and not field.required and not raw.strip():
            errors[field.name] = f"is required for the {service.name} service"
            continue
        try:
            value = _value(field, raw, required=field.name in required, now=now, tz=tz)
        except Invalid as invalid:
            errors.setdefault(field.name, invalid.problem)
            continue
        _place(record, field.path, value)
    record["service"] = service.name
    if record.get("customer_informed") is False and not str(record.get("informed_note", "")).strip():
        errors.setdefault("informed_note", NOT_TOLD_NEEDS_A_NOTE)
    receiver = colleagues.get(draft.to.strip().lower())
    if "to" not in errors:
        if receiver is None:
            errors["to"] = f"is not a colleague: {draft.to.strip()!r}"
        elif not receiver.active:
            errors["to"] = f"is not active: {receiver.handle} is deactivated"
        elif receiver.handle == sender.handle:
            errors["to"] = "is yourself: you cannot hand over to yourself"
        else:
            record["to"] = receiver.handle
    checklist = []
    for number_, prompt in enumerate(service.prompts, start=1):
        answer = draft.answers.get(number_, "")
        try:
            check_text(f"answer {number_} ({prompt})", answer, required=True)
        except Invalid as invalid:
            errors[f"answer_{number_}"] = invalid.problem
        checklist.append(ChecklistItem(prompt=prompt, answer=answer))
    extra = set(draft.answers) - set(range(1, len(service.prompts) + 1))
    if extra:
        errors[ANSWERS] = f"{min(extra)} has no prompt: the {service.name} service has {len(service.prompts)}"
    if errors:
        raise DraftInvalid(errors)
    return Handover.model_validate(
        {
            **record,
            "id": handover_id(number),
            "from": sender.handle,
            "checklist": checklist,
            "created_at": now,
            "updated_at": now,
            "handed_at": now,
        }
    )


def _service(typed: str, services: dict[str, Service], errors: dict[str, str]) -> Service:
    name = typed.strip().lower() or "general"
    found = services.get(name) or (GENERAL if name == "general" else None)
    if found is None:
        known = ", ".join(sorted(set(services) | {"general"}))
        errors["service"] = f"is not a service: {typed!r} (known: {known})"
        return GENERAL
    return found


def _value(field: Field, raw: str, *, required: bool, now: datetime, tz: tzinfo) -> Any:
    """The stored value of one typed field; `Invalid` (subject: the field's path) when it is wrong."""
    if field.kind is Kind.WHEN:
        if not raw.strip():
            if required:
                raise Invalid(field.path, "is required")
            return None
        return parse_when(raw, now=now, tz=tz, field=field.path)
    if field.kind is Kind.CHOICE:
        value = raw.strip().lower()
        if value not in field.choices:
            raise Invalid(field.path, f"must be one of {', '.join(field.choices)}, not {raw!r}")
        return value
    if field.kind is Kind.YES_NO:
        value = raw.strip().lower()
        if not value:
            raise Invalid(field.path, "is required: yes or no")
        if value not in YES_WORDS | NO_WORDS:
            raise Invalid(field.path, f"must be yes or no, not {raw!r}")
        return value in YES_WORDS
    text = check_text(field.path, raw, limit=field.limit, required=required, one_line=field.one_line)
    return text.strip() if field.one_line else text


def _place(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        record = record.setdefault(parent, {})
    record[name] = value

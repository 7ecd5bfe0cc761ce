"""What a person types becomes a handover only when every field passes; each problem is named by its field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shiftboard.domain.drafts import DraftInvalid, HandoverDraft, build_handover, subject
from shiftboard.domain.fields import BY_NAME, REQUIRABLE
from shiftboard.domain.models import Channel, Colleague, Priority, Service

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
TEAM = {
    "alice": Colleague(handle="alice", name="Alice Archer"),
    "bob": Colleague(handle="bob", name="Bob Baker", skills=["refunds"]),
    "dave": Colleague(handle="dave", name="Dave Dunn", active=False),
}
COMPLAINT = Service(
    name="complaint", prompts=["Apologised?", "Who took ownership?"], require=["promises", "contingency"]
)


def build(draft: HandoverDraft, **services: Service) -> Any:
    return build_handover(draft, number=1042, sender=TEAM["alice"], colleagues=TEAM, services=services, now=NOW, tz=UTC)


def errors_of(draft: HandoverDraft, **services: Service) -> dict[str, str]:
    with pytest.raises(DraftInvalid) as raised:
        build(draft, **services)
    name, problem = next(iter(raised.value.errors.items()))
    assert raised.value.message == f"{subject(name)} {problem}"  # the domain's sentence names the first
    return raised.value.errors


def test_a_complete_draft_becomes_a_pending_handover(make_draft: Callable[..., HandoverDraft]) -> None:
    h = build(make_draft(due="45m", priority="HIGH", channel="phone", informed="yes", informed_note="told her Bob"))
    assert (h.id, h.from_, h.to, h.status.value, h.service) == ("H-1042", "alice", "bob", "pending", "general")
    assert (h.priority, h.channel, h.customer_informed) == (Priority.HIGH, Channel.PHONE, True)
    assert h.due == NOW + timedelta(minutes=45)
    assert h.created_at == h.updated_at == h.handed_at == NOW
    assert h.customer.name == "Ms J. Patel" and h.checklist == [] and h.events == []


def test_defaults_are_normal_priority_by_note_due_in_two_hours(make_draft: Callable[..., HandoverDraft]) -> None:
    h = build(make_draft())
    assert (h.priority, h.channel, h.due) == (Priority.NORMAL, Channel.NOTE, NOW + timedelta(hours=2))


def test_customer_told_has_no_default_it_must_be_chosen(make_draft: Callable[..., HandoverDraft]) -> None:
    assert HandoverDraft().informed == ""
    assert errors_of(make_draft(informed="")) == {"informed": "is required: yes or no"}
    assert errors_of(make_draft(informed="  ")) == {"informed": "is required: yes or no"}


def test_customer_not_told_needs_a_note_saying_why(make_draft: Callable[..., HandoverDraft]) -> None:
    assert errors_of(make_draft(informed="no")) == {
        "informed_note": "is required when the customer was not told: say why"
    }
    assert errors_of(make_draft(informed="no", informed_note="  ")) == {
        "informed_note": "is required when the customer was not told: say why"
    }
    h = build(make_draft(informed="no", informed_note="Voicemail only; told on the callback"))
    assert (h.customer_informed, h.informed_note) == (False, "Voicemail only; told on the callback")
    assert build(make_draft(informed="yes")).informed_note == ""  # told: the note stays optional


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("to", "to"),
        ("customer_name", "customer.name"),
        ("customer_contact", "customer.contact"),
        ("summary", "summary"),
        ("actions_taken", "actions_taken"),
        ("action_required", "action_required"),
        ("due", "due"),
    ],
)
def test_every_required_field_missing_is_named(
    make_draft: Callable[..., HandoverDraft], field: str, label: str
) -> None:
    errors = errors_of(make_draft(**{field: "  "}))
    assert errors == {field: "is required"}
    assert subject(field) == label


def test_all_problems_are_collected_at_once() -> None:
    errors = errors_of(HandoverDraft(priority="extreme"))
    required = {"to", "customer_name", "customer_contact", "summary", "actions_taken", "action_required", "informed"}
    assert set(errors) == required | {"priority"}


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("zed", "is not a colleague: 'zed'"),
        ("dave", "is not active: dave is deactivated"),
        ("alice", "is yourself: you cannot hand over to yourself"),
        (" ALICE ", "is yourself: you cannot hand over to yourself"),
    ],
)
def test_the_receiver_must_be_another_active_colleague(
    make_draft: Callable[..., HandoverDraft], to: str, message: str
) -> None:
    assert errors_of(make_draft(to=to)) == {"to": message}


def test_the_receiver_handle_is_read_case_insensitively(make_draft: Callable[..., HandoverDraft]) -> None:
    assert build(make_draft(to=" Bob ")).to == "bob"


def test_unknown_service_lists_the_known_ones(make_draft: Callable[..., HandoverDraft]) -> None:
    errors = errors_of(make_draft(service="plumbing"), complaint=COMPLAINT)
    assert errors == {"service": "is not a service: 'plumbing' (known: complaint, general)"}


def test_a_service_template_requires_each_prompt_answer_and_its_fields(
    make_draft: Callable[..., HandoverDraft],
) -> None:
    errors = errors_of(make_draft(service="Complaint", answers={1: "Yes, twice"}), complaint=COMPLAINT)
    assert errors == {
        "promises": "is required for the complaint service",
        "contingency": "is required for the complaint service",
        "answer_2": "is required",
    }


def test_a_service_template_filled_in_becomes_the_checklist(make_draft: Callable[..., HandoverDraft]) -> None:
    draft = make_draft(
        service="complaint",
        answers={1: "Yes, twice", 2: "Bob"},
        promises="Call back by 5pm",
        contingency="If the bank has no trace, escalate to Sam",
    )
    h = build(draft, complaint=COMPLAINT)
    assert h.service == "complaint"
    assert [(item.prompt, item.answer) for item in h.checklist] == [
        ("Apologised?", "Yes, twice"),
        ("Who took ownership?", "Bob"),
    ]


def test_answers_beyond_the_templates_prompts_are_refused(make_draft: Callable[..., HandoverDraft]) -> None:
    errors = errors_of(make_draft(answers={3: "extra"}))
    assert errors == {"answers": "3 has no prompt: the general service has 0"}


@pytest.mark.parametrize("spec_name", list(REQUIRABLE))
def test_every_requirable_field_can_be_required(make_draft: Callable[..., HandoverDraft], spec_name: str) -> None:
    strict = Service(name="strict", require=[spec_name])
    field = REQUIRABLE[spec_name]
    assert BY_NAME[field].path == spec_name
    assert errors_of(make_draft(service="strict"), strict=strict) == {field: "is required for the strict service"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("priority", "extreme", "must be one of low, normal, high, urgent, not 'extreme'"),
        ("channel", "pigeon", "must be one of verbal, phone, email, crm, note, not 'pigeon'"),
        ("informed", "maybe", "must be yes or no, not 'maybe'"),
    ],
)
def test_fixed_choices_are_refused_with_the_choices(
    make_draft: Callable[..., HandoverDraft], field: str, value: str, message: str
) -> None:
    assert errors_of(make_draft(**{field: value})) == {field: message}


@pytest.mark.parametrize(("typed", "told"), [("Y", True), ("yes", True), ("no", False), (" N ", False)])
def test_informed_reads_yes_and_no(make_draft: Callable[..., HandoverDraft], typed: str, told: bool) -> None:
    assert build(make_draft(informed=typed, informed_note="Left a voicemail")).customer_informed is told


def test_a_due_time_that_does_not_parse_lists_the_formats(make_draft: Callable[..., HandoverDraft]) -> None:
    errors = errors_of(make_draft(due="soonish"))
    assert set(errors) == {"due"}
    assert errors["due"].startswith("cannot be read: 'soonish'; use 45m, 2h")


def test_check_at_is_optional_and_parsed(make_draft: Callable[..., HandoverDraft]) -> None:
    assert build(make_draft()).check_at is None
    assert build(make_draft(check_at="30m")).check_at == NOW + timedelta(minutes=30)
    assert set(errors_of(make_draft(check_at="later"))) == {"check_at"}


def test_text_up_to_2000_characters_is_kept_and_longer_is_refused(make_draft: Callable[..., HandoverDraft]) -> None:
    assert build(make_draft(summary="x" * 2000)).summary == "x" * 2000
    assert errors_of(make_draft(summary="x" * 2001)) == {"summary": "is too long: 2,001 characters, at most 2,000"}


def test_short_fields_have_a_shorter_limit(make_draft: Callable[..., HandoverDraft]) -> None:
    assert errors_of(make_draft(customer_name="n" * 201)) == {
        "customer_name": "is too long: 201 characters, at most 200"
    }


@pytest.mark.parametrize(("char", "shown"), [("\x1b", "ESC"), ("\x00", "U+0000"), ("\x9b", "U+009B"), ("\r", "U+000D")])
@pytest.mark.parametrize("field", ["summary", "preferences", "promises", "informed_note"])
def test_control_characters_are_refused_naming_the_field(
    make_draft: Callable[..., HandoverDraft], field: str, char: str, shown: str
) -> None:
    errors = errors_of(make_draft(**{field: f"before{char}after"}))
    assert errors == {field: f"holds a control character ({shown}); only plain text, tabs and newlines are allowed"}


@pytest.mark.parametrize("char", ["\n", "\r", "\u2028", "\x85"])
@pytest.mark.parametrize("field", ["customer_name", "customer_contact", "customer_ref"])
def test_single_line_fields_refuse_line_breaks(make_draft: Callable[..., HandoverDraft], field: str, char: str) -> None:
    """SPEC §6: a contact holding a line break could print a line that passes for another field."""
    assert errors_of(make_draft(**{field: f"c{char}H-9999  ■ closed  fake"})) == {
        field: "must be one line: it holds a line break"
    }


def test_a_control_character_in_a_prompt_answer_is_refused_naming_the_answer(
    make_draft: Callable[..., HandoverDraft],
) -> None:
    draft = make_draft(service="complaint", answers={1: "yes\x1b[31m", 2: "Bob"}, promises="p", contingency="c")
    errors = errors_of(draft, complaint=COMPLAINT)
    assert list(errors) == ["answer_1"] and errors["answer_1"].startswith("holds a control character (ESC)")


HOSTILE = [
    "[bold]not bold[/]",
    "[/]",
    "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]",
    "مرحبا \u200fRTL mark and \u202eoverride",
    "zero\u200bwidth and joiner 👩\u200d👩\u200d👧",
    "emoji 🙂🚀 and tabs\tand\nnewlines\n",
    "  leading and trailing spaces  ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_rtl_zero_width_and_emoji_are_stored_exactly(
    make_draft: Callable[..., HandoverDraft], text: str
) -> None:
    h = build(make_draft(summary=text, action_required=text, preferences=text, promises=text))
    assert (h.summary, h.action_required, h.customer.preferences, h.promises) == (text, text, text, text)


def test_a_blank_draft_knows_it_is_blank(make_draft: Callable[..., HandoverDraft]) -> None:
    assert HandoverDraft().is_blank()
    assert not make_draft().is_blank()

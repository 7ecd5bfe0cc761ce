"""The demo generator: a team, every state on the board, an archived past, all through the real rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shiftboard.demo import build_demo
from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Status
from shiftboard.domain.status import card_status
from shiftboard.services import Desk
from shiftboard.store.verify import verify_store

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
ACK_WITHIN = timedelta(minutes=15)


def _build(root: Path, **options: int) -> Desk:
    build_demo(root, clock=FrozenClock(NOW, tz=UTC), **options)
    return Desk.open(root, clock=FrozenClock(NOW, tz=UTC))


def test_a_small_team_with_templates_and_a_roster(tmp_path: Path) -> None:
    desk = _build(tmp_path / "demo")
    colleagues = desk.colleagues()
    assert len(colleagues) == 8 and "carol" not in {c.handle for c in colleagues}  # the README adds carol
    assert sorted(c.handle for c in colleagues if c.role == "supervisor") == ["sam", "tess"]
    assert all(c.skills and c.pin is None for c in colleagues)
    services = {s.name: s for s in desk.services()}
    assert set(services) == {"general", "refunds", "complaint", "technical fault", "bookings"}
    assert services["refunds"].skills == ["billing", "refunds"] and services["refunds"].prompts == [
        "Refund ticket number?"
    ]
    assert services["complaint"].prompts == ["Apologised?", "Who took ownership?"]
    assert services["complaint"].require == ["contingency"]
    shifts = {s.name: (s.start, s.end) for s in desk.shifts()}
    assert shifts == {"Early": ("07:00", "15:00"), "Late": ("15:00", "23:00"), "Night": ("23:00", "07:00")}
    assert desk.current_shift_names() == ["Early"]
    assert {s.name: s.members for s in desk.shifts()} == {
        "Early": ["alice", "bob", "grace", "sam"],
        "Late": ["dave", "erin", "tess"],
        "Night": ["frank"],
    }
    assert desk.settings().lock_after_seconds == 600
    in_two_days = desk.day_roster("2026-11-26")
    assert (in_two_days.off, in_two_days.swapped) == (["grace"], {"erin": "Early"})


def test_the_demo_team_is_built_with_the_commands_a_supervisor_types(tmp_path: Path) -> None:
    """No back door: every set-up event is one a `settings set`, `shift add`, `colleague add`, `service add`
    or `roster set` writes."""
    desk = _build(tmp_path / "demo", open_count=0)
    lines = (tmp_path / "demo" / "log").glob("*.jsonl")
    kinds = [json.loads(line)["kind"] for path in lines for line in path.read_text().splitlines()]
    assert set(kinds) == {"settings.set", "shift.add", "shift.update", "colleague.add", "service.add", "roster.set"}
    assert desk.colleague("grace").roster == {"2026-11-26": None}
    assert verify_store(tmp_path / "demo").ok


def test_every_state_is_on_the_board_and_some_closed_this_week(tmp_path: Path) -> None:
    desk = _build(tmp_path / "demo", open_count=30)
    handovers = desk.handovers()
    open_ones = [h for h in handovers if h.status is not Status.CLOSED]
    closed = [h for h in handovers if h.status is Status.CLOSED]
    assert len(open_ones) == 30 and len(closed) == 5
    cards = [card_status(h, NOW, ACK_WITHIN) for h in open_ones]
    words = {card.word for card in cards}
    assert {"awaiting ack", "acknowledged", "query", "unable"} <= words
    assert any(word.startswith("done") for word in words) and any(card.late for card in cards)
    assert any(card.overdue for card in cards) and any(card.flagged for card in cards)
    assert all(h.created_at <= NOW and h.updated_at <= NOW for h in handovers)
    assert all(NOW - h.closed_at < timedelta(days=7) for h in closed if h.closed_at)
    kinds = {event.kind for h in handovers for event in h.events}
    assert {"create", "ack", "query", "answer", "done", "unable", "reassign", "flag", "verify"} <= kinds
    assert len({h.customer.name for h in handovers}) > 20  # varied, realistic text
    assert all(h.checklist and all(item.answer for item in h.checklist) for h in handovers if h.service != "general")


def test_the_archived_past_is_in_the_archive_and_verifies(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    desk = _build(root, open_count=10, archived=400)
    archived = list(desk.archived_handovers())
    live = desk.handovers()
    assert len(archived) == 400 and len(live) == 12
    assert len(list((root / "archive").glob("*.json"))) >= 2  # the history spans months, one file each
    assert all(h.status is Status.CLOSED and h.closed_at and NOW - h.closed_at > timedelta(days=7) for h in archived)
    numbers = sorted(h.number for h in archived + live)
    assert numbers == list(range(1, 1 + 412))  # demo ids from H-1, never reused after archiving
    assert max(h.number for h in archived) < min(h.number for h in live)
    report = verify_store(root)
    assert report.ok, report.problems
    assert report.archived == 400
    stamps = [json.loads(line)["at"] for path in sorted((root / "log").glob("*.jsonl")) for line in path.open()]
    assert stamps == sorted(stamps)  # the log reads in time order, lives interleaved as they happened
    draft = HandoverDraft(
        to="bob",
        customer_name="Ms Patel",
        customer_contact="07700 900018",
        summary="s",
        actions_taken="a",
        action_required="r",
        informed="yes",
    )
    made = desk.hand_over(draft, by="alice")
    assert made.number == 1001  # the team's own handovers start at H-1001, after the demo's H-1 ... H-412


def test_the_same_seed_builds_the_same_board(tmp_path: Path) -> None:
    first = _build(tmp_path / "one", open_count=12, archived=30, seed=7)
    second = _build(tmp_path / "two", open_count=12, archived=30, seed=7)
    other = _build(tmp_path / "three", open_count=12, archived=30, seed=8)

    def board(desk: Desk) -> list[dict[str, object]]:
        return [h.to_json() for h in [*desk.archived_handovers(), *desk.handovers()]]

    assert board(first) == board(second)
    assert board(first) != board(other)


def test_progress_is_told_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build_demo(
        tmp_path / "demo",
        open_count=6,
        archived=25,
        clock=FrozenClock(NOW, tz=UTC),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(range(1, len(seen) + 1))


def test_a_demo_never_goes_into_a_used_directory(tmp_path: Path) -> None:
    used = tmp_path / "used"
    _build(used, open_count=2)
    with pytest.raises(Refused, match="already holds a board"):
        build_demo(used)
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "notes.txt").write_text("mine")
    with pytest.raises(Refused, match="is not empty"):
        build_demo(papers)
    assert [p.name for p in papers.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    build_demo(empty, open_count=1, clock=FrozenClock(NOW, tz=UTC))

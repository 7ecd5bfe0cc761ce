"""The board's fixtures: a deterministic store built through Desk, a frozen clock, an app factory.

The team: alice and bob (agents) and sam (supervisor) are on the Early shift; carol is off.
Cards (made at fixed times, so every run draws the same board):
  H-1001 alice → bob    pending, urgent, due in 45m
  H-1002 bob → alice    acknowledged, with a read-back
  H-1003 carol → alice  pending for 20 minutes: awaiting ack — late
  H-1004 alice → carol  done — verify
  H-1005 bob → carol    query
  H-1006 alice → bob    acknowledged, flagged for follow-up, overdue
  H-1007 alice → bob    closed (not on the board)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from teams import STANDARD, Member, ShiftPlan, Team, team_desk

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft, build_handover
from shiftboard.services import Desk, create_event
from shiftboard.services import events as service_events
from shiftboard.tui.app import ShiftboardApp

BOARD_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # Tuesday, during the Early shift (07:00–15:00 UTC)
NARROW = (80, 24)
WIDE = (160, 50)
MARKUP = "[bold]Ms J. Patel[/] [link=http://x]link[/link] [@click=app.quit]quit[/]"


def handover_draft(**fields: Any) -> HandoverDraft:
    values: dict[str, Any] = {
        "to": "bob",
        "customer_name": "Ms Jaya Patel",
        "customer_contact": "+44 20 7946 0018",
        "customer_ref": "ACC-5521",
        "summary": "Refund for order 5521 not received after 10 days",
        "actions_taken": "Checked the ledger: refund issued on the 12th",
        "action_required": "Call her back with the bank's trace number",
        "channel": "phone",
        "informed": "yes",
    }
    return HandoverDraft(**(values | fields))


BOARD_TEAM = Team(
    (*STANDARD.members[:3], Member("sam", "Sam Stone", "supervisor", ("billing",))),
    shifts=(ShiftPlan("Early", "07:00", "15:00", ("alice", "bob", "sam")),),
)


def build_team(root: Path, clock: FrozenClock) -> Desk:
    return team_desk(root, clock, BOARD_TEAM)


@pytest.fixture(autouse=True)
def writing_account(monkeypatch: pytest.MonkeyPatch) -> str:
    """The Unix account events record, fixed so snapshots read the same on every machine (CI runs as root)."""
    monkeypatch.setattr(service_events, "unix_account", lambda: "frontdesk1")
    return "frontdesk1"


@pytest.fixture
def board_clock() -> FrozenClock:
    return FrozenClock(BOARD_NOW, tz=UTC)


def _make_board(desk: Desk, clock: FrozenClock) -> None:
    def at(hour: int, minute: int = 0) -> None:
        clock.at = BOARD_NOW.replace(hour=hour, minute=minute)

    at(9, 15)
    desk.hand_over(handover_draft(to="bob", due="10:45", priority="urgent"), by="alice")  # H-1001
    at(8, 0)
    desk.hand_over(
        handover_draft(
            to="alice",
            customer_name="Tom Okafor",
            customer_ref="CASE-88",
            summary="Broadband drops every evening",
            action_required="Book an engineer visit for Thursday",
            due="16:00",
            priority="high",
        ),
        by="bob",
    )  # H-1002
    at(8, 5)
    desk.acknowledge("H-1002", by="alice", read_back="Book the Thursday engineer slot")
    at(9, 40)
    desk.hand_over(
        handover_draft(
            to="alice", customer_name="Li Wei", customer_ref="", action_required="Confirm the address change"
        ),
        by="carol",
    )  # H-1003, late by 10:00
    at(7, 30)
    desk.hand_over(
        handover_draft(to="carol", customer_name="Ana Silva", action_required="Reset the router remotely", due="12:00"),
        by="alice",
    )  # H-1004
    at(7, 45)
    desk.acknowledge("H-1004", by="carol", read_back="On it")
    at(8, 30)
    desk.done("H-1004", by="carol", outcome="Router reset; line stable")
    at(8, 40)
    desk.hand_over(
        handover_draft(to="carol", customer_name="Ben Hall", action_required="Explain the new tariff", priority="low"),
        by="bob",
    )  # H-1005
    at(8, 50)
    desk.query("H-1005", by="carol", question="Which tariff did he choose?")
    at(7, 0)
    desk.hand_over(
        handover_draft(to="bob", customer_name="Eve Moss", action_required="Chase the courier", due="09:30"),
        by="alice",
    )  # H-1006, overdue by 10:00
    at(7, 10)
    desk.acknowledge("H-1006", by="bob", read_back="On it")
    desk.flag("H-1006", by="alice", note="Has the parcel moved?", check="09:00")
    at(7, 20)
    desk.hand_over(handover_draft(to="bob", customer_name="Zed Ray", action_required="Send the form"), by="alice")
    desk.acknowledge("H-1007", by="bob", read_back="On it")
    desk.done("H-1007", by="bob", outcome="Sent")
    desk.verify_close("H-1007", by="alice")  # H-1007 closed
    clock.at = BOARD_NOW
    for handle in ("alice", "bob", "carol", "sam"):
        desk.sign_on(by=handle)  # each has begun their shift: no summary of arrivals covers the board


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def board_desk(store_path: Path, board_clock: FrozenClock) -> Desk:
    desk = build_team(store_path, board_clock)
    _make_board(desk, board_clock)
    return desk


def add_hostile_card(desk: Desk) -> str:
    """A card whose text holds markup, plus an ESC sequence written as a hand-edited store would hold it."""
    handover = desk.hand_over(
        handover_draft(to="alice", customer_name=MARKUP, customer_ref="[/]", action_required=f"Read {MARKUP}"),
        by="bob",
    )
    with desk.store.transaction() as txn:
        number = txn.state.next_handover_number(1001)
        sender = desk.colleague("bob")
        record = build_handover(
            handover_draft(to="alice", customer_name="Raw Escape"),
            number=number,
            sender=sender,
            colleagues={c.handle: c for c in desk.colleagues()},
            services={s.name: s for s in desk.services()},
            now=desk.clock.now(),
            tz=desk.clock.tz,
        )
        raw = record.model_copy(
            update={"action_required": "Shout \x1b[31mRED\x1b[0m \x07 now", "summary": "\x1b]0;pwned\x07"}
        )
        txn.append(create_event(raw, by="bob", at=desk.clock.now()))
    return handover.id


@pytest.fixture
def make_app(board_desk: Desk) -> Callable[..., ShiftboardApp]:
    def make(user: str | None = "alice", **options: Any) -> ShiftboardApp:
        return ShiftboardApp(board_desk, user, bell=False, **options)

    return make

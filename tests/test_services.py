"""The Desk: the one API both front ends call — ids, events, refusals, receivers, team set-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import DraftInvalid, HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Status
from shiftboard.services import Desk

Draft = Callable[..., HandoverDraft]


def seq(desk: Desk) -> int:
    return desk.store.position.seq


def test_handover_ids_are_sequential_from_h_1001(desk: Desk, make_draft: Draft) -> None:
    ids = [desk.hand_over(make_draft(), by="alice").id for _ in range(3)]
    assert ids == ["H-1001", "H-1002", "H-1003"]
    assert [h.id for h in desk.handovers()] == ids


@pytest.mark.parametrize("typed", ["H-1001", "h-1001", "1001", " H-1001 "])
def test_a_handover_is_found_by_its_id_as_people_type_it(desk: Desk, make_draft: Draft, typed: str) -> None:
    desk.hand_over(make_draft(), by="alice")
    assert desk.handover(typed).id == "H-1001"
    assert desk.acknowledge(typed, by="bob", read_back="On it").status is Status.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("H-9999", "no handover 'H-9999'"),
        ("HX-1", "'HX-1' is not a handover id (like H-1042)"),
        ("", "'' is not a handover id (like H-1042)"),
    ],
)
def test_unknown_or_malformed_ids_are_refused(desk: Desk, typed: str, message: str) -> None:
    with pytest.raises(Refused) as raised:
        desk.handover(typed)
    assert raised.value.message == message
    with pytest.raises(Refused):
        desk.acknowledge(typed, by="bob", read_back="On it")


def test_the_new_handover_is_what_the_sender_typed(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    h = desk.hand_over(make_draft(to="Bob", summary="[bold]x[/] 🙂", due="45m", informed="yes"), by="Alice")
    assert (h.from_, h.to, h.summary, h.customer_informed) == ("alice", "bob", "[bold]x[/] 🙂", True)
    assert h.due == clock.now() + timedelta(minutes=45)
    assert desk.handover(h.id) == h  # what the store holds is what was returned


def test_every_change_is_an_event_on_its_own_handover(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    first = desk.hand_over(make_draft(), by="alice").id
    other = desk.hand_over(make_draft(to="carol"), by="alice").id
    clock.advance(minutes=2)
    desk.acknowledge(first, by="bob", read_back="Call her with the trace")
    clock.advance(minutes=8)
    desk.done(first, by="bob", outcome="Trace number given")
    clock.advance(minutes=5)
    desk.comment(other, by="sam", note="Who has this?")
    closed = desk.verify_close(first, by="alice")
    events = closed.events
    assert [(e.kind, e.actor) for e in events] == [
        ("create", "alice"),
        ("ack", "bob"),
        ("done", "bob"),
        ("verify", "alice"),
    ]
    assert [e.at for e in events] == [
        datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 14, 2, tzinfo=UTC),
        datetime(2026, 11, 24, 14, 10, tzinfo=UTC),
        datetime(2026, 11, 24, 14, 15, tzinfo=UTC),
    ]
    assert all(e.at.utcoffset() == timedelta(0) for e in events)
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert events[1].changes["status"] == ["pending", "acknowledged"]
    assert events[1].changes["read_back"] == [None, "Call her with the trace"]
    assert events[2].changes["outcome"] == [None, "Trace number given"]
    assert events[3].changes["status"] == ["done", "closed"]
    assert events[3].changes["closed_by"] == [None, "alice"]
    for event in events[1:]:
        assert all(old != new for old, new in event.changes.values())
    assert [(e.kind, e.actor, e.note) for e in desk.handover(other).events] == [
        ("create", "alice", None),
        ("comment", "sam", "Who has this?"),
    ]


def test_a_supervisor_acting_for_someone_is_recorded(desk: Desk, make_draft: Draft) -> None:
    hid = desk.hand_over(make_draft(), by="alice").id
    desk.acknowledge(hid, by="sam", read_back="On it")
    desk.done(hid, by="sam", outcome="Sorted")
    h = desk.verify_close(hid, by="sam")
    assert [(e.kind, e.actor, e.for_) for e in h.events[1:]] == [
        ("ack", "sam", "bob"),
        ("done", "sam", "bob"),
        ("verify", "sam", "alice"),
    ]
    assert h.to_json()["events"][1]["for"] == "bob"


def test_double_ack_names_who_and_when_and_writes_nothing(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    hid = desk.hand_over(make_draft(to="carol"), by="alice").id
    clock.advance(minutes=2)
    desk.acknowledge(hid, by="carol", read_back="On it")
    before = seq(desk)
    clock.advance(minutes=3)
    with pytest.raises(Refused) as raised:
        desk.acknowledge(hid, by="sam", read_back="On it")
    assert raised.value.message == "H-1001 was acknowledged by carol at 14:02"
    assert seq(desk) == before


def test_a_stale_desk_is_checked_against_the_latest_state(
    desk: Desk, make_draft: Draft, clock: FrozenClock, tmp_path: Path
) -> None:
    """Two sessions on one store: the check runs under the lock on fresh state; neither action is lost."""
    hid = desk.hand_over(make_draft(), by="alice").id
    other = Desk.open(tmp_path / "store", clock=clock)
    desk.acknowledge(hid, by="bob", read_back="On it")
    assert other.handover(hid).status is Status.PENDING  # not refreshed yet
    with pytest.raises(Refused, match=r"^H-1001 was acknowledged by bob at 14:00$"):
        other.acknowledge(hid, by="sam", read_back="On it")
    other.comment(hid, by="carol", note="FYI the bank called")
    desk.refresh()
    assert [e.kind for e in desk.handover(hid).events] == ["create", "ack", "comment"]


def test_an_invalid_draft_writes_nothing(desk: Desk, make_draft: Draft) -> None:
    before = seq(desk)
    with pytest.raises(DraftInvalid) as raised:
        desk.hand_over(make_draft(to="alice", summary=""), by="alice")
    assert set(raised.value.errors) == {"to", "summary"}
    assert seq(desk) == before and desk.handovers() == []


def test_an_unknown_actor_is_refused(desk: Desk, make_draft: Draft) -> None:
    with pytest.raises(Refused, match=r"^no colleague 'zed'$"):
        desk.hand_over(make_draft(), by="zed")
    hid = desk.hand_over(make_draft(), by="alice").id
    with pytest.raises(Refused, match=r"^no colleague 'zed'$"):
        desk.acknowledge(hid, by="zed", read_back="On it")
    with pytest.raises(Refused, match=r"^no colleague 'zed'$"):
        desk.reassign(hid, by="alice", to="zed")


def test_query_and_the_senders_answer(desk: Desk, make_draft: Draft) -> None:
    hid = desk.hand_over(make_draft(), by="alice").id
    assert desk.query(hid, by="bob", question="Which bank?").status is Status.QUERY
    assert desk.comment(hid, by="carol", note="I know this one").status is Status.QUERY
    answered = desk.comment(hid, by="alice", note="Barclays")
    assert answered.status is Status.PENDING
    assert [(e.kind, e.note) for e in answered.events[-3:]] == [
        ("query", "Which bank?"),
        ("comment", "I know this one"),
        ("answer", "Barclays"),
    ]


def test_reassign_and_take_back(desk: Desk, make_draft: Draft) -> None:
    hid = desk.hand_over(make_draft(), by="alice").id
    desk.acknowledge(hid, by="bob", read_back="will do")
    moved = desk.reassign(hid, by="alice", to="carol")
    assert (moved.to, moved.status, moved.acknowledged_by, moved.read_back) == ("carol", Status.PENDING, None, None)
    assert moved.events[-1].changes["to"] == ["bob", "carol"]
    taken = desk.reassign(hid, by="alice", to="alice")  # back to its sender: taking it back
    assert (taken.to, taken.status, taken.events[-1].kind) == ("alice", Status.ACKNOWLEDGED, "take-back")


def test_flag_with_a_check_time_and_unflag(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    hid = desk.hand_over(make_draft(), by="alice").id
    flagged = desk.flag(hid, by="alice", note="Chase the bank", check="30m")
    assert flagged.follow_up is not None
    assert flagged.follow_up.check_at == clock.now() + timedelta(minutes=30)
    with pytest.raises(Refused, match=r"^check cannot be read: 'whenever'"):
        desk.flag(hid, by="alice", note="x", check="whenever")
    assert desk.unflag(hid, by="alice").follow_up is None
    assert [e.kind for e in desk.handover(hid).events] == ["create", "flag", "unflag"]


def test_closed_handovers_leave_the_board(desk: Desk, make_draft: Draft) -> None:
    open_id = desk.hand_over(make_draft(), by="alice").id
    closing = desk.hand_over(make_draft(to="carol"), by="alice").id
    desk.acknowledge(closing, by="carol", read_back="On it")
    desk.done(closing, by="carol", outcome="Done")
    assert {h.id for h in desk.handovers(include_closed=False)} == {open_id, closing}
    desk.verify_close(closing, by="alice")
    assert [h.id for h in desk.handovers(include_closed=False)] == [open_id]
    assert [h.id for h in desk.handovers(status="closed")] == [closing]
    assert desk.open_counts() == {"bob": 1}
    assert [h.id for h in desk.handovers(to="carol")] == [closing]
    assert [h.id for h in desk.handovers(from_="alice")] == [open_id, closing]


def test_ids_are_not_reused_once_closed_handovers_are_archived(
    desk: Desk, make_draft: Draft, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shiftboard.store.store.SNAPSHOT_EVERY", 1)  # archive on every action
    hid = desk.hand_over(make_draft(), by="alice").id
    desk.acknowledge(hid, by="bob", read_back="On it")
    desk.done(hid, by="bob", outcome="ok")
    desk.verify_close(hid, by="alice")
    clock.advance(days=8)
    desk.comment(hid, by="alice", note="archive me")  # the checkpoint after this moves it to the archive
    assert desk.handovers() == []
    assert desk.handover("H-1001").status is Status.CLOSED  # still readable
    with pytest.raises(Refused, match=r"^H-1001 is closed and archived; it can no longer change$"):
        desk.comment("H-1001", by="alice", note="again")
    assert desk.hand_over(make_draft(), by="alice").id == "H-1002"
    assert Desk.open(tmp_path / "store", clock=clock).hand_over(make_draft(), by="alice").id == "H-1003"


def test_a_deactivated_colleague_keeps_their_history_but_cannot_act_or_receive(desk: Desk, make_draft: Draft) -> None:
    hid = desk.hand_over(make_draft(to="carol"), by="alice").id
    assert not desk.set_active("carol", False, by="sam").active
    assert "carol" not in [c.handle for c in desk.colleagues()]
    assert "carol" in [c.handle for c in desk.colleagues(include_inactive=True)]
    assert desk.handover(hid).to == "carol"
    with pytest.raises(Refused, match=r"^carol is deactivated and cannot act on H-1001$"):
        desk.acknowledge(hid, by="carol", read_back="On it")
    with pytest.raises(DraftInvalid, match=r"^to is not active: carol is deactivated$"):
        desk.hand_over(make_draft(to="carol"), by="alice")
    with pytest.raises(Refused, match=r"^carol is deactivated$"):
        desk.hand_over(make_draft(to="bob"), by="carol")
    assert "carol" not in [r.colleague.handle for r in desk.receivers("general", sender="alice")]
    assert desk.reassign(hid, by="alice", to="bob").to == "bob"  # her work can be moved on
    assert desk.set_active("carol", True, by="sam").active


def test_receivers_rank_on_shift_with_skills_first_then_fewest_open(desk: Desk, make_draft: Draft) -> None:
    desk.add_colleague("erin", name="Erin Eze")  # on shift, no refund skills
    desk.add_colleague("fay", name="Fay Fox", skills=["refunds"])  # has the skill, off shift
    desk.add_shift("Early", start="07:00", end="15:00", members=["alice", "bob", "erin"])
    desk.add_shift("Late", start="15:00", end="23:00", members=["carol", "fay"])
    desk.set_on_shift("sam", True, by="sam")  # not rostered, but here
    desk.add_service("refunds", skills=["refunds"])
    for _ in range(2):
        desk.hand_over(make_draft(to="bob"), by="alice")
    ranked = desk.receivers("refunds", sender="alice")
    assert [(r.colleague.handle, r.on_shift, r.has_skills, r.open_count) for r in ranked] == [
        ("sam", True, True, 0),
        ("bob", True, True, 2),
        ("erin", True, False, 0),
        ("fay", False, True, 0),
        ("carol", False, False, 0),
    ]
    assert [r.colleague.handle for r in desk.receivers("general", sender="bob")][:3] == ["alice", "erin", "sam"]


def test_on_shift_by_hand_overrides_the_roster_until_cleared(desk: Desk, clock: FrozenClock) -> None:
    desk.add_shift("Early", start="07:00", end="15:00", members=["bob"])
    desk.add_shift("Night", start="23:00", end="07:00", members=["carol"])
    assert desk.current_shift_names() == ["Early"]
    assert desk.on_shift(desk.colleague("bob")) and not desk.on_shift(desk.colleague("carol"))
    assert not desk.on_shift(desk.set_on_shift("bob", False, by="sam"))
    assert desk.on_shift(desk.set_on_shift("bob", None, by="sam"))
    clock.advance(hours=10)  # 00:00
    assert desk.current_shift_names() == ["Night"]
    assert desk.on_shift(desk.colleague("carol"))


@pytest.mark.parametrize("time", ["2h", "25:00", "tomorrow 09:00", "7"])
def test_a_shift_needs_clock_times(desk: Desk, time: str) -> None:
    with pytest.raises(Refused, match=r"^shift start: .* is not a time of day like 07:00$"):
        desk.add_shift("Odd", start=time, end="15:00", members=[])
    assert desk.shifts() == []


@pytest.mark.parametrize("handle", ["", "1bob", "bob smith", "bob!", "b" * 33, "-bob", "émile"])
def test_add_colleague_refuses_a_bad_handle(desk: Desk, handle: str) -> None:
    with pytest.raises(Refused, match=r"^handle .*: use 1-32 lowercase letters"):
        desk.add_colleague(handle, name="Someone")


def test_add_colleague(desk: Desk) -> None:
    added = desk.add_colleague(" Dana ", name=" Dana Diaz ", skills=["Billing", " tech "], pin="246801")
    assert (added.handle, added.name, added.role, added.skills, added.active) == (
        "dana",
        "Dana Diaz",
        "agent",
        ["billing", "tech"],
        True,
    )
    assert added.pin is not None and "246801" not in added.pin
    desk.try_pin("dana", "246801")
    with pytest.raises(Refused, match=r"^wrong PIN for dana"):
        desk.try_pin("dana", "246802")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"handle": "alice"}, "colleague 'alice' already exists"),
        ({"role": "boss"}, "role 'boss': choose agent or supervisor"),
        ({"skills": ["bad tag!"]}, "skills: 'bad tag!' is not a tag (lowercase letters, digits, '-' or '_')"),
        ({"name": "  "}, "name is required"),
        (
            {"name": "Eve\x1b[2J"},
            "name holds a control character (ESC); only plain text, tabs and newlines are allowed",
        ),
        ({"pin": "1234"}, "a PIN is 6 to 12 digits"),
    ],
)
def test_add_colleague_refusals(desk: Desk, kwargs: dict[str, object], message: str) -> None:
    before = seq(desk)
    args: dict[str, object] = {"handle": "eve", "name": "Eve"} | kwargs
    with pytest.raises(Refused) as raised:
        desk.add_colleague(**args)  # type: ignore[arg-type]
    assert raised.value.message == message
    assert seq(desk) == before


def test_add_service_and_its_template_applies(desk: Desk, make_draft: Draft) -> None:
    service = desk.add_service(
        " Complaint ",
        skills=["complaints"],
        prompts=["Apologised?", "Who took ownership?"],
        require=["promises", "customer.ref"],
        when="shift-change",
    )
    assert (service.name, service.require, service.when) == ("complaint", ["promises", "customer.ref"], "shift-change")
    assert [s.name for s in desk.services()] == ["general", "complaint"]
    with pytest.raises(DraftInvalid) as raised:
        desk.hand_over(make_draft(service="complaint"), by="alice")
    assert set(raised.value.errors) == {"promises", "customer_ref", "answer_1", "answer_2"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"require": ["promises", "colour"]}, "--require 'colour': choose from customer.ref, customer.preferences"),
        ({"when": "weekends"}, "--when 'weekends': choose shift-change, mid-shift or both"),
        ({"name": "general"}, "service 'general' already exists"),
        ({"name": " "}, "service name is required"),
        ({"prompts": ["ok", " "]}, "prompt 2 is required"),
        ({"skills": ["Re funds"]}, "skills: 're funds' is not a tag"),
    ],
)
def test_add_service_refusals(desk: Desk, kwargs: dict[str, object], message: str) -> None:
    before = seq(desk)
    args: dict[str, object] = {"name": "refunds"} | kwargs
    with pytest.raises(Refused) as raised:
        desk.add_service(**args)  # type: ignore[arg-type]
    assert raised.value.message.startswith(message)
    assert seq(desk) == before


def test_a_service_name_is_unique(desk: Desk) -> None:
    desk.add_service("refunds")
    with pytest.raises(Refused, match=r"^service 'refunds' already exists$"):
        desk.add_service("Refunds")


def test_the_inbox_part_reads_the_live_store(desk: Desk, make_draft: Draft, clock: FrozenClock) -> None:
    """Needs, notifications, the action to undo and the cards to reopen, through the one Desk."""
    first = desk.hand_over(make_draft(), by="alice").id
    second = desk.hand_over(make_draft(to="carol"), by="alice").id
    assert [(n.handover.id, n.why) for n in desk.needs("bob")] == [(first, "awaiting your ack")]
    clock.advance(minutes=1)
    desk.acknowledge(first, by="bob", read_back="I call her")
    assert desk.notifications("alice")[-1].message == f"{first} acknowledged by bob; read-back: “I call her”"
    assert desk.last_undoable("bob") is not None and desk.last_undoable("bob").id == first  # type: ignore[union-attr]
    assert desk.last_undoable("alice") is None  # handing over is withdrawn, not undone
    desk.withdraw(second, by="alice", reason="Duplicate")
    assert [h.id for h in desk.recently_closed("alice")] == [second]
    assert desk.last_undoable("alice").id == second  # type: ignore[union-attr]
    clock.advance(minutes=3)
    assert desk.last_undoable("alice") is None
    desk.purge(timedelta(0), by="sam")  # its customer is erased: it is no card to reopen any more
    assert desk.recently_closed("alice") == []
    assert not desk.supervising("sam")  # no shift in this team: nobody is on shift
    assert desk.escalations() == []

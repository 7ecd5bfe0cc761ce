"""Property-based: any text in any field, any order of actions by anyone — no crash, the store stays valid."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.domain.errors import Refused
from shiftboard.domain.text import check_text, visible
from shiftboard.services import Desk
from shiftboard.store.verify import verify_store

HANDLES = ["alice", "bob", "carol", "sam"]
PRINTABLE = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])
PLAIN = st.text(PRINTABLE, min_size=1, max_size=40).filter(str.strip)
DUE = st.sampled_from(["45m", "2h", "1h30m", "17:30", "tomorrow 09:00", "2026-11-24T09:00", "soon", ""])
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    ["[bold]", "[/]", "[link=http://x]x[/link]", "[@click=app.quit]q[/]", "\x1b[31mred", "\u202eevil", "a\u200db", "🙂"]
)


@given(ANY_TEXT)
def test_text_is_either_refused_with_a_sentence_or_kept_exactly(text: str) -> None:
    try:
        assert check_text("summary", text) == text
    except Refused as refusal:
        assert refusal.message.startswith("summary")
        assert "\n" not in refusal.message


@given(ANY_TEXT)
def test_visible_text_holds_no_control_characters(text: str) -> None:
    shown = visible(text)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in shown)


class Lifecycle(RuleBasedStateMachine):
    """Random actions by random colleagues; refusals are fine, crashes and a broken store are not."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp()) / "store"
        self.clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        self.desk = Desk.open(self.root, clock=self.clock, create=True)
        for handle in HANDLES:
            role = "supervisor" if handle == "sam" else "agent"
            self.desk.add_colleague(handle, name=handle.title(), role=role)
        self.ids: list[str] = []
        self.accepted = 0

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)

    def _try(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
            self.accepted += 1
        except Refused as refusal:
            assert refusal.message and "\n" not in refusal.message and "Traceback" not in refusal.message

    @rule(
        sender=st.sampled_from(HANDLES),
        to=st.sampled_from([*HANDLES, "nobody"]),
        text=PLAIN,
        hostile=ANY_TEXT,
        due=DUE,
    )
    def hand_over(self, sender: str, to: str, text: str, hostile: str, due: str) -> None:
        draft = HandoverDraft(
            to=to,
            customer_name=text,
            customer_contact="c",
            summary=text,
            actions_taken="t",
            action_required=text,
            promises=hostile,
            due=due,
            informed="yes",
        )

        def create() -> None:
            self.ids.append(self.desk.hand_over(draft, by=sender).id)

        self._try(create)

    @precondition(lambda self: self.ids)
    @rule(
        index=st.integers(min_value=0),
        actor=st.sampled_from(HANDLES),
        action=st.sampled_from(["ack", "query", "done", "unable", "verify", "reassign", "flag", "unflag", "comment"]),
        text=PLAIN | ANY_TEXT,
        other=st.sampled_from(HANDLES),
    )
    def act(self, index: int, actor: str, action: str, text: str, other: str) -> None:
        hid = self.ids[index % len(self.ids)]
        desk = self.desk
        calls = {
            "ack": lambda: desk.acknowledge(hid, by=actor, read_back=text),
            "query": lambda: desk.query(hid, by=actor, question=text),
            "done": lambda: desk.done(hid, by=actor, outcome=text),
            "unable": lambda: desk.unable(hid, by=actor, reason=text),
            "verify": lambda: desk.verify_close(hid, by=actor),
            "reassign": lambda: desk.reassign(hid, by=actor, to=other),
            "flag": lambda: desk.flag(hid, by=actor, note=text, check="30m"),
            "unflag": lambda: desk.unflag(hid, by=actor),
            "comment": lambda: desk.comment(hid, by=actor, note=text),
        }
        self._try(calls[action])

    @rule(minutes=st.integers(min_value=1, max_value=600))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @invariant()
    def another_process_sees_the_same_state(self) -> None:
        fresh = Desk.open(self.root)
        assert fresh.store.state.tables == self.desk.store.state.tables

    def check_chain(self) -> None:
        report = verify_store(self.root)
        assert report.ok, report.problems


def test_any_order_of_actions_keeps_the_store_valid() -> None:
    """Run the state machine, then verify the chain of the last store it made."""
    accepted: list[int] = []

    class Checked(Lifecycle):
        def teardown(self) -> None:
            self.check_chain()
            accepted.append(self.accepted)
            super().teardown()

    run = settings(max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck))
    Checked.TestCase.settings = run
    Checked.TestCase().runTest()
    assert sum(accepted) > 0, "every action was refused: the machine explored nothing"

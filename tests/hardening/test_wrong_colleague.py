"""SPEC §1 permissions, enforced in the domain for both front ends: every action tried by the wrong colleague.

tests/domain/test_lifecycle.py runs the matrix through the Desk; here the same matrix goes
through the command line (`shiftboard ack … --as carol`) and through the board's keys (signed
in as carol, press a d x v r f Q): each attempt is refused with the reason in one line or one
notification, nothing is asked for, and not one byte of the store changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftboard.tui.screens.board import BoardScreen

from .board import SIZE, board_app, board_screen, messages, select
from .helpers import STATES, digest, every_state, run_cli

RECEIVER = "only bob or a supervisor"
SENDER = "only alice or a supervisor"
# bob, who holds it, may hand it on (shift change): reassigning is refused only to the others.
REASSIGNER = "only alice, bob (handing it on) or a supervisor"
# command -> (extra options, who may do it)
CLI_ACTIONS: dict[str, tuple[list[str], str]] = {
    "ack": ([], RECEIVER),
    "query": (["--note", "Which order?"], RECEIVER),
    "done": (["--outcome", "Sorted"], RECEIVER),
    "unable": (["--reason", "No access"], RECEIVER),
    "verify-close": ([], SENDER),
    "reassign": (["--to", "carol"], REASSIGNER),
    "flag": (["--note", "Check it"], SENDER),
    "unflag": ([], SENDER),
}
BOARD_KEYS = {"a": RECEIVER, "d": RECEIVER, "x": RECEIVER, "Q": RECEIVER, "v": SENDER, "r": REASSIGNER, "f": SENDER}


def wrong_actors(rule: str) -> list[str]:
    """The unrelated colleague, the other party to the card (the holder may reassign: hand it on), and one
    who has left."""
    if rule == REASSIGNER:
        return ["carol", "dora"]
    return ["carol", "alice" if rule == RECEIVER else "bob", "dora"]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    every_state(tmp_path / "store")
    return tmp_path / "store"


def test_every_action_by_the_wrong_colleague_is_refused_on_the_command_line(store: Path) -> None:
    before = digest(store)
    tried = 0
    for hid in STATES:
        for command, (extra, rule) in CLI_ACTIONS.items():
            for actor in wrong_actors(rule):
                result = run_cli(command, hid, "--as", actor, *extra, "--store", str(store))
                line = result.one_line()
                assert result.code == 1, (command, hid, actor, line)
                expected = "dora is deactivated" if actor == "dora" else rule
                assert expected in line, (command, hid, actor, line)
                assert digest(store) == before, (command, hid, actor)
                tried += 1
        result = run_cli("comment", hid, "--as", "dora", "--note", "hello", "--store", str(store))
        assert result.code == 1 and "dora is deactivated" in result.one_line()
    assert tried == len(STATES) * sum(len(wrong_actors(rule)) for _extra, rule in CLI_ACTIONS.values())
    assert digest(store) == before


def test_the_right_colleague_gets_through_on_the_command_line(store: Path) -> None:
    """The control: the same commands by bob and alice (or sam for them) are accepted."""
    for argv in (
        ["ack", "H-1001", "--as", "bob", "--note", "On it"],
        ["done", "H-1002", "--as", "sam", "--outcome", "Sorted for bob"],
        ["verify-close", "H-1003", "--as", "alice"],
        ["reassign", "H-1004", "--as", "sam", "--to", "carol"],
        ["unflag", "H-1006", "--as", "alice"],
    ):
        result = run_cli(*argv, "--store", str(store))
        warnings = [line for line in result.err.splitlines() if not line.startswith("shiftboard: warning: ")]
        assert (result.code, warnings) == (0, []), (argv, result)


@pytest.mark.parametrize("actor", ["carol", "alice", "bob"])
async def test_every_key_by_the_wrong_colleague_is_refused_on_the_board(store: Path, actor: str) -> None:
    keys = {key: rule for key, rule in BOARD_KEYS.items() if actor in wrong_actors(rule)}
    before = digest(store)
    app = board_app(store, actor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for hid in STATES:
            await select(pilot, hid)
            for key, rule in keys.items():
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                board_screen(app)  # no prompt was opened: the refusal comes before any typing
                said = messages(app)
                assert said and rule in said[-1], (actor, hid, key, said)
                assert digest(store) == before, (actor, hid, key)
        await pilot.press("c")  # the control: anyone may comment, so this key opens a prompt
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)
    assert digest(store) == before

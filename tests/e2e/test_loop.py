"""The handover loop with keys only, in the real program in a real terminal (tmux).

alice signs in on the sign-in screen, hands a new handover to bob through the form and quits;
bob opens the board, acknowledges it with a read-back and quits; `shiftboard show --json`
confirms both. Keys are sent the way a fast typist over SSH sends them, several at a time
(the form must put each piece of text in the field it was meant for); the test waits only for
what the screen shows.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from teams import Member, Team, team_desk

from .conftest import SCRIPT, program_env
from .tmux import Tmux, require_tmux

CUSTOMER = "Ms Jaya Patel"
CONTACT = "+44 20 7946 0018"
SUMMARY = "Refund for order 5521 not received"
TAKEN = "Checked the ledger, raised trace TR-88"
ACTION = "Ring Ms Patel back with the trace number"
READ_BACK = "I ring her with TR-88 before five"


def test_hand_over_with_keys_then_the_receiver_acknowledges(
    terminal: Callable[..., Tmux], tmp_path: Path, home: Path
) -> None:
    require_tmux()
    store = tmp_path / "store"
    team_desk(store, None, Team((Member("alice", "Alice Example"), Member("bob", "Bob Example"))))
    env = program_env(home)  # no $USER: the program starts at the sign-in screen

    alice = terminal([str(SCRIPT), "--store", str(store)], env=env)
    alice.wait_for_text("who is at the keyboard?")
    alice.type("ali")
    alice.send("Enter")
    alice.wait_for_text("Shiftboard · alice", "Nothing handed to you")
    alice.send("n")
    alice.wait_for_text("New handover from alice")
    # Service (left as general) → To: choose bob → the customer's name, contact, (reference,
    # preferences skipped) → summary, actions taken, action required; the due time keeps its 2h.
    alice.send("Tab", "Space", "Tab")
    alice.type(CUSTOMER)
    alice.send("Tab")
    alice.type(CONTACT)
    alice.send("Tab", "Tab", "Tab")
    alice.type(SUMMARY)
    alice.send("Tab")
    alice.type(TAKEN)
    alice.send("Tab")
    alice.type(ACTION)
    alice.send("C-s")
    alice.wait_for_text("H-1001 handed to bob")
    alice.send("q")
    alice.wait_until_dead()

    bob = terminal([str(SCRIPT), "--store", str(store), "--as", "bob"], env=env)
    bob.wait_for_text("Shiftboard · bob", "H-1001", "awaiting ack")
    assert "from alice" in bob.screen() and ACTION[:40] in bob.screen()
    bob.send("a")
    bob.wait_for_text("Acknowledge H-1001", f"Action required: {ACTION}")
    bob.type(READ_BACK)
    bob.send("Enter")
    bob.wait_for_text("H-1001 acknowledged")
    bob.wait_for(lambda screen: "awaiting ack" not in screen, "the card no longer awaiting ack")
    bob.send("q")
    bob.wait_until_dead()

    shown = subprocess.run(
        [str(SCRIPT), "show", "H-1001", "--json", "--store", str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    record = json.loads(shown.stdout)
    assert (record["from"], record["to"], record["status"]) == ("alice", "bob", "acknowledged")
    assert record["customer"]["name"] == CUSTOMER and record["customer"]["contact"] == CONTACT
    assert (record["summary"], record["actions_taken"], record["action_required"]) == (SUMMARY, TAKEN, ACTION)
    assert (record["acknowledged_by"], record["read_back"]) == ("bob", READ_BACK)
    assert [(event["kind"], event["actor"]) for event in record["events"]] == [("create", "alice"), ("ack", "bob")]

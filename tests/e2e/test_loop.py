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
import time
from collections.abc import Callable
from pathlib import Path

from teams import Member, Team, team_desk

from shiftboard.domain.drafts import HandoverDraft

from .conftest import SCRIPT, program_env
from .tmux import Tmux, require_tmux

CUSTOMER = "Ms Jaya Patel"
CONTACT = "+44 20 7946 0018"
SUMMARY = "Refund for order 5521 not received"
TAKEN = "Checked the ledger, raised trace TR-88"
ACTION = "Ring Ms Patel back with the trace number"
READ_BACK = "I ring her with TR-88 before five"
POLL_SLACK = 0.2  # tmux's screen is read every 0.1 s: what the test itself adds to the board's second


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
    alice.wait_for_text("alice", "Nothing handed to you")
    alice.send("n")
    alice.wait_for_text("New handover from alice")
    # Service (left as general) → To: choose bob → the customer's name, contact, (reference,
    # preferences skipped) → summary, actions taken, action required; the due time keeps its 2h;
    # past sender keeps, promises, contingency, due and its four shortcuts (alice works no shift: no
    # "end of shift"), priority and channel to
    # "Customer told", which has no default: → chooses yes.
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
    alice.send(*["Tab"] * 11, "Right")
    alice.send("C-s")
    alice.wait_for_text("H-1001 handed to bob")
    alice.send("q")
    alice.wait_until_dead()

    bob = terminal([str(SCRIPT), "--store", str(store), "--as", "bob"], env=env)
    bob.wait_for_text("bob · 1 needs you (i)", "H-1001", "awaiting ack")
    assert "alice → bob" in bob.screen() and ACTION[:40] in bob.screen()  # first in Needs me
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


def test_the_senders_board_shows_the_read_back_within_a_second(
    terminal: Callable[..., Tmux], tmp_path: Path, home: Path
) -> None:
    """bob acknowledges from the command line with a read-back; alice's running board tells her, with his
    words, within a second (SPEC §5: another session's change shows within 1 s)."""
    require_tmux()
    store = tmp_path / "store"
    desk = team_desk(store, None, Team((Member("alice", "Alice Example"), Member("bob", "Bob Example"))))
    hid = desk.hand_over(
        HandoverDraft(
            to="bob",
            customer_name=CUSTOMER,
            customer_contact=CONTACT,
            summary=SUMMARY,
            actions_taken=TAKEN,
            action_required=ACTION,
            informed="yes",
        ),
        by="alice",
    ).id
    env = program_env(home)
    alice = terminal([str(SCRIPT), "--store", str(store), "--as", "alice"], width=200, height=40, env=env)
    alice.wait_for_text("alice (Alice Example)", hid, "awaiting ack")
    acked = subprocess.run(
        [str(SCRIPT), "ack", hid, "--as", "bob", "--note", READ_BACK, "--store", str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    returned = time.monotonic()
    assert acked.returncode == 0, acked.stderr
    alice.wait_for_text(f"{hid} acknowledged by bob; read-back: “{READ_BACK}”", timeout=10)
    seen_after = time.monotonic() - returned
    assert seen_after <= 1.0 + POLL_SLACK, f"alice saw bob's read-back {seen_after:.2f} s after his ack returned"
    alice.send("N")  # and it is kept in the notifications, with its time
    alice.wait_for_text("Notifications — alice", "Acknowledged", READ_BACK)
    alice.send("Escape")  # alone: escape and q together would reach the program as alt+q
    alice.wait_for_text("alice (Alice Example)")
    alice.send("q")
    alice.wait_until_dead()

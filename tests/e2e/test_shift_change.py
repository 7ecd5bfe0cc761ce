"""A shift change end to end, keys only, in the real program in a real terminal (tmux).

alice is at the end of her shift: on the checklist (`s`) she hands one card on to bob with a
handover note (`r`, the same card reassigned) and keeps the other (`K`, with a note), then signs
off (`S`) and reads her shift notes. bob signs in for his shift and sees, before anything else,
what arrived for him since his last shift. `shiftboard show --json` and `list --json` confirm:
one card moved to bob with the note in its events, no second card, the kept one still alice's.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from teams import Member, ShiftPlan, Team, team_desk

from shiftboard.domain.clock import Clock

from .conftest import SCRIPT, program_env
from .stores import draft
from .tmux import Tmux, require_tmux

HAND_ON_NOTE = "Engineer booked for 9; confirm with her"
KEEP_NOTE = "Waiting for the courier, I chase it"


def _hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def shift_store(root: Path) -> None:
    """alice and bob both work a shift running now (the program runs in real time); carol handed alice
    two cards, which she acknowledged."""
    clock = Clock()
    local = clock.now().astimezone(clock.tz)
    now_shift = ShiftPlan("Day", _hhmm(local - timedelta(hours=2)), _hhmm(local + timedelta(hours=3)), ("alice", "bob"))
    team = Team((Member("alice", "Alice Example"), Member("bob", "Bob Example"), Member("carol", "Carol Example")),
                shifts=(now_shift,))  # fmt: skip
    desk = team_desk(root, clock, team)
    for action in ("Ring back with the engineer's slot", "Send the replacement router"):
        hid = desk.hand_over(draft("alice", action), by="carol").id
        desk.acknowledge(hid, by="alice", read_back="On it")


def run(*argv: str, env: dict[str, str]) -> str:
    done = subprocess.run([str(SCRIPT), *argv], env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_alice_hands_one_on_keeps_one_signs_off_and_bob_sees_what_arrived(
    terminal: Callable[..., Tmux], tmp_path: Path, home: Path
) -> None:
    require_tmux()
    store = tmp_path / "store"
    shift_store(store)
    env = program_env(home)

    alice = terminal([str(SCRIPT), "--store", str(store), "--as", "alice"], env=env)
    alice.wait_for_text("Shiftboard · alice", "shift: Day")
    alice.send("s")
    alice.wait_for_text("Shift change checklist — alice", "2 of 2 undecided")
    alice.send("r")  # H-1001, the first item: hand it on
    alice.wait_for_text("Reassign H-1001 (now with alice)", "bob")
    alice.send("Enter")  # bob ranks first: on shift, holding nothing
    alice.wait_for_text("Hand H-1001 to bob", "Handover note")
    alice.type(HAND_ON_NOTE)
    alice.send("Enter")
    alice.wait_for_text("→ handed over", "1 of 2 undecided")
    alice.send("j", "K")  # H-1002: keep it
    alice.wait_for_text("Keep H-1002 over your shift change")
    alice.type(KEEP_NOTE)
    alice.send("Enter")
    alice.wait_for_text("● kept", "All 2 decided")
    alice.send("S")
    alice.wait_for_text("Shift notes — alice, signed off", "handed over (1)", "kept (1)")
    notes = alice.screen()
    assert "H-1001 · to bob: Engineer booked for 9" in notes and f"H-1002 · {KEEP_NOTE}" in notes
    alice.send("u")  # her shift is over: the terminal is the next colleague's
    alice.wait_for_text("who is at the keyboard?")
    alice.send("C-q")
    alice.wait_until_dead()

    bob = terminal([str(SCRIPT), "--store", str(store), "--as", "bob"], env=env)
    bob.wait_for_text("Since your last shift", "new (1): H-1001 from alice (handed on; sent by carol)")
    bob.wait_for_text("esc: dismiss")
    bob.send("Escape")
    bob.wait_for(lambda screen: "Since your last shift" not in screen, "the summary dismissed")
    assert "H-1001" in bob.screen() and "awaiting ack" in bob.screen()  # the card itself, on his board
    bob.send("q")
    bob.wait_until_dead()

    handovers = json.loads(run("list", "--json", "--store", str(store), env=env))
    assert [(h["id"], h["to"]) for h in handovers] == [("H-1001", "bob"), ("H-1002", "alice")]  # no second card
    moved = json.loads(run("show", "H-1001", "--json", "--store", str(store), env=env))
    assert (moved["from"], moved["to"], moved["status"]) == ("carol", "bob", "pending")
    last = moved["events"][-1]
    assert (last["kind"], last["actor"], last["note"], last["changes"]["to"]) == (
        "reassign",
        "alice",
        HAND_ON_NOTE,
        ["alice", "bob"],
    )
    kept = json.loads(run("show", "H-1002", "--json", "--store", str(store), env=env))
    assert (kept["events"][-1]["kind"], kept["events"][-1]["note"]) == ("keep", KEEP_NOTE)
    colleagues = {
        c["handle"]: c for c in json.loads(run("colleague", "list", "--json", "--store", str(store), env=env))
    }
    assert colleagues["alice"]["signed_off_at"] and colleagues["bob"]["signed_on_at"]

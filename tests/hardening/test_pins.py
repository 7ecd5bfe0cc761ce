"""A PIN is never shown, never stored and never logged: typed on a real terminal and then looked for everywhere.

Set with `shiftboard colleague add --pin` and given to `--as` on a terminal (a pty, no echo), and
typed into the board's sign-in screen (tmux: the pane shows a dot per digit, never a digit). Then
the PIN is searched for in every byte the program left behind: the store's files, the home and
working directories, and all it printed. (12 digits, so it cannot turn up by chance inside a
hash's hex.) Textual's own debug log (TEXTUAL_LOG, off unless a developer sets it) records every
key press, a PIN's included: the README says never to set it on a shared terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from e2e.conftest import program_env
from e2e.tmux import Tmux

from .helpers import draft, every_state
from .ptys import Pty

PIN = "480275913662"
SCRIPT = Path(sys.executable).with_name("shiftboard")


def nowhere_on_disk(*roots: Path) -> None:
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert PIN.encode() not in data, f"the PIN is in {path}"
                assert PIN.encode("utf-16-le") not in data, f"the PIN is in {path}"


def test_colleague_add_asks_twice_without_echo_and_stores_only_a_hash(tmp_path: Path) -> None:
    root, home = tmp_path / "store", tmp_path / "home"
    home.mkdir()
    every_state(root)
    env = program_env(home)
    argv = [str(SCRIPT), "colleague", "add", "dana", "--name", "Dana Example", "--pin", "--store", str(root)]
    adding = Pty(argv, env)
    adding.expect("new PIN for dana: ")
    adding.type(PIN + "\n")
    adding.expect("the same PIN again: ")
    adding.type(PIN + "\n")
    assert adding.wait() == 0, adding.text
    assert "colleague dana added" in adding.text and "PIN set" in adding.text
    assert PIN not in adding.text, "the PIN was echoed"

    acting = Pty([str(SCRIPT), "comment", "H-1001", "--as", "dana", "--note", "Seen", "--store", str(root)], env)
    acting.expect("PIN for dana: ")
    acting.type(PIN + "\n")
    assert acting.wait() == 0, acting.text
    assert "H-1001 comment added" in acting.text and PIN not in acting.text

    wrong = Pty([str(SCRIPT), "comment", "H-1001", "--as", "dana", "--note", "Again", "--store", str(root)], env)
    wrong.expect("PIN for dana: ")
    wrong.type(PIN[::-1] + "\n")
    assert wrong.wait() == 1
    assert "wrong PIN for dana" in wrong.text and PIN[::-1] not in wrong.text
    nowhere_on_disk(root, home)


def test_the_sign_in_screen_shows_a_dot_per_digit_and_never_the_pin(tmp_path: Path) -> None:
    root, home = tmp_path / "store", tmp_path / "home"
    home.mkdir()
    desk = every_state(root)
    desk.add_colleague("dana", name="Dana Example", pin=PIN)
    desk.hand_over(draft("dana", action_required="Ring the customer back"), by="alice")
    work = tmp_path / "work"  # the program's working directory: a stray log would land here or in home
    work.mkdir()
    with Tmux([str(SCRIPT), "--store", str(root)], width=80, height=24, env=program_env(home), cwd=str(work)) as board:
        board.wait_for_text("who is at the keyboard")
        board.type("dana")
        board.wait_for(lambda screen: "alice" not in screen and "Dana Example" in screen, "only dana listed")
        board.send("Enter")
        board.wait_for_text("PIN for dana")
        for typed in range(1, len(PIN) + 1):
            board.type(PIN[typed - 1])
            screen = board.wait_for_text("•" * typed)
            if typed >= 4:  # neither what was typed so far nor its last four digits is on the screen
                assert PIN[:typed] not in screen and PIN[typed - 4 : typed] not in screen, screen
        board.send("Enter")
        board.wait_for_text("dana · 1 needs you (i)", "Ring the customer back")
        assert PIN not in board.screen()
        board.send("q")
        board.wait_until_dead()
    nowhere_on_disk(root, home, work)

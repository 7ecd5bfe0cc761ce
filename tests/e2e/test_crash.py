"""SPEC §6 failure hygiene, in a real terminal: an unexpected error on the board leaves one line and a
crash report, never a traceback, and neither holds personal data; the board exits non-zero.

A bug is planted (the detail screen raises, its message naming the customer, as a careless
`f"{handover}"` would), the board opened on a real store in tmux, and the card opened.
"""

from __future__ import annotations

import shlex
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from .conftest import program_env
from .stores import team_board
from .tmux import Tmux, require_tmux

CUSTOMER, CONTACT = "Ms Jaya Patel", "+44 20 7946 0018"
PLANTED = f"""
import sys
from shiftboard.tui.screens import detail
def broken(self):
    raise ValueError("{CUSTOMER} {CONTACT} " + self.handover_id)
detail.DetailScreen.show = broken
from shiftboard.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_on_the_board_shows_one_line_and_leaves_a_report_without_personal_data(
    terminal: Callable[..., Tmux], tmp_path: Path, home: Path
) -> None:
    require_tmux()
    store = team_board(tmp_path / "store")
    state = tmp_path / "state"
    env = program_env(home, XDG_STATE_HOME=str(state))
    program = shlex.join([sys.executable, "-c", PLANTED, "--store", str(store), "--as", "alice"])
    board = terminal(["/bin/sh", "-c", f'{program}; echo "exit status $?"'], env=env)
    board.wait_for_text("Shiftboard · alice")
    board.send("p")  # privacy off: the customer's name is on the screen before the crash
    board.wait_for_text(CUSTOMER)
    board.send("Enter")
    board.wait_until_dead()
    screen = board.run("capture-pane", "-p", "-J", "-t", "main")  # -J: the long line unwrapped
    history = board.run("capture-pane", "-p", "-J", "-S", "-", "-t", "main")
    said = [line for line in history.splitlines() if line.strip() and not line.startswith("Pane is dead")]
    assert said.pop() == "exit status 1"
    assert said[-1].startswith("shiftboard: unexpected error (ValueError); crash report: "), history
    assert len([line for line in said if line.startswith("shiftboard:")]) == 1  # one line, nothing else printed
    for shown in (screen, history):
        assert "Traceback" not in shown and CUSTOMER not in shown and CONTACT not in shown
    report = Path(said[-1].split("crash report: ", 1)[1].strip())
    assert report.is_relative_to(state)
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    assert "ValueError" in text and "in broken" in text
    assert "Patel" not in text and "7946" not in text

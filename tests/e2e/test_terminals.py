"""The real `shiftboard` in a real terminal (tmux), as remote staff meet it over SSH.

For each TERM an SSH session may bring, with and without NO_COLOR, at 80×24 and 300×80:
the header is the top line, the footer the bottom one, the focused column is marked by
shape (▶), every card says its status in a word, and no escape sequence leaks as text.
Then cards holding markup, ANSI/OSC sequences, bidi and zero-width characters and a
2,000-character word: shown literally, the layout intact, and the terminal untouched
(title, clipboard) — nothing in a card is ever executed.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from shiftboard.domain.lifecycle import STATUS_WORDS

from .conftest import SCRIPT, program_env
from .stores import ACKED_ACTION, DONE_ACTION, MARKUP_ACTION, PENDING_ACTION, hostile_board, team_board
from .tmux import Tmux, require_tmux

TERMS = ["xterm-256color", "xterm", "screen", "linux", "vt100"]
# NO_COLOR on the richest and the plainest terminal.
TERMINALS = [*((term, False) for term in TERMS), ("xterm-256color", True), ("vt100", True)]
SIZES = [(80, 24), (300, 80)]
CARD_LINE = re.compile(r"[┃│] (H-\d{4}) ")
# What a leaked escape sequence looks like once a terminal has eaten its ESC: "[1;31m", "[2J", "]8;;".
LEAKED = re.compile(r"\x1b|\^\[|(?<![␛\w])\[\d+(;\d+)*[A-Za-z]|(?<!␛)\]\d+;")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
GREY_16 = {30, 37, 40, 47, 90, 97, 100, 107}  # black, white and their bright forms
GREY_256 = {0, 7, 8, 15, 16, 231, *range(232, 256)}


@pytest.fixture(scope="module")
def team_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tmux()
    return team_board(tmp_path_factory.mktemp("terminals") / "store")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    require_tmux()
    root = tmp_path_factory.mktemp("hostile") / "store"
    return root, hostile_board(root)


def open_board(
    terminal: Callable[..., Tmux], store: Path, user: str, home: Path, size: tuple[int, int], **env: str
) -> Tmux:
    width, height = size
    board = terminal(
        [str(SCRIPT), "--store", str(store), "--as", user],
        width=width,
        height=height,
        env=program_env(home, **env),
        options=["set-option -g set-clipboard on"],  # so an OSC 52 that reached tmux would land in a buffer
    )
    board.wait_for(lambda screen: all(part in screen for part in (f"Shiftboard · {user}", "▶", "q Quit")), "the board")
    return board


def back_on_the_board(screen: str) -> bool:
    return "detail" not in screen and MARKUP_ACTION in screen and "q Quit" in screen


def chromatic(escaped: str) -> list[str]:
    """Every colour in the SGR sequences of a capture that is not black, white or a grey."""
    found = []
    for match in SGR.finditer(escaped):
        params = [int(p) for p in match.group(1).split(";") if p]
        while params:
            code = params.pop(0)
            if code in (38, 48) and params:
                kind = params.pop(0)
                if kind == 5 and params:
                    index = params.pop(0)
                    if index not in GREY_256:
                        found.append(f"{code};5;{index}")
                elif kind == 2 and len(params) >= 3:
                    rgb = [params.pop(0) for _ in range(3)]
                    if len(set(rgb)) > 1:
                        found.append(f"{code};2;{rgb}")
            elif (30 <= code <= 47 or 90 <= code <= 107) and code not in (38, 39, 48, 49) and code not in GREY_16:
                found.append(str(code))
    return found


def assert_layout(board: Tmux, user: str) -> list[str]:
    """Header on top, footer at the bottom, every body row closed by the column border in the last cell."""
    _width, height = board.size()
    lines = board.lines()
    assert len(lines) == height
    assert lines[0].startswith(f" Shiftboard · {user}"), lines[0]
    assert "q Quit" in lines[-1] and "? Help" in lines[-1], lines[-1]
    assert lines[1].startswith("┏") and lines[-2].startswith("┗"), (lines[1], lines[-2])
    for row in lines[1:-1]:
        assert row.rstrip("\n").endswith(("┓", "┃", "┛", "╮", "│", "╯")), f"a row lost its right border: {row!r}"
    return lines


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "300x80"])
@pytest.mark.parametrize(("term", "no_color"), TERMINALS, ids=[f"{t}{'-NO_COLOR' * n}" for t, n in TERMINALS])
def test_the_board_is_readable_in_every_terminal(
    terminal: Callable[..., Tmux], team_store: Path, home: Path, term: str, size: tuple[int, int], no_color: bool
) -> None:
    env = {"TERM": term, **({"NO_COLOR": "1"} if no_color else {})}
    board = open_board(terminal, team_store, "alice", home, size, **env)
    board.wait_for_text("acknowledged", "done — verify")
    lines = assert_layout(board, "alice")
    screen = "\n".join(lines)

    assert "▶ alice (1/2)" in lines[1], "the focused column is marked by shape, not colour alone"
    assert ACKED_ACTION in screen and DONE_ACTION in screen
    cards = [(match.group(1), row) for row in lines for match in CARD_LINE.finditer(row)]
    assert {hid for hid, _ in cards} >= {"H-1001", "H-1002"}
    for hid, row in cards:
        assert any(word in row for word in STATUS_WORDS.values()), f"{hid} has no status word: {row!r}"
    if size[0] >= 300:
        assert "bob (2/2)" in lines[1] and PENDING_ACTION in screen and "awaiting ack" in screen
    assert not LEAKED.search(screen), LEAKED.search(screen)
    if no_color:
        assert chromatic(board.screen(escapes=True)) == [], "NO_COLOR must leave only black, white and greys"

    board.send("q")
    board.wait_until_dead()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "300x80"])
def test_hostile_text_is_shown_literally_and_changes_nothing(
    terminal: Callable[..., Tmux], hostile_store: tuple[Path, dict[str, str]], home: Path, size: tuple[int, int]
) -> None:
    store, _ids = hostile_store
    board = open_board(terminal, store, "carol", home, size)
    board.wait_for_text("[@click=app.quit]Quit[/]", "RED")
    title = board.show("#{pane_title}")
    lines = assert_layout(board, "carol")
    screen = "\n".join(lines)

    assert MARKUP_ACTION in screen, "markup is shown as typed"
    assert "B.P. [/]" in screen, "a markup-like customer name and reference are shown as typed"
    assert "␛]0;pwned␇␛[2J␛[H␛[31mRED␛[0m" in screen, "ANSI sequences are shown, made visible"
    assert "␛]8;;https://evil.example␇L␛]8;;␇" in screen and "\\x9b31m" in screen
    assert "␛]52;c;cHduZWQ=␇" in screen, "an OSC 52 clipboard write is shown, not sent"
    assert "evil" in screen and "🙂" in screen
    assert "W" * 70 in screen and "…" in screen, "the 2,000-character word is cut on the card, not the layout"

    assert board.show("#{pane_title}") == title != "pwned", "no card may set the terminal's title"
    assert board.run("list-buffers") == "", "no card may write to the clipboard"
    assert board.show("#{pane_dead}") == "0", "[@click=app.quit] is text, not an action"

    board.send("Enter")  # the detail view shows every field in full: the long word wraps under its label
    board.wait_for_text("H-1001 — detail", "W" * 50, "esc Back")
    detail = board.lines()
    assert detail[-1].lstrip().startswith("esc Back"), detail[-1]
    wrapped = [row for row in detail if row.strip() and set(row.strip()) == {"W"}]
    assert len(wrapped) >= 3, "the long word wraps"
    assert all(row.startswith(" " * 19 + "W") for row in wrapped), "... indented under its label"
    board.send("Escape")  # alone: ESC and a key at once would reach the program as alt+key
    board.wait_for(back_on_the_board, "the board again")
    board.send("j")
    board.send("Enter")
    board.wait_for_text("H-1002 — detail", "␛]52;c;cHduZWQ=␇", "␛]0;pwned␇", "esc Back")
    detail = board.lines()
    assert detail[-1].lstrip().startswith("esc Back"), detail[-1]
    assert not LEAKED.search("\n".join(detail)), LEAKED.search("\n".join(detail))
    assert board.show("#{pane_title}") == title and board.run("list-buffers") == ""
    board.send("Escape")
    board.wait_for(back_on_the_board, "the board again")
    assert_layout(board, "carol")
    board.send("q")
    board.wait_until_dead()


def test_a_board_whose_terminal_hangs_up_ends_even_when_the_sighup_never_reaches_it(
    terminal: Callable[..., Tmux], team_store: Path, tmp_path: Path
) -> None:
    """A dropped SSH session whose SIGHUP is ignored on the way (`nohup`, `su -c` wrappers) left the board
    running with no terminal, at 80% CPU, reading the store twice a second for ever: one orphan per
    dropped session on a shared host. It notices the dead terminal and ends within seconds."""
    home = tmp_path / "home"
    home.mkdir()
    pid_file = tmp_path / "board.pid"
    program = f"{SCRIPT} --store {team_store} --as alice"
    board = terminal(["/bin/sh", "-c", f"trap '' HUP; echo $$ > {pid_file}; exec {program}"], env=program_env(home))
    board.wait_for_text("Shiftboard · alice")
    pid = int(pid_file.read_text())
    board.close()  # the terminal goes away (tmux's server with it); the ignored SIGHUP changes nothing
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.2)
    outlived = _running(pid)
    if outlived:
        os.kill(pid, signal.SIGKILL)  # no orphan left behind by a failing test
    assert not outlived, "the board outlived its terminal"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended; only its parent has not collected it yet

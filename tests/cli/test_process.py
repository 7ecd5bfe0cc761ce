"""Where the process boundary matters: the installed script, exit statuses, and no Textual outside the board."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

from .helpers import ADD

SCRIPT = Path(sys.executable).with_name("shiftboard")
EVERY_COMMAND = """
import contextlib, io, sys
from shiftboard.cli import main
store = sys.argv[1]
codes = [main([*argv, "--store", store]) for argv in (
    ["demo", "--open", "12", "--archived", "20"], ["colleague", "list"], ["colleague", "list", "--json"],
    ["service", "list"], ["service", "add", "billing queries", "--prompt", "Ref?"],
    ["colleague", "add", "carol", "--name", "C"],
)]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    codes.append(main(["add", "--as", "alice", "--to", "bob", *sys.argv[2:], "--store", store]))
hid = printed.getvalue().split()[0]
codes += [main([*argv, "--store", store]) for argv in (
    ["query", hid, "--as", "bob", "--note", "q"], ["comment", hid, "--as", "alice", "--note", "a"],
    ["flag", hid, "--as", "alice", "--note", "n"], ["unflag", hid, "--as", "alice"],
    ["reassign", hid, "--as", "alice", "--to", "carol"], ["ack", hid, "--as", "carol", "--note", "On it"],
    ["unable", hid, "--as", "carol", "--reason", "r"], ["reassign", hid, "--as", "alice", "--to", "bob"],
    ["ack", hid, "--as", "bob", "--note", "On it"], ["done", hid, "--as", "bob", "--outcome", "o"],
    ["verify-close", hid, "--as", "alice"], ["inbox", "--as", "alice"], ["inbox", "--as", "bob", "--json"],
    ["list"], ["list", "--archived", "--json"], ["show", hid], ["show", hid, "--json"], ["verify"],
    ["search", "refund"], ["search", "--colleague", "bob", "--json"], ["report", "--format", "csv"],
    ["report", "--by", "shift"], ["export"], ["export", "--format", "json"],
    ["improve", "add", "Read back", "--agreed-by", "bob", "--as", "alice"], ["improve", "list"],
    ["purge", "--older-than", "0d", "--dry-run"], ["purge", "--older-than", "0d"],
    ["subject-export", "--customer", "x"],
    ["ack", "H-9999", "--as", "bob", "--note", "On it"], ["list", "--priority", "extreme"],
)]
front = ("textual", "rich", "shiftboard.tui")
# rich.cells alone measures terminal cells for `list` and `show` (a CJK character takes two)
def measuring(name):
    return name in ("rich", "rich.cells", "rich._extension") or name.startswith("rich._unicode_data")
loaded = sorted(name for name in sys.modules if name.startswith(front) and not measuring(name))
print(codes, loaded, file=sys.stderr)
"""


def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SHIFTBOARD_STORE", "USER")}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False, env={**clean, **(env or {})})


def test_no_command_but_the_board_imports_textual(tmp_path: Path) -> None:
    done = run(sys.executable, "-c", EVERY_COMMAND, str(tmp_path / "team"), *ADD)
    last = done.stderr.strip().splitlines()[-1]
    assert last == f"{[0] * 36 + [1, 2]} []", done.stderr


def test_importtime_of_a_command_shows_no_textual(tmp_path: Path) -> None:
    store = tmp_path / "team"
    assert run(str(SCRIPT), "colleague", "add", "alice", "--name", "Alice", "--store", str(store)).returncode == 0
    timed = run(sys.executable, "-X", "importtime", "-m", "shiftboard", "list", "--store", str(store))
    assert timed.returncode == 0, timed.stderr
    imported = [
        line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines() if line.startswith("import time:")
    ]
    assert "shiftboard.cli" in imported and "shiftboard.services" in imported
    measuring = {"rich", "rich.cells", "rich._extension", "rich._unicode_data", "rich._unicode_data._versions"}
    front = [name for name in imported if name.startswith(("textual", "shiftboard.tui", "rich"))]
    assert not [name for name in front if name not in measuring and not name.startswith("rich._unicode_data.")]


def test_the_installed_script_end_to_end(tmp_path: Path) -> None:
    store = str(tmp_path / "team")
    env = {"SHIFTBOARD_STORE": store}
    assert run(str(SCRIPT), "colleague", "add", "alice", "--name", "Alice", env=env).returncode == 0
    me = pwd.getpwuid(os.getuid()).pw_name  # this process's real account makes --as unnecessary: it is bob's
    assert run(str(SCRIPT), "colleague", "add", "bob", "--name", "Bob", "--unix", me, env=env).returncode == 0
    made = run(str(SCRIPT), "add", "--as", "alice", "--to", "bob", *ADD, "--due", "45m", "--store", store)
    assert (made.returncode, made.stderr) == (0, "shiftboard: warning: bob is off shift now\n")  # no roster yet
    hid = made.stdout.split()[0]
    assert hid == "H-1001" and made.stdout.startswith("H-1001 handed over to bob, due ")
    acked = run(str(SCRIPT), "ack", hid, "--note", "on it", env={**env, "USER": "alice"})  # $USER is not read
    assert (acked.returncode, acked.stdout) == (0, f"{hid} acknowledged by bob\n")
    record = json.loads(run(str(SCRIPT), "show", hid, "--json", env=env).stdout)
    assert (record["id"], record["status"], record["read_back"]) == (hid, "acknowledged", "on it")

    usage = run(str(SCRIPT), "add", "--as", "alice", "--to", "bob", *ADD, "--priority", "extreme", env=env)
    refused = run(str(SCRIPT), "done", hid, "--as", "alice", "--outcome", "x", env=env)
    for result, status in ((usage, 2), (refused, 1)):
        assert result.returncode == status
        assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert refused.stderr.startswith(f"shiftboard: {hid} is handed to bob; only bob or a supervisor can")

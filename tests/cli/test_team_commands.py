"""Every command for setting a team up and running its shift change, with good and bad input: exit 0 with
its one line, 1 (refused or invalid: one line on stderr, nothing written) or 2 (usage).

The store: alice, bob, carol (agents) and sam (supervisor); the clock says Tuesday 24 November 2026,
14:00 UTC.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from shiftboard.domain.clock import FrozenClock

from .conftest import Cli
from .helpers import ADD, add_args, files, new_id


def ok(cli: Cli, *argv: str, stdin: str = "") -> str:
    result = cli(*argv, stdin=stdin)
    assert result.code == 0, result.err
    return result.out


def refused(cli: Cli, store: str, *argv: str, code: int = 1, stdin: str = "") -> str:
    """The one stderr line of a command that must fail with `code` and write nothing."""
    before = files(store)
    result = cli(*argv, stdin=stdin)
    assert result.code == code, (argv, result)
    assert files(store) == before, argv
    return result.one_error_line()


@pytest.fixture
def roster(cli: Cli, store: str) -> str:
    """Early (07:00–15:00, Monday to Friday) for alice and bob; Late (15:00–23:00) for carol."""
    ok(cli, "shift", "add", "Early", "--start", "07:00", "--end", "15:00", "--days", "mon-fri", "--store", store)
    ok(cli, "shift", "add", "Late", "--start", "15:00", "--end", "23:00", "--store", store)
    for handle, shift in (("alice", "Early"), ("bob", "Early"), ("carol", "Late")):
        ok(cli, "colleague", "edit", handle, "--shifts", shift, "--store", store)
    return store


def test_shift_add_list_and_remove(cli: Cli, store: str) -> None:
    assert (
        ok(cli, "shift", "add", "Night", "--start", "23:00", "--end", "07:00", "--store", store)
        == "shift Night added: 23:00–07:00 (overnight), every day (UTC time)\n"
    )
    assert (
        ok(cli, "shift", "add", "night", "--start", "22:00", "--end", "06:00", "--days", "fri-sun", "--store", store)
        == "shift Night changed: 22:00–06:00 (overnight), fri-sun (UTC time)\n"
    )
    ok(cli, "colleague", "edit", "carol", "--shifts", "Night", "--store", store)
    listed = ok(cli, "shift", "list", "--store", store).splitlines()
    assert listed[0].split() == ["SHIFT", "HOURS", "DAYS", "WHO"]
    assert listed[1].split() == ["Night", "22:00–06:00", "(overnight)", "fri-sun", "carol"]
    assert listed[-1] == "times in UTC"
    shifts = json.loads(ok(cli, "shift", "list", "--json", "--store", store))
    assert shifts == [
        {
            "name": "Night",
            "start": "22:00",
            "end": "06:00",
            "members": ["carol"],
            "days": ["fri", "sat", "sun"],
            "active": True,
        }
    ]
    assert ok(cli, "shift", "remove", "NIGHT", "--store", store) == "shift Night removed (it was worked by carol)\n"
    assert ok(cli, "shift", "list", "--store", store).startswith("no shifts yet")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["shift", "add", "Early", "--start", "7am", "--end", "15:00"], 1, "shift start: '7am' is not a time of day"),
        (["shift", "add", "Early", "--start", "07:00", "--end", "07:00"], 1, "the start and end are both 07:00"),
        (["shift", "add", "Early", "--start", "07:00", "--end", "15:00", "--days", "weekdays"], 1, "is not a day"),
        (["shift", "add", "Early\nLate", "--start", "07:00", "--end", "15:00"], 1, "shift name must be one line"),
        (["shift", "add", "Early", "--start", "07:00"], 2, "the following arguments are required: --end"),
        (["shift", "remove", "Early"], 1, "no shift 'Early'; the shifts are: none yet"),
        (["shift", "rename", "Early"], 2, "invalid choice: 'rename'"),
    ],
)
def test_shift_commands_refuse_bad_input(cli: Cli, store: str, argv: list[str], code: int, message: str) -> None:
    assert message in refused(cli, store, *argv, "--store", store, code=code)


def test_colleague_add_with_shifts_and_unix_then_edit(cli: Cli, roster: str) -> None:
    store = roster
    assert (
        ok(
            cli,
            "colleague",
            "add",
            "dana",
            "--name",
            "Dana Diaz",
            "--skills",
            "billing",
            "--shifts",
            "late",
            "--unix",
            "daemon,games",
            "--store",
            store,
        )
        == "colleague dana added: Dana Diaz, agent; skills billing; shifts Late; Unix daemon, games\n"
    )
    assert (
        ok(cli, "colleague", "edit", "dana", "--name", "Dana D", "--skills", "", "--store", store)
        == "colleague dana changed (name, skills): Dana D, agent; shifts Late; Unix daemon, games\n"
    )
    assert ok(cli, "colleague", "edit", "carol", "--role", "supervisor", "--store", store) == (
        "colleague carol changed (role): Carol Chen, supervisor; skills tech; shifts Late\n"
    )
    assert ok(cli, "colleague", "edit", "dana", "--shifts", "Late", "--store", store).startswith(
        "colleague dana unchanged: "
    )
    listed = {c["handle"]: c for c in json.loads(ok(cli, "colleague", "list", "--json", "--store", store))}
    assert (listed["dana"]["shifts"], listed["dana"]["unix"], listed["dana"]["protected"]) == (
        ["Late"],
        ["daemon", "games"],
        True,
    )
    assert (listed["alice"]["on_shift"], listed["carol"]["on_shift"]) == (True, False)  # Tuesday 14:00


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["colleague", "edit", "alice"], 2, "give what to change: --name, --role, --skills, --unix or --shifts"),
        (["colleague", "edit", "alice", "--role", "boss"], 2, "invalid choice: 'boss'"),
        (["colleague", "edit", "zed", "--name", "Zed"], 1, "no colleague 'zed'"),
        (["colleague", "edit", "alice", "--shifts", "Nights"], 1, "no shift 'Nights'; the shifts are: Early, Late"),
        (["colleague", "edit", "alice", "--unix", "a b"], 1, "--unix 'a b' is not a Unix account name"),
        (["colleague", "edit", "alice", "--name", "\x1b[2J"], 1, "name holds a control character (ESC)"),
        (["colleague", "deactivate"], 2, "the following arguments are required: HANDLE"),
        (["colleague", "reactivate", "zed"], 1, "no colleague 'zed'"),
        (["colleague", "add", "dan", "--name", "Dan", "--shifts", "Nope"], 1, "no shift 'Nope'"),
    ],
)
def test_colleague_commands_refuse_bad_input(cli: Cli, roster: str, argv: list[str], code: int, message: str) -> None:
    assert message in refused(cli, roster, *argv, "--store", roster, code=code)


def test_deactivate_and_reactivate(cli: Cli, store: str) -> None:
    hid = new_id(ok(cli, *add_args(store, to="carol")))
    assert (
        ok(cli, "colleague", "deactivate", "carol", "--store", store)
        == "colleague carol deactivated; 1 open handover still with them\n"
    )
    assert ok(cli, "colleague", "deactivate", "carol", "--store", store) == "colleague carol is already deactivated\n"
    assert "carol is deactivated" in refused(cli, store, "ack", hid, "--as", "carol", "--store", store)
    assert ok(cli, "colleague", "reactivate", "carol", "--store", store) == "colleague carol reactivated\n"


def test_once_a_supervisor_has_a_pin_only_a_supervisor_administers(cli: Cli, store: str) -> None:
    ok(cli, "colleague", "pin", "sam", "--store", store, stdin="246810\n")  # set-up still open: anyone may
    for argv in (
        ["shift", "add", "Early", "--start", "07:00", "--end", "15:00"],
        ["shift", "remove", "Early"],
        ["colleague", "edit", "bob", "--name", "Bobby"],
        ["settings", "set", "ack_within", "20m"],
        ["roster", "set", "bob", "--date", "tomorrow", "--off"],
        ["colleague", "deactivate", "bob"],
    ):
        assert "needs a supervisor; alice is not one" in refused(cli, store, *argv, "--as", "alice", "--store", store)
        assert "needs a supervisor: give --as" in refused(cli, store, *argv, "--store", store)
    ok(cli, "shift", "add", "Early", "--start", "07:00", "--end", "15:00", "--as", "sam", "--store", store,
       stdin="246810\n")  # fmt: skip
    assert "sam is the last supervisor with a Unix account or PIN" in refused(
        cli, store, "colleague", "deactivate", "sam", "--as", "sam", "--store", store, stdin="246810\n"
    )


def test_roster_set_and_show(cli: Cli, roster: str) -> None:
    store = roster
    assert (
        ok(cli, "roster", "set", "alice", "--date", "2026-12-24", "--off", "--store", store)
        == "roster: alice is off on Thu 2026-12-24 (one-off)\n"
    )
    assert (
        ok(cli, "roster", "set", "carol", "--date", "2026-12-24", "--shift", "early", "--store", store)
        == "roster: carol works Early on Thu 2026-12-24 (one-off)\n"
    )
    shown = ok(cli, "roster", "show", "--date", "2026-12-24", "--store", store).splitlines()
    assert shown[0] == "roster for Thu 2026-12-24 (times in UTC)"
    assert shown[1].split() == ["Early", "07:00–15:00", "bob,", "carol", "(one-off)"]
    assert shown[2].split() == ["Late", "15:00–23:00", "nobody"]
    assert shown[3] == "one-off changes: alice off; carol on Early"
    today = json.loads(ok(cli, "roster", "show", "--json", "--store", store))
    assert today["date"] == "2026-11-24" and today["timezone"] == "UTC"
    assert [(s["name"], s["members"], s["starts_at"]) for s in today["shifts"]] == [
        ("Early", ["alice", "bob"], "2026-11-24T07:00:00Z"),
        ("Late", ["carol"], "2026-11-24T15:00:00Z"),
    ]
    assert "← now" in ok(cli, "roster", "show", "--store", store).splitlines()[1]
    assert (
        ok(cli, "roster", "set", "alice", "--date", "2026-12-24", "--clear", "--store", store)
        == "roster: alice works as usual on Thu 2026-12-24 (Early)\n"
    )


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["roster", "set", "alice", "--date", "tomorrow"], 2, "one of the arguments --off --shift --clear is required"),
        (["roster", "set", "alice", "--date", "tomorrow", "--off", "--shift", "Late"], 2, "not allowed with argument"),
        (["roster", "set", "alice", "--off"], 2, "the following arguments are required: --date"),
        (["roster", "set", "alice", "--date", "24/12", "--off"], 1, "--date '24/12' is not a date"),
        (["roster", "set", "alice", "--date", "2028-01-01", "--off"], 1, "is not between yesterday and a year ahead"),
        (["roster", "set", "alice", "--date", "tomorrow", "--shift", "Nights"], 1, "no shift 'Nights'"),
        (["roster", "set", "zed", "--date", "tomorrow", "--off"], 1, "no colleague 'zed'"),
        (["roster", "show", "--date", "someday"], 1, "--date 'someday' is not a date"),
        # The calendar's last and first days have no next or previous one (an overnight shift ends on it):
        # once an OverflowError, a crash report instead of an answer.
        (["roster", "show", "--date", "9999-12-31"], 1, "--date 9999-12-31 is out of range"),
        (["roster", "show", "--date", "0001-01-01"], 1, "--date 0001-01-01 is out of range"),
        (["roster", "set", "alice", "--date", "9999-12-31", "--off"], 1, "--date 9999-12-31 is out of range"),
    ],
)
def test_roster_commands_refuse_bad_input(cli: Cli, roster: str, argv: list[str], code: int, message: str) -> None:
    assert message in refused(cli, roster, *argv, "--store", roster, code=code)


def test_settings_show_and_set(cli: Cli, store: str) -> None:
    shown = ok(cli, "settings", "show", "--store", store).splitlines()
    assert [line.split()[:2] for line in shown] == [
        ["ack_within", "15m"],
        ["lock_after", "5m"],
        ["archive_after", "7d"],
        ["retention", "90d"],
        ["timezone", "host"],
        ["require_read_back", "on"],
    ]
    assert ok(cli, "settings", "set", "ack_within", "20m", "--store", store) == "ack_within set to 20m\n"
    assert ok(cli, "settings", "set", "ack_within", "20m", "--store", store) == "ack_within is already 20m\n"
    assert ok(cli, "settings", "set", "TIMEZONE", "Europe/Paris", "--store", store) == "timezone set to Europe/Paris\n"
    assert ok(cli, "settings", "set", "require_read_back", "off", "--store", store) == "require_read_back set to off\n"
    settings = json.loads(ok(cli, "settings", "show", "--json", "--store", store))
    assert settings == {
        "ack_within": "20m",
        "lock_after": "5m",
        "archive_after": "7d",
        "retention": "90d",
        "timezone": "Europe/Paris",
        "require_read_back": "off",
        "timezone_in_use": "Europe/Paris",
    }
    # Times are shown in the store's zone from now on: 14:00 UTC is 15:00 in Paris.
    made = ok(cli, *add_args(store, "--due", "16:30"))
    assert made.endswith("due 16:30\n")
    assert json.loads(ok(cli, "show", new_id(made), "--json", "--store", store))["due"] == "2026-11-24T15:30:00Z"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["settings", "set", "ack_within", "20"], 1, "ack_within '20' is not a duration"),
        (["settings", "set", "ack_within", "3d"], 1, "ack_within must be between 1m and 1d"),
        (["settings", "set", "timezone", "Mars/Olympus"], 1, "'Mars/Olympus' is not a time zone this host knows"),
        (["settings", "set", "colour", "blue"], 1, "setting 'colour' is not a setting; choose from ack_within"),
        (["settings", "set", "retention"], 2, "the following arguments are required: VALUE"),
        (["settings", "change", "retention", "30d"], 2, "invalid choice: 'change'"),
    ],
)
def test_settings_commands_refuse_bad_input(cli: Cli, store: str, argv: list[str], code: int, message: str) -> None:
    assert message in refused(cli, store, *argv, "--store", store, code=code)


def test_add_and_reassign_warn_on_stderr_without_blocking(cli: Cli, roster: str) -> None:
    store = roster
    ok(cli, "service", "add", "refunds", "--skills", "refunds", "--store", store)
    made = cli(*add_args(store, "--service", "refunds", "--promise", "By Friday", to="carol"))
    assert made.code == 0 and made.out.startswith("H-1001 handed over to carol")
    assert made.err.splitlines() == [
        "shiftboard: warning: carol is off shift now (next on shift 15:00)",
        "shiftboard: warning: carol lacks the refunds skills: refunds",
    ]
    ok(cli, "colleague", "edit", "bob", "--skills", "refunds", "--store", store)
    quiet = cli("reassign", "H-1001", "--as", "alice", "--to", "bob", "--store", store)
    assert (quiet.code, quiet.err) == (0, "")  # on shift, with the skills: nothing to warn of


def test_hand_on_needs_a_note_and_tells_the_sender(cli: Cli, roster: str) -> None:
    store = roster
    hid = new_id(ok(cli, *add_args(store)))  # alice → bob
    ok(cli, "ack", hid, "--as", "bob", "--note", "On it", "--store", store)
    assert "handover note is required to hand H-1001 on" in refused(
        cli, store, "reassign", hid, "--as", "bob", "--to", "carol", "--store", store
    )
    handed = cli("reassign", hid, "--as", "bob", "--to", "carol", "--note", "Call after six", "--store", store)
    assert handed.out == f"{hid} reassigned to carol, awaiting acknowledgement; alice is told\n"
    assert handed.err == "shiftboard: warning: carol is off shift now (next on shift 15:00)\n"


def test_checklist_keep_and_sign_off(cli: Cli, roster: str, clock: FrozenClock) -> None:
    store = roster
    sent = new_id(ok(cli, *add_args(store)))  # H-1001 alice → bob
    held = new_id(ok(cli, *add_args(store, sender="bob", to="alice")))  # H-1002 bob → alice
    ok(cli, "ack", held, "--as", "alice", "--note", "On it", "--store", store)
    listed = ok(cli, "checklist", "--as", "alice", "--store", store).splitlines()
    assert listed[0] == "shift-change checklist for alice (Early): 07:00 to 14:00"
    assert listed[1] == "carried over, undecided (2)"
    assert listed[2].startswith(f"  {sent} · you sent it to bob · ○ awaiting ack · due in 2h — J.P.")
    assert listed[-1].startswith("2 undecided: hand over (reassign ID --to H --note N), keep (keep ID --note N)")
    assert ok(cli, "keep", sent, "--as", "alice", "--note", "I chase bob", "--store", store) == (
        f"{sent} kept by alice over the shift change\n"
    )
    ok(cli, "reassign", held, "--as", "alice", "--to", "carol", "--note", "Ring her at 5", "--store", store)
    checklist = json.loads(ok(cli, "checklist", "--as", "alice", "--json", "--store", store))
    assert [(i["id"], i["decision"], i["detail"]) for i in checklist["items"]] == [
        (sent, "kept", "I chase bob"),
        (held, "handed over", "to carol: Ring her at 5"),
    ]
    clock.advance(minutes=30)
    notes = ok(cli, "sign-off", "--as", "alice", "--store", store).splitlines()
    assert notes == [
        "shift notes for alice, signed off (Early): 07:00 to 14:30",
        "handed over (1)",
        f"  {held} · to carol: Ring her at 5 — J.P.",
        "kept (1)",
        f"  {sent} · I chase bob — J.P.",
    ]
    clock.advance(minutes=5)
    again = json.loads(ok(cli, "checklist", "--as", "alice", "--json", "--store", store))
    assert again["carried_over"] == [sent] and again["since"] == "2026-11-24T14:30:00Z"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["keep", "H-1001", "--as", "alice"], 2, "the following arguments are required: --note"),
        (["keep", "H-1001", "--as", "carol", "--note", "mine"], 1, "only they can keep it over their shift change"),
        (["keep", "H-9999", "--as", "alice", "--note", "x"], 1, "no handover 'H-9999'"),
        (["keep", "H-1001", "--as", "alice", "--note", " "], 1, "note is required"),
        (["checklist", "--as", "zed"], 1, "no colleague 'zed'"),
        (["checklist"], 2, "--as HANDLE is required"),
        (["sign-off", "--as", "zed"], 1, "no colleague 'zed'"),
        (["sign-off", "--as", "alice", "--now"], 2, "unrecognized arguments: --now"),
    ],
)
def test_shift_change_commands_refuse_bad_input(cli: Cli, store: str, argv: list[str], code: int, message: str) -> None:
    ok(cli, *add_args(store))  # H-1001 alice → bob
    assert message in refused(cli, store, *argv, "--store", store, code=code)


def test_none_of_these_commands_imports_textual(tmp_path: pytest.TempPathFactory) -> None:
    script = f"""
import sys
from shiftboard.cli import main
store = {str(tmp_path)!r} + "/team"
runs = [
    ["shift", "add", "Early", "--start", "07:00", "--end", "15:00"], ["shift", "list"],
    ["colleague", "add", "alice", "--name", "A", "--shifts", "Early"], ["colleague", "add", "bob", "--name", "B"],
    ["colleague", "edit", "bob", "--shifts", "Early"], ["roster", "set", "bob", "--date", "tomorrow", "--off"],
    ["roster", "show"], ["settings", "set", "ack_within", "20m"], ["settings", "show"],
    ["add", "--as", "alice", "--to", "bob", *{list(ADD)!r}], ["keep", "H-1001", "--as", "alice", "--note", "n"],
    ["checklist", "--as", "alice"], ["sign-off", "--as", "alice"], ["colleague", "deactivate", "bob"],
]
codes = [main([*argv, "--store", store]) for argv in runs]
loaded = [name for name in sys.modules if name.startswith(("textual", "shiftboard.tui"))]
print(codes, loaded, file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr.strip().splitlines()[-1] == f"{[0] * 14} []", done.stderr

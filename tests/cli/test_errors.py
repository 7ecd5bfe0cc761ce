"""Exit status 2 for usage errors, 1 for refused or invalid requests: one line on stderr, nothing written."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from shiftboard.services import Desk

from .conftest import Cli
from .helpers import add_args, files, new_id

USAGE = [
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["list", "--colour"], "unrecognized arguments: --colour"),
    (["list", "--stat", "pending"], "unrecognized arguments: --stat"),  # no abbreviations: scripts stay stable
    (["add", "--as", "alice", "--to", "bob"], "the following arguments are required: --customer"),
    (["ack"], "the following arguments are required: ID"),
    (["colleague"], "the following arguments are required: ACTION"),
    (["colleague", "add", "dana", "--name", "Dana", "--role", "boss"], "argument --role: invalid choice: 'boss'"),
    (["service", "add", "x", "--when", "sometimes"], "argument --when: invalid choice: 'sometimes'"),
    (["list", "--status", "late"], "argument --status: invalid choice: 'late'"),
    (["demo", "--open", "lots"], "argument --open: invalid int value: 'lots'"),
]


@pytest.mark.parametrize(("argv", "says"), USAGE)
def test_usage_errors_exit_2_with_one_line(cli: Cli, store: str, argv: list[str], says: str) -> None:
    before = files(store)
    result = cli(*argv, "--store", store)
    assert result.code == 2
    line = result.one_error_line()
    assert line.startswith("shiftboard") and says in line
    assert files(store) == before


@pytest.mark.parametrize(
    ("option", "value"), [("--priority", "extreme"), ("--channel", "pigeon"), ("--informed", "maybe")]
)
def test_a_value_outside_the_fixed_choices_is_a_usage_error(cli: Cli, store: str, option: str, value: str) -> None:
    before = files(store)
    result = cli(*add_args(store, option, value))
    assert result.code == 2
    assert f"argument {option}: invalid choice: '{value}'" in result.one_error_line()
    assert files(store) == before


def test_a_missing_as_is_a_usage_error_unless_this_account_is_a_colleagues(cli: Cli, store: str) -> None:
    result = cli("ack", "H-1001", "--store", store)
    assert result.code == 2
    account = pwd.getpwuid(os.getuid()).pw_name
    assert (
        result.one_error_line()
        == f"shiftboard ack: --as HANDLE is required (the Unix account {account} is no colleague's)"
    )


def _refusals(store: str, hid: str) -> list[tuple[list[str], str]]:
    return [
        (add_args(store, "--due", "soonish"), "shiftboard: --due cannot be read: 'soonish'"),
        (add_args(store, "--due", "25:99"), "shiftboard: --due is not a time of day: '25:99'"),
        (add_args(store, to="zed"), "shiftboard: --to is not a colleague: 'zed'"),
        (add_args(store, to="alice"), "shiftboard: --to is yourself: you cannot hand over to yourself"),
        (add_args(store, sender="zed"), "shiftboard: no colleague 'zed'"),
        (add_args(store, "--service", "teleport"), "shiftboard: --service is not a service: 'teleport'"),
        (add_args(store, "--answer", "one=yes"), "shiftboard: --answer 'one=yes': write it as N=TEXT"),
        (add_args(store, "--answer", "1=yes"), "shiftboard: --answer 1 has no prompt: the general service has 0"),
        (add_args(store, "--keeps", "x" * 2001), "shiftboard: --keeps is too long: 2,001 characters"),
        (add_args(store, "--summary", "  "), "shiftboard: --summary is required"),
        (["ack", "H-9999", "--as", "bob", "--note", "On it", "--store", store], "shiftboard: no handover 'H-9999'"),
        (
            ["ack", "banana", "--as", "bob", "--note", "On it", "--store", store],
            "shiftboard: 'banana' is not a handover id (like H-1042)",
        ),
        (
            ["ack", hid, "--as", "carol", "--note", "On it", "--store", store],
            f"shiftboard: {hid} is handed to bob; only bob or a supervisor",
        ),
        (
            ["done", hid, "--as", "bob", "--outcome", "x", "--store", store],
            f"shiftboard: {hid} is awaiting acknowledgement",
        ),
        (["verify-close", hid, "--as", "alice", "--store", store], f"shiftboard: {hid} is awaiting ack"),
        (
            ["reassign", hid, "--as", "alice", "--to", "bob", "--store", store],
            f"shiftboard: {hid} is already handed to bob",
        ),
        (["reassign", hid, "--as", "alice", "--to", "zed", "--store", store], "shiftboard: no colleague 'zed'"),
        (["flag", hid, "--as", "bob", "--note", "n", "--store", store], f"shiftboard: {hid} was handed over by alice"),
        (
            ["flag", hid, "--as", "alice", "--note", "n", "--check", "later", "--store", store],
            "shiftboard: check cannot be read",
        ),
        (["unflag", hid, "--as", "alice", "--store", store], f"shiftboard: {hid} is not flagged for follow-up"),
        (["query", hid, "--as", "bob", "--note", " ", "--store", store], "shiftboard: question is required"),
        (
            ["comment", hid, "--as", "bob", "--note", "\x07", "--store", store],
            "shiftboard: comment holds a control character",
        ),
        (["show", "H-4242", "--store", store], "shiftboard: no handover 'H-4242'"),
        (["list", "--to", "bob", "--store", store + "-missing"], "shiftboard: no store at"),
        (
            ["colleague", "add", "bob", "--name", "Bob Again", "--store", store],
            "shiftboard: colleague 'bob' already exists",
        ),
        (
            ["colleague", "add", "Bad Handle", "--name", "X", "--store", store],
            "shiftboard: handle 'bad handle': use 1-32",
        ),
        (["service", "add", "x", "--require", "mood", "--store", store], "shiftboard: --require 'mood': choose from"),
        (["demo", "--store", store], f"shiftboard: {store} already holds a board"),
        (
            ["demo", "--open", "-1", "--store", store + "-new"],
            "shiftboard: --open and --archived take a count of 0 or more",
        ),
    ]


def test_refused_requests_exit_1_with_one_line_and_write_nothing(cli: Cli, store: str) -> None:
    hid = new_id(cli(*add_args(store)).out)
    before = files(store)
    for argv, says in _refusals(store, hid):
        result = cli(*argv)
        assert result.code == 1, (argv, result)
        assert result.one_error_line().startswith(says), (argv, result.err)
        assert files(store) == before, argv
    assert not Path(store + "-missing").exists() and not Path(store + "-new").exists()


def test_a_control_character_is_refused_naming_the_option(cli: Cli, store: str) -> None:
    before = files(store)
    for option in ("--summary", "--customer", "--action", "--prefs"):
        result = cli(*add_args(store, option, "red \x1b[31m alert"))
        assert result.code == 1
        assert result.one_error_line().startswith(f"shiftboard: {option} holds a control character")
        assert "control character (ESC)" in result.err and "\x1b" not in result.err
    assert files(store) == before


def test_a_refused_first_colleague_leaves_no_store_behind(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    result = cli("colleague", "add", "9lives", "--name", "Cat", "--store", str(fresh))
    assert result.code == 1 and "handle '9lives'" in result.one_error_line()
    assert not fresh.exists()


def test_a_missing_store_points_a_real_team_to_init_not_only_to_the_demo(cli: Cli, tmp_path: Path) -> None:
    """The demo fills a store with made-up people and customers: a team starting for real wants `init`."""
    missing = tmp_path / "missing"
    result = cli("list", "--store", str(missing))
    assert result.code == 1
    assert result.one_error_line() == (
        f"shiftboard: no store at {missing}; start a team's with: shiftboard init --supervisor HANDLE --name NAME "
        f"--store {missing} (or try the demo: shiftboard demo --store {missing})"
    )
    assert not missing.exists()


def test_a_world_writable_store_is_refused_with_the_fix(cli: Cli, store: str) -> None:
    os.chmod(store, 0o777)
    try:
        result = cli("list", "--store", store)
    finally:
        os.chmod(store, 0o700)
    assert result.code == 1
    assert f"fix it with: chmod o-w {store}" in result.one_error_line()


def test_a_tampered_store_fails_verify_naming_the_place(cli: Cli, store: str) -> None:
    cli(*add_args(store))
    log = next(Path(store, "log").iterdir())
    log.write_bytes(log.read_bytes().replace(b"Refund not received", b"Refund not receivad"))
    result = cli("verify", "--store", store)
    assert result.code == 1
    assert result.one_error_line().startswith(f"shiftboard: verify failed: log/{log.name} line ")


def test_interrupted_exits_130_quietly(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Desk, "acknowledge", interrupted)
    result = cli("ack", "H-1001", "--as", "bob", "--note", "On it", "--store", store)
    assert (result.code, result.out, result.err) == (130, "", "")


def test_an_unexpected_error_is_one_line_without_its_message(
    cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Ms J. Patel, 07700 900018")  # a bug's message may hold customer data

    monkeypatch.delenv("SHIFTBOARD_DEBUG", raising=False)
    monkeypatch.setattr(Desk, "acknowledge", broken)
    result = cli("ack", "H-1001", "--as", "bob", "--note", "On it", "--store", store)
    assert result.code == 1
    line = result.one_error_line()
    assert line.startswith("shiftboard: unexpected error (ValueError); crash report: ")
    report = Path(line.split("crash report: ", 1)[1])
    assert report.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))  # the user's own state directory
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text()
    assert "ValueError" in text and " in broken" in text and "test_errors.py:" in text  # where, not what
    assert "Patel" not in text and "07700" not in text and "Patel" not in result.err

"""Which store (--store, SHIFTBOARD_STORE, the user data dir) and who acts (--as, $USER, a PIN)."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest

from shiftboard.cli import identity
from shiftboard.locations import store_path

from .conftest import Cli
from .helpers import ADD, add_args, files, new_id


def test_store_is_found_in_the_documented_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store_path("/a", {"SHIFTBOARD_STORE": "/b"}) == Path("/a")
    assert store_path(None, {"SHIFTBOARD_STORE": "/b"}) == Path("/b")
    assert store_path(None, {"SHIFTBOARD_STORE": "  "}) == tmp_path / "data" / "shiftboard" / "store"
    assert store_path(None, {}) == tmp_path / "data" / "shiftboard" / "store"


def test_store_option_before_or_after_the_command(cli: Cli, store: str, tmp_path: Path) -> None:
    assert cli("--store", store, "colleague", "list", "--json").code == 0
    assert cli("colleague", "list", "--json", "--store", store).code == 0
    assert cli("--store", str(tmp_path / "elsewhere"), "list", "--store", store).code == 0  # the later one counts
    made = cli("--store", store, "--as", "alice", "add", "--to", "bob", *ADD)  # --as before the command too
    assert made.code == 0 and made.out.startswith("H-1001 ")


def test_environment_variable_then_user_data_dir(
    cli: Cli, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHIFTBOARD_STORE", store)
    assert len(json.loads(cli("colleague", "list", "--json").out)) == 4
    monkeypatch.delenv("SHIFTBOARD_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli("colleague", "add", "dana", "--name", "Dana").code == 0
    assert (tmp_path / "data" / "shiftboard" / "store" / "log").is_dir()
    assert [c["handle"] for c in json.loads(cli("colleague", "list", "--json").out)] == ["dana"]


ME = pwd.getpwuid(os.getuid()).pw_name  # the account these tests run as


def test_as_may_be_left_out_when_this_unix_account_is_a_colleagues(
    cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hid = new_id(cli(*add_args(store)).out)
    monkeypatch.setenv("USER", "alice")  # never read: anyone can set it
    refused = cli("ack", hid, "--note", "On it", "--store", store)
    assert refused.code == 2
    assert (
        refused.one_error_line() == f"shiftboard ack: --as HANDLE is required (the Unix account {ME} is no colleague's)"
    )
    assert cli("colleague", "add", "dana", "--name", "Dana", "--unix", ME, "--store", store).code == 0
    hid = new_id(cli(*add_args(store, to="dana")).out)
    acked = cli("ack", hid, "--note", "On it", "--store", store)
    assert (acked.code, acked.out) == (0, f"{hid} acknowledged by dana\n")
    assert cli("done", hid, "--as", "alice", "--outcome", "x", "--store", store).code == 1  # --as wins


def test_a_unix_account_is_one_colleagues(cli: Cli, store: str) -> None:
    assert cli("colleague", "add", "dana", "--name", "Dana", "--unix", ME, "--store", store).code == 0
    twice = cli("colleague", "add", "erin", "--name", "Erin", "--unix", ME, "--store", store)
    assert twice.code == 1 and twice.one_error_line() == f"shiftboard: the Unix account {ME} is already dana's"
    nobody = cli("colleague", "add", "erin", "--name", "Erin", "--unix", "no-such-account-9", "--store", store)
    assert nobody.code == 1
    assert (
        nobody.one_error_line() == "shiftboard: --unix 'no-such-account-9': there is no such Unix account on this host"
    )


def test_a_colleague_with_a_pin_is_asked_for_it(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(identity.time, "sleep", waits.append)
    assert cli("colleague", "add", "dana", "--name", "Dana", "--pin", "--store", store, stdin="864213\n").code == 0
    hid = new_id(cli(*add_args(store, to="dana")).out)
    before = files(store)

    wrong = cli("ack", hid, "--as", "dana", "--note", "On it", "--store", store, stdin="123456\n")
    assert wrong.code == 1
    assert wrong.one_error_line() == "shiftboard: wrong PIN for dana (4 more before a 15-minute lock-out)"
    assert waits == [1.0]
    after_wrong = files(store)
    assert after_wrong != before  # the failure is counted in the store, for every process to see
    silent = cli("ack", hid, "--as", "dana", "--note", "On it", "--store", store, stdin="")
    assert silent.code == 1
    assert (
        silent.one_error_line()
        == "shiftboard: PIN for dana is needed: type it when asked, or give it on standard input"
    )
    assert files(store) == after_wrong

    right = cli("ack", hid, "--as", "dana", "--note", "On it", "--store", store, stdin="864213\n")
    assert (right.code, right.out) == (0, f"{hid} acknowledged by dana\n")


def test_a_protected_colleague_without_a_pin_is_acted_as_only_from_their_account(cli: Cli, store: str) -> None:
    assert cli("colleague", "add", "dana", "--name", "Dana", "--unix", "nobody", "--store", store).code == 0
    hid = new_id(cli(*add_args(store, to="dana")).out)
    before = files(store)
    refused = cli("ack", hid, "--as", "dana", "--note", "On it", "--store", store)
    assert refused.code == 1
    assert refused.one_error_line() == (
        f"shiftboard: dana is protected: only their Unix account (nobody) can act as them, and this is {ME}"
    )
    assert files(store) == before


def test_a_pin_prompt_on_a_terminal_does_not_echo(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return "975310"

    monkeypatch.setattr(identity.getpass, "getpass", getpass)
    monkeypatch.setattr(identity, "interactive", lambda: True)
    assert cli("colleague", "add", "erin", "--name", "Erin", "--pin", "--store", store).code == 0
    assert asked == ["new PIN for erin: ", "the same PIN again: "]
    hid = new_id(cli(*add_args(store, to="erin")).out)
    assert cli("ack", hid, "--as", "erin", "--note", "On it", "--store", store).code == 0
    assert asked[-1] == "PIN for erin: "


def test_two_different_new_pins_change_nothing(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["111111", "222222"])
    monkeypatch.setattr(identity.getpass, "getpass", lambda prompt: next(typed))
    monkeypatch.setattr(identity, "interactive", lambda: True)
    before = files(store)
    result = cli("colleague", "add", "erin", "--name", "Erin", "--pin", "--store", store)
    assert result.code == 1 and result.one_error_line() == "shiftboard: the two PINs differ; nothing was changed"
    assert files(store) == before


def test_the_board_opens_signed_in_or_at_the_sign_in_screen(
    cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr("shiftboard.tui.app.run_board", lambda desk, user, caller: opened.append(user) or 0)
    assert cli("--store", store, "--as", "carol").code == 0
    monkeypatch.setenv("USER", "bob")  # not read
    assert cli("--store", store).code == 0
    assert cli("colleague", "add", "dana", "--name", "Dana", "--unix", ME, "--store", store).code == 0
    assert cli("--store", store).code == 0
    assert opened == ["carol", None, "dana"]
    refused = cli("--store", store, "--as", "zed")
    assert refused.code == 1 and refused.one_error_line() == "shiftboard: no colleague 'zed'"
    assert opened == ["carol", None, "dana"]

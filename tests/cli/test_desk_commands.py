"""The sender's and the supervisor's commands: inbox, take-back, withdraw, reopen, undo; and the small
command-line fixes (list's open default and --all, an unknown colleague, --version, the read-back and
"customer told" rules, serve on a busy port)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shiftboard import __version__
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .conftest import Cli
from .helpers import ME, add_args, files, new_id


def made(cli: Cli, store: str, *extra: str, sender: str = "alice", to: str = "bob") -> str:
    result = cli(*add_args(store, *extra, sender=sender, to=to))
    assert result.code == 0, result.err
    return new_id(result.out)


def test_inbox_lists_what_needs_you_each_with_why(cli: Cli, store: str, clock: FrozenClock) -> None:
    to_alice = made(cli, store, sender="bob", to="alice")
    queried = made(cli, store)
    assert cli("query", queried, "--as", "bob", "--note", "Which order?", "--store", store).code == 0
    late = made(cli, store)
    clock.advance(minutes=20)
    out = cli("inbox", "--as", "alice", "--store", store).out.splitlines()
    assert out[0] == f"{to_alice} awaiting your ack · bob → alice · J.P. · due 16:00 (in 1h40m)"
    assert out[1] == "    from bob"
    assert out[2].startswith(f"{queried} query to answer · alice → bob")
    assert out[3] == "    bob asks: Which order?"
    assert out[4].startswith(f"{late} your handover's ack is late")
    assert out[5] == "    bob, waiting 20m"
    assert out[-1] == "3 cards need alice"
    assert cli("inbox", "--as", "carol", "--store", store).out == "Nothing needs carol now.\n"


def test_inbox_json_gives_each_card_its_reasons_and_record(cli: Cli, store: str, desk: Desk) -> None:
    hid = made(cli, store)
    cli("ack", hid, "--as", "bob", "--note", "On it", "--store", store)
    cli("done", hid, "--as", "bob", "--outcome", "Refunded", "--store", store)
    found = json.loads(cli("inbox", "--as", "alice", "--json", "--store", store).out)
    assert [(item["id"], item["why"]) for item in found] == [(hid, ["done — verify"])]
    assert found[0]["reasons"][0]["detail"] == "bob: Refunded"
    desk.refresh()
    assert found[0]["handover"] == desk.store.state.get("handover", hid)
    assert json.loads(cli("inbox", "--as", "carol", "--json", "--store", store).out) == []


def test_take_back_then_done_closes_without_verification(cli: Cli, store: str) -> None:
    hid = made(cli, store)
    cli("ack", hid, "--as", "bob", "--note", "On it", "--store", store)
    cli("unable", hid, "--as", "bob", "--reason", "No access", "--store", store)
    taken = cli("take-back", hid, "--as", "alice", "--store", store)
    assert (taken.code, taken.out) == (0, f"{hid} taken back: alice holds it now (done closes it)\n")
    finished = cli("done", hid, "--as", "alice", "--outcome", "Called her myself", "--store", store)
    assert (finished.code, finished.out) == (0, f"{hid} marked done and closed: taken back, nobody verifies\n")
    record = json.loads(cli("show", hid, "--json", "--store", store).out)
    assert (record["status"], record["to"], record["closed_by"]) == ("closed", "alice", "alice")
    assert [e["kind"] for e in record["events"]][-2:] == ["take-back", "done"]


def test_withdraw_and_reopen_with_their_reasons(cli: Cli, store: str) -> None:
    hid = made(cli, store)
    withdrawn = cli("withdraw", hid, "--as", "alice", "--reason", "Duplicate of H-1", "--store", store)
    assert (withdrawn.code, withdrawn.out) == (0, f"{hid} withdrawn\n")
    shown = cli("show", hid, "--store", store).out
    assert shown.startswith(f"{hid} · ■ closed — withdrawn · normal priority")
    assert "withdrawn because\n  Duplicate of H-1" in shown
    assert f"alice withdrew it (closed, not done) (unix: {ME}); reason: “Duplicate of H-1”" in shown
    reopened = cli("reopen", hid, "--as", "sam", "--reason", "Not a duplicate", "--store", store)
    assert (reopened.code, reopened.out) == (0, f"{hid} reopened: with bob, awaiting acknowledgement\n")
    assert (
        f"sam reopened it for bob (for alice) (unix: {ME}); reason: “Not a duplicate”"
        in cli("show", hid, "--store", store).out
    )


ONLY_ALICE = "{hid} was handed over by alice; only alice or a supervisor can"
REFUSED = [
    (["withdraw", "{hid}", "--as", "bob", "--reason", "r"], f"{ONLY_ALICE} withdraw it"),
    (["take-back", "{hid}", "--as", "carol"], f"{ONLY_ALICE} take it back"),
    (
        ["reopen", "{hid}", "--as", "alice", "--reason", "r"],
        "{hid} is awaiting acknowledgement, not closed; only a closed handover can be reopened",
    ),
    (
        ["undo", "{hid}", "--as", "alice"],
        "{hid} has no action to undo; handing it over cannot be undone: withdraw it instead",
    ),
    (["withdraw", "{hid}", "--as", "alice", "--reason", " "], "reason is required"),
]


@pytest.mark.parametrize(("argv", "says"), REFUSED)
def test_the_new_moves_are_refused_with_the_domains_reason(cli: Cli, store: str, argv: list[str], says: str) -> None:
    hid = made(cli, store)
    before = files(store)
    result = cli(*[part.format(hid=hid) for part in argv], "--store", store)
    assert result.code == 1
    assert result.one_error_line() == f"shiftboard: {says.format(hid=hid)}"
    assert files(store) == before


def test_missing_reasons_are_usage_errors(cli: Cli, store: str) -> None:
    hid = made(cli, store)
    for verb in ("withdraw", "reopen"):
        result = cli(verb, hid, "--as", "alice", "--store", store)
        assert result.code == 2 and "the following arguments are required: --reason" in result.one_error_line()


def test_undo_your_own_last_action_within_two_minutes(cli: Cli, store: str, clock: FrozenClock) -> None:
    hid = made(cli, store)
    cli("ack", hid, "--as", "bob", "--note", "On it", "--store", store)
    refused = cli("undo", hid, "--as", "alice", "--store", store)
    assert refused.code == 1 and "you can undo only your own" in refused.err
    clock.advance(minutes=1)
    undone = cli("undo", hid, "--as", "bob", "--store", store)
    assert (undone.code, undone.out) == (0, f"{hid}: undone “acknowledged”; now awaiting ack\n")
    record = json.loads(cli("show", hid, "--json", "--store", store).out)
    assert (record["status"], record["acknowledged_by"], [e["kind"] for e in record["events"]]) == (
        "pending",
        None,
        ["create", "ack", "undo"],
    )
    cli("ack", hid, "--as", "bob", "--note", "On it, really", "--store", store)
    clock.advance(minutes=3)
    late = cli("undo", hid, "--as", "bob", "--store", store)
    assert late.code == 1 and "is more than 2 minutes old" in late.err


def test_the_read_back_is_required_while_require_read_back_is_on(cli: Cli, store: str) -> None:
    hid = made(cli, store)
    before = files(store)
    result = cli("ack", hid, "--as", "bob", "--store", store)
    assert result.code == 1
    assert (
        result.one_error_line()
        == "shiftboard: --note (the read-back) is required: say the action back in your own words"
    )
    assert files(store) == before
    assert cli("ack", hid, "--as", "bob", "--note", "I call her", "--store", store).code == 0


def test_customer_told_must_be_given_and_no_needs_a_note(cli: Cli, store: str) -> None:
    base = ["add", "--store", store, "--as", "alice", "--to", "bob", "--customer", "Ann", "--contact", "0123"]
    base += ["--summary", "s", "--taken", "t", "--action", "a"]
    before = files(store)
    missing = cli(*base)
    assert missing.code == 2 and "the following arguments are required: --informed" in missing.one_error_line()
    bare_no = cli(*base, "--informed", "no")
    assert bare_no.one_error_line() == "shiftboard: --informed-note is required when the customer was not told: say why"
    assert bare_no.code == 1 and files(store) == before
    assert cli(*base, "--informed", "no", "--informed-note", "Voicemail only").code == 0


def test_help_says_what_customer_told_and_channel_mean(cli: Cli, store: str) -> None:
    text = " ".join(cli("add", "--help").out.split())
    assert "--channel {verbal,phone,email,crm,note} how the information was passed between colleagues (note)" in text
    assert "--informed {yes,no} was the customer told of the transfer and given the new point of contact?" in text


def test_list_shows_open_handovers_unless_all_or_archived(cli: Cli, store: str) -> None:
    open_one = made(cli, store)
    closed = made(cli, store)
    cli("withdraw", closed, "--as", "alice", "--reason", "Duplicate", "--store", store)

    def ids(*argv: str) -> list[str]:
        return [row["id"] for row in json.loads(cli("list", "--json", "--store", store, *argv).out)]

    assert ids() == [open_one]
    assert ids("--all") == [open_one, closed]
    assert ids("--archived") == [closed]
    assert ids("--status", "closed") == [closed]
    table = cli("list", "--store", store).out
    assert open_one in table and closed not in table and table.endswith("1 handover\n")
    # A closed card is due nothing any more: its due time without "(in 2h)", in the listing and in show.
    listed = {line.split()[0]: line for line in cli("list", "--all", "--store", store).out.splitlines()[1:-1]}
    assert "(in 2h)" in listed[open_one] and "(in " not in listed[closed] and "16:00" in listed[closed]
    shown = cli("show", closed, "--store", store).out.splitlines()
    assert shown[2] == "due        16:00 (closed)"


@pytest.mark.parametrize("option", ["--to", "--from"])
def test_list_for_an_unknown_colleague_is_refused(cli: Cli, store: str, option: str) -> None:
    result = cli("list", option, "nobody", "--store", store)
    assert result.code == 1 and result.one_error_line() == "shiftboard: no colleague 'nobody'"


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert (result.code, result.out, result.err) == (0, f"shiftboard {__version__}\n", "")


def test_show_dates_history_older_than_today(cli: Cli, store: str, clock: FrozenClock, tmp_path: Path) -> None:
    hid = made(cli, store)
    clock.advance(days=1)
    cli("comment", hid, "--as", "carol", "--note", "Any news?", "--store", store)
    history = cli("show", hid, "--store", store).out.split("history\n")[1].splitlines()
    assert history == [
        f"  2026-11-24 14:00  alice handed it over to bob (unix: {ME})",
        f"  14:00             carol commented (unix: {ME}); comment: “Any news?”",
    ]

"""The whole loop a person runs, and every command's success path and output."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from shiftboard.cli import output
from shiftboard.domain.clock import FrozenClock
from shiftboard.services import Desk

from .conftest import Cli
from .helpers import ME, add_args, new_id


def test_the_issue_loop_from_demo_to_a_verified_close(cli: Cli, tmp_path: Path) -> None:
    team = str(tmp_path / "team")
    assert cli("demo", "--store", team).code == 0
    added = cli("colleague", "add", "carol", "--name", "Carol Jones", "--skills", "billing,refunds", "--store", team)
    assert added.code == 0, added.err
    made = cli(
        *add_args(team, "--due", "17:30", "--priority", "high", "--channel", "phone", "--informed", "yes", to="carol")
    )
    assert made.code == 0, made.err
    hid = new_id(made.out)
    assert hid == "H-1001"  # as in the issue's walk-through: demo cards are H-1 ... H-35
    assert made.out.startswith(f"{hid} handed over to carol, due 17:30")
    assert cli("ack", hid, "--as", "carol", "--note", "Call her with the trace number", "--store", team).code == 0
    assert cli("done", hid, "--as", "carol", "--outcome", "Trace number given", "--store", team).code == 0
    closed = cli("verify-close", hid, "--as", "alice", "--store", team)
    assert (closed.code, closed.out) == (0, f"{hid} verified and closed\n")

    shown = cli("show", hid, "--json", "--store", team)
    record = json.loads(shown.out)
    assert (record["id"], record["from"], record["to"], record["status"]) == (hid, "alice", "carol", "closed")
    assert record["priority"] == "high" and record["channel"] == "phone" and record["customer_informed"] is True
    assert record["read_back"] == "Call her with the trace number" and record["outcome"] == "Trace number given"
    assert record["customer"]["name"] == "Ms J. Patel"
    assert [e["kind"] for e in record["events"]] == ["create", "ack", "done", "verify"]
    assert [e["actor"] for e in record["events"]] == ["alice", "carol", "carol", "alice"]
    assert all({"seq", "at", "actor", "kind"} <= set(e) for e in record["events"])
    checked = cli("verify", "--store", team)
    assert checked.code == 0 and "verified" in checked.out, checked.err


def test_json_is_what_the_store_holds(cli: Cli, store: str, desk: Desk) -> None:
    hid = new_id(cli(*add_args(store)).out)
    desk.refresh()
    row = desk.store.state.get("handover", hid)
    assert json.loads(cli("show", hid, "--json", "--store", store).out) == row
    assert json.loads(cli("list", "--json", "--store", store).out) == [row]


def test_every_step_of_the_lifecycle(cli: Cli, store: str) -> None:
    hid = new_id(cli(*add_args(store)).out)

    def ok(*argv: str) -> str:
        result = cli(*argv, "--store", store)
        assert result.code == 0, result.err
        assert all(line.startswith("shiftboard: warning: ") for line in result.err.splitlines())  # off shift
        return result.out

    assert (
        ok("query", hid, "--as", "bob", "--note", "Which card?") == f"{hid} queried: back to alice with the question\n"
    )
    assert (
        ok("comment", hid, "--as", "alice", "--note", "The Visa")
        == f"{hid} answered: back to bob, awaiting acknowledgement\n"
    )
    assert ok("comment", hid, "--as", "carol", "--note", "Any news?") == f"{hid} comment added\n"
    assert (
        ok("flag", hid, "--as", "alice", "--note", "Check by 3", "--check", "30m")
        == f"{hid} flagged for follow-up, check at 14:30\n"
    )
    assert ok("unflag", hid, "--as", "alice") == f"{hid}: cleared the follow-up flag\n"
    assert ok("ack", hid, "--as", "sam", "--note", "On it") == f"{hid} acknowledged by sam for bob\n"
    assert (
        ok("unable", hid, "--as", "bob", "--reason", "No access")
        == f"{hid} marked unable: alice to reassign it or take it back\n"
    )
    assert (
        ok("reassign", hid, "--as", "alice", "--to", "carol")
        == f"{hid} reassigned to carol, awaiting acknowledgement\n"
    )
    assert ok("ack", hid, "--as", "carol", "--note", "On it") == f"{hid} acknowledged by carol\n"
    assert ok("done", hid, "--as", "carol", "--outcome", "Sorted") == f"{hid} marked done: alice to verify and close\n"
    record = json.loads(ok("show", hid, "--json"))
    kinds = ["create", "query", "answer", "comment", "flag", "unflag", "ack", "unable", "reassign", "ack", "done"]
    assert [e["kind"] for e in record["events"]] == kinds
    assert record["events"][6]["for"] == "bob"


def test_add_prints_the_id_first_and_takes_every_option(cli: Cli, store: str) -> None:
    extra = ["--ref", "ACC-1", "--prefs", "E-mail only", "--promise", "Call by 5", "--contingency", "If not, ring sam"]
    extra += ["--keeps", "The letter", "--due", "tomorrow 09:00", "--priority", "urgent", "--channel", "crm"]
    extra += ["--informed", "yes", "--informed-note", "Told her Bob calls", "--check", "1h"]
    made = cli(*add_args(store, *extra))
    assert made.code == 0, made.err
    assert made.out == "H-1001 handed over to bob, due Wed 09:00\n"
    assert made.err == "shiftboard: warning: bob is off shift now\n"  # warned, not refused
    record = json.loads(cli("show", "H-1001", "--json", "--store", store).out)
    assert record["customer"] == {
        "name": "Ms J. Patel",
        "contact": "07700 900018",
        "ref": "ACC-1",
        "preferences": "E-mail only",
    }
    assert (record["promises"], record["contingency"], record["sender_keeps"]) == (
        "Call by 5",
        "If not, ring sam",
        "The letter",
    )
    assert (record["priority"], record["channel"], record["informed_note"]) == ("urgent", "crm", "Told her Bob calls")
    assert record["due"] == "2026-11-25T09:00:00Z" and record["check_at"] == "2026-11-24T15:00:00Z"


def test_a_service_template_asks_for_its_answers(cli: Cli, store: str) -> None:
    made = cli(
        "service",
        "add",
        "refunds",
        "--skills",
        "billing,refunds",
        "--prompt",
        "Refund ticket number?",
        "--prompt",
        "Amount?",
        "--require",
        "promises",
        "--when",
        "shift-change",
        "--store",
        store,
    )
    assert (made.code, made.out) == (0, "service refunds added: 2 prompts, applies shift-change\n")
    missing = cli(*add_args(store, "--service", "refunds", "--answer", "1=RF-1", "--promise", "By Friday"))
    assert missing.one_error_line().startswith("shiftboard: --answer 2 is required")
    fine = cli(
        *add_args(store, "--service", "refunds", "--answer", "1=RF-1", "--answer", "2=£20", "--promise", "Friday")
    )
    assert fine.code == 0, fine.err
    record = json.loads(cli("show", new_id(fine.out), "--json", "--store", store).out)
    assert record["checklist"] == [
        {"prompt": "Refund ticket number?", "answer": "RF-1"},
        {"prompt": "Amount?", "answer": "£20"},
    ]
    listed = json.loads(cli("service", "list", "--json", "--store", store).out)
    assert [s["name"] for s in listed] == ["general", "refunds"]
    assert listed[1]["require"] == ["promises"] and listed[1]["when"] == "shift-change"
    text = cli("service", "list", "--store", store).out
    assert "refunds  (skills: billing, refunds; applies: shift-change; requires: promises)" in text
    assert "  2. Amount?" in text


def test_colleagues_are_added_and_listed_without_their_pin_hash(cli: Cli, store: str) -> None:
    added = cli(
        "colleague", "add", "Dana", "--name", "Dana Dee", "--role", "supervisor", "--skills", "tech", "--store", store
    )
    assert (added.code, added.out) == (0, "colleague dana added: Dana Dee, supervisor; skills tech\n")
    locked = cli("colleague", "add", "erin", "--name", "Erin", "--pin", "--store", store, stdin="246813\n")
    assert locked.out == "colleague erin added: Erin, agent; PIN set\n"
    listed = {c["handle"]: c for c in json.loads(cli("colleague", "list", "--json", "--store", store).out)}
    assert list(listed) == ["alice", "bob", "carol", "dana", "erin", "sam"]
    assert listed["erin"]["pin"] is True and listed["dana"]["pin"] is False
    assert listed["dana"]["role"] == "supervisor" and listed["dana"]["skills"] == ["tech"]
    assert "scrypt" not in cli("colleague", "list", "--json", "--store", store).out
    table = cli("colleague", "list", "--store", store).out.splitlines()
    assert table[0].split() == ["HANDLE", "NAME", "ROLE", "ON", "SHIFT", "OPEN", "PROTECTED", "SKILLS"]
    assert table[4].split() == ["dana", "Dana", "Dee", "supervisor", "no", "0", "unprotected", "tech"]
    assert table[5].split() == ["erin", "Erin", "agent", "no", "0", "PIN"]
    assert listed["erin"]["protected"] is True and listed["dana"]["protected"] is False
    assert listed["dana"]["on_shift"] is False and "pin_failures" not in listed["erin"]


def test_list_filters_and_shows_initials_only(cli: Cli, store: str) -> None:
    first = new_id(cli(*add_args(store)).out)
    second = new_id(cli(*add_args(store, sender="bob", to="carol")).out)
    cli("ack", second, "--as", "carol", "--note", "On it", "--store", store)

    def ids(*argv: str) -> list[str]:
        return [row["id"] for row in json.loads(cli("list", "--json", "--store", store, *argv).out)]

    assert ids() == [first, second]
    assert ids("--to", "carol") == [second]
    assert ids("--from", "alice") == [first]
    assert ids("--status", "acknowledged") == [second]
    assert ids("--status", "closed") == []
    table = cli("list", "--store", store).out
    assert "J.P." in table and "Patel" not in table
    assert "○ awaiting ack" in table and "● acknowledged" in table and "2 handovers" in table


def test_show_reads_as_a_detail_view_with_the_history(cli: Cli, store: str, clock: FrozenClock) -> None:
    hid = new_id(cli(*add_args(store, "--prefs", "Mornings only")).out)
    clock.advance(minutes=20)
    cli("reassign", hid, "--as", "alice", "--to", "carol", "--store", store)
    text = cli("show", hid, "--store", store).out
    assert text.startswith(f"{hid} · ○ awaiting ack · normal priority\n")
    assert "customer   Ms J. Patel · 07700 900018" in text and "prefers\n  Mornings only" in text
    assert "action required\n  Call her back with the trace number" in text
    assert f"\n  14:00             alice handed it over to bob (unix: {ME})\n" in text
    assert f"\n  14:20             alice reassigned it from bob to carol (unix: {ME})\n" in text


def test_list_archived_reads_the_archive(cli: Cli, tmp_path: Path) -> None:
    team = str(tmp_path / "team")
    cli("demo", "--store", team, "--open", "3", "--archived", "40")
    live = json.loads(cli("list", "--json", "--store", team).out)
    assert live and all(h["status"] != "closed" for h in live)  # open ones only, by default
    everything = json.loads(cli("list", "--all", "--json", "--store", team).out)
    closed = json.loads(cli("list", "--archived", "--json", "--store", team).out)
    assert len(closed) >= 40 and all(h["status"] == "closed" for h in closed)
    assert len(everything) == len(live) + len(closed)
    archived_closed = [h for h in everything if h not in live]
    assert all(h["status"] == "closed" for h in archived_closed)
    shown = json.loads(cli("show", archived_closed[0]["id"], "--json", "--store", team).out)
    assert shown == archived_closed[0]
    assert cli("list", "--all", "--status", "pending", "--json", "--store", team).out.count('"id"') == sum(
        h["status"] == "pending" for h in live
    )
    assert cli("list", "--all", "--archived", "--store", team).code == 2  # one or the other


def test_list_fits_the_terminal_it_is_printed_on(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped: one line each, the action cut at 60. A wide terminal: the action takes the rest. An 80-column
    one: two lines each (status and people; then due, customer and action), none longer than the terminal."""
    action = "Call her back with the trace number and " * 4
    hid = new_id(cli(*add_args(store, "--action", action.strip())).out)

    def printed(width: int | None) -> list[str]:
        if width is not None:
            monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
            monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((width, 24)))
        return cli("list", "--store", store).out.splitlines()

    piped = printed(None)
    assert piped[0].startswith("ID") and piped[0].endswith("ACTION") and piped[1].startswith(hid)
    assert piped[1].endswith("…") and len(piped[1].split("  ")[-1].strip()) == output.ACTION_WIDTH
    wide = printed(300)
    assert len(wide) == 3 and wide[1].endswith(action.strip()) and len(wide[1]) < 300
    narrow = printed(80)
    assert narrow[0].startswith(f"{hid}  ○ awaiting ack") and narrow[0].endswith("alice → bob  normal")
    assert narrow[1].startswith("        due ") and "J.P." in narrow[1] and narrow[1].endswith("…")
    assert narrow[2] == "1 handover" and all(len(line) < 80 for line in narrow)


def test_show_wraps_long_text_under_its_heading_on_a_terminal(
    cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = "She was charged twice for the November invoice and wants the second charge " * 3
    hid = new_id(cli(*add_args(store, "--summary", summary.strip())).out)
    piped = cli("show", hid, "--store", store).out.splitlines()
    assert f"  {summary.strip()}" in piped  # a script gets each text on one line
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((80, 24)))
    shown = cli("show", hid, "--store", store).out.splitlines()
    start = shown.index("summary") + 1
    body = shown[start : shown.index("actions taken")]
    assert len(body) >= 3 and all(line.startswith("  ") for line in body)
    assert all(len(line) < 80 for line in shown)
    assert " ".join(line.strip() for line in body) == summary.strip()

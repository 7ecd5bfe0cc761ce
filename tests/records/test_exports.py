"""`export` (shift notes), `report` and `improve` on the command line: Markdown, CSV and JSON, hostile text intact."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.figures import FIGURES
from shiftboard.services import Desk
from shiftboard.services.events import new_event

from .conftest import Cli
from .stores import draft, ids

ID = ids()
ACTION = '=HYPERLINK("http://evil.example","click"), then a "quote", a comma,\nand a new line | a pipe'
READ_BACK = "*bold* _it_ [link](http://x) <script>alert(1)</script> `code` # not a heading \\ ❤ مرحبا"
OUTCOME = 'line one\nline two, "quoted" | piped'


@pytest.fixture
def hostile(desk: Desk) -> dict[str, str]:
    """Two hostile open cards and one closed today, beside the history's open H-1006 and H-1007."""
    clock = desk.clock
    open_one = desk.hand_over(draft("Zed [bold]Zero[/]", action_required=ACTION, to="carol"), by="alice").id
    acked = desk.hand_over(draft("Yan Young", to="bob"), by="alice").id
    desk.acknowledge(acked, by="bob", read_back=READ_BACK)
    closed = desk.hand_over(draft("Xia Xu", to="bob"), by="alice").id
    desk.acknowledge(closed, by="bob", read_back="On it")
    desk.done(closed, by="bob", outcome=OUTCOME)
    desk.verify_close(closed, by="alice")
    clock.advance(minutes=1)  # type: ignore[attr-defined]
    return {"open": open_one, "acked": acked, "closed": closed}


def rows_by_id(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    headings = next(reader)
    return headings, {row[2]: dict(zip(headings, row, strict=True)) for row in reader}


def test_csv_round_trips_commas_quotes_and_line_breaks(cli: Cli, root: Path, hostile: dict[str, str]) -> None:
    result = cli("export", "--format", "csv", "--store", str(root))
    assert result.code == 0 and result.err == "", result.err  # no progress bar when stderr is not a terminal
    headings, rows = rows_by_id(result.out)
    assert headings[:3] == ["section", "holder", "id"] and "due (UTC)" in headings and "handed over (UTC)" in headings
    assert rows[hostile["open"]]["action"] == "'" + ACTION  # a would-be formula starts with ' (shown as text)
    assert rows[hostile["acked"]]["read-back"] == READ_BACK
    assert rows[hostile["acked"]]["acknowledged by"] == "bob"
    assert rows[hostile["closed"]]["outcome"] == OUTCOME and rows[hostile["closed"]]["section"] == "closed"
    assert rows[hostile["closed"]]["how closed"] == "verified by alice"
    assert rows[hostile["open"]]["customer"] == "Z.B. REF-ZED"  # initials: notes travel by e-mail and paper
    assert {hid for hid, row in rows.items() if row["section"] == "open"} == {
        hostile["open"],
        hostile["acked"],
        ID["Sam Open"],
        ID["Tina Open"],
    }


def test_markdown_notes_hold_every_open_id_once_and_tables_that_hold(
    cli: Cli, root: Path, hostile: dict[str, str]
) -> None:
    result = cli("export", "--store", str(root))
    assert result.code == 0, result.err
    notes = result.out
    for hid in (hostile["open"], hostile["acked"], ID["Sam Open"], ID["Tina Open"]):
        assert len(re.findall(rf"(?<![\w-]){hid}(?!\d)", notes)) == 1, hid
    assert len(re.findall(rf"(?<![\w-]){hostile['closed']}(?!\d)", notes)) == 1
    assert ID["Rita Recent"] not in notes  # closed last week, not in today's notes
    assert "times in UTC" in notes.splitlines()[2]
    tables = [line for line in notes.splitlines() if line.startswith("|")]
    for line in tables:  # no cell's text adds a column: every pipe in it is escaped
        columns = len(re.findall(r"(?<!\\)\|", line))
        assert columns in (10, 8), line
    assert "<script>" not in notes and r"\<script\>alert(1)\</script\>" in notes
    assert r"\*bold\* \_it\_ \[link\](http://x)" in notes and r"\`code\` \# not a heading \\ ❤ مرحبا" in notes
    assert r'line one<br>line two, "quoted" \| piped' in notes
    assert "### bob (3)" in notes and "### carol (1)" in notes  # by holder: Sam, Tina and Yan; Zed


def test_json_notes(cli: Cli, root: Path, hostile: dict[str, str]) -> None:
    notes = json.loads(cli("export", "--format", "json", "--store", str(root)).out)
    assert notes["timezone"] == "UTC" and notes["period"] == "today"
    assert sorted(notes["open_by_holder"]) == ["bob", "carol"]
    assert notes["not_acknowledged"] == [ID["Sam Open"], hostile["open"]]  # by holder (bob, carol)
    assert sorted(notes["acknowledged"]) == sorted([hostile["acked"], ID["Tina Open"]])
    [acked] = [line for line in notes["open_by_holder"]["bob"] if line["id"] == hostile["acked"]]
    assert acked["read_back"] == READ_BACK and acked["acknowledged_by"] == "bob"
    assert [line["id"] for line in notes["closed"]] == [hostile["closed"]]
    assert notes["closed"][0]["outcome"] == OUTCOME


def test_export_of_any_dates(cli: Cli, root: Path) -> None:
    notes = json.loads(cli("export", "--since", "2026-10-01", "--until", "2026-10-31", "--format", "json",
                           "--store", str(root)).out)  # fmt: skip
    assert notes["period"] == "2026-10-01 to 2026-10-31"
    assert [line["id"] for line in notes["closed"]] == [ID["Olga Oldest"], ID["Peter October"]]  # from the archive
    refused = cli("export", "--since", "2026-11-02", "--until", "2026-11-01", "--store", str(root))
    assert refused.code == 1 and refused.one_error_line() == "shiftboard: --until must come after --since"
    refused = cli("export", "--format", "pdf", "--store", str(root))
    assert refused.code == 2


@pytest.mark.parametrize("command", ["report", "export", "search"])
def test_dates_at_the_calendars_end_are_refused_in_one_line(cli: Cli, root: Path, command: str) -> None:
    """Once an OverflowError: an unexpected error and a crash report instead of a refusal."""
    refused = cli(command, "--since", "9999-12-31", "--until", "9999-12-31", "--store", str(root))
    assert refused.code == 1
    assert refused.one_error_line() == "shiftboard: --until is out of range: '9999-12-31'"


def test_csv_shows_control_characters_already_in_a_store_visibly(cli: Cli, root: Path, desk: Desk) -> None:
    """A hand-edited store may hold ESC: CSV, printed to a terminal, must not send it raw (SPEC §1 text)."""
    hid = desk.hand_over(draft("Esc Ape", to="bob"), by="alice").id
    smuggled = "act \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m"
    with desk.store.transaction() as txn:
        txn.append(
            new_event(EventKind.ACK, Entity.HANDOVER, hid, "bob", at=desk.clock.now(), note=smuggled,
                      changes={"status": ["pending", "acknowledged"], "read_back": [None, smuggled]})
        )  # fmt: skip
    out = cli("export", "--format", "csv", "--store", str(root)).out
    assert not any(char in out for char in "\x1b\x07\x9b")
    _, rows = rows_by_id(out)
    assert rows[hid]["read-back"] == "act ␛]52;c;ZXZpbA==␇ ␛[2J \\x9b31m"


def test_report_in_every_format_shows_the_domains_figures(cli: Cli, root: Path, desk: Desk) -> None:
    window = desk.window("2026-10-01", "2026-11-24", default="7 days")
    expected = desk.review(window)
    dates = ("--since", "2026-10-01", "--until", "2026-11-24", "--store", str(root))

    as_json = json.loads(cli("report", "--format", "json", *dates).out)
    assert as_json["period"] == "2026-10-01 to 2026-11-24" and as_json["timezone"] == "UTC"
    assert as_json["total"]["handed_over"] == expected.total.handed_over == 7
    assert as_json["total"]["ack_median_minutes"] == 5.0 and as_json["total"]["verified_pct"] == 100.0
    assert list(as_json["groups"]) == ["alice", "bob"]

    headings, *rows = list(csv.reader(io.StringIO(cli("report", "--format", "csv", "--by", "service", *dates).out)))
    assert headings[:3] == ["group", "name", "Handed over"] and len(headings) == 2 + len(FIGURES) + 2
    assert "% acknowledged within 15m" in headings
    assert [row[:3] for row in rows] == [["team", "team", "7"], ["service", "general", "7"]]

    markdown = cli("report", "--by", "shift", *dates).out
    assert markdown.startswith("# Review: 2026-10-01 to 2026-11-24\n")
    assert "| Queries per handover | 0.00 | 0.00 |" in markdown  # no roster: every fact is "(no shift)"
    assert "| figure | team | (no shift) |" in markdown


def test_improvement_notes(cli: Cli, root: Path) -> None:
    added = cli("improve", "add", "Read-back for every refund", "--agreed-by", "bob, alice", "--as", "sam",
                "--store", str(root))  # fmt: skip
    assert added.code == 0 and added.out == "I-1 recorded: agreed by bob, alice\n"
    listed = json.loads(cli("improve", "list", "--json", "--store", str(root)).out)
    assert listed == [
        {"id": "I-1", "text": "Read-back for every refund", "agreed_by": ["bob", "alice"],
         "at": "2026-11-24T14:00:00+00:00", "by": "sam"},
    ]  # fmt: skip
    report = cli("report", "--store", str(root)).out
    assert "- 2026-11-24 14:00: Read-back for every refund (agreed by bob, alice; recorded by sam)" in report
    refused = cli("improve", "add", "x", "--agreed-by", "zed", "--as", "sam", "--store", str(root))
    assert refused.code == 1 and refused.one_error_line() == "shiftboard: no colleague 'zed'"
    refused = cli("improve", "add", "bad \x1b[2J", "--agreed-by", "bob", "--as", "sam", "--store", str(root))
    assert refused.code == 1 and "improvement holds a control character (ESC)" in refused.one_error_line()
    assert cli("improve", "list", "--store", str(root)).out.endswith("1 improvement note\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["report", "--since", "2026-10-01"], "reading the archive"),
        (["export", "--since", "2026-10-01"], "reading the archive"),
        (["--as", "sam", "purge", "--older-than", "0d"], "purging"),
    ],
)
def test_long_commands_show_a_progress_bar_on_a_terminal(
    root: Path, clock: object, monkeypatch: pytest.MonkeyPatch, argv: list[str], label: str
) -> None:
    from shiftboard.cli import main

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("USER", raising=False)
    assert main([*argv, "--store", str(root)], clock=clock) == 0  # type: ignore[arg-type]
    frames = terminal.getvalue().split("\r")[1:]
    assert frames[-2] == f"{label} [{'#' * 30}] 100%" and frames[-1] == "\x1b[K"  # drawn, then erased

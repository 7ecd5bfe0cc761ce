"""Property-based, through the command line: any command, any option, any text, by anyone.

`shiftboard.cli.main(argv)` runs in-process on a copy of a small store. Whatever the argv —
markup, escape sequences, lone surrogates (what a real argv holds for bytes that are not
UTF-8), unknown options, values outside the fixed choices, the wrong colleague — the exit
status is 0, 1 or 2; a failure prints one line on stderr, no traceback, no raw control
character and never "unexpected error" (that is a bug); a refusal writes nothing; and the
store always verifies.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from shiftboard.cli import main
from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk
from shiftboard.store.verify import verify_store

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
HANDLES = ["alice", "bob", "carol", "sam"]
HOSTILE = [
    "[bold]x[/]",
    "[/]",
    "[@click=app.quit]q[/]",
    "[link=http://x]x[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;aGk=\x07",
    "\u202eevil",
    "a\u200db",
    "\udcff",  # what Python makes of a byte in argv that is not UTF-8
    "🙂",
    "W" * 2001,
    "",
    " ",
]
ACCEPTED = [*HOSTILE[:4], *HOSTILE[6:8], HOSTILE[9]]  # markup, bidi, zero-width, emoji: stored exactly
PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30)
# What a careful user types: no leading "-" (argparse would take it for an option: a usage error).
CAREFUL = PLAIN.filter(lambda text: text.strip() and not text.startswith("-"))
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # surrogates and controls included
    st.sampled_from(HOSTILE),
    PLAIN,
)
DUES = ["45m", "2h", "17:30", "tomorrow 09:00", "2026-11-24T16:00"]
# Each kind of value twice: as a careful user types it (text that is accepted, markup included), and wild.
VALUES: dict[str, tuple[st.SearchStrategy[str], st.SearchStrategy[str]]] = {
    "text": (CAREFUL | st.sampled_from(ACCEPTED), TEXT),
    "handle": (st.sampled_from(HANDLES), st.sampled_from([*HANDLES, "zed", "ALICE", " bob "]) | TEXT),
    "id": (
        st.sampled_from(["H-1001", "H-1002", "H-1003", "H-1004"]),
        st.sampled_from(["H-1001", "h-1002", "1003", "H-9999"]) | TEXT,
    ),
    "due": (st.sampled_from(DUES), st.sampled_from([*DUES, "soon", "25:99"]) | TEXT),
    "service": (st.sampled_from(["general"]), st.sampled_from(["general", "refunds", "teleport"]) | TEXT),
    "answer": (st.sampled_from(["1=RF-1"]), st.sampled_from(["1=RF-1", "2=x", "one=x", "1="]) | TEXT),
    "priority": (st.sampled_from(["low", "normal", "high", "urgent"]), st.sampled_from(["urgent", "extreme"])),
    "channel": (st.sampled_from(["verbal", "phone", "email", "crm", "note"]), st.sampled_from(["note", "pigeon"])),
    "informed": (st.sampled_from(["yes", "no"]), st.sampled_from(["yes", "maybe"])),
    "role": (st.sampled_from(["agent", "supervisor"]), st.sampled_from(["agent", "boss"])),
    "status": (st.sampled_from(["pending", "query"]), st.sampled_from(["pending", "late"])),
    "require": (st.sampled_from(["promises", "customer.ref"]), st.sampled_from(["promises", "mood"]) | TEXT),
    "when": (st.sampled_from(["shift-change", "mid-shift", "both"]), st.sampled_from(["both", "sometimes"])),
    "tags": (st.sampled_from(["billing", "billing,refunds"]), TEXT),
    "new handle": (st.sampled_from(["dana", "eve.w", "f-g"]), st.sampled_from(["dana", "Bad Handle", "9x"]) | TEXT),
}

# command -> (kind of its positional argument, {option: kind of value, None for a flag})
ADD = {
    "--as": "handle",
    "--to": "handle",
    "--customer": "text",
    "--contact": "text",
    "--summary": "text",
    "--taken": "text",
    "--action": "text",
    "--ref": "text",
    "--prefs": "text",
    "--promise": "text",
    "--contingency": "text",
    "--keeps": "text",
    "--informed-note": "text",
    "--check": "due",
    "--service": "service",
    "--due": "due",
    "--priority": "priority",
    "--channel": "channel",
    "--informed": "informed",
}
COMMANDS: dict[str, tuple[str | None, dict[str, str | None]]] = {
    "add": (None, ADD),
    "ack": ("id", {"--as": "handle", "--note": "text"}),
    "query": ("id", {"--as": "handle", "--note": "text"}),
    "done": ("id", {"--as": "handle", "--outcome": "text"}),
    "unable": ("id", {"--as": "handle", "--reason": "text"}),
    "verify-close": ("id", {"--as": "handle"}),
    "reassign": ("id", {"--as": "handle", "--to": "handle"}),
    "flag": ("id", {"--as": "handle", "--note": "text", "--check": "due"}),
    "unflag": ("id", {"--as": "handle"}),
    "comment": ("id", {"--as": "handle", "--note": "text"}),
    "list": (None, {"--to": "handle", "--from": "handle", "--status": "status", "--json": None}),
    "show": ("id", {"--json": None}),
    "colleague add": ("new handle", {"--name": "text", "--role": "role", "--skills": "tags", "--pin": None}),
    "colleague list": (None, {"--json": None}),
    "service add": ("text", {"--skills": "tags", "--prompt": "text", "--require": "require", "--when": "when"}),
    "service list": (None, {"--json": None}),
    "verify": (None, {}),
}
NOT_A_COMMAND = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
    lambda word: not word.startswith("-") and word not in COMMANDS and word not in ("colleague", "service")
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Half the time a careful command (every option, sensible values); else any subset, wild values, junk."""
    if draw(st.integers(0, 19)) == 0:
        return [draw(NOT_A_COMMAND), *draw(st.lists(TEXT, max_size=3))]
    name = draw(st.sampled_from(sorted(COMMANDS)))
    positional, options = COMMANDS[name]
    careful = draw(st.booleans())
    argv = name.split()
    if positional is not None and (careful or draw(st.integers(0, 9)) > 0):
        argv.append(draw(VALUES[positional][0 if careful else 1]))
    for option, kind in options.items():
        if careful or draw(st.booleans()):
            argv.append(option)
            if kind is not None and (careful or draw(st.integers(0, 29)) > 0):  # now and then a missing value
                argv.append(draw(VALUES[kind][0 if careful else 1]))
    if not careful and draw(st.integers(0, 9)) == 0:
        argv += draw(st.sampled_from([["--bogus"], ["--pri", "high"], ["--help"], ["extra"], ["--as"]]))
    return argv


def _template(root: Path) -> Path:
    """alice, bob, carol, sam (supervisor); a refunds service with a prompt; a card in each early state."""
    clock = FrozenClock(NOW, tz=UTC)
    desk = Desk.open(root, clock=clock, create=True)
    for handle in HANDLES:
        desk.add_colleague(handle, name=handle.title(), role="supervisor" if handle == "sam" else "agent")
    desk.add_service("refunds", prompts=["Refund ticket number?"], require=["promises"])

    def draft(to: str) -> HandoverDraft:
        return HandoverDraft(
            to=to,
            customer_name="Ms J. Patel",
            customer_contact="07700 900018",
            summary="s",
            actions_taken="t",
            action_required="a",
            informed="yes",
        )

    desk.hand_over(draft("bob"), by="alice")  # H-1001 pending
    desk.acknowledge(
        desk.hand_over(draft("carol"), by="alice").id, by="carol", read_back="On it"
    )  # H-1002 acknowledged
    h3 = desk.hand_over(draft("bob"), by="carol").id  # H-1003 done
    desk.acknowledge(h3, by="bob", read_back="On it")
    desk.done(h3, by="bob", outcome="done")
    desk.query(desk.hand_over(draft("alice"), by="bob").id, by="alice", question="which order?")  # H-1004 query
    return root


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("cli-properties") / "store")


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def a_copy(template: Path) -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="sb-cli-"))
    try:
        root = scratch / "store"
        shutil.copytree(template, root)
        yield root
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(argv: list[str], root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("1234\n1234\n")  # a PIN when one is asked for
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, "--store", str(root)], clock=FrozenClock(NOW, tz=UTC))
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=command_lines())
def test_any_command_line_exits_cleanly_and_keeps_the_store_valid(
    argv: list[str], template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("SHIFTBOARD_STORE", raising=False)
    monkeypatch.delenv("SHIFTBOARD_DEBUG", raising=False)
    with a_copy(template) as root:
        before = files(root)
        code, out, err = run(argv, root)
        event(f"{argv[0]}: exit {code}")
        assert code in (0, 1, 2), (argv, code, err)
        if code == 0:  # nothing on stderr but warnings that did not stop it (a receiver off shift)
            assert all(line.startswith("shiftboard: warning: ") for line in err.splitlines()), (argv, err)
        else:
            assert err.endswith("\n") and err.count("\n") == 1, (argv, err)
            assert err.startswith("shiftboard"), (argv, err)
            assert "Traceback" not in err and "unexpected error" not in err, (argv, err)
            assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in err), (argv, err)
            assert files(root) == before, f"a refused command wrote to the store: {argv}"
        if "--help" not in argv:
            assert "\x1b" not in out, (argv, out)
        report = verify_store(root)
        assert report.ok, (argv, report.problems)
        Desk.open(root)  # and a fresh process opens it

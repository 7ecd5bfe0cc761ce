"""SPEC §6 "Who is acting", with real Unix accounts: two throwaway accounts in one team group.

tess's account runs `init` and becomes the store's first supervisor; bob's account is bound to
bob. Then the identity matrix: each account as itself, as the other without a PIN, as a PIN
colleague with the right and a wrong PIN, a supervisor acting for an agent, and the set-up
commands before and after `init`. Every refusal is exit 1 with one line and writes nothing
(a wrong PIN writes only its own failure, which SPEC §6 counts in the store).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .accounts import Account, run_as, team_accounts, team_dirs
from .helpers import digest

PIN = "902731"
ADD = ["--customer", "Ms J. Patel", "--contact", "07700 900018", "--summary", "Charged twice",
       "--taken", "Checked the ledger", "--action", "Call her back", "--informed", "yes"]  # fmt: skip


@pytest.fixture(scope="module")
def accounts() -> Iterator[tuple[int, dict[str, Account]]]:
    with team_accounts("tess", "bob") as made:
        yield made


@pytest.fixture
def new_store(accounts: tuple[int, dict[str, Account]]) -> Iterator[Callable[[str], Path]]:
    with team_dirs(accounts[0]) as make:
        yield make


def test_set_up_is_open_until_init_then_needs_a_supervisor(
    accounts: tuple[int, dict[str, Account]], new_store: Callable[[str], Path]
) -> None:
    tess, bob = accounts[1]["tess"], accounts[1]["bob"]
    before_init = new_store("open")
    assert run_as(bob, "colleague", "add", "zoe", "--name", "Zoe", "--store", str(before_init)).code == 0

    root = new_store("team")
    made = run_as(tess, "init", "--supervisor", "tess", "--name", "Tess Nakamura", "--store", str(root))
    assert made.code == 0, made.err
    again = run_as(tess, "init", "--supervisor", "tina", "--name", "Tina", "--store", str(root))
    assert again.code == 1 and "already holds a board" in again.one_line()

    unchanged = digest(root)
    refused = run_as(bob, "colleague", "add", "bob", "--name", "Bob", "--store", str(root))
    assert (
        refused.one_line() == "shiftboard: adding a colleague needs a supervisor: give --as with a supervisor's handle"
    )
    as_tess = run_as(bob, "colleague", "add", "bob", "--name", "Bob", "--as", "tess", "--store", str(root))
    assert as_tess.code == 1 and "only their Unix account" in as_tess.one_line()
    assert digest(root) == unchanged

    added = run_as(tess, "colleague", "add", "bob", "--name", "Bob Okonkwo", "--unix", bob.name, "--store", str(root))
    assert added.code == 0, added.err
    carol = run_as(tess, "colleague", "add", "carol", "--name", "Carol", "--pin", "--store", str(root), stdin=PIN)
    assert carol.code == 0, carol.err
    listed = {c["handle"]: c for c in json.loads(run_as(bob, "colleague", "list", "--json", "--store", str(root)).out)}
    assert listed["tess"]["unix"] == [tess.name] and listed["tess"]["role"] == "supervisor"
    assert [listed[h]["protected"] for h in ("tess", "bob", "carol")] == [True, True, True]


def test_the_identity_matrix(accounts: tuple[int, dict[str, Account]], new_store: Callable[[str], Path]) -> None:
    tess, bob = accounts[1]["tess"], accounts[1]["bob"]
    root = str(new_store("team"))
    assert run_as(tess, "init", "--supervisor", "tess", "--name", "Tess", "--store", root).code == 0
    assert run_as(tess, "colleague", "add", "bob", "--name", "Bob", "--unix", bob.name, "--store", root).code == 0
    assert run_as(tess, "colleague", "add", "carol", "--name", "Carol", "--pin", "--store", root, stdin=PIN).code == 0
    assert run_as(tess, "colleague", "add", "dana", "--name", "Dana", "--store", root).code == 0  # unprotected

    # Own account: no --as, no PIN.
    handed = run_as(bob, "add", "--to", "carol", *ADD, "--store", root)
    assert handed.code == 0, handed.err
    hid = handed.out.split()[0]

    # Another's account, no PIN: refused, nothing written.
    unchanged = digest(Path(root))
    for argv in (["comment", hid, "--as", "tess", "--note", "x"], ["ack", hid, "--as", "carol"]):
        refused = run_as(bob, *argv, "--store", root)
        assert refused.code == 1, argv
        assert digest(Path(root)) == unchanged, argv
    assert "only their Unix account" in run_as(bob, "comment", hid, "--as", "tess", "--note", "x",
                                               "--store", root).one_line()  # fmt: skip

    # A PIN colleague from any account: the wrong PIN is refused (and counted), the right one works.
    wrong = run_as(bob, "ack", hid, "--as", "carol", "--store", root, stdin="111111")
    assert wrong.code == 1 and wrong.one_line().startswith("shiftboard: wrong PIN for carol")
    right = run_as(bob, "ack", hid, "--as", "carol", "--note", "I call her", "--store", root, stdin=PIN)
    assert (right.code, right.out) == (0, f"{hid} acknowledged by carol\n")

    # An unprotected colleague: anyone who can open the store.
    assert run_as(bob, "comment", hid, "--as", "dana", "--note", "seen", "--store", root).code == 0

    # A supervisor acts for an agent, as themselves: recorded with both names and the account.
    done = run_as(tess, "done", hid, "--as", "tess", "--outcome", "Called back", "--store", root)
    assert done.code == 0, done.err
    events = json.loads(run_as(bob, "show", hid, "--json", "--store", root).out)["events"]
    assert [(e["kind"], e["actor"], e.get("for"), e["unix"]) for e in events] == [
        ("create", "bob", None, bob.name),
        ("ack", "carol", None, bob.name),  # carol's PIN, typed at bob's account: both are on record
        ("comment", "dana", None, bob.name),
        ("done", "tess", "carol", tess.name),
    ]
    text = run_as(bob, "show", hid, "--store", root).out
    assert f"tess marked it done (for carol) (unix: {tess.name}); outcome: “Called back”" in " ".join(text.split())

"""Text is data: markup-like, right-to-left, zero-width and emoji text round-trips exactly and prints literally."""

from __future__ import annotations

import json

from shiftboard.services import Desk, new_event

from .conftest import Cli
from .helpers import add_args, new_id

HOSTILE = {
    "--customer": "[bold red]Zoë[/] \u202eNguyễn\u202c",
    "--contact": "[link=http://x]07700 900018[/link]",
    "--summary": "[@click=app.quit]quit[/] and [/] alone \\[escaped] $var {x}",
    "--taken": "שלום \u200fمرحبا\u200e mixed RTL",
    "--action": "👩\u200d💻 family 👨\u200d👩\u200d👧 zero\u200bwidth \ufeffBOM 🎉\ttab\nnew line\u2028sep",
    "--prefs": "[/foo] [bold]not bold[/bold]",
}
STORED = {
    "--customer": ("customer", "name"),
    "--contact": ("customer", "contact"),
    "--summary": ("summary",),
    "--taken": ("actions_taken",),
    "--action": ("action_required",),
    "--prefs": ("customer", "preferences"),
}


def _field(record: dict[str, object], path: tuple[str, ...]) -> object:
    value: object = record
    for part in path:
        assert isinstance(value, dict)
        value = value[part]
    return value


def test_hostile_text_round_trips_exactly(cli: Cli, store: str) -> None:
    extra = [item for pair in HOSTILE.items() for item in pair]
    made = cli(*add_args(store, *extra))
    assert made.code == 0, made.err
    hid = new_id(made.out)
    record = json.loads(cli("show", hid, "--json", "--store", store).out)
    for option, text in HOSTILE.items():
        assert _field(record, STORED[option]) == text, option
    listed = json.loads(cli("list", "--json", "--store", store).out)
    assert listed == [record]


def test_hostile_text_is_printed_literally(cli: Cli, store: str) -> None:
    extra = [item for pair in HOSTILE.items() for item in pair]
    hid = new_id(cli(*add_args(store, *extra)).out)
    text = cli("show", hid, "--store", store).out
    assert "[@click=app.quit]quit[/] and [/] alone \\[escaped] $var {x}" in text
    assert "[bold red]Zoë[/] \u202eNguyễn\u202c · [link=http://x]07700 900018[/link]" in text
    assert "  👩\u200d💻 family 👨\u200d👩\u200d👧 zero\u200bwidth \ufeffBOM 🎉\ttab\n  new line" in text
    assert "[/foo] [bold]not bold[/bold]" in cli("show", hid, "--store", store).out


def test_control_characters_already_in_a_store_are_shown_visibly(cli: Cli, store: str, desk: Desk) -> None:
    """A store edited by hand or imported may hold them; they must never reach the terminal raw."""
    hid = new_id(cli(*add_args(store)).out)
    with desk.store.transaction() as txn:
        txn.append(
            new_event("comment", "handover", hid, "bob", at=desk.clock.now(), note="red \x1b[31m bell \x07 csi \x9b2J")
        )
    human = cli("show", hid, "--store", store).out
    assert "red ␛[31m bell ␇ csi \\x9b2J" in human
    raw = cli("show", hid, "--json", "--store", store).out
    for shown in (human, raw, cli("list", "--json", "--store", store).out):
        assert not any(ch in shown for ch in "\x1b\x07\x9b")
    assert json.loads(raw)["events"][-1]["note"] == "red \x1b[31m bell \x07 csi \x9b2J"

"""Stores for the end-to-end tests, built through the Desk with the real clock (the program runs in real time).

`team_board`: alice's column holds an acknowledged card and one done (to verify); bob holds one
awaiting acknowledgement. Nothing is due for alice, so no notification covers the board.

`hostile_board`: carol's column holds cards whose text a careless renderer would execute:
markup, ANSI and OSC escape sequences (written the way an import or a hand edit would put
them in the store, since the Desk refuses control characters), right-to-left and zero-width
characters, and a 2,000-character word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shiftboard.domain.drafts import HandoverDraft, build_handover
from shiftboard.services import Desk, create_event

ACKED_ACTION = "Ring Ms Patel back with the refund trace number"
DONE_ACTION = "Book the engineer for Thursday morning"
PENDING_ACTION = "Send the replacement router"

MARKUP_ACTION = "[@click=app.quit]Quit[/] [bold]B[/] [link=https://evil.example]L[/link] [/]"
ESCAPES_ACTION = (
    "\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[31mRED\x1b[0m \x1b]8;;https://evil.example\x07L\x1b]8;;\x07 \x9b31m \x07 end"
)
CLIPBOARD_REF = "\x1b]52;c;cHduZWQ=\x07"
UNICODE_ACTION = "RTL \u202eevil\u202c zero\u200bwidth a\u200db 🙂 Ω"
LONG_WORD = "W" * 2000  # a field holds at most 2,000 characters


def draft(to: str, action: str, **fields: Any) -> HandoverDraft:
    values: dict[str, Any] = {
        "to": to,
        "customer_name": "Ms Jaya Patel",
        "customer_contact": "+44 20 7946 0018",
        "customer_ref": "ACC-5521",
        "summary": "Refund for order 5521 not received",
        "actions_taken": "Checked the ledger",
        "action_required": action,
        "due": "8h",
        "channel": "phone",
        "informed": "yes",
    }
    return HandoverDraft(**(values | fields))


def _team(root: Path, *handles: str) -> Desk:
    desk = Desk.open(root, create=True)
    for handle in handles:
        desk.add_colleague(handle, name=f"{handle.title()} Example")
    return desk


def team_board(root: Path) -> Path:
    desk = _team(root, "alice", "bob")
    acked = desk.hand_over(draft("alice", ACKED_ACTION, priority="high"), by="bob")
    desk.acknowledge(acked.id, by="alice", read_back="Ring her with the trace number")
    done = desk.hand_over(draft("alice", DONE_ACTION), by="bob")
    desk.acknowledge(done.id, by="alice", read_back="On it")
    desk.done(done.id, by="alice", outcome="Booked for 09:00")
    desk.hand_over(draft("bob", PENDING_ACTION, priority="low"), by="alice")
    return root


def _hand_over_raw(desk: Desk, to: str, by: str, **raw: str) -> str:
    """A handover holding text the Desk would refuse, appended as an import would (a valid chain)."""
    with desk.store.transaction() as txn:
        record = build_handover(
            draft(to, "placeholder", priority="urgent"),
            number=txn.state.next_handover_number(1001),
            sender=desk.colleague(by),
            colleagues={c.handle: c for c in desk.colleagues()},
            services={s.name: s for s in desk.services()},
            now=desk.clock.now(),
            tz=desk.clock.tz,
        )
        customer = record.customer.model_copy(update={"ref": raw.pop("ref", record.customer.ref)})
        record = record.model_copy(update={"customer": customer, **raw})
        txn.append(create_event(record, by=by, at=desk.clock.now()))
    return record.id


def hostile_board(root: Path) -> dict[str, str]:
    """Carol's column, first card to last: the long word, escapes, markup, unicode. Returns their ids."""
    desk = _team(root, "carol", "dave")
    ids = {
        "long": desk.hand_over(
            draft("carol", f"Read: {LONG_WORD[6:]}", priority="urgent", summary=LONG_WORD, due="1h"), by="dave"
        ).id,
        "escapes": _hand_over_raw(desk, "carol", "dave", action_required=ESCAPES_ACTION, ref=CLIPBOARD_REF),
        "markup": desk.hand_over(
            draft("carol", MARKUP_ACTION, priority="high", customer_name="[bold]Ms Patel[/]", customer_ref="[/]"),
            by="dave",
        ).id,
        "unicode": desk.hand_over(draft("carol", UNICODE_ACTION, priority="normal"), by="dave").id,
    }
    for hid in ids.values():
        desk.acknowledge(hid, by="carol", read_back="On it")
    return ids

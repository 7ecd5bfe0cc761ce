"""A store with a history: handovers archived in October and November, one closed last week, some open.

Each customer's personal data is spelled from their name (`olga.oldest@example.com`, "call Olga
Oldest after five"), so a test can look for every byte of it in every file of the store.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from teams import STANDARD, team_desk

from shiftboard.domain.clock import FrozenClock
from shiftboard.domain.drafts import HandoverDraft
from shiftboard.services import Desk

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
# name -> (handed over, closed), oldest first; None: still open
HISTORY: dict[str, tuple[datetime, datetime | None]] = {
    "Olga Oldest": (datetime(2026, 10, 5, 9, 0, tzinfo=UTC), datetime(2026, 10, 5, 11, 0, tzinfo=UTC)),
    "Peter October": (datetime(2026, 10, 20, 9, 0, tzinfo=UTC), datetime(2026, 10, 21, 9, 30, tzinfo=UTC)),
    "Nina November": (datetime(2026, 11, 3, 9, 0, tzinfo=UTC), datetime(2026, 11, 3, 16, 0, tzinfo=UTC)),
    "Quentin Query": (datetime(2026, 11, 10, 9, 0, tzinfo=UTC), datetime(2026, 11, 10, 12, 0, tzinfo=UTC)),
    "Rita Recent": (datetime(2026, 11, 20, 9, 0, tzinfo=UTC), datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),
    "Sam Open": (datetime(2026, 11, 24, 12, 0, tzinfo=UTC), None),
    "Tina Open": (datetime(2026, 11, 24, 13, 0, tzinfo=UTC), None),
}
ARCHIVE_BEFORE = "2026-11-15T00:00:00Z"  # Olga, Peter, Nina and Quentin are archived; Rita stays live


def secrets(name: str) -> list[bytes]:
    """Every personal value of `name`'s handover, as the store's files would hold it."""
    return [value.encode() for value in (name, contact(name), preferences(name))]


def contact(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@example.com"


def preferences(name: str) -> str:
    return f"call {name} after five"


def draft(name: str, **fields: str) -> HandoverDraft:
    values = {
        "to": "bob",
        "customer_name": name,
        "customer_contact": contact(name),
        "customer_ref": f"REF-{name.split()[0].upper()}",
        "preferences": preferences(name),
        "summary": f"{name.split()[0]} was charged twice",
        "actions_taken": "checked the invoice",
        "action_required": "refund the second charge",
        "due": "4h",
        "informed": "yes",
    }
    return HandoverDraft(**(values | fields))


def build(root: Path) -> Desk:
    """The history above, written through the Desk; ids H-1001 ... H-1007 in HISTORY's order."""
    clock = FrozenClock(datetime(2026, 10, 1, tzinfo=UTC))
    desk = team_desk(root, clock, STANDARD)
    for name, (handed, closed) in HISTORY.items():
        clock.at = handed
        hid = desk.hand_over(draft(name), by="alice").id
        if name == "Tina Open":
            clock.advance(minutes=10)
            desk.acknowledge(hid, by="bob", read_back=f"refund {name.split()[0]}")
        if closed is None:
            continue
        clock.advance(minutes=5)
        desk.acknowledge(hid, by="bob", read_back="will refund")
        desk.comment(hid, by="bob", note=f"spoke to {name.split()[0]} about the refund")
        clock.at = closed - (closed - handed) / 2
        desk.done(hid, by="bob", outcome="refunded")
        clock.at = closed
        desk.verify_close(hid, by="alice")
        if name == "Quentin Query":  # archive what closed before the 15th (as a checkpoint would)
            with desk.store.transaction():
                desk.store.checkpoint(archive_before=ARCHIVE_BEFORE)
    clock.at = NOW
    return desk


def ids() -> dict[str, str]:
    return {name: f"H-{1001 + number}" for number, name in enumerate(HISTORY)}


def tree(root: Path) -> dict[str, str]:
    """Every file under `root`, hidden and temp files too -> sha256 of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def all_bytes(root: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file())

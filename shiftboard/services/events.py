"""Events as the store appends them (before seq and hash): what each service call writes."""

from __future__ import annotations

import os
import pwd
from datetime import datetime
from functools import cache
from typing import Any

from shiftboard.domain.duetime import utc_now_iso
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.lifecycle import Step
from shiftboard.domain.models import Handover


@cache
def unix_account() -> str:
    """The real Unix account of this process (`getuid()`, never `$USER`, which anyone can set)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # an account without a passwd entry (some containers): its number is still who it is
        return str(uid)


def new_event(
    kind: EventKind, entity: Entity, key: str | None, by: str, *, at: datetime, **data: Any
) -> dict[str, Any]:
    """An event as the store appends it, with the Unix account that wrote it; empty details are left out."""
    event: dict[str, Any] = {
        "at": utc_now_iso(at),
        "actor": by,
        "kind": str(kind),
        "entity": str(entity),
        "unix": unix_account(),
    }
    if key is not None:
        event["key"] = key
    event.update({name: value for name, value in data.items() if value not in (None, {}, [])})
    return event


def create_event(handover: Handover, *, by: str, at: datetime) -> dict[str, Any]:
    """The event that puts a new handover on the board (public for the demo's bulk history)."""
    record = handover.to_json()
    record.pop("events")
    return new_event(EventKind.CREATE, Entity.HANDOVER, handover.id, by, at=at, record=record)


def step_event(step: Step, hid: str, *, by: str, at: datetime) -> dict[str, Any]:
    """The event recording one lifecycle step of handover `hid`."""
    data = {"changes": step.changes, "note": step.note, "for": step.for_}
    return new_event(step.kind, Entity.HANDOVER, hid, by, at=at, **data)

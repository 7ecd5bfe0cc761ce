"""The current state as TinyDB documents in memory, and how one event changes it.

Applying an event is generic (insert a record, set changed fields, note the event on the
handover), so replay needs no domain rule: the rules ran once, before the event was written.
"""

from __future__ import annotations

from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from shiftboard.domain.events import EventKind
from shiftboard.store.chain import PERSONAL, unwrap

TABLES = {
    "handover": "handovers",
    "colleague": "colleagues",
    "service": "services",
    "shift": "shifts",
    "settings": "settings",
    "improvement": "improvements",
}
KEY_FIELD = {"handover": "id", "colleague": "handle", "service": "name", "shift": "name", "improvement": "id"}
SETTINGS_ID = 1
# The highest handover number ever created; archived handovers leave the tables, their ids must not come back.
COUNTERS = "counters"


def handover_doc_id(key: str) -> int:
    return int(key.split("-", 1)[1])


class State:
    """Colleagues, services, shifts, settings and live handovers, queryable with TinyDB."""

    def __init__(self, tables: dict[str, dict[str, Any]] | None = None) -> None:
        self.db = TinyDB(storage=MemoryStorage)
        self._tables: dict[str, dict[str, Any]] = {name: {} for name in TABLES.values()} | (tables or {})
        # TinyDB types its storage as the base `Storage`; this one was made a MemoryStorage just above.
        cast(MemoryStorage, self.db.storage).memory = self._tables
        self._ids: dict[str, dict[str, int]] = {}
        # (table, doc id) of each row an event changed since these tables were type-checked:
        # a checkpoint checks just these before it vouches for the whole snapshot (.checkpoint).
        self.touched: set[tuple[str, str]] = set()
        # How many events changed each table: a reader caching what it built from a table (Desk's validated
        # colleagues) knows by it when to build again, though rows are changed in place.
        self.versions: dict[str, int] = {}
        self._loaded_highest: int | None = None  # the highest handover number among the rows loaded
        for entity, field in KEY_FIELD.items():
            if entity != "handover":
                self._ids[entity] = {doc[field]: doc.doc_id for doc in self.table(entity).all()}

    @property
    def tables(self) -> dict[str, dict[str, Any]]:
        return self._tables  # TinyDB's memory storage holds this very dict

    def table(self, entity: str) -> Table:
        return self.db.table(TABLES[entity])

    def doc_id(self, entity: str, key: str) -> int | None:
        if entity == "handover":
            doc_id = handover_doc_id(key)
            return doc_id if str(doc_id) in self.tables["handovers"] else None
        if entity == "settings":
            return SETTINGS_ID
        return self._ids[entity].get(key)

    def get(self, entity: str, key: str) -> dict[str, Any] | None:
        doc_id = self.doc_id(entity, key)
        if doc_id is None:
            return None
        found = self.table(entity).get(doc_id=doc_id)
        return dict(found) if isinstance(found, dict) else None

    def row(self, entity: str, key: str) -> dict[str, Any] | None:
        """The stored document itself, for callers that only read it: TinyDB's `get` copies it, which
        defeats a cache that tells a changed row by identity (Desk's models)."""
        doc_id = self.doc_id(entity, key)
        return None if doc_id is None else self.tables[TABLES[entity]].get(str(doc_id))

    def settings(self) -> dict[str, Any]:
        found = self.table("settings").get(doc_id=SETTINGS_ID)
        return dict(found) if isinstance(found, dict) else {}

    def next_handover_number(self, floor: int) -> int:
        if self._loaded_highest is None:  # once: every create after it raises the counter (a scan per create cost 1 ms)
            self._loaded_highest = max((int(key) for key in self.tables["handovers"]), default=0)
        return max(floor - 1, self._highest_number(), self._loaded_highest) + 1

    def _highest_number(self) -> int:
        return int(self.tables.get(COUNTERS, {}).get("1", {}).get("handover", 0))

    def remove_handovers(self, keys: list[str]) -> None:
        rows = self.tables["handovers"]
        for key in keys:
            rows.pop(str(handover_doc_id(key)), None)
        self.table("handover").clear_cache()

    def apply(self, event: dict[str, Any]) -> None:
        """Change the documents as `event` says. Rows are edited in place and the TinyDB
        query cache cleared: TinyDB's own update rebuilds the whole table per call."""
        entity: str = event["entity"]
        key: str = event.get("key") or ""  # settings events name no key
        rows = self.tables[TABLES[entity]]
        self.versions[TABLES[entity]] = self.versions.get(TABLES[entity], 0) + 1
        if event["kind"] == EventKind.PURGE:
            for hid in event.get("keys", []):
                row = rows.get(str(handover_doc_id(hid)))
                if row is not None:
                    self.touched.add((TABLES[entity], str(handover_doc_id(hid))))
                    erase_personal(row)
                    note_event(row, event)
            self.table(entity).clear_cache()
            return
        if "record" in event:
            record = plain_record(event["record"])
            if entity == "handover":
                record["events"] = []
                new_id = handover_doc_id(key)
                self.tables[COUNTERS] = {"1": {"handover": max(new_id, self._highest_number())}}
            elif entity == "settings":
                new_id = SETTINGS_ID
            else:
                new_id = self._ids[entity].get(key) or max(self._ids[entity].values(), default=0) + 1
                self._ids[entity][key] = new_id
            rows[str(new_id)] = record
        doc_id = self.doc_id(entity, key)
        row = rows.get(str(doc_id)) if doc_id is not None else None
        if row is None:
            raise KeyError(f"event {event['seq']} changes unknown {entity} {key}")
        self.touched.add((TABLES[entity], str(doc_id)))
        if entity == "handover":
            self.touched.add((COUNTERS, "1"))
        for name, (_old, new) in event.get("changes", {}).items():
            row[name] = new
        if entity == "handover":
            note_event(row, event)
        self.table(entity).clear_cache()


def note_event(row: dict[str, Any], event: dict[str, Any]) -> None:
    """Keep the event on the handover itself, for `show` and the detail view.

    Appended in place (copying a busy card's list per event cost catching up most of its time): Desk's
    model cache tells a changed row by the list's length."""
    summary: dict[str, Any] = {name: event[name] for name in ("seq", "at", "actor", "kind") if name in event}
    for name in ("changes", "note", "for", "unix"):
        if event.get(name):
            summary[name] = event[name]
    row["events"].append(summary)


def plain_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record from an event with personal values unwrapped (None once erased)."""
    customer = record.get("customer")
    if not isinstance(customer, dict):
        return dict(record)
    plain = {name: unwrap(value) if name in PERSONAL else value for name, value in customer.items()}
    return {**record, "customer": plain}


def erase_personal(doc: dict[str, Any]) -> None:
    doc["customer"] = {**doc["customer"], **{name: None for name in PERSONAL}}
    doc["purged"] = True

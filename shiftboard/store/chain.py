"""The audit chain: canonical JSON, event hashes, and personal fields that can be erased.

A personal field inside an event is stored as {"v": value, "s": salt}; the hash covers
{"d": sha256(salt + value)} instead, so erasing the value (keeping only the digest) leaves
every hash, and so the chain, intact.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

PERSONAL = ("name", "contact", "preferences")  # fields of a handover's `customer`
GENESIS = "0" * 64


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(wrapped: dict[str, str]) -> str:
    return hashlib.sha256((wrapped["s"] + wrapped["v"]).encode()).hexdigest()


def wrap(value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"v": value, "s": secrets.token_hex(32)}


def _is_wrapped(value: Any) -> bool:
    return isinstance(value, dict) and ("v" in value or "d" in value)


def unwrap(value: Any) -> str | None:
    """The plain value, or None once erased."""
    if isinstance(value, dict):
        plain = value.get("v")
        return plain if isinstance(plain, str) else None
    return value if isinstance(value, str) else None


def _customer_fields(event: dict[str, Any]) -> dict[str, Any] | None:
    record = event.get("record")
    customer = record.get("customer") if isinstance(record, dict) else None
    return customer if isinstance(customer, dict) else None


def wrap_personal(event: dict[str, Any]) -> dict[str, Any]:
    customer = _customer_fields(event)
    if customer is not None:
        for name in PERSONAL:
            if name in customer and not _is_wrapped(customer[name]):
                customer[name] = wrap(customer[name])
    return event


def digest_form(event: dict[str, Any]) -> dict[str, Any]:
    """The event as hashed: every personal value replaced by its digest."""
    customer = _customer_fields(event)
    if customer is None:
        return event
    hashed = {**customer}
    for name in PERSONAL:
        value = customer.get(name)
        if isinstance(value, dict) and "v" in value:
            hashed[name] = {"d": digest(value)}
    return {**event, "record": {**event["record"], "customer": hashed}}


def event_hash(event: dict[str, Any]) -> str:
    body = {key: value for key, value in event.items() if key != "hash"}
    return hashlib.sha256(canonical(digest_form(body))).hexdigest()


def line_holds_hash(line: bytes, event: dict[str, Any]) -> bool:
    """Whether `line` (as the log holds it, `event` parsed from it) hashes to its own `hash`, checked on the
    bytes: a writer's line is the canonical JSON of the event, so without its `hash` field it is the
    canonical body, unless it wraps personal values (their digests are hashed) or an erasure padded it.
    True proves it; False only means "ask `event_hash`", which re-encodes the event (2.5× the time)."""
    stored = event.get("hash")
    if not isinstance(stored, str) or b'"v":' in line:
        return False
    field = b',"hash":"' + stored.encode() + b'"'
    body = line.rstrip(b"\n")
    if body.count(field) != 1 or body.endswith(b" "):
        return False
    return hashlib.sha256(body.replace(field, b"", 1)).hexdigest() == stored


def seal(event: dict[str, Any], prev: str) -> dict[str, Any]:
    event["prev"] = prev
    event["hash"] = event_hash(event)
    return event


def erased_line(line: bytes) -> bytes:
    """The same event with its personal values reduced to digests, padded to the same length.

    Same length keeps every reader's byte offset into the log valid across the rewrite.
    """
    event = json.loads(line)
    erased = digest_form(event)
    out = canonical(erased)
    body = line.rstrip(b"\n")
    if len(out) > len(body):
        raise ValueError("an erased event came out longer than the original")
    return out + b" " * (len(body) - len(out)) + line[len(body) :]


def to_line(event: dict[str, Any]) -> bytes:
    return canonical(event) + b"\n"

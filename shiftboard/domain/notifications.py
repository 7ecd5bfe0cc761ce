"""Every notification a colleague has been given, derived from the handovers' events (SPEC §2 `N`).

Nothing is kept beside the store: replaying each card's events says what happened to whom, so
the list is the same after a restart, in every session. Two sorts of occasion:

- an event someone else wrote that concerns you: a card handed to you, your card acknowledged
  (with the read-back), a question on your card, its answer, the outcome, an `unable`, a card
  withdrawn, taken back, reopened, reassigned or undone, a comment;
- a moment that passed: your handover not acknowledged within `ack_within`, your check time, and
  for a supervisor on shift each escalation (unacknowledged for 2 × `ack_within`, or overdue).

Each has a `key` naming the occasion, so a board tells each one once and never twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from shiftboard.domain.duetime import span_words
from shiftboard.domain.events import EventKind, phrase
from shiftboard.domain.models import Event, Handover, Status


class Topic(StrEnum):
    """What a notification is about: its title on a toast and in the list."""

    NEW = "Handed to you"
    ACKNOWLEDGED = "Acknowledged"
    QUERY = "Question for you"
    ANSWER = "Your question answered"
    DONE = "Done — verify"
    UNABLE = "Unable to complete"
    LATE = "Not acknowledged"
    CHECK = "Follow-up"
    ESCALATION = "Escalation"
    HANDED_ON = "Handed on"  # its holder handed your card on to someone else; you stay its sender
    CHANGED = "Changed"  # taken back, withdrawn, reopened, reassigned, verified, undone by someone else
    COMMENT = "Comment"


LOUD = frozenset({Topic.LATE, Topic.UNABLE, Topic.ESCALATION})  # told as warnings


@dataclass(frozen=True)
class Notification:
    key: str
    at: datetime
    topic: Topic
    handover_id: str
    message: str
    seq: int = 0  # the event that told it (0: a moment that passed); orders what happened at one instant


def quoted(text: str | None) -> str:
    """A person's words inside a sentence, on one line."""
    return "“" + " ".join((text or "").split()) + "”"


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def first_receiver(handover: Handover) -> str:
    """Who the card was first handed to (the create event does not repeat its record)."""
    for event in handover.events:
        if "to" in event.changes and event.kind != EventKind.CREATE:
            return str(event.changes["to"][0])
    return handover.to


def _new(changes: dict[str, list[Any]], name: str, current: Any) -> Any:
    return changes[name][1] if name in changes else current


def _parse(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return None


@dataclass(frozen=True)
class Escalated:
    """A moment a card escalated (SPEC §1): unacknowledged for 2 × ack_within, or not done by its due time;
    `holder` held it then."""

    key: str
    at: datetime
    handover_id: str
    holder: str
    reason: str


@dataclass
class _Replay:
    """One card's events, replayed for one colleague: who holds it, in which state, since when."""

    handover: Handover
    me: str
    supervising: bool
    now: datetime
    ack_within: timedelta

    def run(self) -> list[Notification]:
        h = self.handover
        self.found: dict[str, Notification] = {}
        self.escalated: list[Escalated] = []
        holder = first_receiver(h)
        status = Status.PENDING.value
        handed: datetime | None = None
        waiting_since: datetime | None = None  # while pending: since when its holder is asked to acknowledge
        check_at: datetime | None = None  # the sender's own check time, set when handing over
        flag: tuple[str, datetime, str] | None = None  # a follow-up flag: by, check time, note
        due_passed = False
        previous: Event | None = None
        for event in sorted(h.events, key=lambda e: e.seq):
            changes = event.changes
            if not due_passed and event.at > h.due:
                due_passed = True
                self._due(status, holder)
            before = holder
            if waiting_since is not None and any(name in changes for name in ("status", "handed_at", "to")):
                self._waited(waiting_since, event.at, before)
                waiting_since = None
            holder = str(_new(changes, "to", holder))
            status = str(_new(changes, "status", status))
            if event.kind == EventKind.CREATE:
                handed, check_at = event.at, h.check_at
            if "handed_at" in changes:
                handed = _parse(changes["handed_at"][1])
            if status == Status.PENDING and waiting_since is None:
                waiting_since = handed or event.at
            if check_at is not None and check_at <= event.at:
                self._check(h.from_, check_at, f"{h.id}: time to check progress", "check-at")
                check_at = None
            if flag is not None and "follow_up" in changes:
                self._flag_due(flag, event.at)
                flag = None
            new_flag = changes.get("follow_up", [None, None])[1]
            if isinstance(new_flag, dict) and (flag_at := _parse(new_flag.get("check_at"))) is not None:
                flag = (str(new_flag.get("by", "")), flag_at, str(new_flag.get("note", "")))
            if status == Status.CLOSED:
                check_at = None
            if event.actor != self.me:
                told = _event_message(event, h, before, holder, self.me, previous)
                if told is not None:
                    self._add(f"{event.kind}:{h.id}:{event.seq}", event.at, *told, seq=event.seq)
            previous = event
        if waiting_since is not None:
            self._waited(waiting_since, None, holder)
        if check_at is not None:
            self._check(h.from_, check_at, f"{h.id}: time to check progress", "check-at")
        if flag is not None:
            self._flag_due(flag, None)
        if not due_passed and h.due <= self.now:
            self._due(status, holder)
        return list(self.found.values())

    def _add(self, key: str, at: datetime, topic: Topic, message: str, *, seq: int = 0) -> None:
        if key not in self.found and at <= self.now:
            self.found[key] = Notification(key, at, topic, self.handover.id, message, seq)

    def _escalate(self, key: str, at: datetime, holder: str, message: str) -> None:
        """An escalation occasion: kept for the review (`escalated`), told to a supervisor on shift."""
        if at <= self.now and key not in {e.key for e in self.escalated}:
            self.escalated.append(Escalated(key, at, self.handover.id, holder, message))
        if self.supervising and self.me != self.handover.from_:
            self._add(key, at, Topic.ESCALATION, message)

    def _due(self, status: str, holder: str) -> None:
        """The due time came: an escalation unless the action was done (or the card closed) by then."""
        h = self.handover
        if status not in (Status.DONE, Status.CLOSED):
            message = f"{h.id} ({h.from_} → {holder}) not done by its due time"
            self._escalate(f"escalation-due:{h.id}:{_stamp(h.due)}", h.due, holder, message)

    def _waited(self, since: datetime, until: datetime | None, holder: str) -> None:
        """A wait for acknowledgement that ended at `until` (None: still waiting): late past ack_within, and
        escalated past twice that."""
        h = self.handover
        end = until or self.now
        if self.me == h.from_ and holder != self.me and end - since > self.ack_within:
            late = f"{h.id}: {holder} has not acknowledged within {span_words(self.ack_within)}"
            self._add(f"late:{h.id}:{_stamp(since)}", since + self.ack_within, Topic.LATE, late)
        if end - since > 2 * self.ack_within:
            waited = span_words(2 * self.ack_within)
            message = f"{h.id} ({h.from_} → {holder}) unacknowledged for {waited}"
            self._escalate(f"escalation-ack:{h.id}:{_stamp(since)}", since + 2 * self.ack_within, holder, message)

    def _check(self, who: str, at: datetime, message: str, kind: str) -> None:
        if who == self.me:
            self._add(f"{kind}:{self.handover.id}:{_stamp(at)}", at, Topic.CHECK, message)

    def _flag_due(self, flag: tuple[str, datetime, str], cleared_at: datetime | None) -> None:
        by, at, note = flag
        if cleared_at is None or at <= cleared_at:
            self._check(by, at, f"{self.handover.id}: time to check — {note}", "check")


def _event_message(
    event: Event, h: Handover, before: str, holder: str, me: str, previous: Event | None
) -> tuple[Topic, str] | None:
    """What `event`, written by someone else, tells `me` about card `h` (held by `before`, then `holder`)."""
    kind, who, hid = event.kind, event.actor, h.id
    sender = me == h.from_
    if kind == EventKind.CREATE:
        return (Topic.NEW, f"{hid} handed to you by {who}") if holder == me else None
    if kind == EventKind.REASSIGN:
        note = f" — {quoted(event.note)}" if event.note else ""
        handed_on = who == before != h.from_  # its holder handed it on (SPEC §1): the sender stays accountable
        if holder == me:
            by = f"{who} (handed on; sent by {h.from_})" if handed_on else who
            by += f" (from {before})" if before not in (who, h.from_) else ""
            return Topic.NEW, f"{hid} handed to you by {by}{note}"
        if sender and handed_on:
            return Topic.HANDED_ON, f"{hid}: {who} handed it on to {holder}; you stay its sender{note}"
        if before == me or sender:
            return Topic.CHANGED, f"{hid} reassigned from {before} to {holder} by {who}{note}"
        return None
    if kind == EventKind.ANSWER:
        answered = f"{hid}: {who} answered {quoted(event.note)}; acknowledge it again"
        return (Topic.ANSWER, answered) if holder == me else None
    if kind == EventKind.REOPEN and holder == me:
        return Topic.NEW, f"{hid} reopened by {who}: {quoted(event.note)}"
    if sender and holder != me:
        sent: dict[str, tuple[Topic, str]] = {
            EventKind.ACK: (
                Topic.ACKNOWLEDGED,
                f"{hid} acknowledged by {who}"
                + (f"; read-back: {quoted(event.note)}" if event.note else " (no read-back)"),
            ),
            EventKind.QUERY: (Topic.QUERY, f"{hid}: {who} asks {quoted(event.note)}"),
            EventKind.DONE: (Topic.DONE, f"{hid} done by {who}: {quoted(event.note)}; verify and close it"),
            EventKind.UNABLE: (
                Topic.UNABLE,
                f"{hid}: {who} was unable: {quoted(event.note)}; take it back, reassign or withdraw it",
            ),
        }
        if kind in sent:
            return sent[kind]
    if not (sender or before == me or holder == me):
        return None
    if event.for_ == me:
        return Topic.CHANGED, f"{hid}: {who} {phrase(kind)} for you" + (f": {quoted(event.note)}" if event.note else "")
    changed: dict[str, str] = {
        EventKind.TAKE_BACK: f"{hid} taken back by {who}",
        EventKind.WITHDRAW: f"{hid} withdrawn by {who}: {quoted(event.note)}",
        EventKind.REOPEN: f"{hid} reopened by {who}: {quoted(event.note)}",
        EventKind.VERIFY: f"{hid} verified and closed by {who}",
        EventKind.UNDO: f"{hid}: {who} undid {quoted(phrase(previous.kind) if previous else '')}",
    }
    if kind in changed:
        return Topic.CHANGED, changed[kind]
    if kind == EventKind.COMMENT:
        return Topic.COMMENT, f"{hid}: {who} commented {quoted(event.note)}"
    return None


def involves(handover: Handover, me: str) -> bool:
    """Whether `me` sent, holds or held the card: only those cards can tell them anything but escalations."""
    if me in (handover.from_, handover.to):
        return True
    return any(me in event.changes.get("to", ()) for event in handover.events)


def notifications_for(
    me: str,
    handovers: Iterable[Handover],
    *,
    now: datetime,
    ack_within: timedelta,
    supervising: bool = False,
) -> list[Notification]:
    """Every notification colleague `me` has been given on `handovers` up to `now`, oldest first.
    `supervising`: `me` is a supervisor on shift, who hears each escalation too."""
    found: list[Notification] = []
    for handover in handovers:
        if supervising or involves(handover, me):
            replay = _Replay(handover, me, supervising, now, ack_within)
            found.extend(replay.run())
    return sorted(found, key=lambda note: (note.at, note.seq, note.handover_id, note.key))


def escalation_moments(handover: Handover, *, now: datetime, ack_within: timedelta) -> list[Escalated]:
    """Every escalation `handover` has had up to `now`, by the same rule that tells the supervisors (the
    review counts them per holder)."""
    replay = _Replay(handover, "", False, now, ack_within)
    replay.run()
    return replay.escalated

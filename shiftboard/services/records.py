"""Records: the review for any period, shift notes, history search, improvement notes, retention purge
and subject export (SPEC §1 "Shifts and review", "Data protection").

The board's review screen and history screen, and the `report`, `export`, `search`, `improve`,
`purge` and `subject-export` commands all call these; the figures and rules are the domain's
(`review`, `notes`, `search`, `retention`). Archive files are read here, on demand and one month
at a time, never by the board's own refresh.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import Handover, Improvement, Status
from shiftboard.domain.periods import Window, dates_window, period_window
from shiftboard.domain.retention import erasable, purge_cutoff
from shiftboard.domain.search import Query, fold, matches, same_customer
from shiftboard.domain.text import MAX_SHORT, check_text
from shiftboard.services.base import reading
from shiftboard.services.events import unix_account
from shiftboard.services.shiftchange import ShiftChangeDesk

if TYPE_CHECKING:  # the review, the notes and the archive's readers are imported when a record is asked for:
    # a command like `ack` never needs them (SPEC §5's start-up budget)
    from shiftboard.domain.notes import ShiftNotes
    from shiftboard.domain.review import Review

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PurgeResult:
    """What a purge took (a dry run: would take): the handovers, and for a real one what it removed."""

    cutoff: datetime
    ids: list[str]
    live: int
    archived: int
    log_lines: int = 0
    temp_files: int = 0
    dry_run: bool = False


class RecordsDesk(ShiftChangeDesk):
    """Reports, exports, search and retention, on top of the handovers and the shift change."""

    # Periods ----------------------------------------------------------------------------

    def period(self, period: str, *, user: str | None = None) -> Window:
        """One of the named periods (today, this shift, 7 days, 30 days) as a window ending now; "this shift"
        is `user`'s shift by the roster (one-off changes included) when they are on one, else the team's."""
        own = None
        if user and period == "this shift":
            try:
                own = self.shift_now(user)
            except Refused:
                own = None  # not a colleague (any more): the team's shift
        return period_window(period, self.clock.now(), self.clock.tz, shifts=self.shifts(), own=own)

    def window(
        self, since: str | None, until: str | None, *, default: str, fields: tuple[str, str] = ("--since", "--until")
    ) -> Window:
        """The window typed dates give (local days of the store's zone), else the named `default` period."""
        now, tz = self.clock.now(), self.clock.tz
        return dates_window(since, until, now, tz, default=self.period(default), fields=fields)

    # Reading the history ----------------------------------------------------------------

    @reading
    def live_handover(self, hid: str) -> Handover | None:
        """The handover if the live state holds it (open or recently closed), without reading the archive."""
        row = self.store.state.row("handover", hid)
        return None if row is None else self._live_model(row)

    def _closed_since(self, since: datetime, progress: Progress | None = None) -> list[Handover]:
        """Archived handovers closed at or after `since`: their month files only, one at a time."""
        from shiftboard.store import scan

        archived = scan.handovers_holding(self.store.archive_dir, [], since_month=_month(since), progress=progress)
        return [handover for handover in archived if handover.closed_at is not None and handover.closed_at >= since]

    def _history(self, since: datetime, progress: Progress | None = None) -> list[Handover]:
        """Live handovers (open and recently closed) and those archived since `since`, each once."""
        live = self.handovers()
        ids = {handover.id for handover in live}
        return live + [h for h in self._closed_since(since, progress) if h.id not in ids]

    # The review and the shift notes -----------------------------------------------------

    def review(self, window: Window, *, progress: Progress | None = None) -> Review:
        """The review's figures over `window` (SPEC §1): the one computation the board, `report` and
        `export` share."""
        return self.review_with_handovers(window, progress=progress)[0]

    def review_with_handovers(
        self, window: Window, *, progress: Progress | None = None
    ) -> tuple[Review, dict[str, Handover]]:
        """The review, and the handovers it read by id: a screen drills down from a figure to them."""
        from shiftboard.domain.review import review

        handovers = self._history(window.since, progress)
        result = review(
            handovers,
            since=window.since,
            until=window.until,
            now=self.clock.now(),
            ack_within=timedelta(minutes=self.settings().ack_within_minutes),
            shifts=self.shifts(),
            tz=self.clock.tz,
        )
        return result, {handover.id: handover for handover in handovers}

    def shift_notes(self, window: Window, *, progress: Progress | None = None) -> ShiftNotes:
        """What is open now, by holder, and what closed in `window`."""
        from shiftboard.domain.notes import shift_notes

        handovers = self._history(window.since, progress)
        return shift_notes(
            [h for h in handovers if h.status is not Status.CLOSED],
            [h for h in handovers if h.status is Status.CLOSED],
            window=window,
            now=self.clock.now(),
            tz=self.clock.tz,
            shifts=self.shifts(),
            ack_within=timedelta(minutes=self.settings().ack_within_minutes),
        )

    # Improvement notes ------------------------------------------------------------------

    @reading
    def improvements(self, window: Window | None = None) -> list[Improvement]:
        """Improvement notes, oldest first; with `window`, those recorded in it."""
        notes = [Improvement.model_validate(row) for row in self.store.state.table("improvement").all()]
        if window is not None:
            notes = [note for note in notes if window.since <= note.at <= window.until]
        return sorted(notes, key=lambda note: (note.at, _number(note.id)))

    def add_improvement(self, text: str, *, agreed_by: list[str], by: str) -> Improvement:
        """Record an improvement agreed in a review: what, when, and who agreed it (colleagues)."""
        text = check_text("improvement", text, required=True).strip()
        agreed = list(dict.fromkeys(handle.strip().lower() for handle in agreed_by if handle.strip()))
        if not agreed:
            raise Invalid("--agreed-by", "is required: the colleagues who agreed it, e.g. tess,alice")
        for handle in agreed:
            self.colleague(handle)  # refused: no colleague 'x'
        with self.store.transaction() as txn:
            actor = self._actor(by)
            number = 1 + max((_number(row["id"]) for row in txn.state.table("improvement").all()), default=0)
            note = Improvement(id=f"I-{number}", text=text, agreed_by=agreed, at=self.clock.now(), by=actor.handle)
            record = note.to_json()
            txn.append(self._event(EventKind.IMPROVEMENT_ADD, Entity.IMPROVEMENT, note.id, actor.handle, record=record))
        return note

    # Search and subject export ----------------------------------------------------------

    @reading
    def _live_holding(self, needles: list[str], wanted: Callable[[Handover], bool]) -> tuple[list[Handover], set[str]]:
        """The live handovers `wanted` takes, oldest first, and every live id. A row whose JSON holds none of
        the needles' ASCII (store.scan's test) cannot match: it is never made a model."""
        from shiftboard.store import scan

        key = max((scan.ascii_key(needle) for needle in needles), key=len, default=b"")
        rows = self.store.state.tables["handovers"].values()
        found = [
            model
            for row in rows
            if not key or key in json.dumps(row, ensure_ascii=False).encode().lower()
            if wanted(model := self._live_model(row))
        ]
        return sorted(found, key=lambda h: h.number), {row["id"] for row in rows}

    def search(
        self, query: Query, *, newest_first: bool = False, progress: Progress | None = None
    ) -> Iterator[Handover]:
        """Every handover, open, closed or archived, that `query` finds: archived month by month (memory
        stays at one month), oldest first, or newest first (the live ones, then the archive backwards)."""
        from shiftboard.store import scan

        live, ids = self._live_holding(query.needles, lambda handover: matches(handover, query))
        since_month = _month(query.since) if query.since is not None else ""

        def archived() -> Iterator[Handover]:
            found = scan.handovers_holding(
                self.store.archive_dir,
                query.needles,
                since_month=since_month,
                newest_first=newest_first,
                progress=progress,
            )
            for handover in found:
                if handover.id not in ids and matches(handover, query):
                    yield handover

        if newest_first:
            yield from reversed(live)
            yield from archived()
        else:
            yield from archived()
            yield from live

    def subject_records(self, customer: str) -> Iterator[Handover]:
        """Every handover about the customer named (or reached) exactly `customer`: for a subject access
        request. After a purge their name and contact are gone, and so is every match."""
        from shiftboard.store import scan

        customer = check_text("--customer", customer, limit=MAX_SHORT, required=True, one_line=True).strip()
        live = [h for h in self.handovers() if same_customer(h, customer)]
        ids = {handover.id for handover in self.handovers()}

        word = max(fold(customer).split(), key=len)  # any match holds it (same_customer ignores spacing)

        def archived() -> Iterator[Handover]:
            for handover in scan.handovers_holding(self.store.archive_dir, [word]):
                if handover.id not in ids and same_customer(handover, customer):
                    yield handover

        return itertools.chain(archived(), live)

    # Retention --------------------------------------------------------------------------

    def _erasable(self, older_than: timedelta) -> tuple[datetime, Callable[[dict[str, Any]], bool]]:
        cutoff = purge_cutoff(self.clock.now(), older_than)

        def select(row: dict[str, Any]) -> bool:
            closed = row.get("closed_at")
            return erasable(
                status=row.get("status", ""),
                closed_at=datetime.fromisoformat(closed) if isinstance(closed, str) else None,
                purged=bool(row.get("purged")),
                cutoff=cutoff,
            )

        return cutoff, select

    def purge(
        self, older_than: timedelta, *, by: str | None, dry_run: bool = False, progress: Progress | None = None
    ) -> PurgeResult:
        """Erase the customer's personal data of every handover closed at or before now − `older_than`, in the
        log, the snapshot and the archive, all or nothing, and record a `purge` event with the counts. A
        supervisor's command (SPEC §6). `dry_run`: only say which, changing nothing."""
        from shiftboard.store import erase

        self.authorize_admin(by, "purge")
        cutoff, select = self._erasable(older_than)
        last_month = _month(cutoff)
        if dry_run:
            planned = erase.plan(self.store, select, last_month=last_month)
            return PurgeResult(cutoff, planned.keys, len(planned.live), len(planned.archived), dry_run=True)
        actor = by or unix_account()
        details = {"unix": unix_account(), "older_than_days": older_than.days, "cutoff": _iso(cutoff)}
        with self.store.transaction() as txn:
            done = erase.erase_customers(
                txn, select=select, last_month=last_month, actor=actor, at=self.clock.now(), details=details,
                progress=progress,
            )  # fmt: skip
        return PurgeResult(cutoff, done.keys, len(done.live), len(done.archived), done.log_lines, done.temp_files)


def _number(key: str) -> int:
    digits = key.rpartition("-")[2]
    return int(digits) if digits.isdigit() else 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _month(moment: datetime) -> str:
    return _iso(moment)[:7]

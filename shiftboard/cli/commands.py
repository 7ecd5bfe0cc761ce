"""One function per command: read the parsed options, call the Desk, print the result.

Rules stay in the domain and the Desk; a refusal travels up as `Refused` (or a store
error) and `main` prints it as one line. Nothing is written before the Desk has checked.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from shiftboard.cli import output
from shiftboard.cli.identity import login_name, new_pin, signed_in
from shiftboard.domain.clock import Clock
from shiftboard.domain.drafts import LABELS, DraftInvalid, HandoverDraft
from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.locations import store_path
from shiftboard.services import Desk

# Draft fields as the options that fill them, so a refusal names what to retype.
OPTIONS = {
    "to": "--to",
    "customer_name": "--customer",
    "customer_contact": "--contact",
    "customer_ref": "--ref",
    "preferences": "--prefs",
    "summary": "--summary",
    "actions_taken": "--taken",
    "action_required": "--action",
    "sender_keeps": "--keeps",
    "service": "--service",
    "promises": "--promise",
    "contingency": "--contingency",
    "due": "--due",
    "priority": "--priority",
    "channel": "--channel",
    "informed": "--informed",
    "informed_note": "--informed-note",
    "check_at": "--check",
    "answers": "--answer",
}


class Context:
    """The parsed options, the clock, and the store directory they name."""

    def __init__(self, args: argparse.Namespace, clock: Clock | None) -> None:
        self.args = args
        self.clock = clock or Clock()
        self.root = store_path(getattr(args, "store", None))
        self.command = "shiftboard" + (f" {args.command}" if args.command else "")

    def desk(self, *, create: bool = False) -> Desk:
        on_wait = _say_waiting if sys.stderr.isatty() else None
        return Desk.open(self.root, clock=self.clock, create=create, on_wait=on_wait)

    def user(self, desk: Desk) -> str:
        handle = signed_in(desk, getattr(self.args, "as_", None), command=self.command)
        assert handle is not None
        return handle


def _say_waiting() -> None:
    print("shiftboard: waiting for another shiftboard process to finish writing...", file=sys.stderr)


def terminal_width() -> int | None:
    """The width of the terminal the output goes to; None when it goes to a pipe or a file."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@contextmanager
def _creating(root: Path) -> Iterator[None]:
    """Allow a first command to create the store, and leave no empty store behind when it is refused."""
    fresh = not root.exists()
    try:
        yield
    except BaseException:
        if fresh:
            _remove_empty_store(root)
        raise


def _remove_empty_store(root: Path) -> None:
    try:
        lock = root / ".lock"
        if lock.exists() and lock.stat().st_size == 0:
            lock.unlink()
        for empty in (root / "log", root):
            if empty.is_dir() and not os.listdir(empty):
                empty.rmdir()
    except OSError:
        pass


def demo(ctx: Context) -> int:
    from shiftboard.demo import build_demo
    from shiftboard.progress import progress_bar

    args = ctx.args
    with progress_bar("building the demo board") as bar:
        summary = build_demo(
            ctx.root, open_count=args.open_count, archived=args.archived, seed=args.seed, clock=ctx.clock, progress=bar
        )
    output.emit(
        f"demo board at {summary.root}: {summary.colleagues} colleagues, {summary.services} services, "
        f"{summary.shifts} shifts, {summary.open} open handovers, {summary.recently_closed} closed this week, "
        f"{summary.archived} archived"
    )
    output.emit(f"open it with: shiftboard --store {summary.root} --as alice")
    return 0


def colleague_add(ctx: Context) -> int:
    args = ctx.args
    pin = new_pin(args.handle.strip().lower()) if args.pin else None
    with _creating(ctx.root):
        desk = ctx.desk(create=True)
        colleague = desk.add_colleague(
            args.handle, name=args.name, role=args.role, skills=_tags(args.skills), pin=pin, by=login_name() or "admin"
        )
    skills = f"; skills {', '.join(colleague.skills)}" if colleague.skills else ""
    locked = "; PIN set" if colleague.pin else ""
    output.emit(f"colleague {colleague.handle} added: {colleague.name}, {colleague.role}{skills}{locked}")
    return 0


def colleague_list(ctx: Context) -> int:
    desk = ctx.desk()
    colleagues = desk.colleagues(include_inactive=True)
    on_shift = {c.handle: desk.on_shift(c) for c in colleagues}
    counts = desk.open_counts()
    if ctx.args.json:
        output.emit_json_array(
            output.colleague_json(c, on_shift=on_shift[c.handle], open_count=counts.get(c.handle, 0))
            for c in colleagues
        )
    else:
        output.colleague_rows(colleagues, on_shift, counts)
    return 0


def service_add(ctx: Context) -> int:
    args = ctx.args
    with _creating(ctx.root):
        desk = ctx.desk(create=True)
        service = desk.add_service(
            args.name,
            skills=_tags(args.skills),
            prompts=args.prompt,
            require=_tags(args.require),
            when=args.when,
            by=login_name() or "admin",
        )
    prompts = len(service.prompts)
    output.emit(f"service {service.name} added: {prompts} prompt{'s' if prompts != 1 else ''}, applies {service.when}")
    return 0


def service_list(ctx: Context) -> int:
    services = ctx.desk().services()
    if ctx.args.json:
        output.emit_json_array(service.to_json() for service in services)
    else:
        output.service_rows(services)
    return 0


def _answers(raw: list[str]) -> dict[int, str]:
    answers: dict[int, str] = {}
    for item in raw:
        number, sep, text = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise Refused(f"--answer {item!r}: write it as N=TEXT, e.g. --answer 1=RF-48213")
        answers[int(number)] = text
    return answers


def add(ctx: Context) -> int:
    args = ctx.args
    draft = HandoverDraft(
        to=args.to,
        customer_name=args.customer,
        customer_contact=args.contact,
        customer_ref=args.ref,
        preferences=args.prefs,
        summary=args.summary,
        actions_taken=args.taken,
        action_required=args.action,
        sender_keeps=args.keeps,
        service=args.service,
        answers=_answers(args.answer),
        promises=args.promise,
        contingency=args.contingency,
        due=args.due,
        priority=args.priority,
        channel=args.channel,
        informed=args.informed,
        informed_note=args.informed_note,
        check_at=args.check,
    )
    desk = ctx.desk()
    user = ctx.user(desk)
    try:
        handover = desk.hand_over(draft, by=user)
    except DraftInvalid as invalid:
        raise Refused(_draft_problem(invalid)) from None
    now = ctx.clock.now()
    line = f"{handover.id} handed over to {handover.to}, due {local_clock(handover.due, ctx.clock.tz, now)}"
    if not desk.on_shift(desk.colleague(handover.to)):
        line += f" ({handover.to} is not on shift now)"
    output.emit(line)
    return 0


def _draft_problem(invalid: DraftInvalid) -> str:
    """The first bad field as the option to retype, and how many more there are."""
    fields = list(invalid.errors)
    first = fields[0]
    option = f"--answer {first.split('_')[1]}" if first.startswith("answer_") else OPTIONS.get(first, first)
    message = invalid.errors[first]
    label = f"{LABELS.get(first, first)}:"
    if message.startswith(label):
        message = message[len(label) :].lstrip()
    more = f" (and {len(fields) - 1} more)" if len(fields) > 1 else ""
    return f"{option}: {message}{more}"


def _step(ctx: Context, act: Callable[[Desk, str], Handover], say: Callable[[Handover, str], str]) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    handover = act(desk, user)
    output.emit(say(handover, user))
    return 0


def ack(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        return f"{h.id} acknowledged by {by}" + (f" for {h.to}" if by != h.to else "")

    return _step(ctx, lambda d, by: d.acknowledge(ctx.args.id, by=by, read_back=ctx.args.note), say)


def query(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.query(ctx.args.id, by=by, question=ctx.args.note),
        lambda h, by: f"{h.id} queried: back to {h.from_} with the question",
    )


def done(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.done(ctx.args.id, by=by, outcome=ctx.args.outcome),
        lambda h, by: f"{h.id} done: {h.from_} to verify and close",
    )


def unable(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.unable(ctx.args.id, by=by, reason=ctx.args.reason),
        lambda h, by: f"{h.id} marked unable: {h.from_} to reassign it or take it back",
    )


def verify_close(ctx: Context) -> int:
    return _step(ctx, lambda d, by: d.verify_close(ctx.args.id, by=by), lambda h, by: f"{h.id} verified and closed")


def reassign(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.reassign(ctx.args.id, by=by, to=ctx.args.to),
        lambda h, by: f"{h.id} reassigned to {h.to}, awaiting acknowledgement",
    )


def flag(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        check = h.follow_up.check_at if h.follow_up else None
        when = f", check at {local_clock(check, ctx.clock.tz, ctx.clock.now())}" if check else ""
        return f"{h.id} flagged for follow-up{when}"

    return _step(ctx, lambda d, by: d.flag(ctx.args.id, by=by, note=ctx.args.note, check=ctx.args.check), say)


def unflag(ctx: Context) -> int:
    return _step(ctx, lambda d, by: d.unflag(ctx.args.id, by=by), lambda h, by: f"{h.id} unflagged")


def comment(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        if h.events and h.events[-1].kind == "answer":
            return f"{h.id} answered: back to {h.to}, awaiting acknowledgement"
        return f"{h.id} comment added"

    return _step(ctx, lambda d, by: d.comment(ctx.args.id, by=by, note=ctx.args.note), say)


def listing(ctx: Context) -> int:
    args = ctx.args
    desk = ctx.desk()
    to = args.to.strip().lower() if args.to else None
    from_ = args.from_.strip().lower() if args.from_ else None
    found: Iterator[Handover] = iter(desk.handovers(to=to, from_=from_, status=args.status))
    if args.archived:
        archived = (
            h
            for h in desk.archived_handovers()
            if (to is None or h.to == to) and (from_ is None or h.from_ == from_) and args.status in (None, h.status)
        )
        found = itertools.chain(archived, found)
    if args.json:
        output.emit_json_array(output.stored(h) for h in found)
    else:
        ack_within = timedelta(minutes=desk.settings().ack_within_minutes)
        output.handover_rows(found, ctx.clock.now(), ctx.clock.tz, ack_within, width=terminal_width())
    return 0


def show(ctx: Context) -> int:
    desk = ctx.desk()
    handover = desk.handover(ctx.args.id)
    if ctx.args.json:
        print(output.json_text(output.stored(handover), indent=2))
    else:
        ack_within = timedelta(minutes=desk.settings().ack_within_minutes)
        output.handover_detail(handover, ctx.clock.now(), ctx.clock.tz, ack_within, width=terminal_width())
    return 0


def verify(ctx: Context) -> int:
    from shiftboard.progress import progress_bar
    from shiftboard.store.verify import verify_store

    if not ctx.root.is_dir():
        raise Refused(f"no store at {ctx.root}")
    with progress_bar("verifying") as bar:
        report = verify_store(ctx.root, progress=bar)
    if not report.ok:
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise Refused(f"verify failed: {report.problems[0]}{more}")
    output.emit(
        f"{ctx.root}: verified {report.events:,} events; the audit chain is intact and state.json and the archive "
        f"match the log ({report.handovers:,} live, {report.archived:,} archived handovers)"
    )
    if report.torn_tail:
        output.emit(f"note: {report.torn_tail}")
    return 0


def serve(ctx: Context) -> int:
    from shiftboard.cli.serve import serve as serve_board  # textual-serve and Rich only for this command

    return serve_board(ctx)


COMMANDS: dict[str, Callable[[Context], int]] = {
    "demo": demo,
    "colleague add": colleague_add,
    "colleague list": colleague_list,
    "service add": service_add,
    "service list": service_list,
    "add": add,
    "ack": ack,
    "query": query,
    "done": done,
    "unable": unable,
    "verify-close": verify_close,
    "reassign": reassign,
    "flag": flag,
    "unflag": unflag,
    "comment": comment,
    "list": listing,
    "show": show,
    "verify": verify,
    "serve": serve,
}

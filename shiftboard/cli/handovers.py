"""The handover commands: `add` and every lifecycle move, `list` and `show`.

`add`'s options come from the domain's field registry; each move is one Desk call, so the
rules (who, from which state, what must be typed) stay in the domain. A refusal travels up
as `Refused` and `main` prints it as one line; nothing is written before the Desk has checked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, terminal_width
from shiftboard.cli.parser import command, json_option
from shiftboard.domain.drafts import ANSWERS, DraftInvalid, HandoverDraft
from shiftboard.domain.duetime import local_clock
from shiftboard.domain.errors import Invalid, Refused
from shiftboard.domain.events import PHRASES, EventKind, phrase
from shiftboard.domain.fields import BY_NAME, FIELDS
from shiftboard.domain.lifecycle import STATUS_WORDS
from shiftboard.domain.models import Handover, Status
from shiftboard.services import Desk


def register(sub: Any) -> None:
    add = command(sub, "add", "hand over a customer action", acting=True)
    for field in FIELDS:
        default = None if field.required and not field.default else field.default
        add.add_argument(
            field.option,
            dest=field.name,
            required=default is None,
            default=default,
            choices=field.choices or None,
            help=field.help + (f" ({field.default})" if field.default else ""),
        )
    add.add_argument(
        "--answer", action="append", default=[], metavar="N=TEXT", help="answer to the template's prompt N (repeat)"
    )
    add.set_defaults(run=add_handover)

    ack = _move(sub, "ack", "acknowledge a handover you received", acknowledge)
    ack.add_argument(
        "--note", default="", help="read-back: the action in your own words (required while require_read_back is on)"
    )
    _move(sub, "query", "send a question back to the sender", query).add_argument(
        "--note", required=True, help="your question"
    )
    _move(sub, "done", "record the outcome", done).add_argument(
        "--outcome", required=True, help="what was done for the customer"
    )
    _move(sub, "unable", "say you could not complete it", unable).add_argument(
        "--reason", required=True, help="why it could not be done"
    )
    _move(sub, "verify-close", "confirm the outcome and close (the sender)", verify_close)
    reassign_ = _move(sub, "reassign", "hand it to someone else, or back to yourself", reassign)
    reassign_.add_argument("--to", required=True, help="the colleague who takes it (your own handle takes it back)")
    reassign_.add_argument(
        "--note", default="", help="a handover note (required when you hold it and hand it on at shift change)"
    )
    flag_ = _move(sub, "flag", "flag for follow-up", flag)
    flag_.add_argument("--note", required=True, help="what to check")
    flag_.add_argument("--check", default="", help="when to check: 30m, 16:00 ...")
    _move(sub, "unflag", "clear the follow-up flag", unflag)
    _move(sub, "comment", "add a note (the sender's note on a query answers it)", comment).add_argument(
        "--note", required=True, help="the comment, or the answer to a query"
    )
    _move(sub, "take-back", "take a handover you sent back into your own hands (your done closes it)", take_back)
    _move(
        sub, "withdraw", "cancel an open handover that is no longer needed (closed as withdrawn)", withdraw
    ).add_argument("--reason", required=True, help="why it is no longer needed")
    _move(sub, "reopen", "reopen a closed handover: pending for its receiver again", reopen).add_argument(
        "--reason", required=True, help="why: closed by mistake, the customer came back …"
    )
    _move(sub, "undo", "undo your own latest action on a handover, within 2 minutes", undo)

    listing_ = command(sub, "list", "list handovers")
    listing_.add_argument("--to", metavar="HANDLE", help="only those handed to HANDLE")
    listing_.add_argument("--from", dest="from_", metavar="HANDLE", help="only those handed over by HANDLE")
    listing_.add_argument("--status", choices=[status.value for status in Status], help="only those in this state")
    shown = listing_.add_mutually_exclusive_group()
    shown.add_argument("--all", action="store_true", help="closed ones too, archived included (default: open only)")
    shown.add_argument("--archived", action="store_true", help="only closed ones, archived included")
    json_option(listing_, "exactly as the store holds them, for scripts")
    listing_.set_defaults(run=listing)

    show_ = command(sub, "show", "show one handover with its history")
    show_.add_argument("id", metavar="ID", help="H-1042")
    json_option(show_, "exactly as the store holds it, for scripts")
    show_.set_defaults(run=show)


def _move(sub: Any, name: str, text: str, run: Callable[[Context], int]) -> Any:
    parser = command(sub, name, text, acting=True)
    parser.add_argument("id", metavar="ID", help="the handover, e.g. H-1042")
    parser.set_defaults(run=run)
    return parser


def _answers(raw: list[str]) -> dict[int, str]:
    answers: dict[int, str] = {}
    for item in raw:
        number, sep, text = item.partition("=")
        if not sep or not (number.strip().isascii() and number.strip().isdigit()):
            raise Refused(f"--answer {item!r}: write it as N=TEXT, e.g. --answer 1=RF-48213")
        answers[int(number)] = text
    return answers


def add_handover(ctx: Context) -> int:
    args = ctx.args
    draft = HandoverDraft(answers=_answers(args.answer), **{field.name: getattr(args, field.name) for field in FIELDS})
    desk = ctx.desk()
    user = ctx.user(desk)
    try:
        handover = desk.hand_over(draft, by=user)
    except DraftInvalid as invalid:
        raise Refused(draft_problem(invalid)) from None
    now = ctx.clock.now()
    output.warn_all(desk.receiver_warnings(handover.to, handover.service))
    output.emit(f"{handover.id} handed over to {handover.to}, due {local_clock(handover.due, ctx.clock.tz, now)}")
    return 0


def draft_problem(invalid: DraftInvalid) -> str:
    """The first bad field as the option to retype, and how many more there are."""
    name, problem = next(iter(invalid.errors.items()))
    if name.startswith("answer_"):
        option = f"--answer {name.removeprefix('answer_')}"
    elif name == ANSWERS:
        option = "--answer"
    else:
        option = BY_NAME[name].option
    more = f" (and {len(invalid.errors) - 1} more)" if len(invalid.errors) > 1 else ""
    return f"{option} {problem}{more}"


def _step(ctx: Context, act: Callable[[Desk, str], Handover], say: Callable[[Handover, str], str]) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    handover = act(desk, user)
    output.emit(say(handover, user))
    return 0


def acknowledge(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        return f"{h.id} {PHRASES[EventKind.ACK]} by {by}" + (f" for {h.to}" if by != h.to else "")

    def act(desk: Desk, by: str) -> Handover:
        try:
            return desk.acknowledge(ctx.args.id, by=by, read_back=ctx.args.note)
        except Invalid as invalid:
            if invalid.subject != "read-back":
                raise
            raise Refused(f"--note (the read-back) {invalid.problem}") from None

    return _step(ctx, act, say)


def query(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.query(ctx.args.id, by=by, question=ctx.args.note),
        lambda h, by: f"{h.id} queried: back to {h.from_} with the question",
    )


def done(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        if h.status is Status.CLOSED:  # a card its sender took back: their done closes it
            return f"{h.id} {PHRASES[EventKind.DONE]} and closed: taken back, nobody verifies"
        return f"{h.id} {PHRASES[EventKind.DONE]}: {h.from_} to verify and close"

    return _step(ctx, lambda d, by: d.done(ctx.args.id, by=by, outcome=ctx.args.outcome), say)


def unable(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.unable(ctx.args.id, by=by, reason=ctx.args.reason),
        lambda h, by: f"{h.id} {PHRASES[EventKind.UNABLE]}: {h.from_} to reassign it or take it back",
    )


def verify_close(ctx: Context) -> int:
    return _step(
        ctx, lambda d, by: d.verify_close(ctx.args.id, by=by), lambda h, by: f"{h.id} {PHRASES[EventKind.VERIFY]}"
    )


def reassign(ctx: Context) -> int:
    def act(desk: Desk, by: str) -> Handover:
        handover = desk.reassign(ctx.args.id, by=by, to=ctx.args.to, note=ctx.args.note)
        if handover.to != handover.from_:
            output.warn_all(desk.receiver_warnings(handover.to, handover.service))
        return handover

    def say(h: Handover, by: str) -> str:
        told = f"; {h.from_} is told" if by not in (h.from_, h.to) and not h.events[-1].for_ else ""
        return f"{h.id} {PHRASES[EventKind.REASSIGN]} to {h.to}, awaiting acknowledgement{told}"

    return _step(ctx, act, say)


def flag(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        check = h.follow_up.check_at if h.follow_up else None
        when = f", check at {local_clock(check, ctx.clock.tz, ctx.clock.now())}" if check else ""
        return f"{h.id} {PHRASES[EventKind.FLAG]}{when}"

    return _step(ctx, lambda d, by: d.flag(ctx.args.id, by=by, note=ctx.args.note, check=ctx.args.check), say)


def unflag(ctx: Context) -> int:
    return _step(ctx, lambda d, by: d.unflag(ctx.args.id, by=by), lambda h, by: f"{h.id}: {PHRASES[EventKind.UNFLAG]}")


def comment(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        if h.events and h.events[-1].kind == EventKind.ANSWER:
            return f"{h.id} answered: back to {h.to}, awaiting acknowledgement"
        return f"{h.id} comment added"

    return _step(ctx, lambda d, by: d.comment(ctx.args.id, by=by, note=ctx.args.note), say)


def take_back(ctx: Context) -> int:
    return _step(
        ctx,
        lambda d, by: d.take_back(ctx.args.id, by=by),
        lambda h, by: f"{h.id} taken back: {h.from_} holds it now (done closes it)",
    )


def withdraw(ctx: Context) -> int:
    return _step(
        ctx, lambda d, by: d.withdraw(ctx.args.id, by=by, reason=ctx.args.reason), lambda h, by: f"{h.id} withdrawn"
    )


def reopen(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        waiting = "awaiting acknowledgement" if h.status is Status.PENDING else "in their own hands"
        return f"{h.id} reopened: with {h.to}, {waiting}"

    return _step(ctx, lambda d, by: d.reopen(ctx.args.id, by=by, reason=ctx.args.reason), say)


def undo(ctx: Context) -> int:
    def say(h: Handover, by: str) -> str:
        undone = phrase(h.events[-2].kind) if len(h.events) > 1 else "the last action"
        return f"{h.id}: undone “{undone}”; now {STATUS_WORDS[h.status]}"

    return _step(ctx, lambda d, by: d.undo(ctx.args.id, by=by), say)


def _known(desk: Desk, handle: str | None) -> str | None:
    """A --to or --from handle, refused (exit 1) unless it is a colleague's, past or present."""
    if handle is None:
        return None
    return desk.colleague(handle).handle


def listing(ctx: Context) -> int:
    args = ctx.args
    desk = ctx.desk()
    to, from_ = _known(desk, args.to), _known(desk, args.from_)
    # Open handovers only, unless asked for more (SPEC §3); a --status names exactly which.
    open_only = not (args.all or args.archived or args.status)
    live = desk.handovers(to=to, from_=from_, status=args.status, include_closed=not open_only)
    if args.archived:
        live = [h for h in live if h.status is Status.CLOSED]
    found: Iterator[Handover] = iter(live)
    if args.all or args.archived:
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

"""Setting a team up: the demo board, colleagues (added, changed, deactivated, their PINs), and the
services they deliver. Changing the team is a supervisor's (`ctx.admin`, checked by the Desk)."""

from __future__ import annotations

from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, creating, split_list
from shiftboard.cli.identity import new_pin
from shiftboard.cli.parser import UsageError, command, json_option, verbs
from shiftboard.domain.models import Colleague
from shiftboard.services import Desk
from shiftboard.services.team import ROLES, WHEN


def register(sub: Any) -> None:
    demo_ = command(sub, "demo", "create a demo board")
    demo_.add_argument("--open", dest="open_count", type=int, default=30, metavar="N", help="open handovers (30)")
    demo_.add_argument("--archived", type=int, default=0, metavar="M", help="archived closed handovers (0)")
    demo_.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    demo_.set_defaults(run=demo)

    colleague = verbs(sub, "colleague", "add, change, deactivate or list colleagues, and set their PINs")
    add = command(colleague, "add", "add a colleague", acting=True)
    add.add_argument("handle", metavar="HANDLE")
    add.add_argument("--name", required=True, help="the full name colleagues know them by")
    add.add_argument("--role", choices=ROLES, default="agent", help="a supervisor may act for others (agent)")
    add.add_argument("--skills", default="", metavar="a,b", help="services they can take, comma-separated")
    add.add_argument("--unix", default="", metavar="a,b", help="their Unix accounts: acting from one needs no PIN")
    add.add_argument("--shifts", default="", metavar="S,T", help="the shifts they work (see: shiftboard shift list)")
    add.add_argument("--pin", action="store_true", help="ask for a PIN (6-12 digits, typed or piped in, never echoed)")
    add.set_defaults(run=colleague_add)
    pin = command(colleague, "pin", "set or reset a colleague's PIN (a supervisor; lifts a lock-out)", acting=True)
    pin.add_argument("handle", metavar="HANDLE")
    pin.set_defaults(run=colleague_pin)
    edit = command(colleague, "edit", "change a colleague: only what is given changes", acting=True)
    edit.add_argument("handle", metavar="HANDLE")
    edit.add_argument("--name", help="the full name colleagues know them by")
    edit.add_argument("--role", choices=ROLES, help="agent or supervisor")
    edit.add_argument("--skills", metavar="a,b", help="their skills, all of them (empty: none)")
    edit.add_argument("--unix", metavar="a,b", help="their Unix accounts, all of them (empty: none)")
    edit.add_argument("--shifts", metavar="S,T", help="the shifts they work, all of them (empty: none)")
    edit.set_defaults(run=colleague_edit)
    for verb, text, run in (
        (
            "deactivate",
            "deactivate a colleague (never deleted: the audit keeps pointing at them)",
            colleague_deactivate,
        ),
        ("reactivate", "bring a deactivated colleague back", colleague_reactivate),
    ):
        parser = command(colleague, verb, text, acting=True)
        parser.add_argument("handle", metavar="HANDLE")
        parser.set_defaults(run=run)
    listing = command(colleague, "list", "list colleagues")
    json_option(listing)
    listing.set_defaults(run=colleague_list)

    service = verbs(sub, "service", "add or list services and their handover templates")
    add = command(service, "add", "add a service", acting=True)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--skills", default="", metavar="a,b", help="skills a receiver should have")
    add.add_argument("--prompt", action="append", default=[], metavar="TEXT", help="a numbered prompt (repeat)")
    add.add_argument("--require", default="", metavar="FIELD,...", help="fields the template makes required")
    add.add_argument(
        "--when", choices=WHEN, default="both", help="when the template applies: at shift change, mid-shift or both"
    )
    add.set_defaults(run=service_add)
    listing = command(service, "list", "list services")
    json_option(listing)
    listing.set_defaults(run=service_list)


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
    with creating(ctx.root):
        desk = ctx.desk(create=True)
        by = ctx.admin(desk)
        desk.authorize_admin(by, "adding a colleague")  # before anyone types a new PIN
        pin = new_pin(args.handle.strip().lower()) if args.pin else None
        colleague = desk.add_colleague(
            args.handle,
            name=args.name,
            role=args.role,
            skills=split_list(args.skills),
            unix=split_list(args.unix),
            shifts=split_list(args.shifts),
            pin=pin,
            by=by,
        )
    output.emit(f"colleague {colleague.handle} added: {colleague_words(desk, colleague)}")
    return 0


def colleague_words(desk: Desk, colleague: Colleague) -> str:
    """`Alice Moreno, agent; skills billing; shifts Early; Unix alice; PIN set` as a confirmation says it."""
    parts = [f"{colleague.name}, {colleague.role}" + ("" if colleague.active else " (deactivated)")]
    for label, values in (
        ("skills", colleague.skills),
        ("shifts", desk.shifts_of(colleague.handle)),
        ("Unix", colleague.unix),
    ):
        if values:
            parts.append(f"{label} {', '.join(values)}")
    if colleague.pin:
        parts.append("PIN set")
    return "; ".join(parts)


def colleague_edit(ctx: Context) -> int:
    args = ctx.args
    given = {
        name: getattr(args, name)
        for name in ("name", "role", "skills", "unix", "shifts")
        if getattr(args, name) is not None
    }
    if not given:
        raise UsageError(f"{ctx.command} edit: give what to change: --name, --role, --skills, --unix or --shifts")
    desk = ctx.desk()
    lists = {name: split_list(value) for name, value in given.items() if name in ("skills", "unix", "shifts")}
    colleague, changed = desk.edit_colleague(args.handle, **{**given, **lists}, by=ctx.admin(desk))
    if changed:
        output.emit(f"colleague {colleague.handle} changed ({', '.join(changed)}): {colleague_words(desk, colleague)}")
    else:
        output.emit(f"colleague {colleague.handle} unchanged: {colleague_words(desk, colleague)}")
    return 0


def colleague_deactivate(ctx: Context) -> int:
    return _set_active(ctx, active=False)


def colleague_reactivate(ctx: Context) -> int:
    return _set_active(ctx, active=True)


def _set_active(ctx: Context, *, active: bool) -> int:
    desk = ctx.desk()
    before = desk.colleague(ctx.args.handle)
    colleague = desk.set_active(before.handle, active, by=ctx.admin(desk))
    word = "reactivated" if active else "deactivated"
    if before.active == active:
        output.emit(f"colleague {colleague.handle} is already {'active' if active else 'deactivated'}")
    else:
        held = desk.open_counts().get(colleague.handle, 0)
        still = f"; {held} open handover{'s' if held != 1 else ''} still with them" if held and not active else ""
        output.emit(f"colleague {colleague.handle} {word}{still}")
    return 0


def colleague_pin(ctx: Context) -> int:
    desk = ctx.desk()
    by = ctx.admin(desk)
    desk.authorize_admin(by, "setting a PIN")  # before anyone types a new PIN
    handle = desk.colleague(ctx.args.handle).handle
    desk.set_pin(handle, new_pin(handle), by=by)
    output.emit(f"new PIN set for {handle}; any lock-out is lifted")
    return 0


def colleague_list(ctx: Context) -> int:
    desk = ctx.desk()
    colleagues = desk.colleagues(include_inactive=True)
    on_shift = {c.handle: desk.on_shift(c) for c in colleagues}
    counts = desk.open_counts()
    if ctx.args.json:
        output.emit_json_array(
            output.colleague_json(
                c, on_shift=on_shift[c.handle], open_count=counts.get(c.handle, 0), shifts=desk.shifts_of(c.handle)
            )
            for c in colleagues
        )
    else:
        output.colleague_rows(colleagues, on_shift, counts)
    return 0


def service_add(ctx: Context) -> int:
    args = ctx.args
    with creating(ctx.root):
        desk = ctx.desk(create=True)
        service = desk.add_service(
            args.name,
            skills=split_list(args.skills),
            prompts=args.prompt,
            require=split_list(args.require),
            when=args.when,
            by=ctx.admin(desk),
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

"""Setting a team up: the demo board, colleagues, and the services they deliver."""

from __future__ import annotations

from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, creating, split_list
from shiftboard.cli.identity import new_pin
from shiftboard.cli.parser import command, json_option, verbs
from shiftboard.services.team import ROLES, WHEN


def register(sub: Any) -> None:
    demo_ = command(sub, "demo", "create a demo board")
    demo_.add_argument("--open", dest="open_count", type=int, default=30, metavar="N", help="open handovers (30)")
    demo_.add_argument("--archived", type=int, default=0, metavar="M", help="archived closed handovers (0)")
    demo_.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    demo_.set_defaults(run=demo)

    colleague = verbs(sub, "colleague", "add or list colleagues")
    add = command(colleague, "add", "add a colleague", acting=True)
    add.add_argument("handle", metavar="HANDLE")
    add.add_argument("--name", required=True, help="the full name colleagues know them by")
    add.add_argument("--role", choices=ROLES, default="agent", help="a supervisor may act for others (agent)")
    add.add_argument("--skills", default="", metavar="a,b", help="services they can take, comma-separated")
    add.add_argument("--unix", default="", metavar="a,b", help="their Unix accounts: acting from one needs no PIN")
    add.add_argument("--pin", action="store_true", help="ask for a PIN (6-12 digits, typed or piped in, never echoed)")
    add.set_defaults(run=colleague_add)
    pin = command(colleague, "pin", "set or reset a colleague's PIN (a supervisor; lifts a lock-out)", acting=True)
    pin.add_argument("handle", metavar="HANDLE")
    pin.set_defaults(run=colleague_pin)
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
            pin=pin,
            by=by,
        )
    skills = f"; skills {', '.join(colleague.skills)}" if colleague.skills else ""
    accounts = f"; Unix {', '.join(colleague.unix)}" if colleague.unix else ""
    locked = "; PIN set" if colleague.pin else ""
    output.emit(f"colleague {colleague.handle} added: {colleague.name}, {colleague.role}{skills}{accounts}{locked}")
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
            output.colleague_json(c, on_shift=on_shift[c.handle], open_count=counts.get(c.handle, 0))
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

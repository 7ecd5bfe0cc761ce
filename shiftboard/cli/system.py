"""The store as a whole: `verify` its integrity, `serve` the board to a browser."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, creating
from shiftboard.cli.identity import new_pin
from shiftboard.cli.parser import command
from shiftboard.domain.errors import Refused

DEFAULT_PORT = 8000


def port_number(text: str) -> int:
    """argparse type for --port: a usage error (exit 2) unless 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}: give a number from 1 to 65535") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {port}: give a number from 1 to 65535")
    return port


def register(sub: Any) -> None:
    init_ = command(sub, "init", "create an empty team store whose first supervisor is your Unix account")
    init_.add_argument("--supervisor", required=True, metavar="HANDLE", help="the first supervisor's handle")
    init_.add_argument("--name", required=True, help="the first supervisor's full name")
    init_.add_argument("--pin", action="store_true", help="also give them a PIN (6-12 digits, asked twice)")
    init_.set_defaults(run=init)
    verify_ = command(sub, "verify", "check the store and its audit chain (and your witness of it)")
    verify_.add_argument(
        "--witness",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="also check the chain against this witness file (another user's; repeat for several)",
    )
    verify_.set_defaults(run=verify)
    serve_ = command(sub, "serve", "the board in a web browser, on localhost")
    serve_.add_argument("--port", type=port_number, default=DEFAULT_PORT, metavar="N", help=f"({DEFAULT_PORT})")
    serve_.set_defaults(run=serve)


def init(ctx: Context) -> int:
    args = ctx.args
    with creating(ctx.root):
        desk = ctx.desk(create=True)
        desk.refuse_unless_empty()
        pin = new_pin(args.supervisor.strip().lower()) if args.pin else None
        colleague = desk.init_team(args.supervisor, name=args.name, pin=pin, caller=ctx.caller)
    protection = f"Unix account {ctx.caller.account}" + (" or PIN" if colleague.pin else "")
    output.emit(
        f"team store at {ctx.root}: supervisor {colleague.handle} ({colleague.name}), signed in by {protection}"
    )
    output.emit(
        "from now on adding colleagues, services, shifts and settings needs a supervisor; next: "
        f"shiftboard colleague add HANDLE --name NAME --unix ACCOUNT --store {ctx.root}"
    )
    return 0


def verify(ctx: Context) -> int:
    from shiftboard.progress import progress_bar
    from shiftboard.store.verify import verify_store

    if not ctx.root.is_dir():
        raise Refused(f"no store at {ctx.root}")
    with progress_bar("verifying") as bar:
        report = verify_store(ctx.root, witnesses=ctx.args.witness, progress=bar)
    if not report.ok:
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise Refused(f"verify failed: {report.problems[0]}{more}")
    output.emit(
        f"{ctx.root}: verified {report.events:,} events; the audit chain is intact and state.json and the archive "
        f"match the log ({report.handovers:,} live, {report.archived:,} archived handovers)"
    )
    if report.torn_tail:
        output.emit(f"note: {report.torn_tail}")
    for note in report.notes:
        output.emit(f"note: {note}")
    return 0


def serve(ctx: Context) -> int:
    from shiftboard.cli.serve import serve as serve_board  # textual-serve and Rich only for this command

    return serve_board(ctx)

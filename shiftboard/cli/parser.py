"""The command line's grammar (SPEC §3): every command, option and fixed choice.

Usage errors (exit 2) are raised as `UsageError` with one line, never argparse's usage
block and exit. `--store` and `--as` are accepted before or after the command.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from shiftboard.cli.serve import DEFAULT_PORT, port_number

PRIORITIES = ("low", "normal", "high", "urgent")
CHANNELS = ("verbal", "phone", "email", "crm", "note")
STATUSES = ("pending", "acknowledged", "query", "done", "unable", "closed")
ROLES = ("agent", "supervisor")
WHEN = ("shift-change", "mid-shift", "both")


class UsageError(Exception):
    """A command line that does not fit the grammar: one line for stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see: {self.prog} --help)")


def _store(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a value given before the command from being reset by the command's own default.
    parser.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS, help="the store directory")


def _as(
    parser: argparse.ArgumentParser, text: str = "who you are (default: $USER when it is a colleague's handle)"
) -> None:
    parser.add_argument("--as", dest="as_", metavar="HANDLE", default=argparse.SUPPRESS, help=text)


def _handover_action(sub: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=text, description=text, allow_abbrev=False)
    parser.add_argument("id", metavar="ID", help="the handover, e.g. H-1042")
    _as(parser)
    _store(parser)
    return parser


def build_parser() -> Parser:
    parser = Parser(
        prog="shiftboard",
        description="Customer-service handovers on a shared terminal board. Without a command: open the board.",
        allow_abbrev=False,
    )
    _store(parser)
    _as(parser, "sign in as HANDLE when the board opens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    demo = sub.add_parser("demo", help="create a demo board", description="Create a demo board.", allow_abbrev=False)
    demo.add_argument("--open", dest="open_count", type=int, default=30, metavar="N", help="open handovers (30)")
    demo.add_argument("--archived", type=int, default=0, metavar="M", help="archived closed handovers (0)")
    demo.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    _store(demo)

    colleague = sub.add_parser("colleague", help="add or list colleagues", allow_abbrev=False)
    colleague_sub = colleague.add_subparsers(dest="verb", metavar="ACTION", required=True, parser_class=Parser)
    add_colleague = colleague_sub.add_parser("add", help="add a colleague", allow_abbrev=False)
    add_colleague.add_argument("handle", metavar="HANDLE")
    add_colleague.add_argument("--name", required=True, help="the full name colleagues know them by")
    add_colleague.add_argument("--role", choices=ROLES, default="agent", help="a supervisor may act for others (agent)")
    add_colleague.add_argument("--skills", default="", metavar="a,b", help="services they can take, comma-separated")
    add_colleague.add_argument("--pin", action="store_true", help="ask for a PIN (4-12 digits) to protect this handle")
    _store(add_colleague)
    list_colleagues = colleague_sub.add_parser("list", help="list colleagues", allow_abbrev=False)
    list_colleagues.add_argument("--json", action="store_true", help="as JSON, for scripts")
    _store(list_colleagues)
    _store(colleague)

    service = sub.add_parser("service", help="add or list services and their handover templates", allow_abbrev=False)
    service_sub = service.add_subparsers(dest="verb", metavar="ACTION", required=True, parser_class=Parser)
    add_service = service_sub.add_parser("add", help="add a service", allow_abbrev=False)
    add_service.add_argument("name", metavar="NAME")
    add_service.add_argument("--skills", default="", metavar="a,b", help="skills a receiver should have")
    add_service.add_argument("--prompt", action="append", default=[], metavar="TEXT", help="a numbered prompt (repeat)")
    add_service.add_argument("--require", default="", metavar="FIELD,...", help="fields the template makes required")
    add_service.add_argument(
        "--when",
        choices=WHEN,
        default="both",
        help="when the template applies: at shift change, mid-shift or both (both)",
    )
    _store(add_service)
    list_services = service_sub.add_parser("list", help="list services", allow_abbrev=False)
    list_services.add_argument("--json", action="store_true", help="as JSON, for scripts")
    _store(list_services)
    _store(service)

    add = sub.add_parser("add", help="hand over a customer action", allow_abbrev=False)
    for option, dest, text in (
        ("--to", "to", "the receiving colleague"),
        ("--customer", "customer", "the customer's name"),
        ("--contact", "contact", "phone or e-mail"),
        ("--summary", "summary", "the customer's situation"),
        ("--taken", "taken", "actions taken so far"),
        ("--action", "action", "what the receiver must do"),
    ):
        add.add_argument(option, dest=dest, required=True, help=text)
    for option, dest, text in (
        ("--ref", "ref", "account or case number"),
        ("--prefs", "prefs", "how and when the customer wants to be contacted"),
        ("--promise", "promise", "what the customer was promised, by when"),
        ("--contingency", "contingency", "if ... then ..."),
        ("--keeps", "keeps", "what you stay accountable for"),
        ("--informed-note", "informed_note", "what the customer was told"),
        ("--check", "check", "when you want to check progress (30m, 16:00 ...)"),
    ):
        add.add_argument(option, dest=dest, default="", help=text)
    add.add_argument("--service", default="general", help="its template's prompts and required fields (general)")
    add.add_argument(
        "--answer", action="append", default=[], metavar="N=TEXT", help="answer to the template's prompt N"
    )
    add.add_argument("--due", default="2h", help="45m, 2h, 17:30, tomorrow 09:00 or ISO 8601 (2h)")
    add.add_argument("--priority", choices=PRIORITIES, default="normal", help="(normal)")
    add.add_argument("--channel", choices=CHANNELS, default="note", help="how the customer came in (note)")
    add.add_argument("--informed", choices=("yes", "no"), default="no", help="was the customer told of the transfer?")
    _as(add)
    _store(add)

    ack = _handover_action(sub, "ack", "acknowledge a handover you received")
    ack.add_argument("--note", default="", help="read-back: the action in your own words")
    query = _handover_action(sub, "query", "send a question back to the sender")
    query.add_argument("--note", required=True, help="your question")
    _handover_action(sub, "done", "record the outcome").add_argument(
        "--outcome", required=True, help="what was done for the customer"
    )
    _handover_action(sub, "unable", "say you could not complete it").add_argument(
        "--reason", required=True, help="why it could not be done"
    )
    _handover_action(sub, "verify-close", "confirm the outcome and close (the sender)")
    _handover_action(sub, "reassign", "hand it to someone else, or back to yourself").add_argument(
        "--to", required=True, help="the colleague who takes it (your own handle takes it back)"
    )
    flag = _handover_action(sub, "flag", "flag for follow-up")
    flag.add_argument("--note", required=True, help="what to check")
    flag.add_argument("--check", default="", help="when to check: 30m, 16:00 ...")
    _handover_action(sub, "unflag", "clear the follow-up flag")
    _handover_action(sub, "comment", "add a note (the sender's note on a query answers it)").add_argument(
        "--note", required=True, help="the comment, or the answer to a query"
    )

    listing = sub.add_parser("list", help="list handovers", allow_abbrev=False)
    listing.add_argument("--to", metavar="HANDLE", help="only those handed to HANDLE")
    listing.add_argument("--from", dest="from_", metavar="HANDLE", help="only those handed over by HANDLE")
    listing.add_argument("--status", choices=STATUSES, help="only those in this state")
    listing.add_argument("--archived", action="store_true", help="include archived (closed) handovers")
    listing.add_argument("--json", action="store_true", help="exactly as the store holds them, for scripts")
    _store(listing)

    show = sub.add_parser("show", help="show one handover with its history", allow_abbrev=False)
    show.add_argument("id", metavar="ID", help="H-1042")
    show.add_argument("--json", action="store_true", help="exactly as the store holds it, for scripts")
    _store(show)

    verify = sub.add_parser("verify", help="check the store and its audit chain", allow_abbrev=False)
    _store(verify)

    serve = sub.add_parser("serve", help="the board in a web browser, on localhost", allow_abbrev=False)
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, metavar="N", help=f"({DEFAULT_PORT})")
    _store(serve)
    return parser

"""The command line's grammar (SPEC §3): the top level, and the helpers each area's commands use.

Each area (`handovers`, `team`, `records`, `system`) registers its own commands with `register(sub)`,
setting `run` to the function that carries the command out. Usage errors (exit 2) are raised
as `UsageError` with one line, never argparse's usage block and exit. `--store` and `--as`
are accepted before or after the command. Fixed choices come from the domain's enums.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn


class UsageError(Exception):
    """A command line that does not fit the grammar: one line for stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see: {self.prog} --help)")


def store_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a value given before the command from being reset by the command's own default.
    parser.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS, help="the store directory")


def as_option(
    parser: argparse.ArgumentParser, text: str = "who you are (default: $USER when it is a colleague's handle)"
) -> None:
    parser.add_argument("--as", dest="as_", metavar="HANDLE", default=argparse.SUPPRESS, help=text)


def command(sub: Any, name: str, text: str, *, acting: bool = False) -> Parser:
    """A command (or a verb of one) with its one-line help, `--store`, and `--as` when someone acts."""
    parser: Parser = sub.add_parser(name, help=text, description=text, allow_abbrev=False)
    if acting:
        as_option(parser)
    store_option(parser)
    return parser


def verbs(sub: Any, name: str, text: str) -> Any:
    """A command whose verbs are commands of their own (`colleague add`, `colleague list`)."""
    parser = command(sub, name, text)
    return parser.add_subparsers(dest="verb", metavar="ACTION", required=True, parser_class=Parser)


def json_option(parser: argparse.ArgumentParser, text: str = "as JSON, for scripts") -> None:
    parser.add_argument("--json", action="store_true", help=text)


def build_parser() -> Parser:
    from shiftboard import __version__
    from shiftboard.cli import handovers, inbox, records, roster, settings, shiftchange, system, team

    parser = Parser(
        prog="shiftboard",
        description="Customer-service handovers on a shared terminal board. Without a command: open the board.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"shiftboard {__version__}")
    store_option(parser)
    as_option(parser, "sign in as HANDLE when the board opens")
    # A browser session of `serve`: its Unix account is nobody's, so every sign-in asks the PIN.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for area in (team, roster, settings, handovers, inbox, shiftchange, records, system):
        area.register(sub)
    return parser

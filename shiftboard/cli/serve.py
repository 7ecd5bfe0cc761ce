"""`shiftboard serve`: the same board in a web browser, through textual-serve, on this host only.

Each browser tab gets its own board process (`python -m shiftboard --store DIR`) which
starts at the sign-in screen: the served process never signs in as the login name of
whoever started the server, because anyone who can reach the port would become them.
The server listens on localhost only; remote staff reach it through an SSH tunnel.
textual-serve (and Rich) are imported only when this command runs.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import socket
import sys
from typing import TYPE_CHECKING, Any

from shiftboard.domain.errors import Refused

if TYPE_CHECKING:  # the parser imports this module, so the commands module is not imported back at run time
    from shiftboard.cli.context import Context

HOST = "localhost"
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


def board_command(root: str) -> str:
    """The shell command each browser session runs: the board on `root`, at the sign-in screen."""
    # `USER=` so the board never signs in by login name; textual-serve runs the command through /bin/sh.
    return f"USER= {shlex.quote(sys.executable)} -m shiftboard --store {shlex.quote(root)}"


def check_port_free(host: str, port: int) -> None:
    """Refuse at once, in one line, when `port` cannot be listened on: the server would otherwise say it is
    serving first and fail after."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
            try:
                probe.bind(address)
            except OSError as error:
                reason = "it is in use" if error.errno == errno.EADDRINUSE else error.strerror or str(error)
                raise Refused(f"cannot serve on {host}:{port}: {reason}; choose another with --port N") from None


def serve(ctx: Context) -> int:
    ctx.desk()  # a missing, corrupt or world-writable store is refused here, not in the browser
    check_port_free(HOST, ctx.args.port)
    try:
        from textual_serve.server import Server
    except ModuleNotFoundError as missing:
        raise Refused(f"serving the board needs textual-serve: {missing}") from None

    class BoardServer(Server):
        async def on_startup(self, app: Any) -> None:
            print(f"shiftboard: serving the board of {ctx.root} at {self.public_url} (ctrl+c stops)", flush=True)

    port = ctx.args.port
    BoardServer(board_command(str(ctx.root.resolve())), host=HOST, port=port, title="Shiftboard").serve()
    return 0

"""`shiftboard serve`: the same board in a web browser, through textual-serve, on this host only.

SPEC §6 "The browser": the server binds the loopback only and requires a secret token, as
Jupyter does. The URL printed at start carries it (`?token=…`); the first page sets it as a
cookie (HttpOnly, SameSite=Strict) so the page's own requests and its WebSocket carry it too.
Every HTTP request and the WebSocket upgrade is checked: no token, or a wrong one, is refused,
and so is a foreign `Origin` or `Host` (another web page open in the same browser, or a DNS
name rebound to 127.0.0.1). Each browser tab gets its own board process
(`python -m shiftboard --store DIR --served`) at the sign-in screen: the server's Unix account
is nobody's, so a browser session always signs in with a PIN.

The address is taken before anything is announced, so a busy port is one clear line. Only
textual-serve's public surface is used (its handlers and paths); Rich and aiohttp come with it
and are imported only when this command runs.
"""

from __future__ import annotations

import errno
import hmac
import logging
import secrets
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from shiftboard.domain.errors import Refused

if TYPE_CHECKING:
    from aiohttp import web

    from shiftboard.cli.context import Context

HOST = "127.0.0.1"
COOKIE = "shiftboard_token"
Handler = Callable[["web.Request"], Awaitable["web.StreamResponse"]]


def board_command(root: str) -> str:
    """The shell command each browser session runs: the board on `root`, at the sign-in screen, in browser
    mode (every sign-in asks the PIN). textual-serve runs it through /bin/sh, so the path is quoted."""
    return f"{shlex.quote(sys.executable)} -m shiftboard --store {shlex.quote(root)} --served"


def origins(port: int) -> set[str]:
    """The page's own origins: any other is refused (SPEC §6)."""
    return {f"http://{host}:{port}" for host in (HOST, "localhost")}


def serve(ctx: Context) -> int:
    ctx.desk()  # a missing, corrupt or world-writable store is refused here, not in the browser
    try:
        from textual_serve.server import Server
    except ModuleNotFoundError as missing:
        raise Refused(f"serving the board needs textual-serve: {missing}") from None
    import asyncio

    from aiohttp import web

    port: int = ctx.args.port
    token = secrets.token_urlsafe(32)
    allowed_origins = origins(port)
    allowed_hosts = {f"{HOST}:{port}", f"localhost:{port}"}

    class BoardServer(Server):
        def initialize_logging(self) -> None:
            # textual-serve's own logging draws tracebacks with their local variables: plain lines instead.
            logging.basicConfig(level=logging.WARNING, format="shiftboard serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            """Announced by `run` once the port is ours, not here (a busy port must not be announced)."""

    server = BoardServer(board_command(str(ctx.root.resolve())), host=HOST, port=port, title="Shiftboard")

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in allowed_hosts:
            return web.Response(status=403, text="Shiftboard: wrong Host")
        origin = request.headers.get("Origin")
        if origin is not None and origin not in allowed_origins:
            return web.Response(status=403, text="Shiftboard: requests from another site are refused")
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return web.Response(status=403, text="Shiftboard: open the address `shiftboard serve` printed (token)")
        response = await handler(request)
        if "token" in request.query and not response.prepared:
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    def make_app() -> web.Application:
        import aiohttp_jinja2
        import jinja2

        app = web.Application(middlewares=[guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(server.templates_path))
        app.add_routes(
            [
                web.get("/", server.handle_index, name="index"),
                web.get("/ws", server.handle_websocket, name="websocket"),
                web.get("/download/{key}", server.handle_download, name="download"),
                web.static("/static", server.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(server.on_shutdown)
        return app

    async def run() -> None:
        server.initialize_logging()
        runner = web.AppRunner(make_app(), handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, HOST, port).start()
        except OSError as error:
            await runner.cleanup()
            why = "another program listens there" if error.errno == errno.EADDRINUSE else error.strerror or str(error)
            raise Refused(f"cannot serve on {HOST}:{port}: {why}; choose another port with --port") from None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        print(
            f"shiftboard: serving the board of {ctx.root} at http://{HOST}:{port}/?token={token} "
            "(this address is the key: share it with no one; ctrl+c stops)",
            flush=True,
        )
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    asyncio.run(run())
    return 0

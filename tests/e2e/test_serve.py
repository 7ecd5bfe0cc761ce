"""`shiftboard serve`: the board in a web browser, driven end to end in headless Chromium.

The server starts on a free loopback port and prints a URL holding a secret token. Without the
token (or with a wrong one, or from another site's page) HTTP and the WebSocket are refused.
With it, Chromium opens the page, the served board shows its sign-in screen (whatever Unix
account runs the server: it is nobody's), asks the PIN of the colleague picked, and shows
their cards; a colleague without a PIN cannot sign in there (SPEC §6).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shlex
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from shiftboard.cli.serve import board_command
from shiftboard.services import Desk

from .cdp import CHROMIUM, Browser, Page
from .conftest import SCRIPT, program_env
from .stores import ACKED_ACTION, DONE_ACTION, team_board

PIN = "246810"

STARTUP = 60.0


def require_chromium() -> None:
    """Skipped only on a developer machine without Chromium; CI installs it (.ci/run), so there it fails."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium is missing on CI ({CHROMIUM}): .ci/run should have installed it")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outward_address() -> str | None:
    """This host's address on its network (no packet is sent), or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the route
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def announced_url(server: subprocess.Popen[str]) -> str:
    """The address `serve` prints once it has the port: http://127.0.0.1:PORT/?token=…"""
    assert server.stdout is not None
    line = server.stdout.readline()  # blocks until the line, or EOF if the server died
    match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
    assert match, f"serve said {line!r} (status {server.poll()})"
    return match.group(1)


def status_of(url: str, **headers: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as page:
            return int(page.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def stop(process: subprocess.Popen[bytes]) -> None:
    """The server and every board it started share its process group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a board the server did not take down with it


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    store = team_board(tmp_path / "store")
    desk = Desk.open(store)
    desk.set_pin("alice", PIN, by=None)
    me = pwd.getpwuid(os.getuid()).pw_name
    desk.add_colleague("carol", name="Carol Local", unix=[me])  # this very account: still no way in by browser
    port = free_port()
    env = program_env(tmp_path, USER="alice")
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        yield announced_url(server)
    finally:
        stop(server)


def test_without_the_token_or_from_another_site_nothing_is_served(served: str) -> None:
    base, token = served.split("?token=")
    port = int(base.rstrip("/").rsplit(":", 1)[1])
    assert status_of(served) == 200
    for url, headers in (
        (base, {}),
        (f"{base}?token=wrong{token}", {}),
        (f"{base}static/js/textual.js", {}),
        (f"{base}ws", {}),
        (served, {"Origin": "http://evil.example"}),
        (served, {"Origin": f"http://127.0.0.1:{port + 1}"}),
        (served, {"Host": f"rebound.example:{port}"}),
    ):
        assert status_of(url, **headers) == 403, (url, headers)


async def test_the_websocket_needs_the_token_and_the_pages_own_origin(served: str) -> None:
    base, token = served.split("?token=")
    ws = base.replace("http://", "ws://") + "ws"
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"Cookie": f"shiftboard_token={token}", "Origin": "http://evil.example"}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws, headers=headers)
            assert refused.value.status == 403
        origin = base.rstrip("/")
        async with session.ws_connect(ws, headers={"Cookie": f"shiftboard_token={token}", "Origin": origin}) as sock:
            assert not sock.closed


def test_a_busy_port_is_one_line_before_any_announcement(tmp_path: Path) -> None:
    store = team_board(tmp_path / "store")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(SCRIPT), "serve", "--store", str(store), "--port", str(port)],
            capture_output=True,
            text=True,
            env=program_env(tmp_path),
            timeout=60,
            check=False,
        )
    assert done.returncode == 1 and done.stdout == ""
    said = f"cannot serve on 127.0.0.1:{port}: another program listens there; choose another port with --port"
    assert done.stderr == f"shiftboard: {said}\n"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    require_chromium()
    chromium = Browser(tmp_path / "chromium-profile")
    try:
        yield chromium
    finally:
        chromium.close()


async def test_the_board_in_a_browser_asks_the_pin_and_shows_the_cards(served: str, browser: Browser) -> None:
    async with aiohttp.ClientSession() as session:
        page = await Page.open(session, browser.devtools_port())
        await page.goto(served)
        screen = await page.wait_for(lambda text: "who is at the keyboard" in text, "the sign-in screen")
        assert "alice" in screen and "bob" in screen
        await page.evaluate("window.__shiftboardTerminal.focus()")
        await page.type_text("carol")  # this server's own Unix account is hers, yet the browser must not let her in
        await page.wait_for(lambda text: "bob " not in text, "the list narrowed to carol")
        await page.press("enter")
        await page.wait_for(lambda text: "signing in from a browser needs one" in text, "carol refused")
        await page.goto(served)  # a new tab: a new board at its sign-in screen
        await page.wait_for(lambda text: "who is at the keyboard" in text, "the sign-in screen again")
        await page.evaluate("window.__shiftboardTerminal.focus()")
        await page.type_text("alice")
        await page.wait_for(lambda text: "bob " not in text, "the list narrowed to alice")
        await page.press("enter")
        await page.wait_for(lambda text: "PIN for alice" in text, "the PIN asked")
        await page.type_text(PIN)
        await page.press("enter")
        screen = await page.wait_for(lambda text: ACKED_ACTION in text, "alice's card")
        assert "Shiftboard · alice" in screen
        assert "H-1001" in screen and "acknowledged" in screen and DONE_ACTION in screen
    outward = outward_address()
    if outward is not None:  # localhost only: the network cannot reach the board
        port = int(served.split("?")[0].rstrip("/").rsplit(":", 1)[1])
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=5).close()


def test_each_browser_session_runs_the_board_at_its_sign_in_screen(tmp_path: Path) -> None:
    odd = tmp_path / 'a store\'s "odd" name; $(touch pwned)'
    command = board_command(str(odd))
    assert shlex.split(command) == [sys.executable, "-m", "shiftboard", "--store", str(odd), "--served"]
    ran = subprocess.run(
        ["/bin/sh", "-c", command.replace(" -m shiftboard ", " -c 'import sys; print(sys.argv[1:])' ")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    assert ran.stdout.strip() == repr(["--store", str(odd), "--served"])
    assert not (tmp_path / "pwned").exists()


def test_serve_refuses_a_bad_port_or_a_missing_store(tmp_path: Path) -> None:
    env = program_env(tmp_path)
    for argv, status, says in (
        (["serve", "--port", "0"], 2, "invalid port 0: give a number from 1 to 65535"),
        (["serve", "--port", "http"], 2, "invalid port 'http'"),
        (["serve", "--store", str(tmp_path / "none")], 1, "no store at"),
    ):
        done = subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=60, check=False)
        assert done.returncode == status, done
        assert done.stdout == "" and done.stderr.count("\n") == 1 and says in done.stderr, done.stderr

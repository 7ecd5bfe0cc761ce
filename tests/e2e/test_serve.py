"""`shiftboard serve`: the board in a web browser, driven end to end in headless Chromium.

The server starts on a free localhost port; Chromium opens the page, the served board shows
its sign-in screen (even though $USER names a colleague: whoever reaches the port must say who
they are), we type a name and enter as a person would, and find a card's text on the page.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from shiftboard.cli.serve import board_command

from .cdp import CHROMIUM, Browser, Page
from .conftest import SCRIPT, program_env
from .stores import ACKED_ACTION, DONE_ACTION, team_board

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


def wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"shiftboard serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as page:
                if page.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"shiftboard serve did not answer at {url} within {STARTUP:g}s")


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
    require_chromium()
    store = team_board(tmp_path / "store")
    port = free_port()
    env = program_env(tmp_path, USER="alice")  # a colleague's login name: the served board must still ask
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://localhost:{port}/"
        wait_until_serving(url, server)
        yield url
    finally:
        stop(server)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    require_chromium()
    chromium = Browser(tmp_path / "chromium-profile")
    try:
        yield chromium
    finally:
        chromium.close()


async def test_the_board_in_a_browser_signs_in_and_shows_the_cards(served: str, browser: Browser) -> None:
    async with aiohttp.ClientSession() as session:
        page = await Page.open(session, browser.devtools_port())
        await page.goto(served)
        screen = await page.wait_for(lambda text: "who is at the keyboard" in text, "the sign-in screen")
        assert "alice" in screen and "bob" in screen
        await page.evaluate("window.__shiftboardTerminal.focus()")
        await page.type_text("alice")
        await page.wait_for(lambda text: "bob " not in text, "the list narrowed to alice")
        await page.press("enter")
        screen = await page.wait_for(lambda text: ACKED_ACTION in text, "alice's card")
        assert "Shiftboard · alice" in screen
        assert "H-1001" in screen and "acknowledged" in screen and DONE_ACTION in screen
    outward = outward_address()
    if outward is not None:  # localhost only: the network cannot reach the board
        port = int(served.rstrip("/").rsplit(":", 1)[1])
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=5).close()


def test_each_browser_session_runs_the_board_at_its_sign_in_screen(tmp_path: Path) -> None:
    odd = tmp_path / 'a store\'s "odd" name; $(touch pwned)'
    command = board_command(str(odd))
    assert shlex.split(command) == ["USER=", sys.executable, "-m", "shiftboard", "--store", str(odd)]
    ran = subprocess.run(
        ["/bin/sh", "-c", command.replace(" -m shiftboard ", " -c 'import sys; print(sys.argv[1:])' ")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    assert ran.stdout.strip() == repr(["--store", str(odd)])
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

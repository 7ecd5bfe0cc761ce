"""A small headless-Chromium driver over the DevTools protocol, for the served board.

textual-serve draws the terminal with xterm.js on a canvas, so the page's DOM holds no
text. Before the page's script runs we install a setter on `Object.prototype.terminal`:
textual-serve keeps its xterm.js `Terminal` in `this.terminal`, so the first assignment
hands it to us (and is then stored as usual). The screen is read back through xterm.js's
public buffer API (`buffer.active.getLine(y).translateToString()`), which is the text the
canvas shows. Keys are typed as real key events (`Input.insertText`, `Input.dispatchKeyEvent`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
    "--remote-debugging-port=0",
]
HOOK = """
(() => {
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", { value, writable: true, configurable: true, enumerable: true });
      if (value && value.buffer && !window.__shiftboardTerminal) { window.__shiftboardTerminal = value; }
    },
  });
})();
"""
SCREEN = """
(() => {
  const term = window.__shiftboardTerminal;
  if (!term) { return null; }
  const buffer = term.buffer.active;
  const lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""
KEYS = {
    "enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
    "tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
}


class Browser:
    """One headless Chromium with a fresh profile; `page()` opens the DevTools session of its tab."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        # Chromium leaves a directory with its singleton socket in TMPDIR; give it one we remove.
        # (Short: a Unix socket's path may not exceed 107 bytes, and pytest's tmp paths are long.)
        self.scratch = Path(tempfile.mkdtemp(prefix="sb-chromium-"))
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(self.scratch)},
            start_new_session=True,
        )

    def devtools_port(self, timeout: float = 60.0) -> int:
        """Chromium writes the port it picked to DevToolsActivePort in the profile."""
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode}")
            if marker.exists():
                first = marker.read_text().splitlines()[:1]
                if first and first[0].isdigit():
                    return int(first[0])
            time.sleep(0.1)
        raise TimeoutError("chromium did not open its DevTools port")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        shutil.rmtree(self.scratch, ignore_errors=True)


class Page:
    """The DevTools session of one tab: send commands, read the terminal, type keys."""

    def __init__(self, session: aiohttp.ClientSession, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.socket = socket
        self.ids = itertools.count(1)

    @classmethod
    async def open(cls, session: aiohttp.ClientSession, port: int) -> Page:
        async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        socket = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        return cls(session, socket)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = await self.socket.receive(timeout=60)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"the DevTools connection closed ({message.type})")
            reply = json.loads(message.data)
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def goto(self, url: str) -> None:
        await self.send("Page.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def screen(self) -> str:
        """The terminal's visible lines as text ('' until the terminal exists)."""
        return await self.evaluate(SCREEN) or ""

    async def wait_for(self, found: Callable[[str], bool], what: str, timeout: float = 60.0) -> str:
        """Poll the screen until `found(text)`; on timeout fail showing the last screen."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = await self.screen()
            if found(text):
                return text
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed {what}; last screen:\n{text}")

    async def type_text(self, text: str) -> None:
        await self.send("Input.insertText", text=text)

    async def press(self, name: str) -> None:
        key = KEYS[name]
        await self.send("Input.dispatchKeyEvent", type="keyDown", **key)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **{k: v for k, v in key.items() if k != "text"})

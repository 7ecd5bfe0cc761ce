"""SPEC §6 PINs: wrong guesses are counted in the store, so back-off and lock-out hold across processes.

Ten processes guess at once (a script in a loop, or ten terminals): the attempts are checked one
after another under the store's lock, the fifth failure locks the colleague out for 15 minutes,
the rest are refused without their PIN being hashed, and the right PIN too is refused until a
supervisor sets a new one. Each failure and the lock-out is an audit event.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .helpers import run_cli

SCRIPT = Path(sys.executable).with_name("shiftboard")
PIN = "731904"


def attempt(store: Path, pin: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SHIFTBOARD_STORE", "USER")}
    env["SHIFTBOARD_LOCK_WAIT"] = "120"  # ten guesses queue for the lock; a loaded machine must not time them out
    return subprocess.Popen(
        [str(SCRIPT), "comment", "H-1001", "--as", "carol", "--note", "guess", "--store", str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kinds(store: Path) -> list[str]:
    lines = (store / "log").glob("*.jsonl")
    return [json.loads(line)["kind"] for path in sorted(lines) for line in path.read_text().splitlines()]


def test_ten_parallel_guesses_lock_the_colleague_out_after_five(tmp_path: Path) -> None:
    store = tmp_path / "store"
    for argv in (
        ["colleague", "add", "sam", "--name", "Sam", "--role", "supervisor"],
        ["colleague", "add", "alice", "--name", "Alice"],
        ["add", "--as", "alice", "--to", "sam", "--customer", "C", "--contact", "c", "--summary", "s",
         "--taken", "t", "--action", "a", "--informed", "yes"],
    ):  # fmt: skip
        assert run_cli(*argv, "--store", str(store)).code == 0, argv
    assert run_cli("colleague", "add", "carol", "--name", "Carol", "--pin", "--store", str(store), stdin=PIN).code == 0

    guesses = [attempt(store, "000000") for _ in range(10)]
    for guess in guesses:  # all ten guess at once: each has its PIN before any answer is read
        assert guess.stdin is not None
        guess.stdin.write("000000\n")
        guess.stdin.close()
    results = [((guess.stdout.read(), guess.stderr.read()), guess.wait(timeout=120)) for guess in guesses]  # type: ignore[union-attr]
    assert all(code == 1 for _, code in results)
    said = [err.strip() for (_, err), _ in results]
    assert sum("wrong PIN for carol (" in line for line in said) == 4, said
    assert sum("locked out for 15 minutes" in line for line in said) == 1
    assert sum("is locked out after too many wrong PINs until" in line for line in said) == 5
    assert kinds(store).count("pin.failed") == 4 and kinds(store).count("pin.locked") == 1

    right = attempt(store, PIN)
    out, err = right.communicate(PIN + "\n", timeout=120)
    assert right.returncode == 1 and "is locked out" in err and out == ""

    reset = run_cli("colleague", "pin", "carol", "--store", str(store), stdin="246135\n")
    assert (reset.code, reset.out) == (0, "new PIN set for carol; any lock-out is lifted\n")
    assert kinds(store)[-1] == "pin.set"
    after = attempt(store, "246135")
    assert after.communicate("246135\n", timeout=120)[0] == "H-1001 comment added\n" and after.returncode == 0

"""Throwaway Unix accounts, and the command line run as one of them (SPEC §6: identity by `getuid()`).

Created with `groupadd`/`useradd` (root only; the tests that need them are skipped, with the
reason, when not root) and removed afterwards. A command runs as an account in a forked child
that drops to its uid and group before calling the command line in-process: the interpreter
itself lives under /root, which other accounts cannot read, so every module the command needs is
imported before the drop.
"""

from __future__ import annotations

import contextlib
import io
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import Ran


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    home: Path  # its own state directory lives here (witness, crash reports)


def _admin(*argv: str) -> None:
    """groupadd/useradd/… retried while another test process holds /etc/passwd's lock (xdist runs two)."""
    for attempt in range(50):
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return
        if "lock" not in done.stderr.lower() or attempt == 49:
            raise AssertionError(f"{' '.join(argv)}: {done.stderr.strip()}")
        time.sleep(0.1)


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("creating Unix accounts needs root (CI runs as root)")


@contextlib.contextmanager
def team_accounts(*names: str) -> Iterator[tuple[int, dict[str, Account]]]:
    """A new group, and one account in it per name (`sb-<name>-<random>`); all removed afterwards."""
    require_root()
    tag = secrets.token_hex(3)
    group = f"sbt-{tag}"
    _admin("groupadd", group)
    made: list[str] = []
    try:
        gid = int(subprocess.run(["getent", "group", group], capture_output=True, text=True, check=True)
                  .stdout.split(":")[2])  # fmt: skip
        accounts = {}
        for name in names:
            account = f"sb{name}{tag}"[:32]
            _admin("useradd", "--no-create-home", "--gid", group, "--shell", "/usr/sbin/nologin", account)
            made.append(account)
            entry = pwd.getpwnam(account)
            home = Path(f"/tmp/{account}-home")
            home.mkdir(mode=0o700)
            os.chown(home, entry.pw_uid, entry.pw_gid)
            accounts[name] = Account(account, entry.pw_uid, entry.pw_gid, home)
        yield gid, accounts
    finally:
        for account in made:
            _admin("userdel", account)
            shutil.rmtree(f"/tmp/{account}-home", ignore_errors=True)
        _admin("groupdel", group)


@contextlib.contextmanager
def team_dirs(gid: int) -> Iterator[Callable[[str], Path]]:
    """`make(name)`: a new team store's directory: the group's, set-group-ID, no access for others
    (README "Team stores"), under a directory the accounts may pass through (pytest's own is root's)."""
    base = Path(tempfile.mkdtemp(prefix="sb-team-", dir="/tmp"))
    base.chmod(0o711)

    def make(name: str) -> Path:
        root = base / name
        root.mkdir()
        os.chown(root, 0, gid)
        root.chmod(0o2770)
        return root

    try:
        yield make
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _preload() -> None:
    """Import, as root, every module a command may import later: the accounts cannot read them."""
    import getpass  # noqa: F401

    import platformdirs  # noqa: F401

    import shiftboard.cli.board
    import shiftboard.progress
    import shiftboard.store.verify  # noqa: F401
    from shiftboard.cli.parser import build_parser

    build_parser()


def run_as(account: Account, *argv: str, stdin: str = "") -> Ran:
    """`shiftboard ARGV` run by `account` (its real uid and group), with `stdin`; what it printed."""
    from shiftboard.cli import main
    from shiftboard.services.events import unix_account

    _preload()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become the account, then run the command
        code = 70
        try:
            os.close(out_r)
            os.close(err_r)
            os.setgroups([account.gid])
            os.setgid(account.gid)
            os.setuid(account.uid)
            unix_account.cache_clear()  # this process (a fork) remembered its parent's account
            os.environ.update(HOME=str(account.home), XDG_STATE_HOME=str(account.home / "state"), USER="root")
            out, err = io.StringIO(), io.StringIO()
            sys.stdin = io.StringIO(stdin)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(argv))
            os.write(out_w, out.getvalue().encode())
            os.write(err_w, err.getvalue().encode())
        except BaseException as error:
            os.write(err_w, f"child failed: {type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(out_r) as out_file, os.fdopen(err_r) as err_file:
        out_text, err_text = out_file.read(), err_file.read()
    _, status = os.waitpid(pid, 0)
    return Ran(os.waitstatus_to_exitcode(status), out_text, err_text)

"""`shiftboard`: the board and every command, for people and scripts (SPEC §3).

Exit status: 0 done; 1 refused or invalid (one line on stderr, nothing written);
2 a usage error; 130 interrupted. Never a traceback (SHIFTBOARD_DEBUG=1 shows one for
an unexpected error). Textual is imported only when the board opens.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from shiftboard.cli.parser import UsageError, build_parser
from shiftboard.domain.clock import Clock
from shiftboard.domain.errors import Refused
from shiftboard.domain.text import visible
from shiftboard.store import StoreError


def _fail(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    print(visible(" ".join(message.split())), file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain about the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run() -> NoReturn:
    """The `shiftboard` command: `main`, then straight out of the process. What a command does is on disk
    (fsync'd) and what it says is flushed here; the interpreter's own teardown, freeing every object one
    by one, would add a sixth to a command's time."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away after the last write
        code = code or 141
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run one command; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a terminal that cannot show an emoji still gets the rest
    # No cyclic garbage collection while the store loads (tens of thousands of new objects, none of them
    # garbage; collecting cost a command ~20 ms): Context.desk() turns it back on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from shiftboard.cli.context import Context

        args = build_parser().parse_args(argv)
        ctx = Context(args, clock)
        run = getattr(args, "run", None)
        if run is None:
            from shiftboard.cli.board import open_board

            return open_board(ctx)
        return int(run(ctx))
    except UsageError as error:
        _fail(str(error))
        return 2
    except (Refused, StoreError) as error:
        _fail(f"shiftboard: {error}")
        return 1
    except BrokenPipeError:  # `shiftboard list | head`: the reader has all it wanted
        _silence_stdout()
        return 141
    except OSError as error:
        _fail(f"shiftboard: {error.strerror or error}" + (f": {error.filename}" if error.filename else ""))
        return 1
    except KeyboardInterrupt:
        return 130
    except SystemExit as leaving:  # --help
        return leaving.code if isinstance(leaving.code, int) else 0
    except Exception as error:
        if os.environ.get("SHIFTBOARD_DEBUG"):
            raise
        # The message may hold customer data: the terminal and the report get only its kind and where it was.
        from shiftboard.crash import crash_line, frames_of, write_report

        kind = type(error).__name__
        _fail(crash_line(kind, write_report(kind, frames_of(error), where="command line")))
        return 1
    finally:
        if collecting:
            gc.enable()

"""Opening the board: the one place the command line reaches the TUI, and only when called.

Importing this module imports no Textual; `open_board` does, so every other command stays
quick and Textual-free (pyproject's import-linter contract names this single exception).
"""

from __future__ import annotations

import gc

from shiftboard.cli.context import Context
from shiftboard.cli.identity import signed_in
from shiftboard.domain.errors import Refused


def open_board(ctx: Context) -> int:
    """Sign in as `--as` (PIN asked here), or as the colleague whose Unix account this is; else the board
    starts at its sign-in screen. Then run the board; its exit status is 1 after an unexpected error."""
    desk = ctx.desk()
    user = signed_in(desk, getattr(ctx.args, "as_", None), command="shiftboard", caller=ctx.caller, required=False)
    gc.disable()  # importing Textual makes tens of thousands of objects, none garbage; run_board turns it back on
    try:
        from shiftboard.tui.app import run_board
    except ModuleNotFoundError as missing:
        raise Refused(f"the board cannot start: {missing}") from None
    return run_board(desk, user, caller=ctx.caller)

"""Opening the board: the one place the command line reaches the TUI, and only when called.

Importing this module imports no Textual; `open_board` does, so every other command stays
quick and Textual-free (pyproject's import-linter contract names this single exception).
"""

from __future__ import annotations

from shiftboard.cli.context import Context
from shiftboard.cli.identity import signed_in
from shiftboard.domain.errors import Refused


def open_board(ctx: Context) -> int:
    """Sign in as `--as` (or $USER when it is a colleague; else the board's sign-in screen), then run the board."""
    desk = ctx.desk()
    user = signed_in(desk, getattr(ctx.args, "as_", None), command="shiftboard", required=False)
    try:
        from shiftboard.tui.app import run_board
    except ModuleNotFoundError as missing:
        raise Refused(f"the board cannot start: {missing}") from None
    result = run_board(desk, user)
    return result if isinstance(result, int) else 0

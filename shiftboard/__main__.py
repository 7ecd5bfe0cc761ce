"""`python -m shiftboard`, the same as the `shiftboard` command."""

from shiftboard.cli import run

run()

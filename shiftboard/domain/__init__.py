"""Pure rules and models: no I/O, no Textual, no store; the clock is passed in."""

from shiftboard.domain.errors import Refused

__all__ = ["Refused"]

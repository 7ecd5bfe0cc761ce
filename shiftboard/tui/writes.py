"""Writes from the board, off the UI thread: a request, and the message that says how it ended.

A write may wait up to the store's lock timeout for another process, and always fsyncs; so it
runs in a worker thread and answers with a message the app handles on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from shiftboard.domain.errors import Refused
from shiftboard.store import StoreError


@dataclass(frozen=True)
class WriteRequest:
    """One service call and what to do with its answer (all called on the app's thread)."""

    call: Callable[[], Any]  # runs in the worker thread: a Desk call, nothing else
    success: Callable[[Any], str]  # the notification once written
    then: Callable[[Any | None], None] = field(default=lambda _result: None)  # the result, or None: not written
    refused: Callable[[Refused], None] | None = None  # replaces the usual notification of a refusal


class Written(Message):
    def __init__(self, request: WriteRequest, result: Any) -> None:
        super().__init__()
        self.request = request
        self.result = result


class WriteRefused(Message):
    """The rules turned it down (`refusal`), or the store could not take it (`error`): nothing was written."""

    def __init__(self, request: WriteRequest, refusal: Refused | None = None, error: StoreError | None = None) -> None:
        super().__init__()
        self.request = request
        self.refusal = refusal
        self.error = error

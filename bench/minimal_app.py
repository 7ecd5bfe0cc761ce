"""The baseline for the board's start: the smallest Textual app that shows a line and answers a key.

Started exactly like the board (same interpreter, same tmux), so the difference is the board's own cost.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

READY = "Minimal app ready"
ANSWERED = "Minimal app got the key"


class MinimalApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("question_mark", "answer", "Answer")]

    def compose(self) -> ComposeResult:
        yield Static(READY, id="line", markup=False)

    def action_answer(self) -> None:
        self.query_one("#line", Static).update(ANSWERED)


if __name__ == "__main__":
    MinimalApp().run()

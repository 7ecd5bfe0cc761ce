"""The board's top line: who is signed in, their own shift and the time left in it, privacy, grouping and
filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from shiftboard.tui.safe import Part, join


@dataclass(frozen=True)
class HeaderState:
    user: str
    user_name: str
    shift: str  # the signed-in colleague's: `Early · 2h10m left`, or `off shift`
    privacy: bool
    grouping: str
    filter_text: str
    needs: int = 0  # cards that need the signed-in colleague now (the Needs me column, key i)


def header_content(state: HeaderState, width: int = 0) -> Content:
    """The whole line if it fits `width`; else without the name, then with the Needs me count said
    shortly, then without the title, then without the `(i)` hint: the state that matters (who, what
    needs them, shift, privacy, grouping, filter) stays on an 80-column screen."""
    name = f" ({state.user_name})" if state.user_name and state.user_name != state.user else ""
    count = state.needs
    needs_words = {
        "long": f"needs you: {count} (i)",
        "short": f"{count} need{'s' if count == 1 else ''} you (i)",
        "shortest": f"{count} need{'s' if count == 1 else ''} you",
    }

    def status(*, named: bool, needs: str) -> list[Part]:
        parts: list[Part] = [(state.user, "bold"), name if named else ""]
        if count:
            parts += [" · ", (needs_words[needs], "bold")]
        parts += [" · shift: ", state.shift, " · privacy ", ("on", "") if state.privacy else ("off", "bold")]
        parts += [" · by ", state.grouping]
        if state.filter_text:
            parts += [" · filter: ", (state.filter_text, "bold reverse")]
        return parts

    title: list[Part] = [("Shiftboard", "bold $text-primary"), " · "]
    variants = [
        join(*title, *status(named=True, needs="long")),
        join(*title, *status(named=False, needs="long")),
        join(*title, *status(named=False, needs="short")),
        join(*status(named=False, needs="short")),
        join(*status(named=False, needs="shortest")),
    ]
    return next((line for line in variants if not width or line.cell_length <= width), variants[-1])


class BoardHeader(Widget):
    DEFAULT_CSS = """
    BoardHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    state: reactive[HeaderState | None] = reactive(None)  # the board sets it; a change repaints the line

    def render(self) -> Content:
        return header_content(self.state, self.size.width) if self.state else Content("")

"""The board's top line: who is signed in, their own shift and the time left in it, privacy, grouping and
filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
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


def header_content(state: HeaderState, width: int = 0) -> Content:
    """The whole line if it fits `width`; else without the name, then without the title, so the
    state that matters (who, shift, privacy, grouping, filter) stays on an 80-column screen."""
    name = f" ({state.user_name})" if state.user_name and state.user_name != state.user else ""
    status: list[Part] = [
        (state.user, "bold"),
        name,
        " · shift: ",
        state.shift,
        " · privacy ",
        ("on", "") if state.privacy else ("off", "bold"),
        " · by ",
        state.grouping,
    ]
    if state.filter_text:
        status += [" · filter: ", (state.filter_text, "bold reverse")]
    title: list[Part] = [("Shiftboard", "bold $text-primary"), " · "]
    full = join(*title, *status)
    if not width or full.cell_length <= width:
        return full
    status[1] = ""
    shorter = join(*title, *status)
    return shorter if shorter.cell_length <= width else join(*status)


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

    state: HeaderState | None = None

    def show(self, state: HeaderState) -> None:
        self.state = state
        self.refresh()

    def render(self) -> Content:
        return header_content(self.state, self.size.width) if self.state else Content("")

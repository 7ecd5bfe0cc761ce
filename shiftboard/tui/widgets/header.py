"""The board's top line: who is signed in, the current shift, privacy, grouping and filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

from shiftboard.tui.safe import Part, join


@dataclass(frozen=True)
class HeaderState:
    user: str
    user_name: str
    shifts: tuple[str, ...]
    privacy: bool
    grouping: str
    filter_text: str
    needs: int = 0  # cards that need the signed-in colleague now (the Needs me column, key i)


def header_content(state: HeaderState, width: int = 0) -> Content:
    """The whole line if it fits `width`; else without the name, then without the title, then with the
    Needs me count said shortly, so the state that matters (who, what needs them, shift, privacy,
    grouping, filter) stays on an 80-column screen."""
    shift = ", ".join(state.shifts) if state.shifts else "no shift now"
    name = f" ({state.user_name})" if state.user_name and state.user_name != state.user else ""

    def status(*, named: bool, short: bool) -> list[Part]:
        needs: list[Part] = []
        if state.needs:
            needs = [" · ", (f"{state.needs} need you" if short else f"needs you: {state.needs} (i)", "bold")]
        parts: list[Part] = [
            (state.user, "bold"),
            name if named else "",
            *needs,
            " · shift: ",
            shift,
            " · privacy ",
            ("on", "") if state.privacy else ("off", "bold"),
            " · by ",
            state.grouping,
        ]
        if state.filter_text:
            parts += [" · filter: ", (state.filter_text, "bold reverse")]
        return parts

    title: list[Part] = [("Shiftboard", "bold $text-primary"), " · "]
    variants = [
        join(*title, *status(named=True, short=False)),
        join(*title, *status(named=False, short=False)),
        join(*status(named=False, short=False)),
        join(*status(named=False, short=True)),
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

    state: HeaderState | None = None

    def show(self, state: HeaderState) -> None:
        self.state = state
        self.refresh()

    def render(self) -> Content:
        return header_content(self.state, self.size.width) if self.state else Content("")

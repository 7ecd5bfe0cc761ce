"""Small keyboard-first inputs for the handover form and prompts.

`Choice` picks one word from a short fixed list (priority, channel, yes/no) in one line and
one tab stop; the chosen word carries a symbol (◉ vs ○), so meaning never rests on colour.
`ReceiverList` is the receiver picker: colleagues ranked by the Desk with who is on shift,
their skills and how many open handovers they already hold (PPL2GEN11 PC3, K4).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from shiftboard.services import ReceiverChoice
from shiftboard.tui.safe import join, literal

CHOSEN, NOT_CHOSEN = "◉", "○"


class Choice(Widget, can_focus=True):
    """One of a few words; ←/→ change it at once. Space does nothing: it is no way to choose by accident.
    A value outside the options (`""`) means nothing is chosen yet, for a question without a default."""

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        &:focus { background-tint: $foreground 5%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "move(1)", "Next choice", show=False, id="choice.next"),
        Binding("left", "move(-1)", "Previous choice", show=False, id="choice.previous"),
    ]

    value: reactive[str] = reactive("")

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Sequence[str], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = tuple(options)
        self.set_reactive(Choice.value, value if value in self.options else "")

    def action_move(self, step: int) -> None:
        if self.value not in self.options:  # nothing chosen yet: → picks the first, ← the last
            self.value = self.options[0 if step > 0 else -1]
            return
        index = self.options.index(self.value)
        self.value = self.options[(index + step) % len(self.options)]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Content:
        chosen_style = "bold reverse" if self.has_focus else "bold"
        parts = []
        for option in self.options:
            if option == self.value:
                parts.append(Content.styled(f"{CHOSEN} {option}", chosen_style))
            else:
                parts.append(Content(f"{NOT_CHOSEN} {option}"))
        return Content("  ").join(parts)


def receiver_prompt(choice: ReceiverChoice, *, chosen: bool, needs: Sequence[str], note: str = "") -> Content:
    """`◉ bob  Bob Smith · on shift · 2 open · billing refunds`: one line per colleague."""
    colleague = choice.colleague
    missing = [skill for skill in needs if skill not in colleague.skills]
    skills = f"lacks {' '.join(missing)}" if missing else " ".join(colleague.skills) or "no skills listed"
    return join(
        Content.styled(f"{CHOSEN if chosen else NOT_CHOSEN} ", "bold" if chosen else ""),
        literal(colleague.handle, "bold"),
        "  ",
        literal(colleague.name),
        Content.styled(" · on shift", "$text-success") if choice.on_shift else Content.styled(" · off shift", "dim"),
        f" · {choice.open_count} open · ",
        literal(skills, "$text-warning" if missing else ""),
        literal(f" · {note}", "italic") if note else "",
    )


class ReceiverList(OptionList):
    """Ranked colleagues; enter or space chooses the highlighted one (tabbing past chooses nobody)."""

    DEFAULT_CSS = """
    ReceiverList {
        height: auto;
        max-height: 7;
        border: none;
        padding: 0;
        background: $surface;
        &:focus { border: none; background-tint: $foreground 5%; }
    }
    """

    class Chosen(Message):
        def __init__(self, receivers: ReceiverList, handle: str) -> None:
            super().__init__()
            self.receivers = receivers
            self.handle = handle

        @property
        def control(self) -> ReceiverList:
            return self.receivers

    def __init__(self, *, chosen: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.chosen = chosen
        self.choices: list[ReceiverChoice] = []
        self.needs: Sequence[str] = ()
        self.notes: dict[str, str] = {}

    def show(
        self, choices: list[ReceiverChoice], needs: Sequence[str] = (), notes: dict[str, str] | None = None
    ) -> None:
        """Replace the list (ranked by the Desk), keeping the chosen colleague and the highlight."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.choices, self.needs, self.notes = choices, needs, notes or {}
        self.set_options(self._option(choice) for choice in choices)
        handles = [choice.colleague.handle for choice in choices]
        keep = highlighted if highlighted in handles else self.chosen if self.chosen in handles else None
        self.highlighted = handles.index(keep) if keep else (0 if handles else None)

    def _option(self, choice: ReceiverChoice) -> Option:
        handle = choice.colleague.handle
        note = self.notes.get(handle, "")
        return Option(receiver_prompt(choice, chosen=handle == self.chosen, needs=self.needs, note=note), id=handle)

    def choose(self, handle: str) -> None:
        self.chosen = handle
        for index, choice in enumerate(self.choices):
            self.replace_option_prompt_at_index(index, self._option(choice).prompt)

    async def on_key(self, event: Key) -> None:
        """enter and space choose here, as the key arrives, not as a binding resolved later: the form's
        tab is a priority binding, so a tab typed right after may already have moved the focus on."""
        if event.key in ("enter", "space"):
            event.stop()
            event.prevent_default()
            self.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)
            self.post_message(self.Chosen(self, event.option.id))

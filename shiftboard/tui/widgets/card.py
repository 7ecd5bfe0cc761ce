"""What one card on the board says, and the `Card` the card list renders (no widget per card).

Every word a person typed (customer, action, handles) is taken literally (`safe.join`); status
is a symbol and a word, and colour (theme variables) only adds to them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from shiftboard.domain.duetime import relative
from shiftboard.domain.models import Handover, Priority
from shiftboard.domain.status import CardStatus, card_status, customer_label
from shiftboard.domain.text import visible
from shiftboard.tui.readable import readable
from shiftboard.tui.safe import Part, join, literal

ACTION_PREVIEW = 90  # characters of the action shown on a card; the detail view has it all

PRIORITY_MARKS = {
    Priority.URGENT: "‼ urgent",
    Priority.HIGH: "↑ high",
    Priority.NORMAL: "normal",
    Priority.LOW: "↓ low",
}
PRIORITY_STYLES = {
    Priority.URGENT: "bold $text-error",
    Priority.HIGH: "bold $text-warning",
    Priority.NORMAL: "",
    Priority.LOW: "dim",
}
STATE_STYLES = {
    "late": "bold $text-error",
    "awaiting": "$text-accent",
    "acknowledged": "$text-primary",
    "taken": "$text-primary",
    "query": "bold $text-warning",
    "done": "$text-success",
    "unable": "bold $text-warning",
    "closed": "dim",
}


def action_preview(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    if len(first) > ACTION_PREVIEW or first != text.strip():
        return first[:ACTION_PREVIEW].rstrip() + "…"
    return first


def due_words(handover: Handover, now: datetime) -> str:
    words = relative(handover.due, now)
    return words if words.startswith("overdue") else f"due {words}"


def status_part(status: CardStatus) -> tuple[str, str]:
    return status.label, STATE_STYLES.get(status.state, "")


def status_content(status: CardStatus) -> Content:
    return literal(*status_part(status))


WHY_MARK = "→"  # a Needs me card's reason line


def card_parts(
    handover: Handover,
    *,
    now: datetime,
    ack_within: timedelta,
    privacy: bool,
    show_receiver: bool = False,
    why: str = "",
) -> tuple[Part, ...]:
    """Three short lines: id, priority, status / customer, people, due / the action required; on the Needs
    me column a fourth says why the card needs you."""
    status = card_status(handover, now, ack_within)
    people = f"{handover.from_} → {handover.to}" if show_receiver else f"from {handover.from_}"
    due_style = "bold $text-error" if status.overdue else ""
    parts: tuple[Part, ...] = (
        (handover.id, "bold"),
        "  ",
        (PRIORITY_MARKS[handover.priority], PRIORITY_STYLES[handover.priority]),
        "  ",
        status_part(status),
        "\n",
        (customer_label(handover, privacy=privacy), "bold"),
        f" · {people} · ",
        (due_words(handover, now), due_style),
        "\n",
        action_preview(handover.action_required),
    )
    if why:
        parts += ("\n", (f"{WHY_MARK} {why}", "bold italic"))
    return parts


def card_content(
    handover: Handover, *, now: datetime, ack_within: timedelta, privacy: bool, show_receiver: bool = False
) -> Content:
    """The card as styled text (what `Card` draws)."""
    return join(*card_parts(handover, now=now, ack_within=ack_within, privacy=privacy, show_receiver=show_receiver))


class Card(Visual):
    """A card as a column holds it: measured from its plain lines, styled only when first drawn.

    A column asks the height of every card when it opens (to know its length) but draws only the
    dozen on screen, so building the styled `Content` of 2,000 cards up front would be wasted. A
    line that fits costs one comparison; one that does not is measured as unstyled `Content`,
    which wraps exactly as the styled card will.
    """

    def __init__(self, parts: tuple[Part, ...]) -> None:
        self._parts = parts
        self.plain = visible(
            "".join(
                part.plain if isinstance(part, Content) else part if isinstance(part, str) else part[0]
                for part in parts
            )
        )
        self._content: Content | None = None
        self._height: tuple[object, int] = (None, 0)

    def __str__(self) -> str:
        return self.plain

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = join(*self._parts)
        return self._content

    def get_height(self, rules: RulesMap, width: int) -> int:
        line_pad = rules.get("line_pad", 0)
        key = (width, line_pad, rules.get("text_overflow", "fold"), rules.get("text_wrap", "wrap"))
        if self._height[0] != key:  # a column measures each card again after its first resize
            room = width - line_pad * 2
            height = 0
            for line in self.plain.split("\n"):
                height += 1 if cell_len(line) <= room else Content(line).get_height(rules, width)
            self._height = (key, height)
        return self._height[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """Drawn on the row's style (the cursor's when selected); a colour that would not read there gives
        way to the row's own (`readable`)."""
        return readable(self.content.render_strips(width, height, style, options), style.rich_style)

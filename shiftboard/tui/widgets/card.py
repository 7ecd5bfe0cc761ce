"""What one card on the board says, as a `Content` the card list renders (no widget per card).

Every word a person typed (customer, action, handles) goes through `literal`; status is a
symbol and a word, and colour (theme variables) only adds to them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap

from shiftboard.domain.duetime import relative
from shiftboard.domain.models import Handover, Priority
from shiftboard.domain.status import CardStatus, card_status
from shiftboard.domain.text import initials
from shiftboard.tui.safe import join, literal

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
    "query": "bold $text-warning",
    "done": "$text-success",
    "unable": "bold $text-warning",
    "closed": "dim",
}


class CardText(Content):
    """A card's text. Its height is worked out line by line, and a line that fits (most do) costs
    one comparison: the card list asks the height of every card when it opens, so 2,000 cards
    must not each be wrapped to find out they are three lines."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        room = width - rules.get("line_pad", 0) * 2
        return sum(
            1 if cell_len(line) <= room else Content(line).get_height(rules, width) for line in self.plain.split("\n")
        )


def customer_label(handover: Handover, *, privacy: bool) -> str:
    """Initials and reference in privacy mode, the name (and reference) otherwise."""
    customer = handover.customer
    if customer.name is None:
        return f"(erased) {customer.ref}".strip()
    name = initials(customer.name) if privacy else customer.name
    return f"{name} {customer.ref}".strip()


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


def card_content(
    handover: Handover, *, now: datetime, ack_within: timedelta, privacy: bool, show_receiver: bool = False
) -> Content:
    """Three short lines: id, priority, status / customer, people, due / the action required."""
    status = card_status(handover, now, ack_within)
    people = f"{handover.from_} → {handover.to}" if show_receiver else f"from {handover.from_}"
    due_style = "bold $text-error" if status.overdue else ""
    content = join(
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
    return CardText(content.plain, list(content.spans), content.cell_length)

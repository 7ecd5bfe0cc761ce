"""The one way the board shows text a person typed: literally, never as markup.

Static, Label, notify() and border titles parse Textual markup when handed a `str`, and
`[@click=app.quit]` in a customer note would be a live action link. Everything a person
typed (and every Refused message, which may quote it) goes through here: wrapped in a
`Content` (never parsed) with control characters made visible (`␛`), so nothing raw
reaches the terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from shiftboard.domain.text import visible


def literal(text: str, style: str = "") -> Content:
    """`text` exactly as typed (control characters made visible), optionally styled as a whole."""
    shown = visible(text)
    return Content.styled(shown, style) if style else Content(shown)


Part = Content | str | tuple[str, str]


def join(*parts: Part, separator: str = "") -> Content:
    """Join pieces: `Content`, plain `str`, or `(text, style)`; text is always taken literally.

    One `Content.assemble` for the lot: a card is a dozen pieces and a board thousands of cards.
    """
    pieces = [
        part if isinstance(part, Content) else visible(part) if isinstance(part, str) else (visible(part[0]), part[1])
        for part in parts
    ]
    if separator:
        return Content(visible(separator)).join(Content.assemble(piece) for piece in pieces)
    return Content.assemble(*pieces)


def say(node: DOMNode, message: str, *, severity: SeverityLevel = "information", title: str = "") -> None:
    """Notify with a message shown literally (notify() would parse markup in it)."""
    node.app.notify(visible(message), title=visible(title), severity=severity, markup=False)

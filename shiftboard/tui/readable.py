"""Text that stays readable on whatever background it is drawn on.

A card colours its status (`$text-primary` for acknowledged, `$text-error` for overdue …) for
an ordinary row. Drawn under the selection cursor the same colour can vanish: light blue on the
bright blue cursor of the dark theme, white on the white cursor of the monochrome one (NO_COLOR).
So a coloured span is checked against the background it actually lands on, and one that reads
worse than MIN_CONTRAST (the WCAG ratio) takes the row's own foreground instead. Its symbol and
word still say what it means: colour only ever adds to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

MIN_CONTRAST = 4.5  # WCAG AA for text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2), 0 for black to 1 for white."""
    red, green, blue = (_channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(color: RichColor | None) -> tuple[int, int, int] | None:
    if color is None or color.is_default:
        return None
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


@lru_cache(maxsize=4096)
def _readable_style(style: RichStyle, base: RichStyle) -> RichStyle:
    foreground, background = _rgb(style.color), _rgb(style.bgcolor) or _rgb(base.bgcolor)
    if foreground is None or background is None or contrast(foreground, background) >= MIN_CONTRAST:
        return style
    fallback = base.color
    fallback_rgb = _rgb(fallback)
    if fallback_rgb is None or contrast(fallback_rgb, background) < MIN_CONTRAST:
        # The row's own colour reads no better: black or white, whichever stands out.
        fallback = RichColor.from_rgb(0, 0, 0) if luminance(background) > 0.18 else RichColor.from_rgb(255, 255, 255)
    return style + RichStyle(color=fallback)


def readable(strips: Iterable[Strip], base: RichStyle) -> list[Strip]:
    """`strips` with every span that would read poorly on its background recoloured (see module doc)."""
    fixed = []
    for strip in strips:
        segments = [
            Segment(text, _readable_style(style, base), control) if style is not None else Segment(text, style, control)
            for text, style, control in strip
        ]
        fixed.append(Strip(segments, strip.cell_length))
    return fixed


class Readable(Visual):
    """Styled text for a list row (the checklist's, the notifications'), drawn readable on whatever row
    style it gets: the cursor's included."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def __str__(self) -> str:
        return self.content.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content.get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return readable(self.content.render_strips(width, height, style, options), style.rich_style)

"""Shiftboard's Textual themes: dark (default), light, high-contrast, and monochrome for NO_COLOR.

Colour only ever adds to what a card already says with a symbol and a word; the
cursor and the focused column are marked by text style and border shape as well, so
the monochrome theme (and terminals without colour) lose nothing.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = "shiftboard-dark"
LIGHT = "shiftboard-light"
HIGH_CONTRAST = "shiftboard-high-contrast"
MONOCHROME = "shiftboard-mono"

THEMES = (
    Theme(
        name=DARK,
        primary="#4C8BF5",
        secondary="#2E5C9A",
        accent="#F2A93B",
        warning="#F2A93B",
        error="#E5546B",
        success="#4EBF71",
        foreground="#E2E4E8",
        background="#16181D",
        surface="#1E2128",
        panel="#272B34",
        dark=True,
        variables={"block-cursor-text-style": "bold", "footer-key-foreground": "#F2A93B"},
    ),
    Theme(
        name=LIGHT,
        primary="#1F5FBF",
        secondary="#3A6EA5",
        accent="#9A5B00",
        warning="#9A5B00",
        error="#B3261E",
        success="#1E7A3A",
        foreground="#1B1D22",
        background="#F6F7F9",
        surface="#FFFFFF",
        panel="#E4E7EC",
        dark=False,
        variables={"block-cursor-text-style": "bold", "footer-key-foreground": "#1F5FBF"},
    ),
    Theme(
        name=HIGH_CONTRAST,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        warning="#FFFF00",
        error="#FF6E6E",
        success="#00FF66",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        dark=True,
        luminosity_spread=0.3,
        text_alpha=1.0,
        variables={
            "block-cursor-background": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#444444",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "border": "#FFFF00",
            "border-blurred": "#888888",
            "footer-key-foreground": "#FFFF00",
        },
    ),
    Theme(
        name=MONOCHROME,
        primary="#FFFFFF",
        secondary="#BBBBBB",
        accent="#FFFFFF",
        warning="#FFFFFF",
        error="#FFFFFF",
        success="#FFFFFF",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#000000",
        dark=True,
        text_alpha=1.0,
        variables={
            "block-cursor-background": "#FFFFFF",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#000000",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "block-cursor-blurred-text-style": "underline",
            "border": "#FFFFFF",
            "border-blurred": "#FFFFFF",
            "footer-key-foreground": "#FFFFFF",
            "footer-background": "#000000",
        },
    ),
)


def default_theme(no_color: bool) -> str:
    """Monochrome when the user asked for NO_COLOR, else the dark default."""
    return MONOCHROME if no_color else DARK

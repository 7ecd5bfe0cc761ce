"""Shiftboard's Textual themes, read from the TOML files in `themes/`: dark (default), light,
high-contrast, and monochrome for NO_COLOR.

Colour only ever adds to what a card already says with a symbol and a word; the cursor and the
focused column are marked by text style and border shape as well, so the monochrome theme (and
terminals without colour) lose nothing. The files are data: an installed package carries them as
`shiftboard/themes/`, a checkout (an editable install) reads the repository's `themes/`.
"""

from __future__ import annotations

import tomllib
from functools import cache, partial
from pathlib import Path

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.theme import Theme

DARK = "shiftboard-dark"
LIGHT = "shiftboard-light"
HIGH_CONTRAST = "shiftboard-high-contrast"
MONOCHROME = "shiftboard-mono"
ORDER = (DARK, LIGHT, HIGH_CONTRAST, MONOCHROME)


def themes_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


@cache
def load_themes() -> tuple[Theme, ...]:
    """Every theme file, in ORDER (any other file after them, by name)."""
    themes = []
    for path in sorted(themes_dir().glob("*.toml")):
        with path.open("rb") as handle:
            themes.append(Theme(**tomllib.load(handle)))
    rank = {name: index for index, name in enumerate(ORDER)}
    return tuple(sorted(themes, key=lambda theme: (rank.get(theme.name, len(rank)), theme.name)))


def default_theme(no_color: bool) -> str:
    """Monochrome when the user asked for NO_COLOR, else the dark default."""
    return MONOCHROME if no_color else DARK


class ThemesFirst(Provider):
    """The palette's theme list with Shiftboard's own themes first (Textual's lists its twenty stock
    themes by name, before ours)."""

    def _themes(self) -> list[str]:
        ours = [theme.name for theme in load_themes()]
        others = sorted(name for name in self.app.available_themes if name not in ours)
        return [*ours, *others]

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name in self._themes():
            yield DiscoveryHit(name, partial(self._choose, name), help="Shiftboard's" if name in ORDER else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._themes():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), partial(self._choose, name), text=name)

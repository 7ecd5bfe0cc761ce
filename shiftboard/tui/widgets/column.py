"""One board column: a virtual list of cards (only the visible lines are ever rendered).

`OptionList` draws just the lines on screen, so a column of 2,000 cards opens and moves
as fast as one of 20. Cards are options whose id is the handover id, which is how the
selection survives a refresh.

Columns never take keyboard focus: the board screen owns the keys, and the current column
is a class (`-current`) drawn like focus. Moving focus between widgets makes Textual rebuild
the footer, which would cost more than everything else a column change does. A click selects
a card (OptionList's own `OptionSelected`): the board takes it as choosing that column and card.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from shiftboard.tui.safe import join, literal


class CardColumn(OptionList):
    """The cards of one colleague (or one status); the title says whose and where: `bob (2/5)`."""

    DEFAULT_CSS = """
    CardColumn {
        width: 1fr;
        height: 1fr;
        max-height: 100%;
        border: round $border-blurred;
        /* Titles and positions in the text colour: a title drawn in the blurred border's colour all but
           vanishes on a wide board, where most columns are not the current one. */
        border-title-align: left;
        border-title-color: $foreground;
        border-subtitle-align: right;
        border-subtitle-color: $foreground;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 0;  /* the subtitle says where you are (`3 of 250`), in words; and it is cheaper */
        & > .option-list--option { padding: 0 1; }
        /* Only the current column shows its selected card: another column's remembered card looks like any
           other, or every column would seem to have a card selected. */
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $surface;
            text-style: none;
        }
        & > .option-list--option-hover { background: $surface; }
        &.-current {
            border: heavy $border;
            border-title-style: bold;
            & > .option-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    def __init__(self, key: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.key = key
        self.can_focus = False
        self.current = False
        self._signature: object = None
        self._wanted: tuple[object, Callable[[], list[tuple[str, Visual]]], str, str | None] | None = None
        self._title = Content("")
        self._shown_title = Content("")
        self._count = 0

    def set_title(self, label: str, position: int, total: int, count: int) -> None:
        self._title = join(literal(label, "bold"), f" ({position}/{total})")
        self._count = count
        self._show_title()
        self._show_position()

    def _show_position(self) -> None:
        if not self._count:
            self.border_subtitle = Content("empty")
        elif self.highlighted is None:
            self.border_subtitle = Content(f"{self._count} open")
        else:
            self.border_subtitle = Content(f"{self.highlighted + 1} of {self._count}")

    def on_option_list_option_highlighted(self) -> None:
        self._show_position()

    def set_current(self, current: bool) -> None:
        """The current column is marked by shape, not colour alone: ▶ and a heavy border."""
        if current != self.current:
            self.current = current
            self.set_class(current, "-current")
            self._show_title()

    def _show_title(self) -> None:
        self._shown_title = join("▶ " if self.current else "", self._title)
        self.border_title = self._shown_title

    @property
    def title_plain(self) -> str:
        """The title as shown, without styles (`▶ bob (2/5)`)."""
        return self._shown_title.plain

    @property
    def selected_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def show_cards(
        self, signature: object, build: Callable[[], list[tuple[str, Visual]]], *, empty: str, keep: str | None
    ) -> None:
        """Cards to show: drawn now if the column is on screen, else when it is shown (`fill`)."""
        self._wanted = (signature, build, empty, keep)
        if self.display:
            self.fill()

    def fill(self) -> None:
        """Replace the cards unless nothing changed; keep `keep` (a handover id) selected if still here."""
        if self._wanted is None:
            return
        signature, build, empty, keep = self._wanted
        self._wanted = None
        if signature == self._signature:
            return
        self._signature = signature
        cards = build()
        index = self.highlighted
        options: list[Option | None] = []
        for hid, content in cards:
            options.extend([Option(content, id=hid), None])
        if options:
            options.pop()
        else:
            options.append(Option(literal(empty, "italic"), disabled=True))
        self.set_options(options)
        if cards:
            ids = [hid for hid, _ in cards]
            self.highlighted = ids.index(keep) if keep in ids else min(index or 0, len(ids) - 1)
            # New cards may measure differently (names instead of initials) and a column just mounted has no
            # size yet: bring the selected card fully into view once the column is laid out.
            self.call_after_refresh(self.scroll_to_highlight)
        self._show_position()

    def select(self, hid: str) -> bool:
        try:
            self.highlighted = self.get_option_index(hid)
        except OptionDoesNotExist:
            return False
        return True

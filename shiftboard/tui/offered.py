"""Footers that offer only the keys that apply now.

A `StepsScreen` says which of its bindings make sense for what is selected (by the Desk's
`next_steps`, the domain's rules, through `steps_offered`); its footer shows only those. The keys
stay bound either way: pressing one that does not apply explains why, which a disabled binding
could not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import ClassVar

from textual.binding import ActiveBinding
from textual.screen import Screen, ScreenResultType

from shiftboard.domain.events import EventKind
from shiftboard.domain.models import Handover
from shiftboard.services import Desk

StepKeys = Mapping[EventKind, tuple[str, str]]  # a move -> (binding id, footer label)


def steps_offered(
    desk: Desk, handover: Handover | None, user: str | None, keys: StepKeys, limit: int | None = None
) -> dict[str, str]:
    """Binding id -> footer label for the first `limit` moves in `keys` that `user` may make on `handover`."""
    if handover is None or user is None:
        return {}
    steps = [step for step in desk.next_steps(handover, by=user) if step in keys]
    return dict(keys[step] for step in steps[:limit])


def offer_only(
    bindings: dict[str, ActiveBinding], governed: Collection[str], offered: Mapping[str, str]
) -> dict[str, ActiveBinding]:
    """Each binding whose id is `governed` shows only when `offered` names it, with the label given there."""
    for key, active in bindings.items():
        binding = active.binding
        if binding.id is not None and binding.id in governed:
            label = offered.get(binding.id)
            shown = replace(binding, show=label is not None, description=label or binding.description)
            bindings[key] = active._replace(binding=shown)
    return bindings


class StepsScreen(Screen[ScreenResultType]):
    """A screen whose footer offers the lifecycle keys (STEP_KEYS) that apply to what is selected."""

    STEP_KEYS: ClassVar[StepKeys] = {}
    _offered: dict[str, str] | None = None  # what the footer shows now: binding id -> label

    def steps_offered(self) -> dict[str, str]:
        """Binding id -> label of the keys that apply now (see `steps_offered`); none by default."""
        return {}

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, with the STEP_KEYS bindings in the footer only when they apply."""
        if self._offered is None:
            self._offered = self.steps_offered()
        governed = {binding_id for binding_id, _label in self.STEP_KEYS.values()}
        return offer_only(super().active_bindings, governed, self._offered)

    def offer_steps(self) -> None:
        """Redraw the footer when the keys it should offer changed (another item, a new status)."""
        offered = self.steps_offered()
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

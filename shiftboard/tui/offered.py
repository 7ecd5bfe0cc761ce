"""Footers that offer only the keys that apply now.

A screen computes which of its bindings make sense for what is selected (by the domain's
`lifecycle.next_steps`) and passes Textual's active bindings through `offer_only`. The keys stay
bound either way: pressing one that does not apply explains why, which a disabled binding could not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from textual.binding import ActiveBinding

from shiftboard.domain import lifecycle
from shiftboard.domain.errors import Refused
from shiftboard.domain.models import Handover
from shiftboard.services import Desk
from shiftboard.store import StoreError

StepKeys = Mapping[str, tuple[str, str]]  # lifecycle.NEXT_STEPS -> (binding id, footer label)


def steps_offered(
    desk: Desk, handover: Handover | None, user: str | None, keys: StepKeys, limit: int | None = None
) -> dict[str, str]:
    """Binding id -> footer label for the first `limit` moves in `keys` that `user` may make on `handover`."""
    if handover is None or user is None:
        return {}
    try:
        me = desk.colleague(user)
    except (Refused, StoreError):
        return {}
    steps = lifecycle.next_steps(handover, by=me, now=desk.clock.now(), tz=desk.clock.tz)
    return dict(keys[step] for step in [step for step in steps if step in keys][:limit])


def offer_only(
    bindings: dict[str, ActiveBinding], governed: Collection[str], offered: Mapping[str, str]
) -> dict[str, ActiveBinding]:
    """Each binding whose id is `governed` shows only when `offered` names it, with the label given there."""
    for key, active in bindings.items():
        binding = active.binding
        if binding.id in governed:
            label = offered.get(binding.id)
            shown = replace(binding, show=label is not None, description=label or binding.description)
            bindings[key] = active._replace(binding=shown)
    return bindings

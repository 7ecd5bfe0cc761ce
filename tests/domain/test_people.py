"""SPEC §2 sign-in matching: exact handle, handle prefix, a name word's prefix, any substring."""

from __future__ import annotations

from shiftboard.domain.models import Colleague
from shiftboard.domain.people import match_colleagues

TEAM = [
    Colleague(handle="sam", name="Sam Patel"),
    Colleague(handle="tess", name="Tess Nakamura"),
    Colleague(handle="te", name="Teo Ek"),
    Colleague(handle="ted", name="Edward Stone"),
    Colleague(handle="zed", name="Zed Older", active=False),
    Colleague(handle="kit", name="Kit Otero"),
]


def handles(typed: str) -> list[str]:
    return [c.handle for c in match_colleagues(TEAM, typed)]


def test_the_order_is_exact_then_prefix_then_name_word_then_substring() -> None:
    assert handles("te") == ["te", "ted", "tess", "kit", "sam"]  # exact, prefixes, no name word, substrings
    assert handles("ot") == ["kit"]  # Kit Otero: a word of the name
    assert handles("TESS") == ["tess"]


def test_nothing_typed_lists_every_active_colleague_and_the_inactive_never() -> None:
    assert handles("") == ["kit", "sam", "te", "ted", "tess"]
    assert handles("zed") == []

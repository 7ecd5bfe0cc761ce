"""Finding a colleague by what someone types at the sign-in screen (SPEC §2)."""

from __future__ import annotations

from collections.abc import Iterable

from shiftboard.domain.models import Colleague


def match_colleagues(colleagues: Iterable[Colleague], typed: str) -> list[Colleague]:
    """The active colleagues `typed` may mean, best first: the exact handle, then handles starting with it,
    then names with a word starting with it, then any other that holds it; each group by handle. Nothing
    typed lists everyone (and signs nobody in)."""
    needle = typed.strip().lower()
    ranked: list[tuple[int, str, Colleague]] = []
    for colleague in colleagues:
        if not colleague.active:
            continue
        handle, name = colleague.handle, colleague.name.lower()
        if not needle or handle == needle:
            rank = 0
        elif handle.startswith(needle):
            rank = 1
        elif any(word.startswith(needle) for word in name.split()):
            rank = 2
        elif needle in handle or needle in name:
            rank = 3
        else:
            continue
        ranked.append((rank, handle, colleague))
    return [colleague for _rank, _handle, colleague in sorted(ranked, key=lambda item: item[:2])]

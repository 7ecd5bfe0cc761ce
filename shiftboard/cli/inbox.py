"""`shiftboard inbox`: what needs a colleague now, each card with why (SPEC §1 "Needs me").

The same rule as the board's first column (`domain.inbox`, through `Desk.needs`): cards handed to
you and not acknowledged, and the cards you sent that wait on you.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, terminal_width
from shiftboard.cli.parser import command, json_option
from shiftboard.domain.duetime import local_clock, relative
from shiftboard.domain.status import customer_label

if TYPE_CHECKING:
    from shiftboard.domain.inbox import Need
    from shiftboard.services import Desk


def register(sub: Any) -> None:
    inbox_ = command(sub, "inbox", "what needs you now, each card with why", acting=True)
    json_option(inbox_, "each card with its reasons and the handover as the store holds it, for scripts")
    inbox_.set_defaults(run=inbox)


def need_json(need: Need) -> dict[str, Any]:
    return {
        "id": need.handover.id,
        "why": [reason.why.value for reason in need.reasons],
        "reasons": [
            {"why": reason.why.value, "since": reason.since.isoformat(), "detail": reason.detail}
            for reason in need.reasons
        ],
        "handover": output.stored(need.handover),
    }


def inbox(ctx: Context) -> int:
    desk: Desk = ctx.desk()
    user = ctx.user(desk)
    found = desk.needs(user)
    if ctx.args.json:
        output.emit_json_array(need_json(need) for need in found)
        return 0
    if not found:
        output.emit(f"Nothing needs {user} now.")
        return 0
    now, tz = ctx.clock.now(), ctx.clock.tz
    width = terminal_width() or output.ACTION_WIDTH + 60
    for need in found:
        h = need.handover
        due = f"due {local_clock(h.due, tz, now)} ({relative(h.due, now)})"
        head = f"{h.id}  {need.why}  ·  {h.from_} → {h.to}  ·  {customer_label(h, privacy=True)}  ·  {due}"
        output.emit(output.one_line(head, width - 1))
        for reason in need.reasons:
            if reason.detail:
                said = reason.detail if len(need.reasons) == 1 else f"{reason.why.value}: {reason.detail}"
                output.emit("    " + output.one_line(said, width - 5))
    output.emit(f"{len(found)} card{'s' if len(found) != 1 else ''} need{'' if len(found) != 1 else 's'} {user}")
    return 0

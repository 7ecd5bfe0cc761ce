"""The shift change on the command line (SPEC §3): `checklist`, `keep ID --note`, `sign-off`
(the domain's `shiftchange` is loaded by these commands only: every command line builds this parser).

Handing an item over is `reassign ID --to H --note N` (the same card, never a second one) and
closing one is `done` / `verify-close` / `unable`: the checklist reads every decision back from
the events, so the board's checklist and this one always agree.
"""

from __future__ import annotations

from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from shiftboard.cli import output
from shiftboard.cli.context import Context
from shiftboard.cli.parser import command, json_option
from shiftboard.domain.duetime import utc_now_iso

if TYPE_CHECKING:
    from shiftboard.domain.shiftchange import ShiftNotes


def register(sub: Any) -> None:
    checklist_ = command(sub, "checklist", "your shift-change checklist: every item you hold or sent", acting=True)
    json_option(checklist_)
    checklist_.set_defaults(run=checklist)
    keep_ = command(sub, "keep", "keep an item over your shift change, saying why", acting=True)
    keep_.add_argument("id", metavar="ID", help="the handover, e.g. H-1042")
    keep_.add_argument("--note", required=True, help="why you keep it, and what happens next")
    keep_.set_defaults(run=keep)
    sign_off_ = command(sub, "sign-off", "end your shift: record it and print your shift notes", acting=True)
    json_option(sign_off_)
    sign_off_.set_defaults(run=sign_off)


def checklist(ctx: Context) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    notes = desk.checklist(user)
    ack_within = timedelta(minutes=desk.settings().ack_within_minutes)
    if ctx.args.json:
        print(output.json_text(notes_json(notes), indent=2))
        return 0
    print_notes(notes, ctx.clock.tz, ack_within, title=f"shift-change checklist for {user}")
    left = len([item for item in notes.items if not item.decided])
    if left:
        output.emit(
            f"{left} undecided: hand over (reassign ID --to H --note N), keep (keep ID --note N) or close each;"
            f" sign-off lists the rest as carried over"
        )
    else:
        output.emit(f"all decided: sign off with: shiftboard sign-off --as {user}")
    return 0


def keep(ctx: Context) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    handover = desk.keep(ctx.args.id, by=user, note=ctx.args.note)
    output.emit(f"{handover.id} kept by {user} over the shift change")
    return 0


def sign_off(ctx: Context) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    notes = desk.sign_off(by=user)
    if ctx.args.json:
        print(output.json_text(notes_json(notes), indent=2))
        return 0
    ack_within = timedelta(minutes=desk.settings().ack_within_minutes)
    print_notes(notes, ctx.clock.tz, ack_within, title=f"shift notes for {user}, signed off")
    return 0


def print_notes(notes: ShiftNotes, tz: tzinfo, ack_within: timedelta, *, title: str) -> None:
    from shiftboard.domain.shiftchange import notes_lines  # loaded only by the commands that print notes

    for line in notes_lines(notes, tz, ack_within, title=title):
        output.emit("  " + output.one_line(line, 200) if line.startswith("  ") else line)


def notes_json(notes: ShiftNotes) -> dict[str, Any]:
    return {
        "colleague": notes.user,
        "shift": notes.shift or None,
        "since": utc_now_iso(notes.since),
        "at": utc_now_iso(notes.at),
        "items": [
            {
                "id": item.handover.id,
                "decision": item.decision.value,
                "detail": item.detail,
                "to": item.to,
                "status": item.handover.status.value,
                "from": item.handover.from_,
                "holder": item.handover.to,
            }
            for item in notes.items
        ],
        **{decision.replace(" ", "_"): ids for decision, ids in notes.ids().items()},
    }

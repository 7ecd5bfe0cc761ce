"""Shifts and the roster (SPEC §3): `shift add/list/remove`, `roster set/show`.

Times are local to the store's zone (`settings set timezone …`, else the host's); a shift whose
end comes before its start crosses midnight. Changing shifts and the roster is a supervisor's
(`ctx.admin`, checked by the Desk); showing them is anyone's.
"""

from __future__ import annotations

from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, creating
from shiftboard.cli.parser import command, json_option, verbs
from shiftboard.domain.clock import zone_name
from shiftboard.domain.duetime import utc_now_iso
from shiftboard.domain.models import Shift
from shiftboard.domain.roster import DayRoster, days_words, hours_words, parse_day


def register(sub: Any) -> None:
    shift = verbs(sub, "shift", "add, list or remove the team's shifts")
    add = command(shift, "add", "add a shift (or change the hours of one)", acting=True)
    add.add_argument("name", metavar="NAME", help="e.g. Early")
    add.add_argument("--start", required=True, metavar="HH:MM", help="local start, e.g. 07:00")
    add.add_argument(
        "--end", required=True, metavar="HH:MM", help="local end, e.g. 15:00 (before the start: overnight)"
    )
    add.add_argument("--days", metavar="DAYS", help="mon-fri, sat,sun, mon,wed,fri … (default: every day)")
    add.set_defaults(run=shift_add)
    listing = command(shift, "list", "list the shifts and who works them")
    json_option(listing)
    listing.set_defaults(run=shift_list)
    remove = command(shift, "remove", "take a shift off the roster", acting=True)
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=shift_remove)

    roster = verbs(sub, "roster", "one-off changes to the roster, and who works when")
    set_ = command(roster, "set", "a one-off change for one day: a day off, or another shift", acting=True)
    set_.add_argument("handle", metavar="HANDLE")
    set_.add_argument("--date", required=True, metavar="DATE", help="2026-12-24, today or tomorrow")
    change = set_.add_mutually_exclusive_group(required=True)
    change.add_argument("--off", action="store_true", help="a day off")
    change.add_argument("--shift", metavar="NAME", help="works this shift that day instead")
    change.add_argument("--clear", action="store_true", help="back to their usual shifts that day")
    set_.set_defaults(run=roster_set)
    show = command(roster, "show", "who works which shift on a day")
    show.add_argument("--date", default="today", metavar="DATE", help="2026-12-24, today or tomorrow (today)")
    json_option(show)
    show.set_defaults(run=roster_show)


def shift_words(shift: Shift) -> str:
    return f"{hours_words(shift)}, {days_words(shift.days)}"


def shift_add(ctx: Context) -> int:
    args = ctx.args
    with creating(ctx.root):
        desk = ctx.desk(create=True)
        existing = desk.find_shift(args.name)
        shift = desk.add_shift(args.name, start=args.start, end=args.end, days=args.days, by=ctx.admin(desk))
    verb = "added" if existing is None or not existing.active else "changed"
    output.emit(f"shift {shift.name} {verb}: {shift_words(shift)} ({zone_name(ctx.clock.tz)} time)")
    return 0


def shift_list(ctx: Context) -> int:
    desk = ctx.desk()
    shifts = desk.shifts()
    if ctx.args.json:
        output.emit_json_array(shift.to_json() for shift in shifts)
        return 0
    if not shifts:
        output.emit("no shifts yet; add one with: shiftboard shift add Early --start 07:00 --end 15:00")
        return 0
    rows = [(s.name, hours_words(s), days_words(s.days), ", ".join(sorted(s.members)) or "nobody") for s in shifts]
    widths = [max(output.cell_len(row[i]) for row in [("SHIFT", "HOURS", "DAYS", ""), *rows]) + 2 for i in range(3)]
    output.emit("".join(output.pad(h, w) for h, w in zip(("SHIFT", "HOURS", "DAYS"), widths, strict=True)) + "WHO")
    for *cells, who in rows:
        output.emit("".join(output.pad(cell, w) for cell, w in zip(cells, widths, strict=True)) + who)
    output.emit(f"times in {zone_name(ctx.clock.tz)}")
    return 0


def shift_remove(ctx: Context) -> int:
    desk = ctx.desk()
    shift = desk.remove_shift(ctx.args.name, by=ctx.admin(desk))
    worked = f" (it was worked by {', '.join(shift.members)})" if shift.members else ""
    output.emit(f"shift {shift.name} removed{worked}")
    return 0


def roster_set(ctx: Context) -> int:
    args = ctx.args
    desk = ctx.desk()
    by = ctx.admin(desk)
    if args.clear:
        colleague = desk.clear_roster(args.handle, args.date, by=by)
    else:
        colleague = desk.set_roster(args.handle, args.date, None if args.off else args.shift, by=by)
    day = parse_day(args.date, today=desk.today())
    when, key = day.strftime("%a %Y-%m-%d"), day.isoformat()
    if key not in colleague.roster:
        usual = ", ".join(desk.shifts_of(colleague.handle)) or "no regular shift"
        output.emit(f"roster: {colleague.handle} works as usual on {when} ({usual})")
    elif colleague.roster[key] is None:
        output.emit(f"roster: {colleague.handle} is off on {when} (one-off)")
    else:
        output.emit(f"roster: {colleague.handle} works {colleague.roster[key]} on {when} (one-off)")
    return 0


def roster_show(ctx: Context) -> int:
    desk = ctx.desk()
    day = desk.day_roster(ctx.args.date)
    if ctx.args.json:
        print(output.json_text(roster_json(day, zone_name(ctx.clock.tz)), indent=2))
        return 0
    now = ctx.clock.now()
    output.emit(f"roster for {day.day.strftime('%a %Y-%m-%d')} (times in {zone_name(ctx.clock.tz)})")
    if not day.shifts:
        output.emit("  no shift that day")
    rows = [(worked.shift.name, hours_words(worked.shift), worked, who) for worked, who in day.shifts]
    name_width = max((output.cell_len(name) for name, *_ in rows), default=0) + 2
    hours_width = max((output.cell_len(hours) for _, hours, *_ in rows), default=0) + 2
    for name, hours, worked, who in rows:
        people = ", ".join(f"{h} (one-off)" if h in day.swapped else h for h in who) or "nobody"
        now_mark = "  ← now" if worked.covers(now) else ""
        output.emit(f"  {output.pad(name, name_width)}{output.pad(hours, hours_width)}{people}{now_mark}")
    changes = [f"{h} off" for h in day.off] + [f"{h} on {name}" for h, name in day.swapped.items()]
    if changes:
        output.emit(f"one-off changes: {'; '.join(changes)}")
    return 0


def roster_json(day: DayRoster, timezone: str) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "timezone": timezone,
        "shifts": [
            {
                "name": worked.shift.name,
                "start": worked.shift.start,
                "end": worked.shift.end,
                "starts_at": utc_now_iso(worked.start),
                "ends_at": utc_now_iso(worked.end),
                "members": who,
            }
            for worked, who in day.shifts
        ],
        "off": day.off,
        "swapped": day.swapped,
    }

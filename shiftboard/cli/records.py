"""Records: `report`, `export`, `search`, `improve`, `purge` and `subject-export` (SPEC §3).

Each is one Desk call (services.records) and printing; the figures and rules are the domain's.
Long ones (`report`, `export`, `purge`) show a progress bar on stderr when it is a terminal.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, split_list, terminal_width
from shiftboard.cli.parser import command, json_option, verbs
from shiftboard.domain.duetime import local_clock
from shiftboard.domain.figures import GROUPINGS
from shiftboard.domain.lifecycle import STATUS_WORDS
from shiftboard.domain.models import Handover
from shiftboard.domain.notes import zone_words
from shiftboard.domain.periods import parse_moment
from shiftboard.domain.retention import parse_retention
from shiftboard.domain.search import make_query
from shiftboard.domain.status import customer_label
from shiftboard.progress import progress_bar

FORMATS = ("md", "csv", "json")  # every report and export, in each (cli/formats.py writes them)

DATE = "DATE"
DATE_HELP = "a local date (2026-11-24), a moment (2026-11-24 09:00), today or yesterday"


def _dates(parser: Any, what: str) -> None:
    parser.add_argument("--since", metavar=DATE, help=f"from ({DATE_HELP}); default: {what}")
    parser.add_argument("--until", metavar=DATE, help=f"to, that whole day when a date ({DATE_HELP}); default: now")


def register(sub: Any) -> None:
    report_ = command(sub, "report", "the review's figures for a period (SPEC §1), per colleague, service or shift")
    _dates(report_, "the last 7 days")
    report_.add_argument("--by", choices=GROUPINGS, default="colleague", help="one row per … (colleague)")
    report_.add_argument("--format", choices=FORMATS, default="md", help="Markdown, CSV or JSON (md)")
    report_.set_defaults(run=report)

    export_ = command(sub, "export", "shift notes: what is open, by holder, and what closed in the period")
    _dates(export_, "today")
    export_.add_argument("--format", choices=FORMATS, default="md", help="Markdown, CSV or JSON (md)")
    export_.set_defaults(run=export)

    search_ = command(sub, "search", "search open, closed and archived handovers")
    search_.add_argument("text", nargs="?", default="", metavar="TEXT", help="text in any field, case aside")
    search_.add_argument("--customer-ref", default="", metavar="R", help="the customer's reference holds R")
    search_.add_argument("--colleague", default="", metavar="H", help="HANDLE took part (sent, held or acted)")
    search_.add_argument("--since", metavar=DATE, help=f"open at some moment from ({DATE_HELP})")
    search_.add_argument("--until", metavar=DATE, help=f"… until (that whole day when a date) ({DATE_HELP})")
    json_option(search_, "the handovers as the store holds them, for scripts")
    search_.set_defaults(run=search)

    improve = verbs(sub, "improve", "improvement notes agreed in a review")
    add = command(improve, "add", "record an improvement note", acting=True)
    add.add_argument("text", metavar="TEXT", help="what was agreed")
    add.add_argument("--agreed-by", required=True, metavar="a,b", help="the colleagues who agreed it")
    add.set_defaults(run=improve_add)
    listing = command(improve, "list", "list improvement notes")
    json_option(listing)
    listing.set_defaults(run=improve_list)

    purge_ = command(sub, "purge", "erase the customer's personal data of handovers closed long ago", acting=True)
    purge_.add_argument(
        "--older-than", metavar="90d", help="closed at or before now minus this (default: the retention setting)"
    )
    purge_.add_argument("--dry-run", action="store_true", help="list the ids it would take; change nothing")
    purge_.set_defaults(run=purge)

    subject = command(sub, "subject-export", "every record about one customer, as JSON (a subject access request)")
    subject.add_argument("--customer", required=True, metavar="TEXT", help="the customer's name or contact, exactly")
    subject.set_defaults(run=subject_export)


def _print(text: str) -> None:
    """A whole document: Markdown and CSV keep their line breaks, each line made safe for a terminal."""
    for line in text.splitlines():
        output.emit(line)


def report(ctx: Context) -> int:
    from shiftboard.cli import formats  # the writers (and the review's types) only for these commands

    args = ctx.args
    desk = ctx.desk()
    window = desk.window(args.since, args.until, default="7 days")
    with progress_bar("reading the archive") as bar:
        result = desk.review(window, progress=bar)
    tz, now = ctx.clock.tz, ctx.clock.now()
    ack_within = desk.settings().ack_within_minutes
    notes = desk.improvements(window)
    if args.format == "json":
        document = formats.report_json(result, window, args.by, tz=tz, now=now, ack_within=ack_within, notes=notes)
        print(output.json_text(document, indent=2))
    elif args.format == "csv":
        print(formats.report_csv(result, args.by, tz=tz, now=now, ack_within=ack_within), end="")
    else:
        _print(formats.report_markdown(result, window, args.by, tz=tz, now=now, ack_within=ack_within, notes=notes))
    return 0


def export(ctx: Context) -> int:
    from shiftboard.cli import formats  # the writers (and the review's types) only for these commands

    args = ctx.args
    desk = ctx.desk()
    window = desk.window(args.since, args.until, default="today")
    with progress_bar("reading the archive") as bar:
        notes = desk.shift_notes(window, progress=bar)
    tz = ctx.clock.tz
    if args.format == "json":
        print(output.json_text(formats.notes_json(notes, tz), indent=2))
    elif args.format == "csv":
        print(formats.notes_csv(notes, tz), end="")
    else:
        _print(formats.notes_markdown(notes, tz))
    return 0


def search(ctx: Context) -> int:
    args = ctx.args
    desk = ctx.desk()
    now, tz = ctx.clock.now(), ctx.clock.tz
    query = make_query(
        args.text,
        customer_ref=args.customer_ref,
        colleague=args.colleague,
        since=parse_moment(args.since, tz, now, field="--since") if args.since else None,
        until=parse_moment(args.until, tz, now, field="--until", end=True) if args.until else None,
    )
    if query.colleague:
        desk.colleague(query.colleague)  # refused: no colleague 'x'
    found = desk.search(query)
    if args.json:
        output.emit_json_array(output.stored(handover) for handover in found)
        return 0
    width = terminal_width()
    output.emit(f"{'ID':<9}{'STATUS':<15}{'FROM → TO':<20}{'CUSTOMER':<18}{'HANDED':<12}{'CLOSED':<12}SUMMARY")
    count = 0
    for handover in found:
        output.emit(_search_row(handover, ctx, width))
        count += 1
    output.emit(f"{count} handover{'s' if count != 1 else ''} found (times in {zone_words(tz, now)})")
    return 0


def _search_row(handover: Handover, ctx: Context, width: int | None) -> str:
    tz = ctx.clock.tz
    closed = handover.closed_at.astimezone(tz).strftime("%Y-%m-%d") if handover.closed_at else ""
    people = output.one_line(f"{handover.from_} → {handover.to}", 19)
    customer = output.one_line(customer_label(handover, privacy=True), 17)
    head = (
        f"{handover.id:<9}{STATUS_WORDS[handover.status]:<15}{output.pad(people, 20)}{output.pad(customer, 18)}"
        f"{handover.created_at.astimezone(tz):%Y-%m-%d}  {closed:<12}"
    )
    room = output.ACTION_WIDTH if width is None else max(output.MIN_ACTION_WIDTH, width - output.cell_len(head) - 1)
    return head + output.one_line(handover.summary, room)


def improve_add(ctx: Context) -> int:
    desk = ctx.desk()
    user = ctx.user(desk)
    note = desk.add_improvement(ctx.args.text, agreed_by=split_list(ctx.args.agreed_by), by=user)
    output.emit(f"{note.id} recorded: agreed by {', '.join(note.agreed_by)}")
    return 0


def improve_list(ctx: Context) -> int:
    from shiftboard.cli import formats  # the writers (and the review's types) only for these commands

    desk = ctx.desk()
    notes = desk.improvements()
    tz = ctx.clock.tz
    if ctx.args.json:
        output.emit_json_array(formats.improvement_json(note, tz) for note in notes)
        return 0
    for note in notes:
        output.emit(
            f"{note.id}  {local_clock(note.at, tz)}  agreed by {', '.join(note.agreed_by)} (recorded by {note.by})"
        )
        for line in note.text.splitlines() or [""]:
            output.emit(f"    {line}")
    output.emit(f"{len(notes)} improvement note{'s' if len(notes) != 1 else ''}")
    return 0


def purge(ctx: Context) -> int:
    args = ctx.args
    desk = ctx.desk()
    by = ctx.admin(desk)
    if args.older_than is not None:
        older_than = parse_retention(args.older_than)
    else:
        older_than = timedelta(days=desk.settings().retention_days)
    tz, now = ctx.clock.tz, ctx.clock.now()
    if args.dry_run:
        result = desk.purge(older_than, by=by, dry_run=True)
        for hid in result.ids:
            output.emit(hid)
    else:
        with progress_bar("purging") as bar:
            result = desk.purge(older_than, by=by, progress=bar)
    when = f"{local_clock(result.cutoff, tz)} ({zone_words(tz, now)})"
    count = f"{len(result.ids)} handover{'s' if len(result.ids) != 1 else ''}"
    where = f"{result.live} live, {result.archived} archived"
    if args.dry_run:
        output.emit(f"dry run: {count} closed at or before {when} would be erased ({where}); nothing was changed")
    elif result.ids:
        output.emit(
            f"purged: the customer's name, contact and preferences of {count} closed at or before {when} are erased "
            f"({where}; {result.log_lines} log lines rewritten; no temp file left behind)"
        )
    else:
        output.emit(f"nothing to purge: no handover closed at or before {when} still holds personal data")
    return 0


def subject_export(ctx: Context) -> int:
    from shiftboard.cli import formats  # the writers (and the review's types) only for these commands

    desk = ctx.desk()
    tz, now = ctx.clock.tz, ctx.clock.now()
    found = desk.subject_records(ctx.args.customer)
    head = {"customer": ctx.args.customer, "generated_at": formats.local_iso(now, tz), "timezone": zone_words(tz, now)}
    print(output.json_text(head)[:-1] + ', "handovers": [', end="")
    count = 0
    for handover in found:
        print(("\n" if count == 0 else ",\n") + output.json_text(output.stored(handover)), end="")
        count += 1
    print(f'\n], "count": {count}}}')
    return 0

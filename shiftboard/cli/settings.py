"""`settings show` and `settings set KEY VALUE` (SPEC §1 "Settings"): read by anyone, changed by a
supervisor, each change an event. The keys, their ranges and their words are the domain's registry,
loaded only when one of these commands runs (every command line builds this parser)."""

from __future__ import annotations

from typing import Any

from shiftboard.cli import output
from shiftboard.cli.context import Context, creating
from shiftboard.cli.parser import command, json_option, verbs
from shiftboard.domain.clock import zone_name


def register(sub: Any) -> None:
    settings = verbs(sub, "settings", "show or change the store's settings")
    show = command(settings, "show", "every setting, its value and what it is for")
    json_option(show)
    show.set_defaults(run=settings_show)
    set_ = command(settings, "set", "change one setting", acting=True)
    set_.add_argument("key", metavar="KEY", help="ack_within, lock_after … (see: shiftboard settings show)")
    set_.add_argument("value", metavar="VALUE", help="15m, 7d, Europe/London (or host), on/off …")
    set_.set_defaults(run=settings_set)


def settings_show(ctx: Context) -> int:
    from shiftboard.domain.settings import SETTINGS, shown

    settings = ctx.desk().settings()
    values = shown(settings)
    if ctx.args.json:
        print(output.json_text({**values, "timezone_in_use": zone_name(ctx.clock.tz)}, indent=2))
        return 0
    if settings.timezone is None:
        values["timezone"] += f" ({zone_name(ctx.clock.tz)})"
    key_width = max(len(key) for key in SETTINGS) + 2
    value_width = max(output.cell_len(value) for value in values.values()) + 2
    for key, spec in SETTINGS.items():
        output.emit(f"{key:<{key_width}}{output.pad(values[key], value_width)}{spec.help}")
    return 0


def settings_set(ctx: Context) -> int:
    from shiftboard.domain.settings import setting, shown

    args = ctx.args
    spec = setting(args.key)
    with creating(ctx.root):
        desk = ctx.desk(create=True)
        settings, changed = desk.set_setting(spec.key, args.value, by=ctx.admin(desk))
    value = shown(settings)[spec.key]
    output.emit(f"{spec.key} {'set to' if changed else 'is already'} {value}")
    return 0

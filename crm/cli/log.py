"""`crm log`: record a touch with a contact (last contacted is derived from this log)."""

from __future__ import annotations

import click

from crm.cli.common import json_option, today_from, today_option, with_store
from crm.cli.output import emit_json, message


@click.command("log edit")
@click.argument("ref", metavar="ID")
@click.option("--on", "on", metavar="WHEN", help="The corrected date: YYYY-MM-DD [HH:MM], today or yesterday "
                                                 "(a date alone keeps the time of day).")
@click.option("--kind", help="after-apply, thank-you, check-in, reply, call, meeting, interview, note or other.")
@click.option("--note", help="The new note (replaces the old).")
@click.option("--channel", help="email, linkedin, phone, in-person or other.")
@click.option("--direction", help="out (you wrote) or in (they did).")
@click.option("--app", "app_ref", metavar="REF", help='The application it was about ("" for none).')
@today_option
@json_option
@with_store
def edit(ref: str, on: str | None, kind: str | None, note: str | None, channel: str | None, direction: str | None,
         app_ref: str | None, today_text: str, as_json: bool) -> None:
    """Correct a logged interaction: its date, kind, note, channel, direction or application (ID from `crm history`).

    \b
    Example:
      crm log edit 12 --on 2026-11-20 --kind check-in
      crm log edit 12 --direction in --note "They asked for references"
    """
    import datetime as dt

    from crm import store
    from crm.dates import parse_datetime

    if all(v is None for v in (on, kind, note, channel, direction, app_ref)):
        raise click.UsageError("Nothing to change: give at least one of --on, --kind, --note, --channel, --direction, "
                               "--app")
    today = today_from(today_text)
    row = store.resolve_interaction(ref)
    when = None
    if on is not None:
        when = parse_datetime(on, today)
        if " " not in on.strip().replace("T", " "):  # a date alone: the same time of day, another day
            was = row.occurred_at if isinstance(row.occurred_at, dt.datetime) else parse_datetime(str(row.occurred_at))
            when = dt.datetime.combine(when.date(), was.time())
    extra = {}
    if app_ref is not None:
        extra["application"] = store.resolve_application(app_ref) if app_ref.strip() else None
    changed = store.edit_interaction(row, occurred_at=when, kind=kind, note=note, channel=channel,
                                     direction=direction, today=today, **extra)
    if changed:
        parts = [f"application {_app(old)} -> {_app(new)}" if key == "application"
                 else f"{key.replace('occurred_at', 'date')} {_shown(old)} -> {_shown(new)}"
                 for key, (old, new) in changed.items()]
        message(f"Updated logged interaction #{row.id}: " + "; ".join(parts))
    else:
        message(f"Nothing changed in logged interaction #{row.id}: it already says that")
    if as_json:
        emit_json(store.interaction_record(row))


def _app(app_id: int | None) -> str:
    return f"#{app_id}" if app_id is not None else "none"


def _shown(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    text = str(value)
    return repr(text) if not text or " " in text else text


class _LogCommand(click.Command):
    """`crm log CONTACT ...` records a touch; `crm log edit ID ...` corrects one (the `edit` command).

    The parent group invokes whichever command the context it is given belongs to, so handing back
    `edit`'s context is all the dispatching there is (a contact called "edit" is reached by its id).
    """

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        if args[:1] == ["edit"]:
            return edit.make_context(f"{info_name} edit", args[1:], parent=parent, **extra)  # type: ignore[arg-type]
        return super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[arg-type]


@click.command(cls=_LogCommand)
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--kind", required=True,
              help="after-apply, thank-you, check-in, reply, call, meeting, interview, note or other.")
@click.option("--app", "app_ref", metavar="REF", help="The application it was about.")
@click.option("--channel", default="email", show_default=True, help="email, linkedin, phone, in-person or other.")
@click.option("--direction", default="out", show_default=True, help="out (you wrote) or in (they did).")
@click.option("--on", "on", metavar="WHEN",
              help="YYYY-MM-DD [HH:MM], today or yesterday; not after tomorrow [default: now].")
@click.option("--note", default="", help="What was said.")
@json_option
@with_store
def log(contact_ref: str, kind: str, app_ref: str | None, channel: str, direction: str, on: str | None,
        note: str, as_json: bool) -> None:
    """Log an interaction with a contact (last contacted is derived from this log).

    Correct one afterwards with `crm log edit ID` (--on, --kind, --note, --channel, --direction,
    --app; see `crm log edit --help`), or take it back with `crm unlog ID`.

    \b
    Example:
      crm log "Jane Doe" --kind check-in --app 3 --channel email --on yesterday --note "Asked for an update"
      crm log edit 12 --on 2026-11-20
    """
    from crm import store
    from crm.dates import parse_datetime

    when = parse_datetime(on) if on else None
    p = store.resolve_contact(contact_ref)
    a = store.resolve_application(app_ref) if app_ref else None
    was = a.status if a is not None else None
    row = store.log_interaction(p, kind, application=a, channel=channel, direction=direction,
                                occurred_at=when, note=note)
    arrow = "to" if direction == "out" else "from"
    message(f"Logged {kind} ({channel}) {arrow} {p.name} on {row.occurred_at:%Y-%m-%d %H:%M} (#{row.id})")
    if a is not None and a.status != was:
        message(f"Application #{a.id}: {was} -> {a.status} on {row.occurred_at:%Y-%m-%d} (a note after applying "
                "means you applied)")
    if as_json:
        emit_json(store.interaction_record(row))

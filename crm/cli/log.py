"""`crm log`: record a touch with a contact (last contacted is derived from this log)."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, message


@click.command()
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

    \b
    Example:
      crm log "Jane Doe" --kind check-in --app 3 --channel email --on yesterday --note "Asked for an update"
    """
    from crm import store
    from crm.dates import parse_datetime

    when = parse_datetime(on) if on else None
    p = store.resolve_contact(contact_ref)
    a = store.resolve_application(app_ref) if app_ref else None
    row = store.log_interaction(p, kind, application=a, channel=channel, direction=direction,
                                occurred_at=when, note=note)
    arrow = "to" if direction == "out" else "from"
    message(f"Logged {kind} ({channel}) {arrow} {p.name} on {row.occurred_at:%Y-%m-%d %H:%M} (#{row.id})")
    if as_json:
        emit_json(store.interaction_record(row))

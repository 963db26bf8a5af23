"""`crm log` (record a touch with a contact) and `crm history` (a contact's or application's timeline)."""

from __future__ import annotations

from typing import Any

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, emit_table, message


def emit_history(events: list[dict[str, Any]]) -> None:
    """Print timeline records as a WHEN / TYPE / WHAT table; what can be removed shows its id ("#12")."""
    emit_table([(e["at"].strftime("%Y-%m-%d %H:%M") if e["type"] != "status" else e["at"].date(), e["type"],
                 e["summary"] if e["type"] == "status" else f"#{e['id']} {e['summary']}") for e in events],
               ["WHEN", "TYPE", "WHAT"], empty="No history yet.")


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
    from crm.refs import resolve_application, resolve_contact

    when = parse_datetime(on) if on else None
    p = resolve_contact(contact_ref)
    a = resolve_application(app_ref) if app_ref else None
    row = store.log_interaction(p, kind, application=a, channel=channel, direction=direction,
                                occurred_at=when, note=note)
    arrow = "to" if direction == "out" else "from"
    message(f"Logged {kind} ({channel}) {arrow} {p.name} on {row.occurred_at:%Y-%m-%d %H:%M} (#{row.id})")
    if as_json:
        emit_json(store.interaction_record(row))


@click.command()
@click.argument("ref")
@click.option("--contact", "kind", flag_value="contact", help="REF is a contact.")
@click.option("--app", "kind", flag_value="app", help="REF is an application.")
@json_option
@with_store
def history(ref: str, kind: str | None, as_json: bool) -> None:
    """Show a contact's or an application's timeline: interactions, status changes, interviews.

    \b
    Example:
      crm history "Jane Doe"
      crm history --app 3 --json
    """
    from crm import store
    from crm.errors import Ambiguous, NotFound
    from crm.refs import resolve_application, resolve_contact

    found: dict[str, Any] = {}
    for name, resolve in (("contact", resolve_contact), ("app", resolve_application)):
        if kind in (None, name):
            try:
                found[name] = resolve(ref)
            except NotFound:
                if kind is not None:
                    raise
    if not found:
        raise NotFound(f"no contact or application matches {ref!r}")
    if len(found) > 1:
        p, a = found["contact"], found["app"]
        raise Ambiguous(f"{ref!r} is both contact #{p.id} {p.name} and application #{a.id}; "
                        "use --contact or --app")
    events = store.history(person=found.get("contact"), application=found.get("app"))
    if as_json:
        emit_json([e.record() for e in events])
        return
    emit_history([e.record() for e in events])

"""`crm interview add/list/rm`: interviews, each making a thank-you due to every interviewer."""

from __future__ import annotations

import click

from crm.cli.common import json_option, today_option, today_from, with_store
from crm.cli.output import wide_option
from crm.cli.common import confirm_delete, yes_option
from crm.cli.output import app_label, emit_json, emit_table, message
from crm.text import DATE_WORDS, plural


@click.group()
def interview() -> None:
    """Record interviews (each one makes a thank-you due to every interviewer).

    \b
    Example:
      crm interview add 3 --on "2026-12-03 14:00" --with "Jane Doe" --kind onsite
      crm interview list 3
      crm interview edit 2 --on "2026-12-04 15:30"
      crm interview rm 2 --yes
    """


@interview.command("add")
@click.argument("app_ref", metavar="APP")
@click.option("--on", "on", required=True, metavar="DATETIME", help=f"DAY HH:MM, or a DAY alone (09:00); DAY is {DATE_WORDS}.")
@click.option("--with", "people", required=True, multiple=True, metavar="CONTACT",
              help="An interviewer; repeat for a panel.")
@click.option("--kind", default="", help='Free text: "phone screen", "onsite", ...')
@click.option("--location", default="", help="Where, or the video link.")
@today_option
@with_store
def add(app_ref: str, on: str, people: tuple[str, ...], kind: str, location: str, today_text: str) -> None:
    """Record an interview: its interviewers are linked to the application, which moves to interviewing.

    \b
    Example:
      crm interview add "Engineer at Acme" --on "2026-12-03 14:00" --with "Jane Doe" --with 7
    """
    from crm import store
    from crm.dates import parse_datetime

    today = today_from(today_text)
    starts_at = parse_datetime(on, today)
    app = store.resolve_application(app_ref)
    persons = [store.resolve_contact(ref) for ref in people]
    before = app.status
    row = store.record_interview(app, starts_at, persons, kind=kind, location=location, today=today)
    names = ", ".join(dict.fromkeys(p.name for p in persons))
    moved = ""
    if app.status != before:  # an interview recorded late dates the move at the interview: say when
        moved_on = max(e["on"] for e in store.show_application(app)["history"]
                       if e["type"] == "status" and e["to_status"] == app.status)
        moved = f"; status {before} -> {app.status}" + (f" on {moved_on.isoformat()}" if moved_on != today else "")
    message(f"Recorded interview #{row.id} on {starts_at:%Y-%m-%d %H:%M} with {names}{moved}")


@interview.command("list")
@click.argument("app_ref", metavar="[APP]", required=False)
@wide_option
@json_option
@with_store
def list_(app_ref: str | None, as_json: bool) -> None:
    """List interviews, oldest first (of one application when APP is given).

    \b
    Example:
      crm interview list
      crm interview list 3 --json
    """
    from crm import store

    app_id = store.resolve_application(app_ref).id if app_ref else None
    if as_json:
        emit_json(store.interview_records(app_id))
        return
    entries = store.list_interviews(app_id)
    emit_table([(e.id, e.starts_at.strftime("%Y-%m-%d %H:%M"), app_label(e.title, e.company), e.kind, e.location,
                 ", ".join(e.people)) for e in entries],
               ["ID", "WHEN", "APPLICATION", "KIND", "LOCATION", "WITH"], empty="No interviews yet.")


@interview.command("edit")
@click.argument("ref", metavar="ID")
@click.option("--on", "on", metavar="DATETIME", help=f"Reschedule: DAY HH:MM, or a DAY alone (same time); DAY is "
                                                     f"{DATE_WORDS}.")
@click.option("--with", "add", multiple=True, metavar="CONTACT", help="Add an interviewer; repeat for more.")
@click.option("--without", "remove", multiple=True, metavar="CONTACT", help="Take someone off it; repeat for more.")
@click.option("--kind", help='Free text: "phone screen", "onsite", ...')
@click.option("--location", help="Where, or the video link.")
@today_option
@with_store
def edit(ref: str, on: str | None, add: tuple[str, ...], remove: tuple[str, ...], kind: str | None,
         location: str | None, today_text: str) -> None:
    """Reschedule an interview, change its kind or place, or who is in it (ID from `crm interview list`).

    \b
    Example:
      crm interview edit 2 --on "2026-12-04 15:30"
      crm interview edit 2 --with "Raj Patel" --without "Jane Doe"
    """
    import datetime as dt

    from crm import store
    from crm.dates import parse_datetime

    if on is None and not add and not remove and kind is None and location is None:
        raise click.UsageError("Nothing to change: give --on, --with, --without, --kind or --location")
    today = today_from(today_text)
    found = store.resolve_interview(ref)
    starts_at = None
    if on is not None:
        starts_at = parse_datetime(on, today)
        if " " not in on.strip().replace("T", " "):  # a day alone keeps the interview's time
            starts_at = dt.datetime.combine(starts_at.date(), found.starts_at.time())
    was = found.starts_at
    changed = store.edit_interview(found, starts_at=starts_at, kind=kind, location=location,
                                   add=[store.resolve_contact(r) for r in add],
                                   remove=[store.resolve_contact(r) for r in remove], today=today)
    parts = []
    if starts_at is not None and starts_at != was:
        parts.append(f"moved from {was:%Y-%m-%d %H:%M} to {starts_at:%Y-%m-%d %H:%M}")
    if kind is not None:
        parts.append(f"kind {kind or '(none)'}")
    if location is not None:
        parts.append(f"location {location or '(none)'}")
    if changed["added"]:
        parts.append("with " + ", ".join(changed["added"]))
    if changed["removed"]:
        parts.append("without " + ", ".join(changed["removed"]))
    if changed["interviewing_on"] is not None:
        parts.append(f"interviewing since {changed['interviewing_on'].isoformat()}")
    message(f"Updated interview #{found.id}: " + ("; ".join(parts) or "nothing changed"))


@interview.command("rm")
@click.argument("ref", metavar="ID")
@yes_option
@with_store
def rm(ref: str, yes: bool) -> None:
    """Remove an interview recorded by mistake (its thank-yous stop being due; contacts and the log stay).

    \b
    Example:
      crm interview rm 2 --yes
    """
    from crm import store

    found = store.resolve_interview(ref)
    confirm_delete(store.label(found), store.removal_touches(found), yes)
    removed = store.delete_interview(found)
    message(f"Removed interview #{found.id} ({plural(removed, 'participant')})")

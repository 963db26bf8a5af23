"""Follow-up commands: `crm interview add/list`, `crm snooze`, `crm draft`, `crm calendar`, `crm config`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from crm.cli.common import MAX_DAYS, json_option, with_store
from crm.cli.output import emit_json, emit_table, message
from crm.text import DATE_WORDS, plural

DRAFT_KINDS = ("after-apply", "thank-you", "check-in", "reply", "thank-you-after-rejection")

today_option = click.option("--today", "today_text", metavar="DATE", default="today", show_default=True,
                            help=f"Pretend it is this day ({DATE_WORDS}).")


def _today(text: str) -> dt.date:
    from crm.dates import parse_date

    return parse_date(text)


def _app_label(title: str, company: str | None) -> str:
    return " at ".join(x for x in (title, company) if x)


@click.group()
def interview() -> None:
    """Record interviews (each one makes a thank-you due to every interviewer).

    \b
    Example:
      crm interview add 3 --on "2026-12-03 14:00" --with "Jane Doe" --kind onsite
      crm interview list 3
      crm interview rm 2
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
def interview_add(app_ref: str, on: str, people: tuple[str, ...], kind: str, location: str, today_text: str) -> None:
    """Record an interview: its interviewers are linked to the application, which moves to interviewing.

    \b
    Example:
      crm interview add "Engineer at Acme" --on "2026-12-03 14:00" --with "Jane Doe" --with 7
    """
    from crm import followup
    from crm.dates import parse_datetime
    from crm.refs import resolve_application, resolve_contact

    today = _today(today_text)
    starts_at = parse_datetime(on, today)
    app = resolve_application(app_ref)
    persons = [resolve_contact(ref) for ref in people]
    before = app.status
    row = followup.record_interview(app, starts_at, persons, kind=kind, location=location, today=today)
    names = ", ".join(dict.fromkeys(p.name for p in persons))
    moved = f"; status {before} -> {app.status}" if app.status != before else ""
    message(f"Recorded interview #{row.id} on {starts_at:%Y-%m-%d %H:%M} with {names}{moved}")


@interview.command("list")
@click.argument("app_ref", metavar="[APP]", required=False)
@json_option
@with_store
def interview_list(app_ref: str | None, as_json: bool) -> None:
    """List interviews, oldest first (of one application when APP is given).

    \b
    Example:
      crm interview list
      crm interview list 3 --json
    """
    from crm import followup
    from crm.refs import resolve_application

    app_id = resolve_application(app_ref).id if app_ref else None
    if as_json:
        emit_json(followup.interview_records(app_id))
        return
    entries = followup.list_interviews(app_id)
    emit_table([(e.id, e.starts_at.strftime("%Y-%m-%d %H:%M"), _app_label(e.title, e.company), e.kind, e.location,
                 ", ".join(e.people)) for e in entries],
               ["ID", "WHEN", "APPLICATION", "KIND", "LOCATION", "WITH"], empty="No interviews yet.")


@interview.command("rm")
@click.argument("ref", metavar="ID")
@with_store
def interview_rm(ref: str) -> None:
    """Remove an interview recorded by mistake (its thank-yous stop being due; contacts and the log stay).

    \b
    Example:
      crm interview rm 2
    """
    from crm import store
    from crm.refs import resolve_interview

    found = resolve_interview(ref)
    removed = store.delete_interview(found)
    message(f"Removed interview #{found.id} ({plural(removed, 'participant')})")


@click.command()
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--until", "until", required=True, metavar="DATE",
              help=f"No follow-up to them is due before this day: {DATE_WORDS} (a past day ends the snooze).")
@today_option
@with_store
def snooze(contact_ref: str, until: str, today_text: str) -> None:
    """Hold every follow-up to a contact until a date (a past date ends the snooze).

    \b
    Example:
      crm snooze "Jane Doe" --until 2026-12-15
    """
    from crm import followup
    from crm.dates import parse_date
    from crm.refs import resolve_contact

    person = resolve_contact(contact_ref)
    today = _today(today_text)
    day = parse_date(until, today)
    followup.snooze(person, day)
    if day <= today:  # nothing is held back any more: saying "snoozed until" would mislead
        message(f"Snooze on {person.name} ended ({day.isoformat()} is not after today): follow-ups are due again")
    else:
        message(f"Snoozed {person.name} until {day.isoformat()}")


@click.command()
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--app", "app_ref", metavar="REF", help="The application it is about [default: the one due].")
@click.option("--kind", type=click.Choice(DRAFT_KINDS), help="Which note [default: what is due for them].")
@click.option("--mailto", is_flag=True, help="Print a mailto: link instead of the text.")
@click.option("--eml", "eml", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write the draft as an RFC 5322 message file (opens as a new, unsent mail).")
@click.option("--log", "log_it", is_flag=True, help="Record it in the log as sent today.")
@today_option
@with_store
def draft(contact_ref: str, app_ref: str | None, kind: str | None, mailto: bool, eml: Path | None, log_it: bool,
          today_text: str) -> None:
    """Write a short personalised follow-up email (never sent: print it, link it, or save it).

    \b
    Example:
      crm draft "Jane Doe"
      crm draft "Jane Doe" --app 3 --kind thank-you --eml thanks.eml --log
    """
    from crm import drafts, followup
    from crm.refs import resolve_application, resolve_contact
    from crm.settings import load_settings

    today = _today(today_text)
    person = resolve_contact(contact_ref)
    settings = load_settings()
    app = resolve_application(app_ref) if app_ref else None
    chosen = followup.choose_draft(person, app, kind, today, settings)
    result = drafts.render(chosen.kind, chosen.context)
    if eml is not None:
        eml.write_bytes(bytes(drafts.as_message(result)))
        message(f"Wrote draft to {eml}")
    if result.to and person.email_source == "guessed":
        message(f"Note: {result.to} is a guessed address, never verified: check it before sending.")
    if mailto:
        click.echo(drafts.mailto(result))
    else:
        if result.to:
            click.echo(f"To: {result.to}")
        click.echo(f"Subject: {result.subject}\n\n{result.body}", nl=False)
    if log_it:
        from crm import clock

        at = clock.now() if today == clock.today() else dt.datetime.combine(
            today, dt.time(9, 0))  # the hour `crm log --on DATE` uses
        log_kind = "thank-you" if chosen.kind == "thank-you-after-rejection" else chosen.kind
        followup.log_sent(person, chosen.application, log_kind, at)
        message(f"Logged {log_kind} to {person.name} on {at:%Y-%m-%d}")


@click.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.ics",
              help="The calendar file to write (re-export to the same calendar: entries update in place).")
@click.option("--within", default=14, show_default=True, type=click.IntRange(0, MAX_DAYS),
              help="Include follow-ups due up to this many days ahead.")
@today_option
@with_store
def calendar(out: Path, within: int, today_text: str) -> None:
    """Export due and upcoming follow-ups (to-dos) and future interviews (events) as an .ics file.

    \b
    Example:
      crm calendar --out ~/followups.ics --within 30
    """
    from crm import followup
    from crm.calendar_export import build_calendar
    from crm.settings import load_settings

    today = _today(today_text)
    settings = load_settings()
    items = followup.due_items(today, within, settings)
    interviews = followup.list_interviews(since=dt.datetime.combine(today, dt.time.min))
    out.write_bytes(build_calendar(items, interviews, settings))
    message(f"Wrote {plural(len(items), 'follow-up')} and {plural(len(interviews), 'interview')} to {out}")


@click.command()
@click.option("--init", "init", is_flag=True, help="Write a commented default config file (if none exists).")
@json_option
def config(init: bool, as_json: bool) -> None:
    """Show the effective follow-up settings and the config file they come from.

    \b
    Example:
      crm config
      crm config --init
    """
    from crm import settings as config_module

    path = config_module.config_path()
    if init:
        config_module.write_default(path)
        message(f"Wrote {path}")
    exists = path.is_file()
    effective = config_module.as_dict(config_module.load_settings(path))
    if as_json:
        emit_json({"path": str(path), "exists": exists, "settings": effective})
        return
    click.echo(f"# {path}" + ("" if exists else " (not found: built-in defaults)"))
    for section, values in effective.items():
        click.echo(f"\n[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {config_module.toml_value(value)}")



def show_due(today: dt.date, within: int = 0, as_json: bool = False, mark_cold: bool = False) -> None:
    """Render `crm due` from the cadence (call inside a command that opened the store).

    Data (the items) goes to stdout; applications gone cold are messages on stderr, recorded as
    ghosted only when `mark_cold` is set, so listing never changes a status by itself.
    """
    from crm import followup

    items = followup.due_items(today, within)
    cold = followup.mark_cold(today) if mark_cold else followup.cold_applications(today)
    if as_json:
        emit_json(items)
    else:
        emit_table([(i["due_on"], i["urgency"], i["days_overdue"] or "", i["contact"]["name"],
                     _app_label(i["application"]["title"], i["application"]["company"]) if i["application"] else "",
                     i["kind"], i["rule"], i["reason"]) for i in items],
                   ["DUE", "URGENCY", "LATE", "CONTACT", "APPLICATION", "KIND", "RULE", "REASON"],
                   empty="Nobody is due. Nice.")
    verb = "Marked cold" if mark_cold else "Would mark cold"
    for entry in cold:
        app = entry["application"]
        label = _app_label(app["title"], app["company"]) or f"application #{app['id']}"
        message(f"{verb}: #{app['id']} {label} ({entry['reason']})")
    if cold and not mark_cold:
        message("Record it with: crm due --mark-cold")

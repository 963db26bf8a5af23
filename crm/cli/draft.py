"""`crm draft`: a short personalised follow-up email, never sent: printed, linked or saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from crm.cli.common import today_option, today_from, with_store
from crm.cli.output import message
from crm.text import visible, visible_lines

DRAFT_KINDS = ("after-apply", "thank-you", "check-in", "reply", "thank-you-after-rejection")


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
    from crm.followup import drafts
    from crm import store
    from crm.followup.settings import load_settings

    today = today_from(today_text)
    person = store.resolve_contact(contact_ref)
    settings = load_settings()
    app = store.resolve_application(app_ref) if app_ref else None
    chosen = store.choose_draft(person, app, kind, today, settings)
    result = drafts.render(chosen.kind, chosen.context)
    if eml is not None:
        from crm.data.files import write_private

        write_private(eml, bytes(drafts.as_message(result)))  # owner-only, never half-written
        message(f"Wrote draft to {eml}")
    if not settings.signature and _at_terminal():  # a hint for the person writing, not for a script's log
        message('Note: this draft is unsigned: sign every draft with  crm config set drafts.signature "Your Name"')
    if result.to and person.email_source == "guessed":
        message(f"Note: {result.to} is a guessed address, never verified: check it before sending.")
    if mailto:
        click.echo(drafts.mailto(result))
    else:
        if result.to:
            click.echo(f"To: {visible(result.to)}")
        click.echo(f"Subject: {visible(result.subject)}\n\n{visible_lines(result.body)}", nl=False)
    if log_it:
        from crm import clock

        at = clock.now() if today == clock.today() else dt.datetime.combine(
            today, dt.time(9, 0))  # the hour `crm log --on DATE` uses
        log_kind = "thank-you" if chosen.kind == "thank-you-after-rejection" else chosen.kind
        store.log_sent(person, chosen.application, log_kind, at)
        message(f"Logged {log_kind} to {person.name} on {at:%Y-%m-%d}")


def _at_terminal() -> bool:
    """True when stderr is a terminal (where hints go)."""
    import sys

    return sys.stderr.isatty()

"""`crm snooze`: hold every follow-up to a contact until a date."""

from __future__ import annotations

import click

from crm.cli.common import today_option, today_from, with_store
from crm.cli.output import message
from crm.text import DATE_WORDS


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
    from crm import store
    from crm.dates import parse_date

    person = store.resolve_contact(contact_ref)
    today = today_from(today_text)
    day = parse_date(until, today)
    store.snooze(person, day)
    if day <= today:  # nothing is held back any more: saying "snoozed until" would mislead
        message(f"Snooze on {person.name} ended ({day.isoformat()} is not after today): follow-ups are due again")
    else:
        message(f"Snoozed {person.name} until {day.isoformat()}")

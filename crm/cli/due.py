"""`crm due`: who is due a follow-up today, by the cadence (or the plain N-quiet-days rule)."""

from __future__ import annotations

import click

from crm.cli.common import MAX_DAYS, json_option, with_store
from crm.cli.output import emit_json, emit_table


@click.command()
@click.option("--today", "today_text", metavar="DATE", default="today", show_default=True,
              help="Pretend it is this day (YYYY-MM-DD, today, yesterday or tomorrow).")
@click.option("--within", default=0, show_default=True, type=click.IntRange(0, MAX_DAYS),
              help="Also list what falls due in the next N days (urgency 'upcoming').")
@click.option("--mark-cold", is_flag=True,
              help="Record applications whose check-ins ran out unanswered as ghosted.")
@click.option("--simple", is_flag=True,
              help="Use the plain rule instead of the cadence: every contact on an active "
                   "application with nothing sent for --days days.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, MAX_DAYS),
              help="With --simple: follow up after this many quiet days.")
@json_option
@with_store
def due(today_text: str, within: int, mark_cold: bool, simple: bool, days: int, as_json: bool) -> None:
    """List who is due a follow-up, most urgent first, with the rule that made it due.

    The cadence: an after-apply note within 2 days of applying, check-ins a week apart (at most
    two, then the application is cold), a thank-you by the day after each interview, check-ins
    after the decision date, an answer within a day of a reply; never two touches to one person
    within 3 days. Every number is in `crm config`.

    \b
    Example:
      crm due
      crm due --within 7 --json
      crm due --today 2026-12-01 --simple --days 5
    """
    from crm.dates import parse_date

    today = parse_date(today_text)
    if not simple:
        from crm.cli.followup import show_due

        show_due(today, within, as_json, mark_cold)
        return
    from crm import store

    items = store.due_simple(today, days)
    if as_json:
        emit_json(items)
        return
    emit_table([(i["due_on"], i["days_overdue"], i["contact"]["name"],
                 _app_label(i["application"]), i["kind"], i["reason"]) for i in items],
               ["DUE", "LATE", "CONTACT", "APPLICATION", "KIND", "REASON"], empty="Nobody is due. Nice.")


def _app_label(app: dict | None) -> str:
    if not app:
        return ""
    return " at ".join(x for x in (app["title"] or f"#{app['id']}", app["company"]) if x)

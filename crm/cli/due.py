"""`crm due`: who is due a follow-up today, by the cadence (or the plain N-quiet-days rule)."""

from __future__ import annotations

import click

from crm.cli.common import MAX_DAYS, json_option, today_from, today_option, with_store
from crm.cli.output import wide_option
from crm.cli.output import app_label, emit_due, emit_json, emit_table


@click.command()
@today_option
@click.option("--within", default=0, show_default=True, type=click.IntRange(0, MAX_DAYS),
              help="Also list what falls due in the next N days (urgency 'upcoming').")
@click.option("--mark-cold", is_flag=True,
              help="Record applications whose check-ins ran out unanswered as ghosted.")
@click.option("--simple", is_flag=True,
              help="Use the plain rule instead of the cadence: every contact on an active "
                   "application with nothing sent for --days days.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, MAX_DAYS),
              help="With --simple: follow up after this many quiet days.")
@wide_option
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
    from crm import store

    today = today_from(today_text)
    if not simple:
        from crm.followup.settings import load_settings

        planned = store.plan_due(today, load_settings(), within)  # one read, one plan: items and cold alike
        if mark_cold:
            store.mark_cold(planned.cold, today)
        hint = _only_saved(store.status_counts()) if not planned.items and not as_json else None
        emit_due(planned.items, planned.cold, as_json=as_json, marked=mark_cold, empty=hint or "Nobody is due. Nice.")
        return
    items = store.due_simple(today, days)
    if as_json:
        emit_json(items)
        return
    emit_table([(i["due_on"], i["days_overdue"], i["contact"]["name"],
                 app_label(i["application"]["title"] or f"#{i['application']['id']}", i["application"]["company"]),
                 i["kind"], i["reason"]) for i in items],
               ["DUE", "LATE", "CONTACT", "APPLICATION", "KIND", "REASON"], empty="Nobody is due. Nice.")



def _only_saved(counts: dict[str, int]) -> str | None:
    """When nothing is due because every open application is still only saved: how to move one on."""
    from crm.text import plural

    saved = counts.get("saved", 0)
    if not saved or counts.get("applied") or counts.get("interviewing"):
        return None
    return (f"Nobody is due: your {plural(saved, 'application')} {'is' if saved == 1 else 'are'} only saved, and "
            "follow-ups start once you apply. When you have, say so: crm app status ID applied --on DATE")

"""`crm due`: who hasn't been followed up with."""

from __future__ import annotations

import click

from crm.cli.common import json_option, with_store
from crm.cli.output import emit_json, emit_table


@click.command()
@click.option("--today", "today_text", metavar="DATE", default="today", show_default=True,
              help="Pretend it is this day (YYYY-MM-DD).")
@click.option("--days", default=7, show_default=True, type=int, help="Follow up after this many quiet days.")
@json_option
@with_store
def due(today_text: str, days: int, as_json: bool) -> None:
    """List contacts on active applications you have not written to lately, oldest first.

    \b
    Example:
      crm due --days 5
      crm due --today 2026-12-01 --json
    """
    from crm import store
    from crm.dates import parse_date

    items = store.due_simple(parse_date(today_text), days)
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

"""`crm calendar`: due and upcoming follow-ups and future interviews as an .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from crm.cli.common import MAX_DAYS, today_option, today_from, with_store
from crm.cli.output import message
from crm.text import plural


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
    from crm import store
    from crm.data.files import write_private
    from crm.followup.calendar import build_calendar
    from crm.followup.settings import load_settings

    today = today_from(today_text)
    settings = load_settings()
    items = store.plan_due(today, settings, within).items
    interviews = store.list_interviews(since=dt.datetime.combine(today, dt.time.min))
    write_private(out, build_calendar(items, interviews, settings))  # owner-only, never half-written
    message(f"Wrote {plural(len(items), 'follow-up')} and {plural(len(interviews), 'interview')} to {out}")

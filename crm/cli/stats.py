"""`crm stats`: the figures of the search (funnel, reply rates, days to a first reply, applications a week)."""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from crm.cli.common import MAX_DAYS, json_option, today_from, today_option, with_store
from crm.cli.output import emit_json, emit_table, terminal_width, wide_option
from crm.text import plural


def _pct(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else ""


def _as_json(stats: Any) -> dict[str, Any]:
    data = dataclasses.asdict(stats)
    for stage in data["funnel"]:
        if stage["reference"] is not None:
            stage["reference"] = {k: stage["reference"][k] for k in ("rate", "label", "source", "url")}
    return data


@click.command()
@click.option("--weeks", type=click.IntRange(1, MAX_DAYS // 7), default=8, show_default=True,
              help="How many weeks of applications to count.")
@today_option
@wide_option
@json_option
@with_store
def stats(weeks: int, today_text: str, as_json: bool) -> None:
    """The whole search in figures: the funnel (saved, applied, interviewing, offer; rejected, ghosted),
    the reply rate to after-apply notes and to each check-in, the median days from applying to a first
    reply and applications per week; published figures beside yours where a solid one exists.

    \b
    Example:
      crm stats
      crm stats --weeks 12 --json
    """
    from crm import store
    from crm.followup.settings import load_settings
    from crm.followup.stats import bar

    today = today_from(today_text)
    figures = store.search_stats(today, weeks=weeks, settle_days=load_settings().checkin_days)
    if as_json:
        emit_json(_as_json(figures))
        return
    if not figures.applications:
        click.echo("No applications yet: crm app add URL (or crm lookup URL --save).", err=True)
        return
    notes: list[str] = []

    def mark(reference: Any) -> str:
        if reference is None:
            return ""
        if reference.source not in notes:
            notes.append(reference.source)
        return f"{reference.label} [{notes.index(reference.source) + 1}]"

    width = terminal_width()
    size = 20 if width is None or width >= 100 else 10  # bars shrink before the table has to cut them

    def say(text: str) -> None:  # prose wraps at words on a terminal; tables are cut, never wrapped
        click.echo(click.wrap_text(text, width, preserve_paragraphs=True) if width else text)

    click.echo(f"Funnel ({plural(figures.applications, 'application')})")
    emit_table([(s.stage, s.count, f"of {s.of} {s.base}" if s.base else "", _pct(s.rate), bar(s.rate, size),
                 mark(s.reference))
                for s in figures.funnel if s.count or s.stage not in ("accepted", "withdrawn")],
               ["STAGE", "COUNT", "OUT OF", "RATE", "", "PUBLISHED"])
    click.echo("\nReplies to your follow-ups")
    if figures.replies:
        emit_table([(r.message, r.sent, r.replied, r.waiting or "", _pct(r.rate), bar(r.rate, size), "none found")
                    for r in figures.replies], ["MESSAGE", "SENT", "REPLIED", "WAITING", "RATE", "", "PUBLISHED"])
    else:
        click.echo("No after-apply notes or check-ins logged yet.")
    if figures.median_days_to_first_reply is not None:
        click.echo("")
        say(f"Median days from applying to a first reply: {figures.median_days_to_first_reply:g} "
            f"({plural(figures.replied_applications, 'application')} with a reply; published: none found)")
    click.echo(f"\nApplications per week (last {weeks})")
    top = max((w.count for w in figures.weeks), default=0)
    emit_table([(w.start, w.count, bar(w.count / top if top else None, size)) for w in figures.weeks],
               ["WEEK OF", "APPLIED", ""])
    if notes:
        click.echo("")
        for i, source in enumerate(notes, 1):
            url = next(r.url for r in figures.references if r.source == source)
            say(f"[{i}] {source}: {url}")
        say("Published figures are the employers' side of the same step; reply rates and days to a first reply "
            "have no solid published figure, so none is shown.")

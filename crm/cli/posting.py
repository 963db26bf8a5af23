"""`crm posting URL`: read one job posting and print it, normalized."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

import click

from crm.cli.common import Seconds, json_option, say_waiting
from crm.cli.output import emit_fields, emit_json, message
from crm.text import visible

if TYPE_CHECKING:
    from scrapers.types import NamedPerson, Posting

DESCRIPTION_LINES = 8  # how much of the description the human view shows
# The client's sleep; tests replace it to record waits instead of sleeping.
SLEEP: Callable[[float], None] = time.sleep


@click.command()
@click.argument("url")
@json_option
@click.option("--delay", type=Seconds(zero_ok=True), metavar="S",
              help="Seconds between two requests to one host (0 allowed). [env: CRM_HTTP_DELAY; default: 1]")
@click.option("--ignore-robots", is_flag=True, default=None,
              help="Fetch even where robots.txt disallows it: only for your own sites.")
@click.option("--timeout", type=Seconds(zero_ok=False), metavar="S",
              help="Seconds to wait for the server to connect and to send data. [env: CRM_HTTP_TIMEOUT; default: 20]")
@click.option("--deadline", type=Seconds(zero_ok=False), metavar="S",
              help="Seconds for the whole fetch, retries and waits included. [env: CRM_HTTP_DEADLINE; default: 180]")
def posting(url: str, as_json: bool, delay: float | None, ignore_robots: bool | None, timeout: float | None,
            deadline: float | None) -> None:
    """Fetch a job posting and print it, normalized (title, company, location, who it names ...).

    \b
    Example:
      crm posting https://jobs.lever.co/acme/4e9c8a7b-1d2e-4f3a-9b8c-7d6e5f4a3b2c
      crm posting https://boards.greenhouse.io/acme/jobs/4012345 --json
    """
    from scrapers.http import HttpClient, HttpSettings  # httpx loads only when a posting is fetched
    from scrapers.registry import scrape

    settings = HttpSettings.from_env(
        delay=delay,
        ignore_robots=ignore_robots,
        read_timeout=timeout,
        connect_timeout=min(timeout, HttpSettings.connect_timeout) if timeout else None,
        deadline=deadline,
    )
    with HttpClient(settings, sleep=SLEEP, notify=say_waiting) as client:
        found = scrape(url, client)
    if as_json:
        emit_json(found.to_dict())
    else:
        show_posting(found)


def show_posting(found: Posting) -> None:
    """The human view: labelled lines, then the first lines of the description."""
    remote = None if found.remote is None else ("yes" if found.remote else "no")
    team = " / ".join(part for part in (found.department, found.team) if part)
    emit_fields({
        "title": found.title,
        "company": found.company,
        "company_site": found.company_url,
        "location": found.location,
        "remote": remote,
        "type": found.employment_type,
        "department": team,
        "posted": found.date_posted,
        "reports_to": _person(found.reports_to) if found.reports_to else None,
        "people_named": "; ".join(_person(p) for p in found.people),
        "source": f"{found.source}, {found.url}",
    })
    lines = found.description.strip().splitlines()
    if lines:
        click.echo()
        for line in lines[:DESCRIPTION_LINES]:
            click.echo(visible(line))  # a posting's text never drives the terminal
        if len(lines) > DESCRIPTION_LINES:
            message(f"... {len(lines) - DESCRIPTION_LINES} more lines (--json prints the whole description)")


def _person(person: NamedPerson) -> str:
    """`Jane Doe, VP of Engineering (recruiter, jane@acme.example)`; the role only when not a plain contact."""
    who = ", ".join(part for part in (person.name, person.title) if part)
    notes = [n for n in (person.role if person.role not in ("contact", "manager") else None, person.email) if n]
    return f"{who} ({', '.join(notes)})" if notes else who

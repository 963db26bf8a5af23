"""`crm posting URL`: read one job posting; `crm scrapers`: which sites crm reads and how."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

import click

from crm.cli.common import Seconds, json_option
from crm.cli.output import emit_fields, emit_json, emit_table, message

if TYPE_CHECKING:
    from scrapers.base import Scraper
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
def posting(url: str, as_json: bool, delay: float | None, ignore_robots: bool | None, timeout: float | None) -> None:
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
    )
    with HttpClient(settings, sleep=SLEEP) as client:
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
            click.echo(line)
        if len(lines) > DESCRIPTION_LINES:
            message(f"... {len(lines) - DESCRIPTION_LINES} more lines (--json prints the whole description)")


def _person(person: NamedPerson) -> str:
    """`Jane Doe, VP of Engineering (recruiter, jane@acme.example)`; the role only when not a plain contact."""
    who = ", ".join(part for part in (person.name, person.title) if part)
    notes = [n for n in (person.role if person.role not in ("contact", "manager") else None, person.email) if n]
    return f"{who} ({', '.join(notes)})" if notes else who


@click.command()
@json_option
def scrapers(as_json: bool) -> None:
    """List the registered scrapers: name, kind, API variable, and example URLs each accepts.

    \b
    Example:
      crm scrapers
      CRM_GREENHOUSE_API=http://127.0.0.1:8080 crm posting https://boards.greenhouse.io/acme/jobs/1
    """
    from scrapers.registry import all_scrapers

    registered = all_scrapers()
    if as_json:
        emit_json([_describe(s) for s in registered])
        return
    rows: list[tuple[Any, ...]] = []
    for s in registered:
        examples = s.EXAMPLE_URLS or ("(any web page)" if s.GENERIC else "",)
        kind = "generic" if s.GENERIC else "site"
        for i, example in enumerate(examples):
            rows.append((s.NAME, kind, s.API_ENV or "", example) if i == 0 else ("", "", "", example))
    emit_table(rows, ["NAME", "KIND", "API ENV", "EXAMPLE URLS"], empty="No scrapers registered.")


def _describe(s: type[Scraper]) -> dict[str, Any]:
    """One scraper as JSON: what it is called, where it reads from, what it accepts."""
    doc = (s.__doc__ or "").strip().splitlines()
    return {
        "name": s.NAME,
        "generic": s.GENERIC,
        "description": doc[0] if doc else "",
        "api_env": s.API_ENV,
        "api_default": s.API_DEFAULT,
        "url_patterns": list(s.URL_PATTERNS),
        "example_urls": list(s.EXAMPLE_URLS),
        "module": s.__module__,
    }

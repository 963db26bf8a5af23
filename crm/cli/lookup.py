"""`crm lookup URL`: find the company's people and rank who likely manages the role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import click

from crm.cli.common import json_option
from crm.cli.output import emit_json, emit_table, message

if TYPE_CHECKING:
    from crm.lookup_save import SaveResult
    from scrapers.team.lookup import LookupResult


def run_lookup(url: str, *, company_url: str | None = None, max_pages: int = 8, delay: float | None = None,
               ignore_robots: bool = False, sleep: Callable[[float], None] | None = None) -> LookupResult:
    """Run one lookup with a polite client bounded to `max_pages` requests."""
    import time

    from scrapers.http import HttpClient, HttpSettings
    from scrapers.team.lookup import lookup as find

    settings = HttpSettings.from_env(delay=delay, ignore_robots=True if ignore_robots else None,
                                     max_requests=max_pages)
    with HttpClient(settings, sleep=sleep or time.sleep) as client:
        return find(url, client, company_url=company_url, max_pages=max_pages)


def posting_line(result: LookupResult) -> str:
    """"Senior Backend Engineer at Ledgerly (Engineering, Berlin)"."""
    from scrapers.hiring_manager import role_title

    p = result.posting
    where = ", ".join(x for x in (p.department, p.location) if x)
    return f"{role_title(p)} at {p.company}" + (f" ({where})" if where else "")


def render(result: LookupResult, top: int) -> None:
    """The human form: posting line, ranked table, LinkedIn search link, pages read."""
    click.echo(posting_line(result))
    click.echo(result.posting.url)
    click.echo("")
    rows = [(i, c.name, c.title, f"{c.score:.2f}", "; ".join(c.reasons))
            for i, c in enumerate(result.candidates[:top], 1)]
    emit_table(rows, ["#", "NAME", "TITLE", "SCORE", "WHY"], empty="No people found on the company's pages.")
    click.echo("")
    click.echo(f"LinkedIn search (open it yourself): {result.linkedin_search}")
    click.echo(f"Pages read ({result.requests} requests):")
    for page in result.pages:
        click.echo(f"  {page}")


def saved_line(saved: SaveResult) -> str:
    """One sentence on what --save wrote."""
    parts = [f"application #{saved.application_id} " + ("saved" if saved.application_created else "already saved"),
             f"{saved.contacts_created} new contact" + ("" if saved.contacts_created == 1 else "s")]
    if saved.hiring_manager:
        parts.append(f"hiring manager: {saved.hiring_manager} ({saved.score:.2f})")
    return "Saved: " + ", ".join(parts) + "."


@click.command()
@click.argument("url")
@click.option("--company-url", metavar="URL", help="The company's website, when the posting does not say.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1), help="How many candidates to show.")
@click.option("--max-pages", default=8, show_default=True, type=click.IntRange(1),
              help="At most this many requests (the posting and robots.txt included).")
@click.option("--save", is_flag=True, help="Save the company, application, contacts and hiring manager.")
@click.option("--delay", type=click.FloatRange(0), metavar="SECONDS",
              help="Seconds between requests to one host [env: CRM_HTTP_DELAY; default 1].")
@click.option("--ignore-robots", is_flag=True, help="Ignore robots.txt (only for your own sites).")
@json_option
def lookup(url: str, company_url: str | None, top: int, max_pages: int, save: bool, delay: float | None,
           ignore_robots: bool, as_json: bool) -> None:
    """Find the likely hiring manager for a job posting, with reasons.

    Reads the posting, then the company's team, about and leadership pages (never LinkedIn), and
    ranks everyone found. --save keeps the result in your CRM.

    \b
    Example:
      crm lookup https://jobs.lever.co/acme/1234
      crm lookup https://acme.example/careers/backend --top 3 --save
      crm lookup URL --company-url https://acme.example --json
    """
    from crm.cli.common import open_store
    from scrapers.errors import InvalidURL

    if not url.lower().startswith(("http://", "https://")):
        raise InvalidURL(f"not a web address: {url!r} (expected http:// or https://)", url=url)
    result = run_lookup(url, company_url=company_url, max_pages=max_pages, delay=delay, ignore_robots=ignore_robots)
    if as_json:
        emit_json(result.to_dict(top))
    else:
        render(result, top)
    for note in result.notes:
        message(f"Note: {note}")
    if save:
        from crm.lookup_save import save_lookup

        open_store()
        message(saved_line(save_lookup(result)))

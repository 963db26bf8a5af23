"""`crm lookup URL`: find the company's people and rank who likely manages the role."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from crm.cli.common import Seconds, json_option
from crm.cli.output import emit_json, emit_table, message
from crm.text import plural

if TYPE_CHECKING:
    from crm.lookup_save import SaveResult
    from scrapers.team.emails import EmailGuess
    from scrapers.team.lookup import LookupResult


def run_lookup(url: str, *, company_url: str | None = None, max_pages: int = 8, delay: float | None = None,
               ignore_robots: bool = False, sleep: Callable[[float], None] | None = None) -> LookupResult:
    """Run one lookup with a polite client bounded to `max_pages` requests (plus the posting site's robots.txt)."""
    import dataclasses
    import time

    from scrapers.http import HttpClient, HttpSettings
    from scrapers.team.lookup import lookup as find, posting_robots

    settings = HttpSettings.from_env(delay=delay, ignore_robots=True if ignore_robots else None)
    # The client's own limit is only a backstop: the lookup keeps to its budget itself.
    settings = dataclasses.replace(settings, max_requests=max_pages + posting_robots(settings.ignore_robots))
    with HttpClient(settings, sleep=sleep or time.sleep) as client:
        return find(url, client, company_url=company_url, max_pages=max_pages)


def posting_line(result: LookupResult) -> str:
    """"Senior Backend Engineer at Ledgerly (Engineering, Berlin)"."""
    from scrapers.hiring_manager import role_title

    p = result.posting
    where = ", ".join(x for x in (p.department, p.location) if x)
    return f"{role_title(p)} at {p.company}" + (f" ({where})" if where else "")


def email_text(guess: EmailGuess) -> str:
    """"jane.doe@acme.com (guessed, {first}.{last} seen 3 times, 0.80)" or "... (published on URL)"."""
    if not guess.guessed:
        return f"{guess.address} (published on {guess.sources[0]})" if guess.sources else f"{guess.address} (published)"
    if guess.evidence:
        seen = f"{guess.pattern} seen {plural(guess.evidence, 'time')}"
    else:
        seen = f"{guess.pattern} assumed, no addresses published"
    return f"{guess.address} (guessed, {seen}, {guess.confidence:.2f})"


def you_know_line(company: str, connections: list[dict[str, Any]]) -> str:
    """"You know 2 people at Acme: Jane Doe (Director of Engineering), Raj Patel."."""
    people = ", ".join(f"{c['name']} ({c['title']})" if c["title"] else c["name"] for c in connections)
    count = f"{len(connections)} " + ("person" if len(connections) == 1 else "people")
    return f"You know {count} at {company}: {people}."


def render(result: LookupResult, top: int, connections: list[dict[str, Any]] | None = None) -> None:
    """The human form: posting line, ranked table, likely emails, your connections, LinkedIn link, pages read."""
    click.echo(posting_line(result))
    click.echo(result.posting.url)
    click.echo("")
    chosen = list(enumerate(result.candidates[:top], 1))
    rows = [(i, c.name, c.title, f"{c.score:.2f}", "; ".join(c.reasons)) for i, c in chosen]
    emit_table(rows, ["#", "NAME", "TITLE", "SCORE", "WHY"], empty="No people found on the company's pages.")
    emails = [(i, c.name, email_text(guess)) for i, c in chosen if (guess := result.email_for(c.name))]
    if emails:
        click.echo("")
        click.echo(f"Likely email addresses at {result.mail_domain} (a guess is never verified, nothing was sent):")
        emit_table(emails, ["#", "NAME", "EMAIL"])
    if connections:
        click.echo("")
        click.echo(you_know_line(result.posting.company, connections))
    click.echo("")
    click.echo(f"LinkedIn search (open it yourself): {result.linkedin_search}")
    click.echo(f"Pages read ({plural(result.requests, 'request')}, robots.txt included):")
    for page in result.pages:
        click.echo(f"  {page}")


def _sqlite_file(url: str) -> Path | None:
    """The file a sqlite:/// URL names (None for memory or another scheme)."""
    if not url.lower().startswith("sqlite:"):
        return None
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
    return Path(path).expanduser() if path and path != ":memory:" and not path.startswith("file:") else None


def open_existing_store(ctx: click.Context | None = None) -> bool:
    """Open the store only if it already exists (never creates a file or tables); True when open.

    A lookup without --save must work on a machine with no CRM, and must not leave one behind.
    """
    from crm.db import apply_migrations, close_db, default_url, init_db
    from crm.errors import CrmError

    root = (ctx or click.get_current_context()).find_root()
    url = (root.obj or {}).get("db_url") or default_url()
    if url.lower().startswith("sqlite:"):
        file = _sqlite_file(url)
        if file is None or not file.is_file() or file.stat().st_size == 0:
            return False
    try:
        db = init_db(url, migrate=False)
    except CrmError as e:
        message(f"Note: your connections were not checked: {e}")
        return False
    root.call_on_close(close_db)
    if not db.table_exists("schema_migrations"):
        return False  # an empty database: nothing to know, and nothing to create
    apply_migrations(db)  # an older schema is brought up to date, as any command would
    return True


def connections_for(result: LookupResult) -> list[dict[str, Any]]:
    """Your LinkedIn connections at the posting's company (matched by name, then domain; nothing created)."""
    from crm.cli.company import connection_record
    from crm.linkedin import connections_at
    from crm.lookup_save import find_company

    company = find_company(result.posting.company, result.company_url or result.posting.company_url)
    return [] if company is None else [connection_record(p) for p in connections_at(company)]


def saved_line(saved: SaveResult) -> str:
    """One sentence on what --save wrote."""
    parts = [f"application #{saved.application_id} " + ("saved" if saved.application_created else "already saved"),
             plural(saved.contacts_created, "new contact")]
    if saved.hiring_manager:
        parts.append(f"hiring manager: {saved.hiring_manager} ({saved.score:.2f})")
    return "Saved: " + ", ".join(parts) + "."


@click.command()
@click.argument("url")
@click.option("--company-url", metavar="URL",
              help="The company's website (or its team page), when the posting does not say: http(s)://... "
                   "or a bare domain like acme.com.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1), help="How many candidates to show.")
@click.option("--max-pages", default=8, show_default=True, type=click.IntRange(1),
              help="At most this many requests: the posting, then the company's pages and their robots.txt "
                   "(the posting site's own robots.txt is not counted, so 1 reads the posting alone).")
@click.option("--save", is_flag=True, help="Save the company, application, contacts and hiring manager.")
@click.option("--delay", type=Seconds(zero_ok=True), metavar="SECONDS",
              help="Seconds between requests to one host [env: CRM_HTTP_DELAY; default 1].")
@click.option("--ignore-robots", is_flag=True, help="Ignore robots.txt (only for your own sites).")
@json_option
def lookup(url: str, company_url: str | None, top: int, max_pages: int, save: bool, delay: float | None,
           ignore_robots: bool, as_json: bool) -> None:
    """Find the likely hiring manager for a job posting, with reasons.

    Reads the posting, then the company's team, about and leadership pages (never LinkedIn), and
    ranks everyone found. Each candidate gets a likely email address learned from the addresses
    those pages publish (always marked guessed; nothing is probed or sent), and your own LinkedIn
    connections at the company are listed when your CRM has any. --save keeps the result in your CRM.

    \b
    Example:
      crm lookup https://jobs.lever.co/acme/1234
      crm lookup https://acme.example/careers/backend --top 3 --save
      crm lookup URL --company-url https://acme.example --json
    """
    from crm.cli.common import open_store
    from scrapers.team.lookup import check_company_url
    from scrapers.urls import check_url

    url = check_url(url)  # the wording `crm posting` uses for a bad URL too
    company_url = check_company_url(company_url) if company_url is not None else None
    result = run_lookup(url, company_url=company_url, max_pages=max_pages, delay=delay, ignore_robots=ignore_robots)
    if save:
        open_store()
    known = connections_for(result) if save or open_existing_store() else []
    if as_json:
        emit_json({**result.to_dict(top), "connections": known})
    else:
        render(result, top, known)
    for note in result.notes:
        message(f"Note: {note}")
    if save:
        from crm.lookup_save import save_lookup

        message(saved_line(save_lookup(result)))

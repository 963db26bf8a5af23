"""`crm lookup URL`: find the company's people and rank who likely manages the role."""

from __future__ import annotations

import sys

import click

from crm.cli.common import Seconds, StatusLine, json_option, open_existing_store, open_store, say_waiting
from crm.cli.output import wide_option
from crm.cli.output import capped_line, emit_json, emit_lookup, message, saved_line
from crm.lookup import DEFAULT_MAX_PAGES, DEFAULT_SAVE_TOP
from scrapers.sources.api import DEFAULT_MAX_API_CALLS


@click.command()
@click.argument("urls", nargs=-1, metavar="URL...")
@click.option("--from", "from_file", type=click.File("r", encoding="utf-8-sig"), metavar="FILE",
              help="Read posting URLs from FILE: one a line, or a CSV with a url column; - for stdin.")
@click.option("--jobs", default=4, show_default=True, type=click.IntRange(1, 32),
              help="Lookups run side by side (a host still sees one request at a time).")
@click.option("--again", is_flag=True, help="With --save, look up postings saved before too.")
@click.option("--refresh", is_flag=True, help="Ask again for every cached page (conditional requests).")
@click.option("--company-url", metavar="URL",
              help="The company's website (or its team page), when the posting does not say: http(s)://... "
                   "or a bare domain like acme.com.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1), help="How many candidates to show.")
@click.option("--max-pages", default=DEFAULT_MAX_PAGES, show_default=True, type=click.IntRange(1),
              help="At most this many requests: the posting, then the company's pages and their robots.txt "
                   "(the posting site's own robots.txt is not counted, so 1 reads the posting alone).")
@click.option("--save", is_flag=True, help="Save the company, application, contacts and hiring manager.")
@click.option("--save-top", default=DEFAULT_SAVE_TOP, show_default=True, type=click.IntRange(1), metavar="N",
              help="With --save, keep only the N best-ranked people as contacts.")
@click.option("--delay", type=Seconds(zero_ok=True), metavar="SECONDS",
              help="Seconds between requests to one host [env: CRM_HTTP_DELAY; default 1].")
@click.option("--ignore-robots", is_flag=True, help="Ignore robots.txt (only for your own sites).")
@click.option("--deadline", type=Seconds(zero_ok=False), metavar="S",
              help="Seconds for the whole lookup; past it the lookup ends with what it has "
                   "[env: CRM_HTTP_DEADLINE; default 180].")
@click.option("--sources", "source_names", metavar="NAMES",
              help="People sources to read, comma-separated (see `crm sources`): e.g. team,posting,blog,github "
                   "[default: config.toml [lookup] sources, else team,posting,blog and hunter with a key].")
@click.option("--max-api-calls", default=DEFAULT_MAX_API_CALLS, show_default=True, type=click.IntRange(0), metavar="N",
              help="At most N calls to people-search APIs (GitHub, Hunter), counted apart from --max-pages.")
@click.option("--quiet", "-q", is_flag=True, help="No step-by-step line on the terminal while it reads.")
@wide_option
@json_option
def lookup(urls: tuple[str, ...], from_file: object, jobs: int, again: bool, refresh: bool, company_url: str | None,
           top: int, max_pages: int, save: bool, save_top: int, delay: float | None, ignore_robots: bool,
           deadline: float | None, source_names: str | None, max_api_calls: int, quiet: bool, as_json: bool) -> None:
    """Find the likely hiring manager for a job posting, with reasons.

    Reads the posting, then the company's team, about and leadership pages (never LinkedIn), and
    ranks everyone found. Each candidate gets a likely email address learned from the addresses
    those pages publish (always marked guessed; nothing is probed or sent), and your own LinkedIn
    connections at the company are listed when your CRM has any. --save keeps the result in your CRM.

    Several URLs (or --from FILE) run as a batch: --jobs lookups side by side, one request at a time
    per host, a summary at the end (--json: one JSON line per posting as it finishes); exit 1 if any
    failed. Pages are cached in the data directory (crm cache info).

    \b
    Example:
      crm lookup https://jobs.lever.co/acme/1234
      crm lookup https://acme.example/careers/backend --top 3 --save
      crm lookup URL --company-url https://acme.example --json
      crm lookup URL --sources team,posting,blog,github --max-api-calls 20
      crm lookup URL1 URL2 URL3 --jobs 8 --save
      crm lookup --from postings.csv --save
    """
    from crm import store
    from crm.clock import today
    from crm.lookup import connections_for, lookup_json, lookup_sources, run_lookup
    from scrapers.team.lookup import check_company_url
    from scrapers.urls import check_url

    if not urls and from_file is None:
        raise click.UsageError("Missing argument 'URL...': give a posting URL, several, or --from FILE.")
    if from_file is not None or len(urls) != 1:
        from crm.batch import Writers, drive, url_list
        from crm.lookup import http_settings

        found, problems = url_list(urls, from_file)
        settings = http_settings(max_pages=max_pages, delay=delay, ignore_robots=ignore_robots, deadline=deadline,
                                 refresh=refresh)
        if save:
            open_store()
        shown = None if as_json or quiet or not sys.stderr.isatty() else \
            (lambda text: click.echo("\r\x1b[K" + text, err=True, nl=False))
        click.get_current_context().exit(drive(
            found, settings, Writers(click.echo, message, shown), problems=problems, jobs=jobs, max_pages=max_pages,
            top=top, save=save, save_top=save_top, again=again, company_url=company_url, as_json=as_json,
            notify=say_waiting, sources=lookup_sources(source_names, max_api_calls, today())))
    url = check_url(urls[0])  # the wording `crm posting` uses for a bad URL too
    company_url = check_company_url(company_url) if company_url is not None else None
    steps = StatusLine.for_terminal(quiet or as_json)  # the page being read, people found so far
    try:
        result = run_lookup(url, company_url=company_url, max_pages=max_pages, delay=delay,
                            ignore_robots=ignore_robots, deadline=deadline, notify=say_waiting, progress=steps,
                            refresh=refresh, sources=lookup_sources(source_names, max_api_calls, today()))
    finally:
        steps.clear()
    if save:
        open_store()
    opened = save or open_existing_store()
    known = connections_for(result) if opened else []
    if as_json:
        emit_json({**lookup_json(result, top), "connections": known})
    else:
        emit_lookup(result, top, known)
    for note in result.notes:
        message(f"Note: {note}")
    if result.api_calls:  # counted apart from the pages read: each service has its own limits
        used = ", ".join(f"{s.name} {s.api_calls}" for s in result.sources if s.api_calls)
        message(f"API calls: {result.api_calls} ({used}), apart from the {result.requests} page requests")
    if opened:  # crm mail sync saw these addresses bounce
        bounced = store.bounced_addresses(g.address for g in result.emails.values())
        for address, day in sorted(bounced.items()):
            message(f"Note: {address}: address bounced on {day.isoformat()}: find another")
    from crm import clock, openings

    age, relisted = openings.posting_flags(url, result.posting.title, result.posting.company,
                                           result.posting.date_posted, clock.today(), save)
    if openings.flag_tags(age, relisted):  # only a posting up long or posted again: perhaps a ghost
        message(f"Note: {openings.flag_words(age, relisted)}: it may never be filled.")
    if save:
        saved = store.save_lookup(result, top=save_top)
        openings.tag_saved(saved.application_id, age, relisted)
        message(saved_line(saved))
        if capped := capped_line(saved):
            message(capped)

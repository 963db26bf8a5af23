"""`crm openings URL`: a company's open postings from its job board, filtered, aged, saved, looked up."""

from __future__ import annotations

import sys

import click

from crm.cli.common import Seconds, json_option, open_existing_store, open_store, say_waiting, today_from, today_option
from crm.cli.output import emit_json, emit_table, message


@click.command()
@click.argument("url")
@click.option("--match", "words", default="", metavar="WORDS", help="Only titles with all these words.")
@click.option("--department", default="", help="Only this department or team (part of its name).")
@click.option("--location", default="", help="Only this location (part of its name).")
@click.option("--remote", is_flag=True, help="Only remote postings.")
@click.option("--save", is_flag=True, help="Save the postings shown as applications (status saved; once each).")
@click.option("--lookup", "look_up", is_flag=True, help="Look up the hiring manager of each posting shown (a batch).")
@click.option("--jobs", default=4, show_default=True, type=click.IntRange(1, 32), help="With --lookup: side by side.")
@click.option("--top", default=1, show_default=True, type=click.IntRange(1), help="With --lookup --json: candidates.")
@click.option("--delay", type=Seconds(zero_ok=True), metavar="SECONDS",
              help="Seconds between requests to one host [env: CRM_HTTP_DELAY; default 1].")
@click.option("--refresh", is_flag=True, help="Ask the board again even when its cached copy is fresh.")
@today_option
@json_option
def openings(url: str, words: str, department: str, location: str, remote: bool, save: bool, look_up: bool,
             jobs: int, top: int, delay: float | None, refresh: bool, today_text: str, as_json: bool) -> None:
    """List a company's open postings from its job board.

    Reads the board's public API (Greenhouse, Lever, Ashby, Workable, SmartRecruiters, Recruitee,
    Workday), or a careers page's schema.org JobPostings or links to postings. Each posting shows how
    long ago the ATS says it was posted and whether the same title was posted before under another
    id (re-listed: on the board, or among your saved applications): such postings may never be filled.

    \b
    Example:
      crm openings https://jobs.lever.co/acme
      crm openings https://job-boards.greenhouse.io/acme --match engineer --remote
      crm openings https://jobs.ashbyhq.com/acme --department data --save
      crm openings https://acme.example/careers --lookup --jobs 4
    """
    from crm import openings as board_view
    from crm.lookup import http_settings

    today = today_from(today_text)
    settings = http_settings(max_pages=8, delay=delay, refresh=refresh)
    board = board_view.read(url, settings, notify=say_waiting)
    chosen = [o for o in board.openings
              if board_view.matches(o, words=words, department=department, location=location, remote=remote)]
    if save:
        open_store()
    known = save or open_existing_store()
    stored, saved_urls = board_view.store_view(board) if known else ({}, set())
    rows = board_view.listed(board, chosen, today, stored, saved_urls)
    if as_json and not look_up:
        emit_json({"board": board.url, "source": board.source, "company": board.company, "total": len(board.openings),
                   "openings": [r.to_dict() for r in rows]})
    elif not as_json:
        emit_table([(r.opening.title, r.opening.department or r.opening.team, r.opening.location,
                     "yes" if r.opening.remote else "", ", ".join(r.flags()), "yes" if r.saved else "",
                     r.opening.url) for r in rows],
                   ["TITLE", "DEPARTMENT", "LOCATION", "REMOTE", "AGE", "SAVED", "URL"],
                   empty="No open postings match." if board.openings else "The board lists no open postings.")
        message(f"{len(rows)} of {len(board.openings)} open postings at {board.company} ({board.source}).")
    if save:
        written = board_view.save(rows)
        message(f"Saved: {written.created} new application{'s' if written.created != 1 else ''}"
                f", {written.existing} saved before.")
    if look_up and rows:
        from crm.batch import Writers, drive
        from crm.lookup import lookup_sources
        from scrapers.sources.api import DEFAULT_MAX_API_CALLS

        lookup_settings = http_settings(max_pages=8, delay=delay, refresh=refresh)
        shown = None if as_json or not sys.stderr.isatty() else \
            (lambda text: click.echo("\r\x1b[K" + text, err=True, nl=False))
        click.get_current_context().exit(drive(
            [r.opening.url for r in rows], lookup_settings, Writers(click.echo, message, shown), jobs=jobs, top=top,
            save=save, again=True, as_json=as_json, notify=say_waiting,
            sources=lookup_sources(None, DEFAULT_MAX_API_CALLS, today)))  # config.toml's sources, as a lookup

"""`crm scrapers`: which posting sites crm reads, and how (API variables, example URLs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from crm.cli.common import json_option
from crm.cli.output import wide_option
from crm.cli.output import emit_json, emit_table

if TYPE_CHECKING:
    from scrapers.base import Scraper


@click.command()
@wide_option
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

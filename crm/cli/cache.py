"""`crm cache`: the shared HTTP cache in the data directory (pages a lookup or a board read)."""

from __future__ import annotations

import click

from crm.cli.common import json_option
from crm.cli.output import emit_fields, emit_json, message


@click.group()
def cache() -> None:
    """Look at or empty the HTTP cache (pages crm read, kept to be polite and fast).

    Pages are kept as their servers allow (Cache-Control, ETag, Last-Modified: a stale page is asked
    for again with a conditional request); a page that says nothing is kept a week, a posting or a
    job board a day (CRM_HTTP_FRESH_PAGES, CRM_HTTP_FRESH_POSTINGS, in seconds). The cache is capped
    at CRM_HTTP_CACHE_MAX_BYTES (200 MB); CRM_HTTP_CACHE=off turns it off, --refresh on a lookup
    asks again for everything.

    \b
    Example:
      crm cache info
      crm cache clear
    """


@cache.command()
@json_option
def info(as_json: bool) -> None:
    """Where the cache is, how many pages it holds and its size on disk.

    \b
    Example:
      crm cache info --json
    """
    from crm.lookup import cache_folder
    from scrapers.cache import info as cache_info
    from scrapers.http import HttpSettings

    folder = cache_folder()
    if folder is None:
        message("The HTTP cache is off (CRM_HTTP_CACHE).")
        return
    found = cache_info(folder)
    settings = HttpSettings.from_env()
    record = {"path": found.path, "pages": found.entries, "bytes": found.bytes, "max_bytes": settings.cache_max_bytes,
              "fresh_pages_seconds": settings.fresh_pages, "fresh_postings_seconds": settings.fresh_postings}
    if as_json:
        emit_json(record)
        return
    emit_fields({"path": found.path, "pages": found.entries, "size": f"{found.bytes / 1e6:.1f} MB",
                 "cap": f"{settings.cache_max_bytes / 1e6:.0f} MB",
                 "fresh": f"pages {_days(settings.fresh_pages)}, postings {_days(settings.fresh_postings)}"})


def _days(seconds: float) -> str:
    days = seconds / 86400
    return f"{days:g} day" + ("" if days == 1 else "s")


@cache.command()
def clear() -> None:
    """Delete every cached page (the next lookups read everything again).

    \b
    Example:
      crm cache clear
    """
    from crm.lookup import cache_folder
    from scrapers.cache import clear as clear_cache

    folder = cache_folder()
    if folder is None:
        message("The HTTP cache is off (CRM_HTTP_CACHE): nothing to clear.")
        return
    freed = clear_cache(folder)
    message(f"Cleared the HTTP cache ({freed / 1e6:.1f} MB freed).")

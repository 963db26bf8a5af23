"""What every ATS scraper does the same way: ids off the URL, an API object, optional second pages."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.errors import InvalidURL, ParseError, ScraperError

if TYPE_CHECKING:
    from scrapers.http import HttpClient


def posting_groups(scraper: type[Scraper], url: str, key: str, board: str) -> dict[str, str]:
    """The URL's named groups; a URL without `key` (a whole board or career site) is an InvalidURL."""
    found = scraper.match(url) or {}
    if key not in found:
        raise InvalidURL(f"{url} is a {board}, not a job posting: give one posting's URL", url=url)
    return found


def json_object(document: Document, source: str, key: str | None = None) -> dict[str, Any]:
    """The API's answer (or its `key` member) as a dict; anything else is a ParseError naming the endpoint."""
    data = document.data.get(key, document.data) if key and isinstance(document.data, dict) else document.data
    if not isinstance(data, dict):
        where = document.source_url or document.url
        raise ParseError(f"{source}: expected a JSON object from {where}", url=document.url)
    return data


def page_base(env: str, default: str) -> str:
    """A hosted-page base URL: `env` from the environment when set, else `default` (no trailing slash)."""
    return (os.environ.get(env) or default).rstrip("/")


def optional_get(client: HttpClient, url: str, expect: str, extra: dict[str, Any], what: str) -> Any:
    """GET a page or JSON a posting can do without: its body (JSON parsed), or None with a note in `extra`.

    A closed page, a robots.txt refusal, a timeout or a malformed body must not fail the posting:
    what the API gave stands, and `extra["notes"]` says what could not be read and why.
    """
    try:
        page = client.get(url, expect=expect)
        return page.json() if expect == "json" else page.text
    except ScraperError as e:
        extra.setdefault("notes", []).append(f"{what} not read: {e}")
        return None


def notes(document: Document) -> list[str]:
    """The notes fetch left about optional pages it could not read (kept in the posting's extra)."""
    found = document.extra.get("notes")
    return [n for n in found if isinstance(n, str)] if isinstance(found, list) else []

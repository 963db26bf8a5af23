"""What every ATS scraper does the same way: read its ids off the URL, check the API answered an object."""

from __future__ import annotations

from typing import Any

from scrapers.base import Document, Scraper
from scrapers.errors import InvalidURL, ParseError


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

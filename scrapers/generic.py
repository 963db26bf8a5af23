"""The last resort for any http(s) page: title, site name, meta tags and the main text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapers.base import Document, Scraper
from scrapers.extract.page import ANY_WEB_PAGE, page_fields
from scrapers.extract.posting import build_posting
from scrapers.extract.text import soup_of
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

def fetch_page(url: str, client: HttpClient) -> Document:
    """The page at `url` as HTML text, with the final URL after redirects."""
    page = client.get(url, expect="html")
    return Document(url=url, data=page.text, source_url=page.url)


def parse_page(html: str, url: str, parser: str = "lxml") -> Posting:
    """A Posting from plain HTML (no structured data): headings, meta tags, main text."""
    return build_posting(url=url, source=GenericScraper.NAME, **page_fields(soup_of(html, parser), url))


@register
class GenericScraper(Scraper):
    """Any web page: og:title/h1/title, og:site_name or the host, the main text as description."""

    NAME = "generic"
    URL_PATTERNS = (ANY_WEB_PAGE,)
    GENERIC = True
    PARSER = "lxml"  # "html.parser" works too (slower); benchmarks/parse.py compares them

    def fetch(self, url: str, client: HttpClient) -> Document:
        """Read the page."""
        return fetch_page(url, client)

    def parse(self, document: Document) -> Posting:
        """Title, company, description from the page's own markup."""
        return parse_page(str(document.data), document.url, self.PARSER)

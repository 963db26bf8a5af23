"""schema.org JobPosting on any site, in JSON-LD (also in @graph or lists) or microdata.

Registered before scrapers.generic (and not importing it) so that it is tried first among the fallbacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.extract.normalize import company_site_from_links
from scrapers.extract.page import ANY_WEB_PAGE, page_fields, page_links
from scrapers.extract.posting import build_posting, from_jobposting
from scrapers.extract.structured import has_type, json_ld, microdata
from scrapers.extract.text import soup_of
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient


def _merge(*layers: dict[str, Any]) -> dict[str, Any]:
    """Earlier layers win; a later layer fills only what is still missing (extra merges key by key)."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == "extra":
                extra = merged.setdefault("extra", {})
                for k, v in (value or {}).items():
                    if extra.get(k) in (None, "", [], {}):
                        extra[k] = v
            elif merged.get(key) in (None, "", [], ()):
                merged[key] = value
    return merged


def parse_html(html: str, url: str, parser: str = "lxml") -> Posting:
    """JSON-LD, then microdata, then meta tags; a page with no JobPosting is read as a plain page."""
    soup = soup_of(html, parser)
    from_ld = [o for o in json_ld(soup) if has_type(o, "JobPosting")]
    from_md = microdata(soup, "JobPosting")
    if not from_ld and not from_md:
        return build_posting(url=url, source="generic", **page_fields(soup, url))
    layers = [from_jobposting(found, parser) for found in from_ld[:1] + from_md[:1]]
    page = page_fields(soup, url)
    fields = _merge(*layers, page)
    if not fields.get("company_url"):
        fields["company_url"] = company_site_from_links(page_links(soup, url), fields.get("company"))
    return build_posting(url=url, source=SchemaOrgScraper.NAME, **fields)


@register
class SchemaOrgScraper(Scraper):
    """Pages that carry a schema.org JobPosting; tried after every ATS and before the plain-page reader."""

    NAME = "schemaorg"
    URL_PATTERNS = (ANY_WEB_PAGE,)
    GENERIC = True
    PARSER = "lxml"

    def fetch(self, url: str, client: HttpClient) -> Document:
        """Read the page."""
        page = client.get(url, expect="html")
        return Document(url=url, data=page.text, source_url=page.url)

    def parse(self, document: Document) -> Posting:
        """The first JobPosting on the page, gaps filled from microdata and meta tags."""
        return parse_html(str(document.data), document.url, self.PARSER)

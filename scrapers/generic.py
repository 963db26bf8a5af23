"""The last resort for any http(s) page: a schema.org JobPosting where the page has one (JSON-LD, also
in @graph or lists, or microdata), else its title, site name, meta tags and main text.

Tried after every ATS scraper. It also names the job boards it reads only as plain pages (no API
of theirs is used), so their hosts are never taken for a company's own website.
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

NAME = "generic"


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
    """JSON-LD, then microdata, then meta tags and headings; a page with no JobPosting is read as a plain page."""
    soup = soup_of(html, parser)
    page = page_fields(soup, url)
    from_ld = [o for o in json_ld(soup) if has_type(o, "JobPosting")]
    from_md = microdata(soup, "JobPosting")
    if not from_ld and not from_md:
        return build_posting(url=url, source=NAME, company_required=False, **page)
    layers = [from_jobposting(found, parser) for found in from_ld[:1] + from_md[:1]]
    fields = _merge(*layers, page)
    fields["extra"]["structured"] = "schema.org JobPosting"
    if not fields.get("company_url"):
        fields["company_url"] = company_site_from_links(page_links(soup, url), fields.get("company"))
    return build_posting(url=url, source=NAME, company_required=False, **fields)


@register
class GenericScraper(Scraper):
    """Any web page: its schema.org JobPosting where it has one, else og:title/h1/title, og:site_name, main text."""

    NAME = NAME
    URL_PATTERNS = (ANY_WEB_PAGE,)
    GENERIC = True
    PARSER = "lxml"  # "html.parser" works too (slower); benchmarks/parse.py compares them
    # Job boards read as plain pages: they carry other companies' postings, never a company's site.
    HOSTS = ("jobvite.com", "icims.com", "bamboohr.com", "breezy.hr", "personio.de", "personio.com",
             "teamtailor.com", "wellfound.com", "angel.co", "ycombinator.com", "workatastartup.com",
             "linkedin.com", "indeed.com", "glassdoor.com", "join.com", "pinpointhq.com",
             "rippling-ats.com", "dover.com", "homerun.co", "welcometothejungle.com", "otta.com")

    def fetch(self, url: str, client: HttpClient) -> Document:
        """Read the page."""
        page = client.get(url, expect="html")
        return Document(url=url, data=page.text, source_url=page.url)

    def parse(self, document: Document) -> Posting:
        """The first JobPosting on the page, gaps filled from microdata and meta tags; else the page itself."""
        return parse_html(str(document.data), document.url, self.PARSER)

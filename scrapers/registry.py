"""Which scraper handles a URL: the built-ins, plugins from the `crm.scrapers` entry points, generic last."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from scrapers.base import Scraper
from scrapers.errors import InvalidURL
from scrapers.plugins import Plugins
from scrapers.types import Posting
from scrapers.urls import check_url, on_hosts

if TYPE_CHECKING:
    from scrapers.http import HttpClient

# Importing each module registers its scrapers (the @register decorator).
BUILTIN_MODULES = (
    "scrapers.ats.greenhouse",
    "scrapers.ats.lever",
    "scrapers.ats.ashby",
    "scrapers.ats.workable",
    "scrapers.ats.smartrecruiters",
    "scrapers.ats.recruitee",
    "scrapers.ats.workday",
    "scrapers.generic",
)
ENTRY_POINT_GROUP = "crm.scrapers"

PLUGINS: Plugins[type[Scraper]] = Plugins("scraper", Scraper, BUILTIN_MODULES, ENTRY_POINT_GROUP)
register = PLUGINS.register  # the class decorator each scraper module uses


def all_scrapers() -> list[type[Scraper]]:
    """Every registered scraper, specific ones first (in registration order), generic ones last."""
    scrapers = PLUGINS.load()
    return [s for s in scrapers if not s.GENERIC] + [s for s in scrapers if s.GENERIC]


def board_hosts() -> frozenset[str]:
    """Every host a registered scraper names in its HOSTS: job boards, never a company's own site."""
    return frozenset(h.lower() for s in all_scrapers() for h in s.HOSTS)


def is_board_host(url: str | None) -> bool:
    """True when `url` is on a job board or an ATS (or a sub-domain of one)."""
    return on_hosts(url, board_hosts())


def scraper_for(url: str) -> type[Scraper]:
    """The first scraper that claims `url` (the generic fallback claims any http(s) page)."""
    url = check_url(url)
    for scraper in all_scrapers():
        if scraper.suitable(url):
            return scraper
    raise InvalidURL(f"no scraper accepts {url!r}", url=url)


def scrape(url: str, client: HttpClient) -> Posting:
    """Fetch and parse the posting at `url` with the scraper that claims it; the URL is checked first."""
    url = check_url(url)
    scraper = scraper_for(url)()
    reading = getattr(client, "reading", None)  # a posting that states no freshness is cached a day, not a week
    with reading("posting") if reading else nullcontext():
        document = scraper.fetch(url, client)
    return scraper.parse(document)

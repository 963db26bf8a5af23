"""Which scraper handles a URL: the built-ins, plugins from the `crm.scrapers` entry points, generic last."""

from __future__ import annotations

import importlib
from contextlib import nullcontext
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING

from scrapers.base import Scraper
from scrapers.errors import InvalidURL, ScraperError
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

_REGISTRY: dict[str, type[Scraper]] = {}
_loaded = False


def register(cls: type[Scraper]) -> type[Scraper]:
    """Class decorator: add a scraper; a second scraper with the same NAME fails loudly."""
    if not cls.NAME or cls.NAME != cls.NAME.lower():
        raise ValueError(f"{cls.__name__}: NAME must be a non-empty lower-case string")
    existing = _REGISTRY.get(cls.NAME)
    if existing is not None and existing is not cls:
        raise ValueError(f"duplicate scraper NAME {cls.NAME!r}: {existing.__module__} and {cls.__module__}")
    _REGISTRY[cls.NAME] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register(_plugin(ep))
    _loaded = True


def _plugin(ep: EntryPoint) -> type[Scraper]:
    """The Scraper class an entry point names; a plugin that is broken fails loudly, naming itself."""
    try:
        loaded = ep.load()
    except Exception as e:  # any import-time failure of third-party code
        raise ScraperError(f"scraper plugin {ep.name!r} ({ep.value}) failed to load: {e}") from e
    if not (isinstance(loaded, type) and issubclass(loaded, Scraper)):
        raise ScraperError(f"scraper plugin {ep.name!r} ({ep.value}) is not a Scraper subclass")
    return loaded


def all_scrapers() -> list[type[Scraper]]:
    """Every registered scraper, specific ones first (in registration order), generic ones last."""
    _load()
    scrapers = list(_REGISTRY.values())
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

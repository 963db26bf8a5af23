"""A company's open postings: each ATS scraper reads its own board API (`fetch_board` / pure
`parse_board`); a careers page with schema.org JobPostings or links to postings is the fallback.

The board scraper for a URL is found through the same registry as the posting scrapers: the first
scraper whose URL patterns name the URL's board (a board URL, or one posting's URL on it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapers.base import Document, Scraper
from scrapers.errors import FetchError, InvalidURL, NotFoundError, ParseError, ScraperError
from scrapers.extract.normalize import iso_date, place
from scrapers.extract.paths import first_text
from scrapers.registry import all_scrapers
from scrapers.urls import check_url

if TYPE_CHECKING:
    from scrapers.http import HttpClient


@dataclass(frozen=True)
class Opening:
    """One open posting as a board lists it (less than a Posting: no description, no people)."""

    url: str  # the posting's own URL, which `crm lookup` reads
    title: str
    company: str
    source: str  # the board scraper's NAME
    id: str = ""  # the ATS's id for the posting: a new id under an old title is a re-listing
    department: str | None = None
    team: str | None = None
    location: str | None = None
    remote: bool | None = None
    posted: str | None = None  # ISO date the ATS says it was first published
    updated: str | None = None  # ISO date of its last change, where the ATS says
    posted_text: str | None = None  # what a board says instead of a date ("Posted 30+ Days Ago": Workday)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field by name."""
        return {"url": self.url, "title": self.title, "company": self.company, "source": self.source, "id": self.id,
                "department": self.department, "team": self.team, "location": self.location, "remote": self.remote,
                "posted": self.posted, "updated": self.updated, "posted_text": self.posted_text}


@dataclass(frozen=True)
class Board:
    """A company's board as read: where, whose, and its openings in the board's order."""

    url: str
    source: str
    company: str
    openings: tuple[Opening, ...]
    api_url: str = ""


def opening(*, url: Any, title: Any, company: Any, source: str, id: Any = "", department: Any = None,
            team: Any = None, location: Any = None, remote: Any = None, posted: Any = None,
            updated: Any = None, posted_text: Any = None) -> Opening | None:
    """An Opening from loosely typed API values; None when it has no URL or no title (nothing to list)."""
    url_text, title_text = first_text(url), first_text(title)
    if not url_text or not title_text:
        return None
    return Opening(url=url_text, title=title_text, company=first_text(company) or "", source=source,
                   id=str(id or ""), department=first_text(department), team=first_text(team),
                   location=place(location) if isinstance(location, (dict, list)) else first_text(location),
                   remote=remote if isinstance(remote, bool) else None, posted=iso_date(posted),
                   updated=iso_date(updated), posted_text=first_text(posted_text))


def collect(items: Iterable[Opening | None]) -> tuple[Opening, ...]:
    """The openings that are there, each URL once, in the board's order."""
    seen: dict[str, Opening] = {}
    for item in items:
        if item is not None and item.url not in seen:
            seen[item.url] = item
    return tuple(seen.values())


def board_scraper_for(url: str) -> type[Scraper] | None:
    """The first specific scraper whose patterns name a board in `url`; None for any other page."""
    for scraper in all_scrapers():
        if not scraper.GENERIC and scraper.board_of(url) is not None:
            return scraper
    return None


def known_boards() -> list[str]:
    """What a board URL can look like, one example per ATS (for the message about a URL that is no board)."""
    return [s.BOARD_EXAMPLE for s in all_scrapers() if s.BOARD_EXAMPLE]


def read_board(url: str, client: HttpClient) -> Board:
    """Every open posting on the board at `url`: the ATS's board API, else the page's JobPostings or posting links."""
    url = check_url(url)
    scraper = board_scraper_for(url)
    with client.reading("posting"):
        if scraper is None:
            return _careers_page(url, client)
        instance = scraper()
        try:
            document = instance.fetch_board(url, client)
        except NotFoundError as e:
            raise NotFoundError(f"{scraper.NAME}: no board at {url} (HTTP {e.status_code} from {e.url})",
                                url=url, status_code=e.status_code) from e
        except FetchError as e:
            if e.status_code is not None and e.status_code >= 500:
                raise FetchError(f"{scraper.NAME}: the board API is failing (HTTP {e.status_code} from {e.url})",
                                 url=url, status_code=e.status_code) from e
            raise
        return instance.parse_board(document)


# -- the fallback: a careers page -------------------------------------------------------------------

# Path words of a posting's page on a company's own site.
_JOB_PATH = re.compile(r"/(?:jobs?|careers?|positions?|openings?|vacanc(?:y|ies)|roles?|join-us|stellen|emplois?)/[^/?#]+", re.I)
_NOT_A_JOB = re.compile(r"/(?:jobs?|careers?)/(?:search|apply|faq|benefits|culture|life|teams?|locations?|students?|"
                        r"university|internships?|departments?|categories|page|feed|rss|all)/?$", re.I)


def _careers_page(url: str, client: HttpClient) -> Board:
    page = client.get(url, expect="html")
    return parse_careers_page(page.text, page.url)


def parse_careers_page(html: str, url: str) -> Board:
    """The openings of a company's careers page: its schema.org JobPostings, else its links to postings
    (any ATS posting URL a scraper claims, or a page under /jobs/, /careers/ ... on the same site)."""
    from scrapers.extract.page import company_from_host, page_links, site_name
    from scrapers.extract.posting import from_jobposting
    from scrapers.extract.structured import has_type, json_ld, microdata
    from scrapers.extract.text import soup_of

    soup = soup_of(html, "lxml")
    company = site_name(html, url) or company_from_host(url) or ""
    found: list[Opening | None] = []
    for obj in [o for o in json_ld(soup) if has_type(o, "JobPosting")] + microdata(soup, "JobPosting"):
        fields = from_jobposting(obj)
        link = first_text(obj.get("url"), obj.get("sameAs"))
        found.append(opening(url=urljoin(url, link) if link else None, title=fields["title"],
                             company=fields["company"] or company, source="careers",
                             id=fields["extra"].get("identifier") or "", location=fields["location"],
                             remote=fields["remote"], posted=fields["date_posted"]))
    if not any(found):
        found = [_linked_opening(soup, link, url, company) for link in page_links(soup, url)]
    openings = collect(found)
    if not openings:
        raise ParseError(f"no job board at {url}: it is none of the boards crm reads "
                         f"({', '.join(known_boards())}) and lists no JobPosting or posting link", url=url, field="url")
    return Board(url=url, source="careers", company=company, openings=openings)


def _linked_opening(soup: Any, link: str, base: str, company: str) -> Opening | None:
    link = urldefrag(link)[0]
    if link.rstrip("/") == base.rstrip("/"):
        return None
    scraper = next((s for s in all_scrapers() if not s.GENERIC and s.suitable(link)), None)
    if scraper is not None:
        if not scraper.names_posting(link):
            return None
    elif urlsplit(link).netloc != urlsplit(base).netloc or not _JOB_PATH.search(urlsplit(link).path) \
            or _NOT_A_JOB.search(urlsplit(link).path):
        return None
    anchor = next((a for a in soup.find_all("a", href=True) if urljoin(base, a["href"]).split("#")[0] == link), None)
    title = " ".join(anchor.get_text(" ").split()) if anchor is not None else ""
    if not title or len(title) > 120:
        return None
    return opening(url=link, title=title, company=company, source=scraper.NAME if scraper else "careers")


def not_a_board(url: str) -> ScraperError:
    """The error for a URL no board scraper claims and no careers page answers."""
    return InvalidURL(f"{url} is no job board crm knows ({', '.join(known_boards())}; or a careers page "
                      "with schema.org JobPostings or links to postings)", url=url)


def board_api_document(url: str, data: Any, api: str, **extra: Any) -> Document:
    """The Document a board fetch hands to parse_board."""
    return Document(url=url, data=data, source_url=api, extra=dict(extra))

"""Recruitee offers (<company>.recruitee.com/o/<slug>) through the company's own offers API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.errors import ParseError
from scrapers.ats.common import json_object, posting_groups
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in
from scrapers.extract.paths import first_text
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient


def _remote(offer: dict[str, Any]) -> bool | None:
    if offer.get("remote") is True:
        return True
    if offer.get("hybrid") is True or offer.get("on_site") is True:
        return False
    return None


@register
class RecruiteeScraper(Scraper):
    """<company>.recruitee.com/api/offers/<slug>; CRM_RECRUITEE_API replaces the scheme and host only."""

    NAME = "recruitee"
    HOSTS = ("recruitee.com",)
    URL_PATTERNS = (
        r"https?://(?P<company>[\w-]+)\.recruitee\.com/(?:[a-z]{2}/)?o/(?P<slug>[\w-]+)/?(?:c/new/?)?(?:[?#]\S*)?$",
        r"https?://(?P<company>(?!www\b|api\b)[\w-]+)\.recruitee\.com/?(?:[?#]\S*)?$",  # a career site
    )
    EXAMPLE_URLS = (
        "https://acme.recruitee.com/o/senior-backend-engineer",
        "https://acme.recruitee.com/o/senior-backend-engineer/c/new",
        "https://acme.recruitee.com/",
    )
    API_ENV = "CRM_RECRUITEE_API"
    API_DEFAULT = None  # the API lives on each company's own sub-domain
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "company", "slug", "https://<company>.recruitee.com"

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """GET /api/offers/: every published offer of the career site."""
        company = (self.board_of(url) or {})["company"]
        api = f"{self.api_base() or f'https://{company}.recruitee.com'}/api/offers/"
        return Document(url=url, data=client.get(api, expect="json").json(), source_url=api, extra={"company": company})

    def parse_board(self, document: Document) -> Board:
        """Each offer's page by its slug, department, location, remote flag and published_at."""
        company = document.extra.get("company") or (self.board_of(document.url) or {}).get("company", "")
        offers = json_object(document, self.NAME).get("offers")
        if not isinstance(offers, list):
            raise ParseError(f"recruitee: no offers from {document.source_url}", url=document.url, field="jobs")
        found = []
        for offer in offers:
            if not isinstance(offer, dict) or offer.get("status") not in (None, "published"):
                continue
            slug = first_text(offer.get("slug"))
            location = first_text(offer.get("location")) or ", ".join(
                p for p in (first_text(offer.get("city")), first_text(offer.get("country"))) if p)
            found.append(opening(url=f"https://{company}.recruitee.com/o/{slug}" if slug else offer.get("careers_url"),
                                 title=offer.get("title"), company=first_text(offer.get("company_name"), company),
                                 source=self.NAME, id=offer.get("id"), department=offer.get("department"),
                                 location=location or None, remote=_remote(offer),
                                 posted=offer.get("published_at") or offer.get("created_at"),
                                 updated=offer.get("updated_at")))
        openings = collect(found)
        return Board(url=document.url, source=self.NAME, company=openings[0].company if openings else company,
                     openings=openings, api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """The offer from the company's offers API."""
        found = posting_groups(type(self), url, "slug", "Recruitee career site")
        host = self.api_base() or f"https://{found['company']}.recruitee.com"
        api = f"{host}/api/offers/{found['slug']}"
        return Document(url=url, data=client.get(api, expect="json").json(), source_url=api)

    def parse(self, document: Document) -> Posting:
        """Title, company_name, department, location, remote/hybrid flags, description and requirements."""
        offer, url = json_object(document, self.NAME, key="offer"), document.url
        parts = [html_to_text(offer.get("description")), html_to_text(offer.get("requirements"))]
        company = first_text(offer.get("company_name"), (self.match(url) or {}).get("company"))
        links = links_in(offer.get("description")) + links_in(offer.get("requirements"))
        location = first_text(offer.get("location")) or ", ".join(
            p for p in (first_text(offer.get("city")), first_text(offer.get("country"))) if p
        )
        salary = offer.get("salary")
        return build_posting(
            url=url,
            source=self.NAME,
            title=offer.get("title"),
            company=company,
            company_url=company_site_from_links(links, company),
            department=first_text(offer.get("department")),
            location=location or None,
            remote=_remote(offer),
            employment_type=employment_type(offer.get("employment_type_code")),
            date_posted=iso_date(offer.get("published_at") or offer.get("created_at")),
            description="\n\n".join(p for p in parts if p),
            extra={
                "id": offer.get("id"),
                "slug": offer.get("slug"),
                "apply_url": offer.get("careers_apply_url"),
                "careers_url": offer.get("careers_url"),
                "compensation": salary if isinstance(salary, dict) and any(salary.values()) else None,
                "hybrid": offer.get("hybrid"),
                "experience": offer.get("experience_code"),
                "education": offer.get("education_code"),
                "hours": [offer.get("min_hours"), offer.get("max_hours")] if offer.get("max_hours") else None,
                "tags": offer.get("tags"),
            },
        )

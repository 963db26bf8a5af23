"""Lever postings (jobs.lever.co and the EU host jobs.eu.lever.co) through the public postings API."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.errors import ParseError
from scrapers.ats.common import json_object, notes, optional_get, page_base, posting_groups
from scrapers.extract.company import lever_page
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in, remote_from
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@register
class LeverScraper(Scraper):
    """api.lever.co/v0/postings/<company>/<id> (api.eu.lever.co for EU accounts)."""

    NAME = "lever"
    HOSTS = ("lever.co",)
    URL_PATTERNS = (
        rf"https?://jobs\.(?P<eu>eu\.)?lever\.co/(?P<company>[\w.-]+)/(?P<id>{_UUID})(?:/apply)?/?(?:[?#]\S*)?$",
        r"https?://jobs\.(?P<eu>eu\.)?lever\.co/(?P<company>[\w.-]+)/?(?:[?#]\S*)?$",  # a board
    )
    EXAMPLE_URLS = (
        "https://jobs.lever.co/acme/5ac21346-8e0c-4494-8e7a-3eb92ff77902",
        "https://jobs.eu.lever.co/acme-eu/0f5d6a4e-1c2b-4d3e-9f8a-7b6c5d4e3f2a/apply",
        "https://jobs.lever.co/acme",
    )
    API_ENV = "CRM_LEVER_API"
    API_DEFAULT = "https://api.lever.co"
    EU_API_ENV = "CRM_LEVER_EU_API"
    EU_API_DEFAULT = "https://api.eu.lever.co"
    # The hosted posting page names the company and links its website; the API gives neither.
    PAGE_ENV = "CRM_LEVER_JOBS"
    PAGE_DEFAULT = "https://jobs.lever.co"
    EU_PAGE_ENV = "CRM_LEVER_EU_JOBS"
    EU_PAGE_DEFAULT = "https://jobs.eu.lever.co"
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "company", "id", "https://jobs.lever.co/<company>"

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """GET /v0/postings/<company>?mode=json: every published posting, as a JSON list."""
        company = (self.board_of(url) or {})["company"]
        api = f"{self.api_for(url)}/v0/postings/{company}"
        return Document(url=url, data=client.get(api, expect="json", params={"mode": "json"}).json(), source_url=api)

    def parse_board(self, document: Document) -> Board:
        """Each posting's hosted page (or one built from its id), categories, workplace and createdAt."""
        found = self.board_of(document.url) or {}
        slug = found.get("company", "")
        if not isinstance(document.data, list):
            raise ParseError(f"lever: expected a list of postings from {document.source_url}", url=document.url,
                             field="jobs")
        eu = found.get("eu")
        base = page_base(self.EU_PAGE_ENV, self.EU_PAGE_DEFAULT) if eu else page_base(self.PAGE_ENV, self.PAGE_DEFAULT)
        openings = collect(
            opening(url=job.get("hostedUrl") or (f"{base}/{slug}/{job['id']}" if job.get("id") else None),
                    title=job.get("text"), company=slug, source=self.NAME, id=job.get("id"),
                    department=get_path(job, "categories", "department"), team=get_path(job, "categories", "team"),
                    location=get_path(job, "categories", "location"), remote=remote_from(job.get("workplaceType")),
                    posted=job.get("createdAt"), updated=job.get("updatedAt"))
            for job in document.data if isinstance(job, dict))
        return Board(url=document.url, source=self.NAME, company=slug, openings=openings, api_url=document.source_url)

    @classmethod
    def api_for(cls, url: str) -> str:
        """The API base for this posting's region (each overridable by its variable)."""
        if (cls.match(url) or {}).get("eu"):
            return (os.environ.get(cls.EU_API_ENV) or cls.EU_API_DEFAULT).rstrip("/")
        return cls.api_base()

    @classmethod
    def page_for(cls, url: str) -> str:
        """The hosted posting page for this URL (jobs.lever.co or the EU host, each overridable)."""
        found = cls.match(url) or {}
        base = page_base(cls.EU_PAGE_ENV, cls.EU_PAGE_DEFAULT) if found.get("eu") else page_base(cls.PAGE_ENV, cls.PAGE_DEFAULT)
        return f"{base}/{found.get('company')}/{found.get('id')}"

    def fetch(self, url: str, client: HttpClient) -> Document:
        """One posting from the postings API, then its hosted page for the company's name and website."""
        found = posting_groups(type(self), url, "id", "Lever board")
        api = f"{self.api_for(url)}/v0/postings/{found['company']}/{found['id']}"
        job = client.get(api, expect="json").json()
        extra: dict[str, Any] = {}
        page = optional_get(client, self.page_for(url), "html", extra, "Lever posting page")
        if page is not None:
            extra["page"] = page
        return Document(url=url, data=job, source_url=api, extra=extra)

    def parse(self, document: Document) -> Posting:
        """Text, categories, description, lists and the closing text; createdAt is in milliseconds."""
        job, url = json_object(document, self.NAME), document.url
        slug = (self.match(url) or {}).get("company")
        # Relative links resolve against the posting URL (a Lever host), so a link home to the board is no website.
        hosted = lever_page(document.extra.get("page"), url, first_text(job.get("text")))
        company = hosted.name or slug
        links = links_in(job.get("description")) + links_in(job.get("additional"))
        parts = [html_to_text(job.get("description")) or first_text(job.get("descriptionPlain")) or ""]
        for block in job.get("lists") or []:
            if isinstance(block, dict):
                items = html_to_text(f"<ul>{block.get('content') or ''}</ul>")
                parts.append("\n".join(p for p in (first_text(block.get("text")), items) if p))
        parts.append(html_to_text(job.get("additional")) or first_text(job.get("additionalPlain")) or "")
        description = "\n\n".join(p for p in parts if p)
        categories: dict[str, Any] = job.get("categories") or {}
        location = first_text(categories.get("location"))
        all_locations = [loc for loc in categories.get("allLocations") or [] if loc != location]
        salary = job.get("salaryRange")
        return build_posting(
            url=url,
            source=self.NAME,
            title=job.get("text"),
            company=company,
            company_url=hosted.website or company_site_from_links(links, company) or company_site_from_links(links, slug),
            department=first_text(categories.get("department")),
            team=first_text(categories.get("team")),
            location=location,
            remote=remote_from(job.get("workplaceType")),
            employment_type=employment_type(categories.get("commitment")),
            date_posted=iso_date(job.get("createdAt")),
            description=description,
            extra={
                "id": job.get("id"),
                "apply_url": job.get("applyUrl"),
                "hosted_url": job.get("hostedUrl"),
                "workplace_type": job.get("workplaceType"),
                "secondary_locations": all_locations,
                "country": job.get("country"),
                "compensation": salary if isinstance(salary, dict) else None,
                "salary_description": html_to_text(get_path(job, "salaryDescription")) or None,
                "company_slug": slug,
                "notes": notes(document),
            },
        )

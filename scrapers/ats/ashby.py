"""Ashby job boards (jobs.ashbyhq.com) through the public posting API, one board per request."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.ats.common import notes, optional_get, page_base, posting_groups
from scrapers.extract.company import CompanySite, ashby_page
from scrapers.errors import NotFoundError, ParseError
from scrapers.extract.normalize import (
    company_site_from_links, employment_type, iso_date, links_in, place, remote_from, site_root,
)
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def find_job(board: Any, job_id: str) -> dict[str, Any] | None:
    """The job with this id in a job-board response, or None when the board no longer lists it."""
    for job in get_path(board, "jobs", default=[]):
        if isinstance(job, dict) and str(job.get("id", "")).lower() == job_id.lower():
            return job
    return None


def _compensation(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    tiers = []
    for tier in value.get("compensationTiers") or []:
        components = [
            {
                "type": c.get("compensationType"),
                "summary": c.get("summary"),
                "interval": c.get("interval"),
                "currency": c.get("currencyCode"),
                "min": c.get("minValue"),
                "max": c.get("maxValue"),
            }
            for c in tier.get("components") or []
            if isinstance(c, dict)
        ]
        tiers.append({"title": tier.get("title"), "summary": tier.get("tierSummary"), "components": components})
    found = {
        "summary": first_text(value.get("compensationTierSummary")),
        "salary": first_text(value.get("scrapeableCompensationSalarySummary")),
        "tiers": tiers,
    }
    return {k: v for k, v in found.items() if v} or None


def parse_job(job: dict[str, Any], board: str, url: str, owner: CompanySite = CompanySite()) -> Posting:
    """One job of an Ashby board response (the real files hold whole boards) as a Posting.

    The API names no company: `owner` is what the hosted board page states (name, public website);
    without it the board's slug stands in for the name.
    """
    description = html_to_text(job.get("descriptionHtml")) or html_to_text(job.get("descriptionPlain"))
    workplace = job.get("workplaceType")
    remote = job.get("isRemote") if isinstance(job.get("isRemote"), bool) else remote_from(workplace)
    secondary = [first_text(s.get("location")) for s in job.get("secondaryLocations") or [] if isinstance(s, dict)]
    return build_posting(
        url=url,
        source=AshbyScraper.NAME,
        title=job.get("title"),
        company=owner.name or board,
        company_url=owner.website or company_site_from_links(links_in(job.get("descriptionHtml")), owner.name or board)
        or company_site_from_links(links_in(job.get("descriptionHtml")), board),
        department=first_text(job.get("department")),
        team=first_text(job.get("team")),
        location=first_text(job.get("location")),
        remote=remote,
        employment_type=employment_type(job.get("employmentType")),
        date_posted=iso_date(job.get("publishedAt")),
        description=description,
        extra={
            "id": job.get("id"),
            "apply_url": job.get("applyUrl"),
            "secondary_locations": [s for s in secondary if s],
            "address": place(get_path(job, "address", "postalAddress")),
            "workplace_type": workplace,
            "compensation": _compensation(job.get("compensation")),
            "listed": job.get("isListed"),
        },
    )


@register
class AshbyScraper(Scraper):
    """api.ashbyhq.com/posting-api/job-board/<board>?includeCompensation=true, then the job by id."""

    NAME = "ashby"
    HOSTS = ("ashbyhq.com",)
    URL_PATTERNS = (
        rf"https?://jobs\.ashbyhq\.com/(?P<board>[^/?#\s]+)/(?P<id>{_UUID})(?:/application)?/?(?:[?#]\S*)?$",
        # A company's own careers page with the embedded board: the board name is read from the page.
        rf"https?://(?![\w.-]*ashbyhq\.com[/:?#])[^/\s?#]+(?:/[^\s?#]*)?\?(?:\S*?&)?ashby_jid=(?P<id>{_UUID})\S*$",
        r"https?://jobs\.ashbyhq\.com/(?P<board>[^/?#\s]+)/?(?:[?#]\S*)?$",  # a board
    )
    EXAMPLE_URLS = (
        "https://jobs.ashbyhq.com/acme/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c",
        "https://jobs.ashbyhq.com/acme/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c/application",
        "https://www.acme.com/careers?ashby_jid=3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c",
        "https://jobs.ashbyhq.com/acme",
    )
    API_ENV = "CRM_ASHBY_API"
    API_DEFAULT = "https://api.ashbyhq.com"
    # The hosted board page states the organisation's name and public website; the API states neither.
    PAGE_ENV = "CRM_ASHBY_JOBS"
    PAGE_DEFAULT = "https://jobs.ashbyhq.com"
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "board", "id", "https://jobs.ashbyhq.com/<company>"

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """The job-board response (the same request a posting lookup makes, so the cache serves both)."""
        board = (self.board_of(url) or {})["board"]
        api = f"{self.api_base()}/posting-api/job-board/{board}"
        data = client.get(api, expect="json", params={"includeCompensation": "true"}).json()
        return Document(url=url, data=data, source_url=api, extra={"board": board})

    def parse_board(self, document: Document) -> Board:
        """Every listed job; unlisted ones (isListed false) are not open to applicants."""
        board = document.extra.get("board") or (self.board_of(document.url) or {}).get("board", "")
        jobs = get_path(document.data, "jobs")
        if not isinstance(jobs, list):
            raise ParseError(f"ashby: no job list from {document.source_url}", url=document.url, field="jobs")
        base = page_base(self.PAGE_ENV, self.PAGE_DEFAULT)
        found = []
        for job in jobs:
            if not isinstance(job, dict) or job.get("isListed") is False:
                continue
            remote = job.get("isRemote") if isinstance(job.get("isRemote"), bool) else remote_from(job.get("workplaceType"))
            url = f"{base}/{board}/{job['id']}" if job.get("id") else job.get("jobUrl")
            found.append(opening(url=url, title=job.get("title"), company=board, source=self.NAME, id=job.get("id"),
                                 department=job.get("department"), team=job.get("team"), location=job.get("location"),
                                 remote=remote, posted=job.get("publishedAt"), updated=job.get("updatedAt")))
        return Board(url=document.url, source=self.NAME, company=board, openings=collect(found),
                     api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """The whole board (the API has no per-job endpoint); a job missing from it is closed."""
        found = posting_groups(type(self), url, "id", "Ashby board")
        extra: dict[str, Any] = {}
        if "board" not in found:  # an ashby_jid link: the company page embeds its board
            found["board"] = extra["board"] = board_on_page(client.get(url, expect="html").text, url)
        api = f"{self.api_base()}/posting-api/job-board/{found['board']}"
        board = client.get(api, expect="json", params={"includeCompensation": "true"}).json()
        if find_job(board, found["id"]) is None:
            raise NotFoundError(f"the {found['board']} board no longer lists {found['id']}", url=url, status_code=404)
        page = optional_get(client, f"{page_base(self.PAGE_ENV, self.PAGE_DEFAULT)}/{found['board']}", "html", extra, "Ashby board page")
        if page is not None:
            extra["boardpage"] = page
        return Document(url=url, data=board, source_url=api, extra=extra)

    def parse(self, document: Document) -> Posting:
        """The job named in the URL, picked out of the board response."""
        found = self.match(document.url) or {}
        if "id" not in found:
            raise ParseError(f"ashby: {document.url} names no job", url=document.url, field="url")
        board = found.get("board") or document.extra.get("board")
        if not board:
            raise ParseError(f"ashby: no board name for {document.url}", url=document.url, field="company")
        job = find_job(document.data, found["id"])
        if job is None:
            raise ParseError(f"ashby: job {found['id']} not in the board response", url=document.url, field="title")
        posting = parse_job(job, board, document.url, ashby_page(document.extra.get("boardpage")))
        if "board" not in found and not posting.company_url:  # the ashby_jid link sits on the company's site
            posting = replace(posting, company_url=site_root(document.url))
        if notes(document):
            posting = replace(posting, extra={**posting.extra, "notes": notes(document)})
        return posting


def board_on_page(html: str, url: str) -> str:
    """The Ashby board a company page embeds (its embed script or a jobs.ashbyhq.com link)."""
    found = re.search(r"jobs\.ashbyhq\.com/([\w.%-]+)", html or "")
    if found is None:
        raise ParseError(f"no Ashby board named on {url}", url=url, field="company")
    return found.group(1)

"""Greenhouse job boards (boards., job-boards., job-boards.eu.) and `?gh_jid=` links on company sites."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.ats.common import json_object, notes, optional_get, posting_groups
from scrapers.errors import ParseError
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in, remote_from, site_root
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import escaped_html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

_HOST = r"https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io"
_TAIL = r"/?(?:[?#]\S*)?$"
# Where a company page names its Greenhouse board: the embed script or iframe, or a board link.
_TOKEN_ON_PAGE = (
    re.compile(r"greenhouse\.io/embed/job_(?:board|app)(?:/js)?\?(?:[^\"'\s<>]*?(?:&|&amp;))?for=([\w-]+)"),
    re.compile(r"boards-api\.greenhouse\.io/v1/boards/([\w-]+)"),
    re.compile(r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/(?!embed\b)([\w-]+)"),
)


@register
class GreenhouseScraper(Scraper):
    """Greenhouse's public boards API: /v1/boards/<token>/jobs/<id> (and /v1/boards/<token> for the name)."""

    NAME = "greenhouse"
    HOSTS = ("greenhouse.io",)
    URL_PATTERNS = (
        _HOST + r"/(?!embed/)(?P<token>[\w.-]+)/jobs/(?P<id>\d+)" + _TAIL,
        _HOST + r"/embed/job_app\?(?:\S*?&)?for=(?P<token>[\w.-]+)&(?:\S*?&)?token=(?P<id>\d+)\S*$",
        _HOST + r"/embed/job_app\?(?:\S*?&)?token=(?P<id>\d+)&(?:\S*?&)?for=(?P<token>[\w.-]+)\S*$",
        # A company's own careers page with the embedded board: the token is read from the page.
        r"https?://(?![\w.-]*greenhouse\.io[/:?#])[^/\s?#]+(?:/[^\s?#]*)?\?(?:\S*?&)?gh_jid=(?P<id>\d+)\S*$",
        _HOST + r"/(?!embed/)(?P<token>[\w.-]+)" + _TAIL,  # a whole board: recognised, not a posting
    )
    EXAMPLE_URLS = (
        "https://boards.greenhouse.io/acme/jobs/4012345",
        "https://job-boards.greenhouse.io/acme/jobs/4012345?gh_src=abc",
        "https://job-boards.eu.greenhouse.io/acme/jobs/4012345",
        "https://www.acme.com/careers/open-roles?gh_jid=4012345",
        "https://boards.greenhouse.io/embed/job_app?for=acme&token=4012345",
        "https://boards.greenhouse.io/embed/job_app?token=4012345&for=acme&b=https%3A%2F%2Fwww.acme.com",
        "https://job-boards.greenhouse.io/acme",
    )
    API_ENV = "CRM_GREENHOUSE_API"
    API_DEFAULT = "https://boards-api.greenhouse.io"
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "token", "id", "https://job-boards.greenhouse.io/<company>"

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """GET /v1/boards/<token>/jobs, then /departments for the department names.

        The jobs list carries departments only with ?content=true, which adds every description: a
        big board then outgrows the size cap. /departments lists the same jobs, by department, without.
        """
        token = (self.board_of(url) or {})["token"]
        api = f"{self.api_base()}/v1/boards/{token}/jobs"
        jobs = client.get(api, expect="json").json()
        extra: dict[str, Any] = {"token": token}
        departments = optional_get(client, f"{self.api_base()}/v1/boards/{token}/departments", "json", extra,
                                   "Greenhouse departments")
        if departments is not None:
            extra["departments"] = departments
        listed = get_path(jobs, "jobs", default=[])
        if not any(isinstance(j, dict) and first_text(j.get("company_name")) for j in listed or []):
            board = optional_get(client, f"{self.api_base()}/v1/boards/{token}", "json", extra, "Greenhouse board")
            if board is not None:
                extra["board"] = board
        return Document(url=url, data=jobs, source_url=api, extra=extra)

    def parse_board(self, document: Document) -> Board:
        """Every job of the board; its URL on the board's own host, which `crm lookup` reads in one request."""
        token = document.extra.get("token") or (self.board_of(document.url) or {}).get("token", "")
        host = re.match(_HOST, document.url, re.IGNORECASE)
        base = host.group(0) if host else "https://job-boards.greenhouse.io"
        jobs = get_path(document.data, "jobs")
        if not isinstance(jobs, list):
            raise ParseError(f"greenhouse: no job list from {document.source_url}", url=document.url, field="jobs")
        board_name = first_text(get_path(document.extra, "board", "name"))
        by_job = _departments_by_job(document.extra.get("departments"))
        found = []
        for job in jobs:
            if not isinstance(job, dict):
                continue
            departments = [first_text(d.get("name")) for d in job.get("departments") or [] if isinstance(d, dict)]
            departments = departments or [by_job.get(str(job.get("id")))]
            location = first_text(get_path(job, "location", "name"))
            found.append(opening(
                url=f"{base}/{token}/jobs/{job.get('id')}" if job.get("id") else job.get("absolute_url"),
                title=job.get("title"), company=first_text(job.get("company_name"), board_name, token),
                source=self.NAME, id=job.get("id"), department=next((d for d in departments if d), None),
                location=location, remote=remote_from(location) or None,
                posted=job.get("first_published"), updated=job.get("updated_at")))
        openings = collect(found)
        company = openings[0].company if openings else first_text(board_name, token) or ""
        return Board(url=document.url, source=self.NAME, company=company, openings=openings, api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """The job from the boards API; for a gh_jid link the company page first, to find the board token."""
        found = posting_groups(type(self), url, "id", "Greenhouse board")
        token = found.get("token")
        if token is None:
            page = client.get(url, expect="html")
            token = board_token(page.text)
            if token is None:
                raise ParseError(f"no Greenhouse board named on {url}", url=url, field="company")
        api = f"{self.api_base()}/v1/boards/{token}/jobs/{found['id']}"
        job = client.get(api, expect="json").json()
        extra: dict[str, Any] = {"token": token}
        name = first_text(get_path(job, "company_name"))
        board_url = f"{self.api_base()}/v1/boards/{token}"
        if not name:  # the board's name is the only name left: without it the posting cannot be read
            extra["board"] = client.get(board_url, expect="json").json()
        elif "token" in found and not _site_in_job(job, name):
            # The board's intro text may link the company's site; the posting stands without it.
            board = optional_get(client, board_url, "json", extra, "Greenhouse board")
            if board is not None:
                extra["board"] = board
        return Document(url=url, data=job, source_url=api, extra=extra)

    def parse(self, document: Document) -> Posting:
        """Title, company, departments, offices, location and the (HTML-escaped) content."""
        job, url = json_object(document, self.NAME), document.url
        content = job.get("content") or ""
        description = escaped_html_to_text(content)
        company = first_text(job.get("company_name"), get_path(document.extra, "board", "name"))
        on_board = re.match(_HOST, url, re.IGNORECASE)
        company_url = None if on_board else site_root(url)  # a gh_jid link sits on the company's site
        company_url = company_url or _site_in_job(job, company)
        board_intro = first_text(get_path(document.extra, "board", "content")) or ""
        company_url = company_url or company_site_from_links(links_in(html.unescape(board_intro)), company)
        location = first_text(get_path(job, "location", "name"))
        offices = [first_text(o.get("name")) for o in job.get("offices") or [] if isinstance(o, dict)]
        departments = [first_text(d.get("name")) for d in job.get("departments") or [] if isinstance(d, dict)]
        metadata = {
            first_text(m.get("name")): m.get("value")
            for m in job.get("metadata") or []
            if isinstance(m, dict) and first_text(m.get("name")) and m.get("value") not in (None, "", [])
        }
        pay = [
            {k: r.get(k) for k in ("title", "min_cents", "max_cents", "currency_type") if r.get(k) is not None}
            for r in job.get("pay_input_ranges") or []
            if isinstance(r, dict)
        ]
        return build_posting(
            url=url,
            source=self.NAME,
            title=job.get("title"),
            company=company,
            company_url=company_url,
            department=departments[0] if departments else None,
            location=location,
            remote=remote_from(location) or None,
            employment_type=employment_type(metadata.get("Employment Type")),
            date_posted=iso_date(job.get("first_published")),
            description=description,
            extra={
                "id": job.get("id"),
                "internal_job_id": job.get("internal_job_id"),
                "requisition_id": job.get("requisition_id"),
                "apply_url": job.get("absolute_url"),
                "updated_at": job.get("updated_at"),
                "offices": [o for o in offices if o],
                "departments": [d for d in departments[1:] if d],
                "metadata": metadata,
                "compensation": pay,
                "board_token": document.extra.get("token") or (self.match(url) or {}).get("token"),
                "notes": notes(document),
            },
        )


def _departments_by_job(data: Any) -> dict[str, str]:
    """Job id -> department name from a /departments answer (the deepest department naming the job)."""
    found: dict[str, str] = {}
    for department in get_path(data, "departments", default=[]) or []:
        name = first_text(get_path(department, "name"))
        if not name or get_path(department, "id") == 0:  # id 0 is "No Department"
            continue
        for job in get_path(department, "jobs", default=[]) or []:
            if isinstance(job, dict) and job.get("id") is not None:
                found[str(job["id"])] = name
    return found


def _site_in_job(job: Any, company: str | None) -> str | None:
    """The company's site among the links of the posting's (HTML-escaped) content, by its name."""
    content = first_text(get_path(job, "content")) or ""
    return company_site_from_links(links_in(html.unescape(content)), company)


def board_token(html: str) -> str | None:
    """The Greenhouse board token a company page embeds or links to; None when it names none."""
    for pattern in _TOKEN_ON_PAGE:
        found = pattern.search(html or "")
        if found:
            return found.group(1)
    return None

"""Workable postings (apply.workable.com/<account>/j/<shortcode>) through the public v2 job endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.errors import ParseError
from scrapers.ats.common import json_object, notes, optional_get, posting_groups
from scrapers.extract.company import account_json
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in, remote_from
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient


def _location(value: Any) -> str | None:
    if not isinstance(value, dict):
        return first_text(value)
    parts = [first_text(value.get(k)) for k in ("city", "region", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


@register
class WorkableScraper(Scraper):
    """apply.workable.com/api/v2/accounts/<account>/jobs/<shortcode> (+ the account profile for name and website)."""

    NAME = "workable"
    HOSTS = ("workable.com",)
    URL_PATTERNS = (
        r"https?://apply\.workable\.com/(?P<account>[\w-]+)/j/(?P<shortcode>[0-9A-Za-z]+)(?:/apply)?/?(?:[?#]\S*)?$",
        r"https?://(?P<account>[\w-]+)\.workable\.com/j(?:obs)?/(?P<shortcode>[0-9A-Za-z]+)/?(?:[?#]\S*)?$",
        r"https?://apply\.workable\.com/(?!api/)(?P<account>[\w-]+)/?(?:[?#]\S*)?$",  # a board
    )
    EXAMPLE_URLS = (
        "https://apply.workable.com/acme/j/4F2E1D0C9B/",
        "https://acme.workable.com/j/4F2E1D0C9B",
        "https://apply.workable.com/acme",
    )
    API_ENV = "CRM_WORKABLE_API"
    API_DEFAULT = "https://apply.workable.com"
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "account", "shortcode", "https://apply.workable.com/<company>"
    PAGE_BASE = "https://apply.workable.com"  # where a posting's page lives, whatever API base is set

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """GET /api/v1/widget/accounts/<account>: the account's name and its published jobs."""
        account = (self.board_of(url) or {})["account"]
        api = f"{self.api_base()}/api/v1/widget/accounts/{account}"
        return Document(url=url, data=client.get(api, expect="json").json(), source_url=api, extra={"account": account})

    def parse_board(self, document: Document) -> Board:
        """Each job's page by its shortcode, department, city/state/country, telecommuting, published_on."""
        account = document.extra.get("account") or (self.board_of(document.url) or {}).get("account", "")
        data = json_object(document, self.NAME)
        jobs = data.get("jobs")
        if not isinstance(jobs, list):
            raise ParseError(f"workable: no job list from {document.source_url}", url=document.url, field="jobs")
        company = first_text(data.get("name"), account) or account
        found = []
        for job in jobs:
            if not isinstance(job, dict):
                continue
            code = first_text(job.get("shortcode"))
            url = f"{self.PAGE_BASE}/{account}/j/{code}/" if code else job.get("url")
            where = _location({"city": job.get("city"), "region": job.get("state"), "country": job.get("country")})
            found.append(opening(url=url, title=job.get("title"), company=company, source=self.NAME, id=code,
                                 department=job.get("department"), location=where, remote=job.get("telecommuting"),
                                 posted=job.get("published_on") or job.get("created_at")))
        return Board(url=document.url, source=self.NAME, company=company, openings=collect(found),
                     api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """The job; the account profile (name, website), else the widget (name) when the profile fails."""
        found = posting_groups(type(self), url, "shortcode", "Workable board")
        base, account = self.api_base(), found["account"]
        api = f"{base}/api/v2/accounts/{account}/jobs/{found['shortcode']}"
        job = client.get(api, expect="json").json()
        extra: dict[str, Any] = {}
        # Name and website are niceties: the account slug stands in when neither endpoint answers.
        profile = optional_get(client, f"{base}/api/v1/accounts/{account}", "json", extra, "Workable account profile")
        if isinstance(profile, dict):
            extra["profile"] = profile
        if not account_json(profile).name:
            widget = optional_get(client, f"{base}/api/v1/widget/accounts/{account}", "json", extra, "Workable account widget")
            if widget is not None:
                extra["account"] = widget
        return Document(url=url, data=job, source_url=api, extra=extra)

    def parse(self, document: Document) -> Posting:
        """Title, location(s), workplace, type, department, and description/requirements/benefits."""
        job, url = json_object(document, self.NAME), document.url
        account = (self.match(url) or {}).get("account")
        profile = account_json(document.extra.get("profile"), "url")
        company = first_text(profile.name, get_path(document.extra, "account", "name"), account)
        sections = [("", job.get("description")), ("Requirements", job.get("requirements")), ("Benefits", job.get("benefits"))]
        texts = [(head, html_to_text(body)) for head, body in sections]
        description = "\n\n".join(f"{head}\n\n{text}" if head else text for head, text in texts if text)
        department = job.get("department")
        departments = department if isinstance(department, list) else [department]
        others = [_location(loc) for loc in job.get("locations") or []]
        location = _location(job.get("location"))
        remote = job["remote"] if isinstance(job.get("remote"), bool) else remote_from(job.get("workplace"))
        links = links_in(job.get("description")) + links_in(job.get("benefits"))
        for about in (get_path(document.extra, "profile", "description"), get_path(document.extra, "account", "description")):
            links += links_in(first_text(about))
        return build_posting(
            url=url,
            source=self.NAME,
            title=job.get("title"),
            company=company,
            company_url=profile.website or company_site_from_links(links, company),
            department=first_text(*departments),
            location=location,
            remote=remote,
            employment_type=employment_type(job.get("type")),
            date_posted=iso_date(job.get("published")),
            description=description,
            extra={
                "shortcode": job.get("shortcode"),
                "id": job.get("id"),
                "workplace": job.get("workplace"),
                "secondary_locations": [o for o in others if o and o != location],
                "departments": [d for d in departments[1:] if d],
                "language": job.get("language"),
                "account": account,
                "notes": notes(document),
            },
        )

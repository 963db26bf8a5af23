"""Workday career sites (<tenant>.wd<N>.myworkdayjobs.com) through the cxs JSON behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.ats.common import posting_groups
from scrapers.errors import ParseError
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in, remote_from
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

_LOCALE = r"(?:(?P<locale>[a-z]{2}(?:-[a-z]{2})?)/)?"
_TAIL = r"/?(?:[?#]\S*)?$"


@register
class WorkdayScraper(Scraper):
    """GET /wday/cxs/<tenant>/<site>/job/<path> -> jobPostingInfo and hiringOrganization."""

    NAME = "workday"
    HOSTS = ("myworkdayjobs.com", "myworkdaysite.com", "workday.com")
    URL_PATTERNS = (
        r"https?://(?P<host>(?P<tenant>[\w-]+)\.(?P<dc>wd\d+)\.myworkdayjobs\.com)/" + _LOCALE
        + r"(?P<site>[\w-]+)/(?P<path>(?:job|details)/[^?#\s]+?)" + _TAIL,
        r"https?://(?P<host>(?P<dc>wd\d+)\.myworkdaysite\.com)/" + _LOCALE
        + r"recruiting/(?P<tenant>[\w-]+)/(?P<site>[\w-]+)/(?P<path>(?:job|details)/[^?#\s]+?)" + _TAIL,
        # A career site without a job: <tenant>.wdN.myworkdayjobs.com[/<locale>][/<site>]
        r"https?://(?P<host>(?P<tenant>[\w-]+)\.(?P<dc>wd\d+)\.myworkdayjobs\.com)(?:/(?P<locale>[a-z]{2}(?:-[a-z]{2})?))?"
        r"(?:/(?P<site>[\w-]+))?" + _TAIL,
    )
    EXAMPLE_URLS = (
        "https://acme.wd5.myworkdayjobs.com/en-US/External/job/Austin-TX/Senior-Data-Engineer_JR-01234",
        "https://acme.wd1.myworkdayjobs.com/Careers/job/London/Product-Designer_R12345",
        "https://wd3.myworkdaysite.com/recruiting/acme/External/job/Berlin/Engineer_JR1",
        "https://acme.wd5.myworkdayjobs.com/en-US/External",
    )
    API_ENV = "CRM_WORKDAY_API"
    API_DEFAULT = None  # the cxs API lives on the tenant's own host
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "site", "path", "https://<company>.wd5.myworkdayjobs.com/<site>"
    PAGE_SIZE, MAX_PAGES = 20, 50  # the cxs search answers at most 20 a page

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """POST /wday/cxs/<tenant>/<site>/jobs {limit, offset, searchText, appliedFacets} page by page."""
        found = self.board_of(url) or {}
        host = self.api_base() or f"https://{found['host']}"
        api = f"{host}/wday/cxs/{found['tenant']}/{found['site']}/jobs"
        pages: list[Any] = []
        offset = 0
        for _page in range(self.MAX_PAGES):
            body = {"appliedFacets": {}, "limit": self.PAGE_SIZE, "offset": offset, "searchText": ""}
            data = client.post_json(api, body).json()
            pages.append(data)
            listed = get_path(data, "jobPostings", default=[])
            total = get_path(data, "total", default=0)
            offset += len(listed) if isinstance(listed, list) else 0
            if not listed or not isinstance(total, int) or offset >= total:
                break
        return Document(url=url, data=pages, source_url=api, extra=dict(found))

    def parse_board(self, document: Document) -> Board:
        """Each job's page from its externalPath; Workday gives "Posted 3 Days Ago" rather than a date."""
        found = document.extra or self.board_of(document.url) or {}
        locale = f"{found['locale']}/" if found.get("locale") else ""
        base = f"https://{found.get('host')}/{locale}{found.get('site')}"
        company = found.get("tenant", "")
        openings = []
        for page in document.data if isinstance(document.data, list) else []:
            for job in get_path(page, "jobPostings", default=[]) or []:
                if not isinstance(job, dict):
                    continue
                path = first_text(job.get("externalPath"))
                location = first_text(job.get("locationsText"))
                remote = remote_from(first_text(job.get("remoteType")))
                openings.append(opening(url=f"{base}{path}" if path else None, title=job.get("title"), company=company,
                                        source=self.NAME, id=first_text(*(job.get("bulletFields") or [None])),
                                        location=location, remote=remote if remote is not None else
                                        (True if location and "remote" in location.lower() else None),
                                        posted_text=job.get("postedOn")))
        return Board(url=document.url, source=self.NAME, company=company, openings=collect(openings),
                     api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """The job's cxs JSON (CRM_WORKDAY_API replaces scheme and host, the path stays)."""
        found = posting_groups(type(self), url, "path", "Workday career site")
        path = found["path"]
        if path.startswith("details/"):
            path = "job/" + path[len("details/"):]
        host = self.api_base() or f"https://{found['host']}"
        api = f"{host}/wday/cxs/{found['tenant']}/{found['site']}/{path}"
        return Document(url=url, data=client.get(api, expect="json").json(), source_url=api)

    def parse(self, document: Document) -> Posting:
        """Title, description, location(s), time type, start date, requisition id, remote type."""
        data, url = document.data, document.url
        info: Any = get_path(data, "jobPostingInfo")
        if not isinstance(info, dict):
            raise ParseError(f"workday: no jobPostingInfo in {document.source_url or url}", url=url, field="title")
        found = self.match(url) or {}
        company = first_text(get_path(data, "hiringOrganization", "name"), found.get("tenant"))
        location = first_text(info.get("location"))
        others = [first_text(loc) for loc in info.get("additionalLocations") or []]
        # remoteType is a bare string on some tenants and {"descriptor": "Hybrid", ...} on others.
        remote_type = first_text(get_path(info, "remoteType", "descriptor"), info.get("remoteType"))
        remote = remote_from(remote_type)
        if remote is None and location and "remote" in location.lower():
            remote = True
        website = get_path(data, "hiringOrganization", "url")
        return build_posting(
            url=url,
            source=self.NAME,
            title=info.get("title"),
            company=company,
            company_url=company_site_from_links(([website] if website else []) + links_in(info.get("jobDescription")), company),
            location=location,
            remote=remote,
            employment_type=employment_type(info.get("timeType")),
            date_posted=iso_date(info.get("startDate")),
            description=html_to_text(info.get("jobDescription")),
            extra={
                "job_req_id": info.get("jobReqId"),
                "posted_on": info.get("postedOn"),
                "secondary_locations": [o for o in others if o],
                "country": get_path(info, "country", "descriptor"),
                "remote_type": remote_type,
                "external_url": info.get("externalUrl"),
                "tenant": found.get("tenant"),
                "site": found.get("site"),
            },
        )

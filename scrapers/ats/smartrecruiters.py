"""SmartRecruiters postings (jobs.smartrecruiters.com/<Company>/<id>-<slug>) through the public API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapers.base import Document, Scraper
from scrapers.boards import Board, collect, opening
from scrapers.ats.common import json_object, notes, optional_get, page_base, posting_groups
from scrapers.extract.company import smartrecruiters_page
from scrapers.extract.normalize import company_site_from_links, employment_type, iso_date, links_in
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import build_posting
from scrapers.extract.text import html_to_text
from scrapers.registry import register
from scrapers.types import NamedPerson, Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient

_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
_TAIL = r"/?(?:[?#]\S*)?$"


def _location(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    full = first_text(value.get("fullLocation"))
    if full:
        return full
    country = first_text(value.get("country"))
    parts = [first_text(value.get("city")), first_text(value.get("region")), country.upper() if country and len(country) == 2 else country]
    return ", ".join(p for p in parts if p) or None


@register
class SmartRecruitersScraper(Scraper):
    """api.smartrecruiters.com/v1/companies/<id>/postings/<postingId>; its `creator` is a named person."""

    NAME = "smartrecruiters"
    HOSTS = ("smartrecruiters.com",)
    URL_PATTERNS = (
        r"https?://(?:jobs|careers)\.smartrecruiters\.com/(?P<company>[\w.-]+)/(?P<id>\d+)(?:-[^/?#\s]*)?" + _TAIL,
        r"https?://jobs\.smartrecruiters\.com/(?:oneclick-ui|external-referrals|ni)/company/(?P<company>[\w.-]+)/"
        r"(?:publication|job)/(?P<id>[\w-]+)\S*$",
        r"https?://(?:jobs|careers)\.smartrecruiters\.com/(?!oneclick-ui|external-referrals)(?P<company>[\w.-]+)" + _TAIL,
    )
    EXAMPLE_URLS = (
        "https://jobs.smartrecruiters.com/AcmeCorp/744000012345678-senior-data-engineer",
        "https://jobs.smartrecruiters.com/oneclick-ui/company/AcmeCorp/publication/394949ee-8022-401a-b3bf-8ab88038f91c",
        "https://careers.smartrecruiters.com/AcmeCorp",
    )
    API_ENV = "CRM_SMARTRECRUITERS_API"
    API_DEFAULT = "https://api.smartrecruiters.com"
    # The hosted posting page's header logo links the company's own site; the API gives none.
    PAGE_ENV = "CRM_SMARTRECRUITERS_JOBS"
    PAGE_DEFAULT = "https://jobs.smartrecruiters.com"
    BOARD_KEY, POSTING_KEY, BOARD_EXAMPLE = "company", "id", "https://careers.smartrecruiters.com/<Company>"
    PAGE_SIZE, MAX_PAGES = 100, 20  # the API's largest page; 2,000 postings is more than any board we read

    def fetch_board(self, url: str, client: HttpClient) -> Document:
        """GET /v1/companies/<id>/postings page by page (limit 100, offset) until totalFound are read."""
        company = (self.board_of(url) or {})["company"]
        api = f"{self.api_base()}/v1/companies/{company}/postings"
        pages: list[Any] = []
        offset = 0
        for _page in range(self.MAX_PAGES):
            data = client.get(api, expect="json", params={"limit": str(self.PAGE_SIZE), "offset": str(offset)}).json()
            pages.append(data)
            content = get_path(data, "content", default=[])
            total = get_path(data, "totalFound", default=0)
            offset += len(content) if isinstance(content, list) else 0
            if not content or not isinstance(total, int) or offset >= total:
                break
        return Document(url=url, data=pages, source_url=api, extra={"company": company})

    def parse_board(self, document: Document) -> Board:
        """Each posting's page by its numeric id; releasedDate, department, location with its remote flag."""
        company_id = document.extra.get("company") or (self.board_of(document.url) or {}).get("company", "")
        base = page_base(self.PAGE_ENV, self.PAGE_DEFAULT)
        found, name = [], None
        for page in document.data if isinstance(document.data, list) else []:
            for job in get_path(page, "content", default=[]) or []:
                if not isinstance(job, dict):
                    continue
                name = name or first_text(get_path(job, "company", "name"))
                ident = first_text(get_path(job, "company", "identifier")) or company_id
                remote = get_path(job, "location", "remote")
                found.append(opening(url=f"{base}/{ident}/{job['id']}" if job.get("id") else None, title=job.get("name"),
                                     company=first_text(get_path(job, "company", "name"), company_id), source=self.NAME,
                                     id=job.get("id"), department=get_path(job, "department", "label"),
                                     location=_location(job.get("location")), remote=remote,
                                     posted=job.get("releasedDate")))
        return Board(url=document.url, source=self.NAME, company=name or company_id, openings=collect(found),
                     api_url=document.source_url)

    def fetch(self, url: str, client: HttpClient) -> Document:
        """One posting (by numeric id or publication uuid), then its hosted page for the company's website."""
        found = posting_groups(type(self), url, "id", "SmartRecruiters career site")
        api = f"{self.api_base()}/v1/companies/{found['company']}/postings/{found['id']}"
        job = client.get(api, expect="json").json()
        extra: dict[str, Any] = {}
        number = first_text(get_path(job, "id")) or found["id"]  # the hosted page is keyed by the numeric id
        page_url = f"{page_base(self.PAGE_ENV, self.PAGE_DEFAULT)}/{found['company']}/{number}"
        page = optional_get(client, page_url, "html", extra, "SmartRecruiters posting page")
        if page is not None:
            extra["page"] = page
        return Document(url=url, data=job, source_url=api, extra=extra)

    def parse(self, document: Document) -> Posting:
        """Name, company, location (remote flag), department, jobAd sections, creator."""
        job, url = json_object(document, self.NAME), document.url
        sections = []
        for key in _SECTIONS:
            title = first_text(get_path(job, "jobAd", "sections", key, "title"))
            text = html_to_text(get_path(job, "jobAd", "sections", key, "text"))
            if text:
                sections.append(f"{title}\n\n{text}" if title else text)
        creator = first_text(get_path(job, "creator", "name"))
        people = [NamedPerson(name=creator, role="creator")] if creator else []
        hosted = smartrecruiters_page(document.extra.get("page"), url)
        company = first_text(get_path(job, "company", "name"), hosted.name, (self.match(url) or {}).get("company"))
        about = get_path(job, "jobAd", "sections", "companyDescription", "text")
        remote = get_path(job, "location", "remote")
        return build_posting(
            url=url,
            source=self.NAME,
            title=job.get("name"),
            company=company,
            company_url=hosted.website or company_site_from_links(links_in(about), company),
            department=first_text(get_path(job, "department", "label"), get_path(job, "function", "label")),
            location=_location(job.get("location")),
            remote=remote if isinstance(remote, bool) else None,
            employment_type=employment_type(get_path(job, "typeOfEmployment", "label")),
            date_posted=iso_date(job.get("releasedDate")),
            description="\n\n".join(sections),
            people=people,
            extra={
                "id": job.get("id"),
                "uuid": job.get("uuid"),
                "ref_number": job.get("refNumber"),
                "company_identifier": get_path(job, "company", "identifier"),
                "apply_url": job.get("applyUrl"),
                "posting_url": job.get("postingUrl"),
                "experience_level": get_path(job, "experienceLevel", "label"),
                "industry": get_path(job, "industry", "label"),
                "function": get_path(job, "function", "label"),
                "hybrid": get_path(job, "location", "hybrid"),
                "notes": notes(document),
            },
        )

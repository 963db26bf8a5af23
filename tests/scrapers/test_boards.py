"""Board listings: every board fixture parses to its expected openings; boards read from loopback
servers in each ATS's documented response shape; the careers-page fallback; what a URL that is no
board says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scrapers.base import Document
from scrapers.boards import board_scraper_for, parse_careers_page, read_board
from scrapers.errors import FetchError, NotFoundError, ParseError
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.registry import all_scrapers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCRAPERS = {s.NAME: s for s in all_scrapers()}
CASES = sorted(p for name in SCRAPERS for p in (FIXTURES / name).glob("board-*.meta.json"))
REGEN = "pytest tests/scrapers/test_boards.py --regen-fixtures -k {case}  # then review the diff"


def _board_json(board: Any) -> dict[str, Any]:
    return {"url": board.url, "source": board.source, "company": board.company,
            "openings": [o.to_dict() for o in board.openings]}


def _document(meta_path: Path) -> tuple[Any, Document, Path]:
    case = meta_path.name.split(".", 1)[0]
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    data = json.loads(meta_path.with_name(f"{case}.input.json").read_text(encoding="utf-8"))
    scraper = SCRAPERS[meta_path.parent.name]()
    return scraper, Document(url=meta["url"], data=data, source_url="api", extra=meta.get("extra", {})), \
        meta_path.with_name(f"{case}.expected.json")


def test_every_board_api_has_a_fixture() -> None:
    with_boards = {n for n, s in SCRAPERS.items() if s.BOARD_KEY}
    assert with_boards == {"greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee", "workday"}
    assert {p.parent.name for p in CASES} == with_boards, "add fixtures/<name>/board-<case>.input.json + .meta.json"


@pytest.mark.parametrize("meta_path", CASES, ids=lambda p: f"{p.parent.name}/{p.name.split('.')[0]}")
def test_board_fixture(meta_path: Path, regen: bool) -> None:
    scraper, document, expected_path = _document(meta_path)
    got = _board_json(scraper.parse_board(document))
    if regen or not expected_path.exists():
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(expected_path.read_text(encoding="utf-8")), REGEN.format(case=meta_path.parent.name)


@pytest.mark.parametrize("url, name", [
    ("https://job-boards.greenhouse.io/acme", "greenhouse"),
    ("https://boards.greenhouse.io/acme/jobs/4012345", "greenhouse"),
    ("https://jobs.lever.co/acme", "lever"),
    ("https://jobs.ashbyhq.com/acme", "ashby"),
    ("https://apply.workable.com/acme", "workable"),
    ("https://careers.smartrecruiters.com/AcmeCorp", "smartrecruiters"),
    ("https://acme.recruitee.com/", "recruitee"),
    ("https://acme.wd5.myworkdayjobs.com/en-US/External", "workday"),
    ("https://www.acme.example/careers", None),
])
def test_board_urls_find_their_scraper(url: str, name: str | None) -> None:
    found = board_scraper_for(url)
    assert (found.NAME if found else None) == name


def _client() -> HttpClient:
    return HttpClient(HttpSettings(delay=0, retries=0, allow_private=True, ignore_robots=True), sleep=lambda s: None)


def _fixture(name: str) -> str:
    return (FIXTURES / name / "board-acme.input.json").read_text(encoding="utf-8")


def test_greenhouse_board_from_a_loopback_api(monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalServer({"/v1/boards/acme/jobs": Reply(_fixture("greenhouse"), content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_GREENHOUSE_API", api.url("").rstrip("/"))
        with _client() as client:
            board = read_board("https://job-boards.greenhouse.io/acme", client)
    assert board.company == "Acme Robotics"
    assert [o.url for o in board.openings][:1] == ["https://job-boards.greenhouse.io/acme/jobs/4012345"]
    assert api.requests == ["/v1/boards/acme/jobs", "/v1/boards/acme/departments"]


def test_lever_board_from_a_loopback_api(monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalServer({"/v0/postings/acme?mode=json": Reply(_fixture("lever"), content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_LEVER_API", api.url("").rstrip("/"))
        with _client() as client:
            board = read_board("https://jobs.lever.co/acme", client)
    assert [o.title for o in board.openings] == ["Platform Engineer", "Data Analyst"]


def test_ashby_board_from_a_loopback_api(monkeypatch: pytest.MonkeyPatch) -> None:
    route = "/posting-api/job-board/acme?includeCompensation=true"
    with LocalServer({route: Reply(_fixture("ashby"), content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_ASHBY_API", api.url("").rstrip("/"))
        with _client() as client:
            board = read_board("https://jobs.ashbyhq.com/acme", client)
    assert [o.title for o in board.openings] == ["Product Designer", "Staff Engineer"]  # the unlisted one is not open


def test_workday_board_is_a_post_to_the_cxs_search(monkeypatch: pytest.MonkeyPatch) -> None:
    page = json.loads(_fixture("workday"))[0]
    with LocalServer({"/wday/cxs/acme/External/jobs": Reply(json.dumps(page), content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_WORKDAY_API", api.url("").rstrip("/"))
        with _client() as client:
            board = read_board("https://acme.wd5.myworkdayjobs.com/en-US/External", client)
    assert api.received[0].method == "POST"
    assert json.loads(api.received[0].body) == {"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": ""}
    assert board.openings[1].url == "https://acme.wd5.myworkdayjobs.com/en-US/External/job/Remote-USA/Product-Designer_JR-01299"
    assert board.openings[1].remote is True


@pytest.mark.parametrize("status, kind, words", [(404, NotFoundError, "no board at"), (503, FetchError, "failing")])
def test_a_board_api_that_fails_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch, status: int, kind: type,
                                                    words: str) -> None:
    with LocalServer({"/v0/postings/gone?mode=json": Reply("{}", status=status, content_type="application/json")}) as api:
        monkeypatch.setenv("CRM_LEVER_API", api.url("").rstrip("/"))
        with _client() as client, pytest.raises(kind) as error:
            read_board("https://jobs.lever.co/gone", client)
    assert words in str(error.value) and "\n" not in str(error.value)


CAREERS = """<!doctype html><html><head><title>Careers | Globex</title>
<meta property="og:site_name" content="Globex">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "JobPosting", "title": "Field Engineer", "url": "/careers/field-engineer", "datePosted": "2026-08-01",
  "hiringOrganization": {"@type": "Organization", "name": "Globex"},
  "jobLocation": {"@type": "Place", "address": {"addressLocality": "Oslo", "addressCountry": "NO"}}},
 {"@type": "JobPosting", "title": "Buyer", "url": "https://globex.example/careers/buyer", "datePosted": "2026-11-20",
  "jobLocationType": "TELECOMMUTE", "hiringOrganization": {"@type": "Organization", "name": "Globex"}}]}</script>
</head><body><nav><a href="/">Home</a><a href="/careers/">Careers</a></nav><main><h1>Open roles</h1></main>
<footer><a href="/privacy">Privacy</a></footer></body></html>"""

LINKS = """<!doctype html><html><head><title>Join Initech</title></head><body>
<header><nav><a href="/">Home</a> <a href="/jobs/">Jobs</a> <a href="/jobs/benefits">Benefits</a></nav></header>
<main><section class="openings"><ul>
 <li><a class="job-link" href="/jobs/tps-report-analyst"><span>TPS Report Analyst</span></a> <small>Austin</small></li>
 <li><a href="https://jobs.lever.co/initech/5ac21346-8e0c-4494-8e7a-3eb92ff77902">Printer Technician</a></li>
 <li><a href="https://jobs.lever.co/initech">All jobs on Lever</a></li>
</ul></section></main><footer><a href="/jobs/faq">FAQ</a></footer><script>window.x = 1;</script></body></html>"""


def test_a_careers_page_with_jobpostings() -> None:
    board = parse_careers_page(CAREERS, "https://globex.example/careers/")
    assert [(o.title, o.url, o.posted, o.remote) for o in board.openings] == [
        ("Field Engineer", "https://globex.example/careers/field-engineer", "2026-08-01", None),
        ("Buyer", "https://globex.example/careers/buyer", "2026-11-20", True)]


def test_a_careers_page_with_links_to_postings() -> None:
    board = parse_careers_page(LINKS, "https://initech.example/jobs/")
    assert [(o.title, o.source) for o in board.openings] == [("TPS Report Analyst", "careers"), ("Printer Technician", "lever")]


def test_a_page_that_is_no_board_names_the_boards_crm_knows() -> None:
    with pytest.raises(ParseError) as error:
        parse_careers_page("<html><body><p>Hello</p></body></html>", "https://example.org/")
    assert "https://jobs.lever.co/<company>" in str(error.value) and "JobPosting" in str(error.value)


@pytest.mark.realworld
def test_real_ashby_boards_list_every_listed_job_as_a_posting_url_crm_reads(realworld: Path) -> None:
    from scrapers.ats.ashby import AshbyScraper

    files = sorted((realworld / "ats" / "ashby").glob("*.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        board = AshbyScraper().parse_board(Document(url=f"https://jobs.ashbyhq.com/{path.stem}", data=data,
                                                    source_url="api", extra={"board": path.stem}))
        listed = [j for j in data["jobs"] if j.get("isListed") is not False]
        assert len(board.openings) == len(listed), path.name
        assert all(o.title and o.posted and AshbyScraper.names_posting(o.url) for o in board.openings), path.name

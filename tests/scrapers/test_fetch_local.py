"""Every scraper end to end: fetch through the real client from LocalServer on 127.0.0.1, then parse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from scrapers.errors import InvalidURL, NotFoundError
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.registry import all_scrapers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCRAPERS = {s.NAME: s for s in all_scrapers()}
CASES = sorted(p for name in SCRAPERS for p in (FIXTURES / name).glob("*.input.*")
               if not p.with_name(p.name.split(".", 1)[0] + ".meta.json").exists())  # boards: test_boards.py
PAGE_SCRAPERS = {"generic"}  # served at a local URL: the site-derived fields differ

# Where each scraper must ask for a posting, from its URL's named groups ("extra" companions beside).
API_PATHS: dict[str, Callable[[dict[str, str]], str]] = {
    "greenhouse": lambda m: f"/v1/boards/{m['token']}/jobs/{m['id']}",
    "lever": lambda m: f"/v0/postings/{m['company']}/{m['id']}",
    "ashby": lambda m: f"/posting-api/job-board/{m['board']}",
    "workable": lambda m: f"/api/v2/accounts/{m['account']}/jobs/{m['shortcode']}",
    "smartrecruiters": lambda m: f"/v1/companies/{m['company']}/postings/{m['id']}",
    "recruitee": lambda m: f"/api/offers/{m['slug']}",
    "workday": lambda m: f"/wday/cxs/{m['tenant']}/{m['site']}/{m['path']}",
}
# Companion files `<case>.<key>.<ext>`, served where fetch asks for them (pages and APIs share one server).
EXTRA_PATHS: dict[str, Callable[[dict[str, str]], str]] = {
    "board": lambda m: f"/v1/boards/{m['token']}",
    "account": lambda m: f"/api/v1/widget/accounts/{m['account']}",
    "profile": lambda m: f"/api/v1/accounts/{m['account']}",
    "page": lambda m: f"/{m['company']}/{m['id']}",
    "boardpage": lambda m: f"/{m['board']}",
}
PAGE_ENVS = ("PAGE_ENV", "EU_PAGE_ENV")  # hosted pages on another host than the API


def _case(path: Path) -> tuple[str, str]:
    return path.parent.name, path.name.split(".", 1)[0]


def _expected(path: Path) -> dict[str, Any]:
    name, case = _case(path)
    return json.loads((FIXTURES / name / f"{case}.expected.json").read_text(encoding="utf-8"))


def _reply(path: Path) -> Reply:
    kind = "application/json" if path.suffix == ".json" else "text/html; charset=utf-8"
    return Reply(path.read_bytes(), content_type=kind)


@pytest.fixture
def client() -> HttpClient:
    """The real client, with no waiting between requests."""
    with HttpClient(HttpSettings.from_env(delay=0), sleep=lambda seconds: None) as http:
        yield http


def _point_apis_at(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for scraper in SCRAPERS.values():
        for var in (scraper.API_ENV, getattr(scraper, "EU_API_ENV", None), *(getattr(scraper, v, None) for v in PAGE_ENVS)):
            if var:
                monkeypatch.setenv(var, server.base_url)


@pytest.mark.parametrize("input_path", [c for c in CASES if c.parent.name not in PAGE_SCRAPERS], ids=lambda p: "/".join(_case(p)))
def test_api_scraper_fetches_and_parses(input_path: Path, client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    name, case = _case(input_path)
    scraper = SCRAPERS[name]()
    expected = _expected(input_path)
    url = expected["url"]
    groups = scraper.match(url) or {}
    site_page = "token" not in groups and name == "greenhouse"  # a gh_jid link: the page names the board
    if site_page:
        groups = {**groups, "token": "northwind"}
    routes = {API_PATHS[name](groups): _reply(input_path)}
    for companion in input_path.parent.glob(f"{case}.*.*"):
        key = companion.name.split(".")[1]
        if key in EXTRA_PATHS:
            routes[EXTRA_PATHS[key](groups)] = _reply(companion)
    with LocalServer(routes) as server:
        _point_apis_at(server, monkeypatch)
        if site_page:
            server.routes["/careers"] = Reply(
                '<html><body><div id="grnhse_app"></div><script src="https://boards.greenhouse.io/embed/job_board/js?'
                'for=northwind"></script></body></html>'
            )
            url = server.url("/careers?gh_jid=" + groups["id"])
        posting = scraper.parse(scraper.fetch(url, client))
    got = json.loads(json.dumps(posting.to_dict()))
    # A companion the case lacks is a 404 here: the posting stands, with a note saying so.
    for note in got["extra"].pop("notes", []):
        assert "not read: not found" in note, note
    if site_page:
        assert got.pop("company_url") == server.base_url  # the company site is where the link was
        expected = {k: v for k, v in expected.items() if k != "company_url"}
        got["url"], expected["url"] = url, url
        expected["extra"] = {**expected["extra"], "board_token": "northwind"}
    assert got == expected
    assert any(r.startswith(API_PATHS[name](groups)) for r in server.requests)
    if name == "ashby":
        assert any("includeCompensation=true" in r for r in server.requests)


@pytest.mark.parametrize("input_path", [c for c in CASES if c.parent.name in PAGE_SCRAPERS], ids=lambda p: "/".join(_case(p)))
def test_page_scraper_fetches_and_parses(input_path: Path, client: HttpClient) -> None:
    name, case = _case(input_path)
    scraper = SCRAPERS[name]()
    expected = _expected(input_path)
    with LocalServer({f"/jobs/{case}": _reply(input_path)}) as server:
        url = server.url(f"/jobs/{case}")
        posting = scraper.parse(scraper.fetch(url, client))
    assert posting.url == url
    if case == "bare-title":  # no name on the page, and an IP address is no company's name
        assert posting.company == ""
    assert posting.company_url in (server.base_url, expected["company_url"])
    for key in ("source", "title", "description", "people", "reports_to", "date_posted", "location", "remote"):
        assert json.loads(json.dumps(posting.to_dict()[key])) == expected[key], key


def test_ashby_job_gone_from_board_is_not_found(client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    board = {"jobs": [], "apiVersion": "1"}
    with LocalServer({"/posting-api/job-board/lumenlabs": Reply(json.dumps(board), content_type="application/json")}) as server:
        _point_apis_at(server, monkeypatch)
        with pytest.raises(NotFoundError):
            SCRAPERS["ashby"]().fetch("https://jobs.ashbyhq.com/lumenlabs/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c", client)


def test_closed_posting_is_not_found(client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    with LocalServer({}) as server:  # every path answers 404
        _point_apis_at(server, monkeypatch)
        with pytest.raises(NotFoundError):
            SCRAPERS["lever"]().fetch("https://jobs.lever.co/paperplane/5ac21346-8e0c-4494-8e7a-3eb92ff77902", client)


@pytest.mark.parametrize("name", ["greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee", "workday"])
def test_board_url_is_not_a_posting(name: str, client: HttpClient) -> None:
    board = next(u for u in SCRAPERS[name].EXAMPLE_URLS if not {"id", "shortcode", "slug", "path"} & set(SCRAPERS[name].match(u) or {}))
    with pytest.raises(InvalidURL, match="not"):
        SCRAPERS[name]().fetch(board, client)


def test_ashby_jid_link_reads_the_board_from_the_company_page(client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    board = (FIXTURES / "ashby" / "rich.input.json").read_bytes()
    page = '<html><body><script src="https://jobs.ashbyhq.com/lumenlabs/embed?version=2"></script></body></html>'
    routes = {"/posting-api/job-board/lumenlabs": Reply(board, content_type="application/json"), "/careers": Reply(page)}
    with LocalServer(routes) as server:
        _point_apis_at(server, monkeypatch)
        url = server.url("/careers?ashby_jid=3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c")
        scraper = SCRAPERS["ashby"]()
        posting = scraper.parse(scraper.fetch(url, client))
    assert (posting.title, posting.company, posting.url) == ("Senior Backend Engineer (Ingest)", "lumenlabs", url)
    assert posting.company_url == "https://lumenlabs.dev"  # the description links the company's own site


class _Recorder:
    """Stands in for the client: records each URL asked for and answers a 404."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def get(self, url: str, *, expect: str = "html", params: dict | None = None, headers: dict | None = None) -> None:
        self.urls.append(url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""))
        raise NotFoundError("recorded", url=url, status_code=404)


@pytest.mark.parametrize(
    ("url", "env", "api"),
    [
        ("https://jobs.eu.lever.co/kanso/0f5d6a4e-1c2b-4d3e-9f8a-7b6c5d4e3f2a", {},
         "https://api.eu.lever.co/v0/postings/kanso/0f5d6a4e-1c2b-4d3e-9f8a-7b6c5d4e3f2a"),
        ("https://jobs.eu.lever.co/kanso/0f5d6a4e-1c2b-4d3e-9f8a-7b6c5d4e3f2a", {"CRM_LEVER_EU_API": "http://mirror:9/"},
         "http://mirror:9/v0/postings/kanso/0f5d6a4e-1c2b-4d3e-9f8a-7b6c5d4e3f2a"),
        ("https://job-boards.eu.greenhouse.io/acme/jobs/42", {}, "https://boards-api.greenhouse.io/v1/boards/acme/jobs/42"),
        ("https://jobs.ashbyhq.com/acme/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c", {},
         "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true"),
        ("https://apply.workable.com/acme/j/4F2E1D0C9B/", {}, "https://apply.workable.com/api/v2/accounts/acme/jobs/4F2E1D0C9B"),
        ("https://jobs.smartrecruiters.com/AcmeCorp/744000012345678-data-engineer", {},
         "https://api.smartrecruiters.com/v1/companies/AcmeCorp/postings/744000012345678"),
        ("https://acme.recruitee.com/o/backend-engineer", {}, "https://acme.recruitee.com/api/offers/backend-engineer"),
        ("https://acme.recruitee.com/o/backend-engineer", {"CRM_RECRUITEE_API": "http://127.0.0.1:8080"},
         "http://127.0.0.1:8080/api/offers/backend-engineer"),
        ("https://acme.wd5.myworkdayjobs.com/en-US/External/job/Austin-TX/Data-Engineer_JR-1", {},
         "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/job/Austin-TX/Data-Engineer_JR-1"),
        ("https://acme.wd5.myworkdayjobs.com/External/details/Data-Engineer_JR-1?q=x", {"CRM_WORKDAY_API": "http://127.0.0.1:8080"},
         "http://127.0.0.1:8080/wday/cxs/acme/External/job/Data-Engineer_JR-1"),
        ("https://wd3.myworkdaysite.com/recruiting/acme/External/job/Berlin/Engineer_JR1", {},
         "https://wd3.myworkdaysite.com/wday/cxs/acme/External/job/Berlin/Engineer_JR1"),
    ],
)
def test_api_endpoint_built_from_the_url_and_env(url: str, env: dict[str, str], api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    recorder = _Recorder()
    scraper = next(s for s in all_scrapers() if not s.GENERIC and s.suitable(url))()
    with pytest.raises(NotFoundError):
        scraper.fetch(url, recorder)
    assert recorder.urls[0] == api


def test_the_local_server_answers_keep_alive_requests_without_nagle_stalls() -> None:
    # Without TCP_NODELAY each keep-alive reply waits ~40 ms for the client's delayed ACK: every
    # lookup figure measured against this server would carry that stall.
    with LocalServer({"/": Reply("<p>hi</p>")}) as server:
        assert server._httpd.RequestHandlerClass.disable_nagle_algorithm is True

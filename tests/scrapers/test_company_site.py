"""ATS postings name the company and its own website from the board's hosted pages, and survive without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.extract.company import ashby_app_data, ashby_page, lever_page, smartrecruiters_page, website
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.registry import all_scrapers, board_hosts
from scrapers.registry import is_board_host as is_ats_host
from scrapers.team.lookup import lookup

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCRAPERS = {s.NAME: s for s in all_scrapers()}
LEVER_URL = "https://jobs.lever.co/paperplane/5ac21346-8e0c-4494-8e7a-3eb92ff77902"
ASHBY_URL = "https://jobs.ashbyhq.com/lumenlabs/3f1c2a9e-7b8d-4e6f-a5c4-1d2e3f4a5b6c"
SR_URL = "https://jobs.smartrecruiters.com/DPDGroupUK1/744000099999999-warehouse-operative-nights"
WORKABLE_URL = "https://apply.workable.com/olivera-foods/j/4F2E1D0C9B/"

# Per ATS: the posting URL, the API route with its fixture, and the hosted page (or account) route.
CASES = {
    "lever": (LEVER_URL, "/v0/postings/paperplane/5ac21346-8e0c-4494-8e7a-3eb92ff77902", "lever/rich.input.json",
              "/paperplane/5ac21346-8e0c-4494-8e7a-3eb92ff77902", "paperplane"),
    "ashby": (ASHBY_URL, "/posting-api/job-board/lumenlabs", "ashby/rich.input.json", "/lumenlabs", "lumenlabs"),
    "smartrecruiters": (SR_URL, "/v1/companies/DPDGroupUK1/postings/744000099999999", "smartrecruiters/minimal.input.json",
                        "/DPDGroupUK1/744000099999999", "DPD UK"),
    "workable": (WORKABLE_URL, "/api/v2/accounts/olivera-foods/jobs/4F2E1D0C9B", "workable/rich.input.json",
                 "/api/v1/accounts/olivera-foods", "olivera-foods"),
}


def _json(path: str) -> Reply:
    return Reply((FIXTURES / path).read_bytes(), content_type="application/json")


@pytest.fixture
def client() -> HttpClient:
    """The real client with no waiting (retries included)."""
    with HttpClient(HttpSettings.from_env(delay=0), sleep=lambda seconds: None) as http:
        yield http


def _point_at(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for scraper in SCRAPERS.values():
        for attr in ("API_ENV", "EU_API_ENV", "PAGE_ENV", "EU_PAGE_ENV"):
            if getattr(scraper, attr, None):
                monkeypatch.setenv(getattr(scraper, attr), server.base_url)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ({}, "not found"),  # every other path answers 404
        ({"/robots.txt": Reply("User-agent: *\nDisallow: /paperplane/\nDisallow: /lumenlabs\nDisallow: /DPDGroupUK1/\n"
                               "Disallow: /api/v1/accounts/\nDisallow: /api/v1/widget/\n", content_type="text/plain")},
         "robots.txt"),
        ({"page": Reply("boom", status=503)}, "HTTP 503"),
    ],
    ids=["404", "robots", "503"],
)
def test_a_failed_extra_request_keeps_the_posting(name: str, fault: dict, why: str, client: HttpClient,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    url, api, fixture, page, fallback_name = CASES[name]
    routes = {api: _json(fixture), **{k: v for k, v in fault.items() if k != "page"}}
    if "page" in fault:
        routes[page] = fault["page"]
        routes["/api/v1/widget/accounts/olivera-foods"] = fault["page"]
    with LocalServer(routes) as server:
        _point_at(server, monkeypatch)
        scraper = SCRAPERS[name]()
        posting = scraper.parse(scraper.fetch(url, client))
    assert posting.company == fallback_name
    assert posting.company_url is None or not is_ats_host(posting.company_url)
    assert posting.extra["notes"] and all(why in note for note in posting.extra["notes"]), posting.extra["notes"]
    asked = [r for r in server.requests if r != "/robots.txt"]
    assert len(set(asked)) - 1 <= 2, asked  # the API call plus at most two extra pages (a 503 is retried)
    assert not any(r.startswith(page) for r in asked) or why != "robots.txt"  # a refusal is never fetched


@pytest.mark.parametrize("name", sorted(CASES))
def test_extra_requests_stay_within_two(name: str, client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    url, api, fixture, page, _ = CASES[name]
    extras = {"lever": "lever/rich.page.html", "ashby": "ashby/rich.boardpage.html",
              "smartrecruiters": "smartrecruiters/minimal.page.html", "workable": "workable/rich.profile.json"}
    body = (FIXTURES / extras[name]).read_bytes()
    kind = "application/json" if extras[name].endswith(".json") else "text/html; charset=utf-8"
    with LocalServer({api: _json(fixture), page: Reply(body, content_type=kind)}) as server:
        _point_at(server, monkeypatch)
        scraper = SCRAPERS[name]()
        posting = scraper.parse(scraper.fetch(url, client))
    assert [r for r in server.requests if r != "/robots.txt"] == [api, page] if name != "ashby" else [
        api + "?includeCompensation=true", page]
    assert posting.company_url and not is_ats_host(posting.company_url)
    assert "notes" not in posting.extra


def test_lookup_reaches_the_site_the_lever_page_links(client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole flow: a Lever URL whose API names nobody, the hosted page links home, lookup reads the team there."""
    job = json.loads((FIXTURES / "lever" / "rich.input.json").read_text(encoding="utf-8"))
    job["text"], job["description"], job["additional"] = "Software Engineer, Lab Integrations", "<p>Build it.</p>", ""
    api, page = CASES["lever"][1], CASES["lever"][3]
    with LocalServer({api: Reply(json.dumps(job), content_type="application/json")},
                     root=FIXTURES / "lookup" / "auroralabs" / "site") as server:
        server.routes[page] = Reply(
            "<html><head><title>Aurora Labs - Software Engineer, Lab Integrations</title></head><body>"
            f'<div class="main-footer-text page-centered"><p><a href="{server.base_url}/">Aurora Labs Home Page</a></p>'
            '<a href="https://lever.co/">Jobs powered by Lever</a></div></body></html>'
        )
        _point_at(server, monkeypatch)
        result = lookup(LEVER_URL, client)
    assert (result.posting.company, result.company_url) == ("Aurora Labs", server.base_url)
    assert "no company website known: pass --company-url" not in result.notes
    assert "Jun Watanabe" in [c.name for c in result.candidates]


# -- the pure readers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a class="main-header-logo" href="/paperplane"><img alt="Paper Plane logo"></a>', ("Paper Plane", None)),
        ('<div class="main-header-logo"><a href="https://jobs.lever.co/paperplane"><img alt="Paper Plane logo"></a></div>',
         ("Paper Plane", None)),
        ('<div class="main-header-logo"><a href="https://www.paperplane.com/"><img alt="x"></a></div>',
         (None, "https://www.paperplane.com")),
        ('<title>Paper Plane - Designer</title><div class="main-footer-text"><p><a href="https://pp.example/">'
         "Paper Plane Home Page</a></p></div>", ("Paper Plane", "https://pp.example")),
        ('<title>Paper Plane - Careers</title><div class="main-footer-text"><a href="https://pp.example/x">Paper Plane, Inc. Home Page</a>'
         "</div>", ("Paper Plane, Inc.", "https://pp.example")),  # the <title> does not end with the job title
        ("<title>Senior Product Designer</title>", (None, None)),
    ],
    ids=["relative-board-link", "board-link-alt-name", "logo-site", "title-and-footer", "footer-name", "bare-title"],
)
def test_lever_page_reader(html: str, expected: tuple) -> None:
    found = lever_page(html, LEVER_URL, "Designer")
    assert (found.name, found.website) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script>window.__appData = {"organization":{"name":"Ramp","publicWebsite":"https://ramp.com"},'
         '"x":"a } brace"};</script>', ("Ramp", "https://ramp.com")),
        ('<title>Ramp Jobs</title><script>window.__appData = {"organization":null};</script>', ("Ramp", None)),
        ("<title>Jobs</title><script>window.__appData = {broken</script>", (None, None)),
        ('<script>window.__appData={"organization":{"name":"X","publicWebsite":"https://jobs.ashbyhq.com/x"}}</script>',
         ("X", None)),
        ("", (None, None)),
    ],
    ids=["app-data", "title-only", "bare-shell", "ats-website", "empty"],
)
def test_ashby_page_reader(html: str, expected: tuple) -> None:
    found = ashby_page(html)
    assert (found.name, found.website) == expected


def test_ashby_app_data_stops_at_its_own_brace() -> None:
    html = '<script>window.__appData = {"a": {"b": "}"}}; window.other = {"c": 1};</script>'
    assert ashby_app_data(html) == {"a": {"b": "}"}}


def test_smartrecruiters_page_reader_prefers_the_logo_link_then_json_ld() -> None:
    ld = ('<script type="application/ld+json">{"@type":"JobPosting","title":"T","hiringOrganization":'
          '{"@type":"Organization","name":"Acme","sameAs":"https://acme.example/about"}}</script>')
    assert smartrecruiters_page(ld, SR_URL).website == "https://acme.example"
    logo = '<span class="header-logo logo"><a href="https://careers.smartrecruiters.com/Acme"><img alt="Acme logo"></a></span>'
    found = smartrecruiters_page(logo + ld, SR_URL)
    assert (found.name, found.website) == ("Acme", "https://acme.example")  # the board link is no website


HOSTS = st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8}){0,2}", fullmatch=True)


@settings(max_examples=80, deadline=None)
@given(label=HOSTS, ats=st.sampled_from(sorted(board_hosts())), path=st.from_regex(r"(/[a-z0-9]{1,6}){0,3}/?", fullmatch=True))
def test_a_website_is_never_an_ats_host(label: str, ats: str, path: str) -> None:
    assert website(f"https://{label}.{ats}{path}") is None
    assert website(f"https://{ats}{path}") is None
    assert website(path or "/", "https://jobs.lever.co/acme/1") is None  # relative links stay on the board
    assert website(f"https://{label}.example{path}") == f"https://{label}.example"
    assert website(f"//{label.split('.')[0]}{path}", "https://jobs.lever.co/acme/1") is None  # no dot: no public site


def test_workable_falls_back_to_the_widget_for_the_name(client: HttpClient, monkeypatch: pytest.MonkeyPatch) -> None:
    url, api, fixture, _, _ = CASES["workable"]
    widget = {"name": "Olivera Foods S.A.", "description": "<p>Food distribution.</p>", "jobs": []}
    routes = {api: _json(fixture),
              "/api/v1/widget/accounts/olivera-foods": Reply(json.dumps(widget), content_type="application/json")}
    with LocalServer(routes) as server:  # the account profile answers 404
        _point_at(server, monkeypatch)
        scraper = SCRAPERS["workable"]()
        posting = scraper.parse(scraper.fetch(url, client))
    assert posting.company == "Olivera Foods S.A."
    assert posting.company_url == "https://www.oliverafoods.gr"  # from the description, by the name
    assert len(posting.extra["notes"]) == 1 and "account profile not read" in posting.extra["notes"][0]

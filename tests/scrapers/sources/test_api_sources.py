"""GitHub and Hunter against loopback servers answering in their documented shapes: pagination, rate
limits, a rejected key (one Error line, the key never printed), empty organisations, malformed JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from crm.cli import cli
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.sources.api import KeyRejected, next_link
from scrapers.sources.github import from_profile, org_links, title_from_profile
from scrapers.sources.hunter import parse_domain_search
from scrapers.team.lookup import lookup
from tests.scrapers.sources.fakeapi import FakeGitHub, json_reply

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
GITHUB = json.loads((FIXTURES / "github" / "members-and-profiles.input.json").read_text(encoding="utf-8"))
HUNTER = json.loads((FIXTURES / "hunter" / "domain-search-acme.input.json").read_text(encoding="utf-8"))
TOKEN = "ghp_secretTOKEN0123456789"
KEY = "hunter-secret-key-42"

POSTING = {"@context": "https://schema.org/", "@type": "JobPosting", "title": "Robotics Software Engineer",
           "description": "<p>Build perception software for our forklifts.</p>", "datePosted": "2026-11-20",
           "hiringOrganization": {"@type": "Organization", "name": "Acme Robotics", "url": "/"}}


def _page(body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>Acme Robotics</title>{head}</head><body><header><nav>"
            f"<a href='/'>Home</a><a href='/product'>Product</a></nav></header><main>{body}</main>"
            f"<footer><a href='https://github.com/features'>GitHub features</a> <a href='https://github.com/acme-robotics'>"
            f"GitHub</a> <a href='https://github.com/acme-robotics/forklift-sim'>forklift-sim</a> "
            f"<span>press@acme-robotics.example</span></footer></body></html>")


@pytest.fixture
def site():
    routes = {"/": Reply(_page("<h1>Autonomous forklifts</h1><p>We are 80 people in Boston.</p>")),
              "/careers/robotics": Reply(_page("<h1>Robotics Software Engineer</h1>",
                                               f"<script type='application/ld+json'>{json.dumps(POSTING)}</script>"))}
    with LocalServer(routes) as server:
        yield server


def _lookup(site: LocalServer, env: dict[str, str], sources: tuple[str, ...], max_api_calls: int = 12):
    with HttpClient(HttpSettings(delay=0, retries=0), sleep=lambda s: None) as client:
        return lookup(site.url("/careers/robotics"), client, sources=sources, env=env, max_api_calls=max_api_calls)


# -- pure parts ---------------------------------------------------------------------------------------

def test_documented_shapes_read_as_people(regen: bool) -> None:
    """Hunter's data.emails[] and GitHub's users/{login} against their expected.json."""
    people, total = parse_domain_search(HUNTER, url="https://api.hunter.io/v2/domain-search?domain=acme-robotics.example")
    hunter = {"total": total, "people": [{"name": p.name, "title": p.title, "email": p.email, "verified": p.email_verified,
                                          "section": p.section, "words": p.evidence[0].words} for p in people]}
    github = []
    for login in GITHUB["users"]:
        person = from_profile(GITHUB["users"][login], GITHUB["org"], "Acme Robotics")
        github.append(None if person is None else {"name": person.name, "title": person.title,
                                                   "evidence": [e.words for e in person.evidence]})
    for name, found in (("hunter/domain-search-acme", hunter), ("github/members-and-profiles", github)):
        expected_file = FIXTURES / f"{name}.expected.json"
        if regen:
            expected_file.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        assert found == json.loads(expected_file.read_text(encoding="utf-8")), \
            f"{name}: reading differs; run pytest {__file__} --regen-fixtures and review the diff"


def test_org_comes_only_from_links_never_from_the_name() -> None:
    page = _page("")
    assert org_links([("https://acme-robotics.example/", page)]) == ["acme-robotics"]
    assert org_links([("https://acme-robotics.example/", "<a href='https://github.com/login'>Sign in</a>")]) == []
    post = "<article><a href='https://github.com/apache'>Apache</a> <a href='https://github.com/apache/kafka'>Kafka</a></article>"
    assert org_links([("https://acme-robotics.example/blog/kafka", post), ("https://acme-robotics.example/", page)]) == [
        "acme-robotics", "apache"]


@pytest.mark.parametrize(("bio", "company_line", "title"), [
    ("Engineering Manager at Acme Robotics", None, "Engineering Manager"),
    ("Staff Engineer @acme-robotics | ROS", None, "Staff Engineer"),
    ("CTO @acme-robotics", "@acme-robotics", "CTO"),
    ("Engineering Manager at Initech", None, ""),  # another company's job
    ("I build robots", "Acme Robotics", ""),  # says where, not what
])
def test_a_bio_gives_a_title_only_when_it_states_one(bio: str, company_line: str | None, title: str) -> None:
    assert title_from_profile(bio, company_line or "", "Acme Robotics", "acme-robotics") == title


def test_link_header_pagination() -> None:
    assert next_link({"link": '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'}) \
        == "https://api.github.com/x?page=2"
    assert next_link({"link": '<https://api.github.com/x?page=1>; rel="prev"'}) is None
    assert next_link({}) is None


# -- GitHub over loopback --------------------------------------------------------------------------------

def test_github_members_and_profiles(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB, per_page=2)  # three pages of members, followed through the Link header
    with api.server:
        result = _lookup(site, {"CRM_GITHUB_API": api.server.base_url}, ("team", "posting", "github"))
    names = {c.name: c for c in result.candidates}
    assert {"Dana Wells", "Jose Nunez", "Kim Lee"} <= set(names) and "moonlight" not in names
    assert names["Dana Wells"].title == "VP of Engineering"
    assert any("member of the company's GitHub organisation (acme-robotics)" in r for r in names["Dana Wells"].reasons)
    member_pages = [p for p in api.server.requests if "public_members" in p]
    assert len(member_pages) == 3 and result.api_calls == 3 + 5
    assert "github: read 5 of 5 public member profiles of acme-robotics" in result.notes
    assert result.requests <= 9 and not any("github" in p for p in result.pages)  # API calls are counted apart
    assert "Authorization" not in api.server.received[0].headers  # GITHUB_TOKEN is optional


def test_github_token_is_sent_as_a_bearer_header(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB)
    with api.server:
        _lookup(site, {"CRM_GITHUB_API": api.server.base_url, "GITHUB_TOKEN": TOKEN}, ("team", "github"))
    assert all(r.headers.get("Authorization") == f"Bearer {TOKEN}" for r in api.server.received)
    assert all(TOKEN not in r.path for r in api.server.received)


def test_github_rate_limit_is_read_from_the_headers_and_never_overrun(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB, limit=3)  # the members page and two profiles, then Remaining: 0
    with api.server:
        result = _lookup(site, {"CRM_GITHUB_API": api.server.base_url}, ("team", "github"))
    assert len(api.server.requests) == 3  # no call made once the headers said nothing was left
    note = next(n for n in result.notes if n.startswith("github: read"))
    assert note.startswith("github: read 2 of 5 public member profiles of acme-robotics: GitHub rate limit reached until")
    assert note.endswith("UTC")


def test_github_403_stops_the_source_not_the_lookup(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB, status=403)
    with api.server:
        result = _lookup(site, {"CRM_GITHUB_API": api.server.base_url}, ("team", "github"))
    assert any("GitHub refused more calls (HTTP 403): rate limit reached" in n for n in result.notes)
    assert result.posting.title == "Robotics Software Engineer"


def test_the_api_budget_bounds_the_profiles_read(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB)
    with api.server:
        result = _lookup(site, {"CRM_GITHUB_API": api.server.base_url}, ("team", "github"), max_api_calls=3)
    assert result.api_calls == 3 and len(api.server.requests) == 3
    assert any(n.startswith("github: read 2 of 5 public member profiles of acme-robotics: stopped at the API call budget")
               for n in result.notes)


def test_empty_organisation_and_malformed_json_are_notes(site: LocalServer) -> None:
    empty = FakeGitHub({**GITHUB, "public_members": []})
    with empty.server:
        result = _lookup(site, {"CRM_GITHUB_API": empty.server.base_url}, ("team", "github"))
    assert "github: acme-robotics shows no public members" in result.notes and result.candidates == ()
    broken = FakeGitHub(GITHUB, members_body='[{"login": "dwells",')
    with broken.server:
        result = _lookup(site, {"CRM_GITHUB_API": broken.server.base_url}, ("team", "github"))
    assert any(n.startswith("github: GitHub answered with malformed JSON at ") for n in result.notes)


def test_a_rejected_token_is_one_error_line_without_the_token(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB, status=401)
    with api.server:
        with pytest.raises(KeyRejected):
            _lookup(site, {"CRM_GITHUB_API": api.server.base_url, "GITHUB_TOKEN": TOKEN}, ("team", "github"))
        result = CliRunner().invoke(cli, ["lookup", site.url("/careers/robotics"), "--sources", "team,github"],
                                    env={"CRM_GITHUB_API": api.server.base_url, "GITHUB_TOKEN": TOKEN,
                                         "CRM_HTTP_DELAY": "0"})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: GitHub refused the API key (HTTP 401): check GITHUB_TOKEN\n"
    assert TOKEN not in result.output


# -- Hunter over loopback ----------------------------------------------------------------------------------

class FakeHunter:
    """Hunter's Domain Search: data.emails[] paged by offset/limit, meta.results, the key in X-API-KEY."""

    def __init__(self, emails: list[dict[str, Any]], *, status: int | None = None, body: str | None = None) -> None:
        self.emails, self.status, self.body = emails, status, body
        self.server = LocalServer({"/v2/domain-search": self.search})

    def search(self, handler) -> Reply:  # noqa: ANN001
        if handler.headers.get("X-API-KEY") != KEY or self.status == 401:
            return json_reply({"errors": [{"id": "authentication_failed", "code": 401,
                                      "details": "No user found for the API key supplied"}]}, 401)
        if self.status:
            return json_reply({"errors": [{"id": "too_many_requests", "code": self.status, "details": "limit"}]}, self.status)
        if self.body is not None:
            return Reply(self.body, content_type="application/json")
        query = parse_qs(urlsplit(handler.path).query)
        offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["10"])[0])
        data = {**HUNTER["data"], "emails": self.emails[offset: offset + limit]}
        return json_reply({"data": data, "meta": {**HUNTER["meta"], "results": len(self.emails), "offset": offset,
                                             "limit": limit}})


def _many(n: int) -> list[dict[str, Any]]:
    first = ["Ana", "Ben", "Cai", "Dev", "Eva", "Fin", "Gia", "Hal", "Ivo", "Jin", "Kat", "Leo", "Mia"]
    return [{**HUNTER["data"]["emails"][1], "first_name": first[i % len(first)], "last_name": f"Stone{chr(97 + i)}",
             "value": f"p{i}@acme-robotics.example", "position": "Software Engineer"} for i in range(n)]


def test_hunter_pages_by_offset_with_the_key_in_a_header(site: LocalServer) -> None:
    api = FakeHunter(HUNTER["data"]["emails"] + _many(20))
    with api.server:
        result = _lookup(site, {"CRM_HUNTER_API": api.server.base_url, "HUNTER_API_KEY": KEY}, ("team", "hunter"))
    assert [urlsplit(p).query for p in api.server.requests] == [
        f"domain=acme-robotics.example&type=personal&limit=10&offset={o}" for o in (0, 10, 20)]
    assert all(KEY not in p for p in api.server.requests)
    dana = next(c for c in result.candidates if c.name == "Dana Wells")
    assert dana.title == "VP of Engineering"
    assert any("in Hunter's directory as VP of Engineering, engineering department, executive seniority; address "
               "dana.wells@acme-robotics.example verified by Hunter" in r for r in dana.reasons)
    assert result.email_for("Dana Wells").address == "dana.wells@acme-robotics.example"
    assert result.email_for("Dana Wells").guessed is False


def test_hunter_is_off_without_a_key(site: LocalServer) -> None:
    api = FakeHunter(HUNTER["data"]["emails"])
    with api.server:
        result = _lookup(site, {"CRM_HUNTER_API": api.server.base_url}, ("team", "hunter"))
    assert api.server.requests == [] and result.api_calls == 0 and [s.name for s in result.sources] == ["team"]


def test_hunter_bad_key_is_one_error_line_without_the_key(site: LocalServer) -> None:
    api = FakeHunter([], status=401)
    with api.server:
        result = CliRunner().invoke(cli, ["lookup", site.url("/careers/robotics"), "--sources", "team,hunter"],
                                    env={"CRM_HUNTER_API": api.server.base_url, "HUNTER_API_KEY": KEY,
                                         "CRM_HTTP_DELAY": "0"})
    assert result.exit_code == 1
    assert result.stderr == "Error: Hunter refused the API key (HTTP 401): check HUNTER_API_KEY\n"
    assert KEY not in result.output


@pytest.mark.parametrize(("status", "body", "note"), [
    (429, None, "hunter: Hunter refused more calls (HTTP 429): rate limit reached"),
    (403, None, "hunter: Hunter refused more calls (HTTP 403): rate limit reached"),
    (None, '{"data": {"emails": [', "hunter: Hunter answered with malformed JSON at "),
    (None, '{"errors": []}', "hunter: Hunter answered without a data object at "),
])
def test_hunter_limits_and_broken_answers_are_notes(site: LocalServer, status: int | None, body: str | None,
                                                    note: str) -> None:
    api = FakeHunter([], status=status, body=body)
    with api.server:
        result = _lookup(site, {"CRM_HUNTER_API": api.server.base_url, "HUNTER_API_KEY": KEY}, ("team", "hunter"))
    assert any(n.startswith(note) for n in result.notes), result.notes
    assert all(KEY not in n for n in result.notes)


def test_the_command_says_how_many_api_calls_apart_from_pages(site: LocalServer) -> None:
    api = FakeGitHub(GITHUB)
    with api.server:
        result = CliRunner().invoke(cli, ["lookup", site.url("/careers/robotics"), "--sources", "team,github", "--top", "2"],
                                    env={"CRM_GITHUB_API": api.server.base_url, "CRM_HTTP_DELAY": "0"})
    assert result.exit_code == 0, result.output
    assert "Note: github: read 5 of 5 public member profiles of acme-robotics\n" in result.stderr
    assert result.stderr.endswith("API calls: 6 (github 6), apart from the 9 page requests\n")
    assert "Dana Wells" in result.stdout


def test_members_other_sources_name_are_read_first() -> None:
    from scrapers.sources.github import likely_first

    logins = ["aaron-b", "bwhite", "meitanaka", "m-tanaka2", "zed", "jdoe", "doe-fan"]
    assert likely_first(logins, ("Mei Tanaka", "Jane Doe", "Bo")) == [
        "meitanaka", "m-tanaka2", "jdoe", "aaron-b", "bwhite", "zed", "doe-fan"]

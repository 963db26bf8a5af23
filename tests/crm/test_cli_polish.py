"""Polish after a QA walk-through: lookup budget and URLs, labels, wording, JSON fields, app edit --company."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crm.cli import cli
from scrapers.localserver import LocalServer, Reply
from scrapers.team.lookup import check_company_url

POSTING = ("<html><head><title>Data Engineer</title></head><body><h1>Data Engineer</h1>"
           "<p>Join us as a data engineer.</p></body></html>")
TEAM = ("<html><body><h1>Team</h1><div><div><h3>Ada Lovelace</h3><p>Head of Data</p></div>"
        "<div><h3>Alan Turing</h3><p>CEO</p></div></div></body></html>")


def invoke(*args: str, db: str | None = None):
    return CliRunner().invoke(cli, [*(["--db", db] if db else []), *args])


@pytest.fixture
def jobs():
    routes = {"/job.html": Reply(POSTING), "/": Reply("<a href='/about/team.html'>Team</a>"),
              "/about/team.html": Reply(TEAM)}
    with LocalServer(routes) as server:
        yield server


def test_max_pages_1_reads_the_posting_and_says_the_budget_stopped_it(jobs: LocalServer) -> None:
    result = invoke("lookup", jobs.url("/job.html"), "--max-pages", "1")
    assert result.exit_code == 0, result.output
    assert jobs.requests == ["/robots.txt", "/job.html"]  # robots.txt of the posting's host is outside the budget
    assert "Note: stopped at the request budget (--max-pages 1)\n" in result.stderr
    assert result.stdout.endswith(f"Pages read (2 requests, robots.txt included):\n  {jobs.url('/job.html')}\n")


def test_the_page_count_says_robots_txt_is_included(jobs: LocalServer) -> None:
    result = invoke("lookup", jobs.url("/job.html"))
    pages = result.stdout.split("Pages read ")[1].splitlines()
    assert pages[0] == f"({len(jobs.requests)} requests, robots.txt included):"
    assert len(pages) - 1 == len(jobs.requests) - 1  # every request but robots.txt is a page listed


@pytest.mark.parametrize("given", ["not a url", "ftp://acme.example/", "mailto:jane@acme.example", "/about"])
def test_a_bad_company_url_is_one_error_line_before_any_request(jobs: LocalServer, given: str) -> None:
    from scrapers.errors import InvalidURL

    result = invoke("lookup", jobs.url("/job.html"), "--company-url", given)
    with pytest.raises(InvalidURL) as caught:
        check_company_url(given)
    assert (result.exit_code, result.stderr) == (1, f"Error: {caught.value}\n")
    assert str(caught.value).startswith("--company-url: ") and jobs.requests == []


@pytest.mark.parametrize("given, url", [("acme.com", "https://acme.com"), ("https://acme.com/team", "https://acme.com/team"),
                                        ("HTTP://Acme.com/", "http://Acme.com/")])
def test_a_company_url_may_be_a_bare_domain(given: str, url: str) -> None:
    assert check_company_url(given) == url


def test_the_home_page_note_names_the_page_read(jobs: LocalServer) -> None:
    team = jobs.url("/about/team.html")
    result = invoke("lookup", jobs.url("/job.html"), "--company-url", team)
    assert result.exit_code == 0, result.output
    assert "1  Ada Lovelace" in result.stdout
    assert f"Note: people listed on {team} only\n" in result.stderr and "home page" not in result.stderr


@pytest.mark.parametrize("url", ["not a url", "not-a-url", "ftp://acme.example/jobs/1", "http://acme.example:99999/"])
def test_posting_and_lookup_word_a_bad_url_alike(url: str) -> None:
    posting, lookup = invoke("posting", url), invoke("lookup", url)
    assert posting.exit_code == lookup.exit_code == 1
    assert posting.stderr == lookup.stderr and posting.stderr.startswith("Error: ") and posting.stderr.count("\n") == 1

"""The registry: each example URL has exactly one owner, names are unique, plugins load, URLs are checked."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers import registry
from scrapers.base import Document, Scraper
from scrapers.errors import InvalidURL, ScraperError
from scrapers.http import HttpClient, HttpSettings
from scrapers.registry import all_scrapers, register, scrape, scraper_for
from scrapers.types import Posting
from scrapers.urls import check_url, is_blocked_host

EXAMPLES = [(s.NAME, url) for s in all_scrapers() for url in s.EXAMPLE_URLS]
# Real board URLs in ../shared/realworld/ats/company_lists/<file>, and which scraper must claim them.
COMPANY_LISTS = {
    "greenhouse_companies.csv": "greenhouse",
    "lever_companies.csv": "lever",
    "workable_companies.csv": "workable",
    "smartrecruiters_companies.csv": "smartrecruiters",
    "workday_companies.csv": "workday",
}
# Rows in those lists that are not boards or postings: any owner, or none (the generic reader), is fine.
NOT_BOARDS = {"https://jobs.smartrecruiters.com/my-applications/AngloAmericanDeBeersGroup/input-email"}


def owners(url: str) -> list[str]:
    """Every non-generic scraper that claims `url`."""
    return [s.NAME for s in all_scrapers() if not s.GENERIC and s.suitable(url)]


@pytest.fixture
def isolated_registry() -> Iterator[None]:
    """Let a test register scrapers without leaving them behind."""
    saved, loaded = dict(registry.PLUGINS.classes), registry.PLUGINS.loaded
    yield
    registry.PLUGINS.classes.clear()
    registry.PLUGINS.classes.update(saved)
    registry.PLUGINS.loaded = loaded


# -- example URLs ----------------------------------------------------------------------------------


def test_every_specific_scraper_has_examples() -> None:
    missing = [s.NAME for s in all_scrapers() if not s.GENERIC and not s.EXAMPLE_URLS]
    assert missing == [], "add EXAMPLE_URLS to these scrapers"


@pytest.mark.parametrize(("name", "url"), EXAMPLES, ids=[f"{n}:{u}" for n, u in EXAMPLES])
def test_example_url_has_exactly_one_owner(name: str, url: str) -> None:
    assert owners(url) == [name], f"{url} must be claimed by {name} alone: fix the URL_PATTERNS"
    assert scraper_for(url).NAME == name
    assert check_url(url) == url  # examples are already in normal form


def test_generic_scrapers_come_last_and_take_any_page() -> None:
    kinds = [s.GENERIC for s in all_scrapers()]
    assert kinds == sorted(kinds), "generic scrapers must follow every specific one"
    assert scraper_for("https://careers.acme.example/jobs/42").GENERIC


@pytest.mark.realworld
@pytest.mark.parametrize("list_name", sorted(COMPANY_LISTS))
def test_real_board_urls_are_claimed_by_the_right_scraper(list_name: str, realworld: Path) -> None:
    expected = COMPANY_LISTS[list_name]
    with (realworld / "ats" / "company_lists" / list_name).open(newline="", encoding="utf-8") as f:
        urls = [row["url"].strip() for row in csv.DictReader(f) if row.get("url", "").strip()]
    urls = [url for url in urls if url not in NOT_BOARDS]
    assert len(urls) > 100
    wrong = {url: owners(check_url(url)) for url in urls if owners(check_url(url)) != [expected]}
    assert wrong == {}, f"these real {expected} URLs are not claimed by {expected} alone"


# -- registration ----------------------------------------------------------------------------------


def test_duplicate_name_fails_at_registration(isolated_registry: None) -> None:
    taken = all_scrapers()[0].NAME
    with pytest.raises(ValueError, match=f"duplicate scraper NAME '{taken}'"):

        @register
        class Again(Scraper):
            NAME = taken


@pytest.mark.parametrize("name", ["", "Acme"])
def test_name_must_be_lower_case(name: str, isolated_registry: None) -> None:
    with pytest.raises(ValueError, match="NAME must be a non-empty lower-case word"):
        register(type("Bad", (Scraper,), {"NAME": name}))


def _plugin_dist(root: Path, module_source: str, target: str) -> None:
    """A minimal installed distribution on `root`: a module plus dist-info with an entry point."""
    (root / "crm_plugin_acme.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    info = root / "crm_plugin_acme-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: crm-plugin-acme\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[crm.scrapers]\nacme = {target}\n", encoding="utf-8")


PLUGIN = """
    from scrapers.base import Document, Scraper
    from scrapers.types import Posting

    class AcmeJobs(Scraper):
        NAME = "acmejobs"
        URL_PATTERNS = (r"https?://jobs\\.acme\\.example/(?P<id>\\d+)$",)
        EXAMPLE_URLS = ("https://jobs.acme.example/7",)

        def fetch(self, url, client):
            return Document(url=url, data={"title": "Plugin role"})

        def parse(self, document):
            return Posting(url=document.url, source=self.NAME, title=document.data["title"], company="Acme")
"""


def test_entry_point_plugin_is_picked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         isolated_registry: None) -> None:
    _plugin_dist(tmp_path, PLUGIN, "crm_plugin_acme:AcmeJobs")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(__import__("sys").modules, "crm_plugin_acme", raising=False)
    registry.PLUGINS.loaded = False
    names = [s.NAME for s in all_scrapers()]
    assert "acmejobs" in names and names.index("acmejobs") < names.index("generic")
    assert owners("https://jobs.acme.example/7") == ["acmejobs"]
    with HttpClient(HttpSettings(delay=0)) as client:
        found = scrape("https://jobs.acme.example/7", client)
    assert (found.source, found.title) == ("acmejobs", "Plugin role")


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("raise RuntimeError('boom')\n", "crm_plugin_acme:AcmeJobs",
         "scraper plugin 'acme' (crm_plugin_acme:AcmeJobs) failed to load: boom"),
        ("AcmeJobs = 42\n", "crm_plugin_acme:AcmeJobs",
         "scraper plugin 'acme' (crm_plugin_acme:AcmeJobs) is not a Scraper subclass"),
    ],
)
def test_broken_plugin_fails_loudly(source: str, target: str, message: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch, isolated_registry: None) -> None:
    _plugin_dist(tmp_path, source, target)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(__import__("sys").modules, "crm_plugin_acme", raising=False)
    registry.PLUGINS.loaded = False
    with pytest.raises(ScraperError) as caught:
        all_scrapers()
    assert str(caught.value) == message


# -- URL checks before any fetch -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://jobs.lever.co/acme/1", "https://jobs.lever.co/acme/1"),
        ("  HTTPS://boards.greenhouse.io/acme/jobs/1 ", "https://boards.greenhouse.io/acme/jobs/1"),
        ("jobs.lever.co/acme/1", "https://jobs.lever.co/acme/1"),
        ("acme.example", "https://acme.example"),
        ("http://127.0.0.1:8080/x?y=1#z", "http://127.0.0.1:8080/x?y=1#z"),
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("https://bücher.example/jobs", "https://bücher.example/jobs"),
    ],
)
def test_check_url_accepts_and_normalises(url: str, expected: str) -> None:
    assert check_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "not a URL: ''"),
        ("hello world", "not a URL: 'hello world'"),
        ("mailto:jane@acme.example", "not a URL: 'mailto:jane@acme.example' (expected http:// or https://)"),
        ("javascript://alert(1)", "unsupported scheme 'javascript' in javascript://alert(1): only http and https"),
        ("https:///jobs/1", "URL has no host: https:///jobs/1"),
        ("http://acme.example:99999/", "not a URL: 'http://acme.example:99999/' (Port out of range 0-65535)"),
        ("http://ac$me.example/", "not a valid host name in http://ac$me.example/: 'ac$me.example'"),
        ("https://de.linkedin.com/jobs/view/1",
         "crm never fetches LinkedIn (https://de.linkedin.com/jobs/view/1); "
         "`crm lookup` builds a LinkedIn search link instead"),
        ("https://lnkd.in/abc", "crm never fetches LinkedIn (https://lnkd.in/abc); "
                                "`crm lookup` builds a LinkedIn search link instead"),
    ],
)
def test_check_url_rejects(url: str, message: str) -> None:
    with pytest.raises(InvalidURL) as caught:
        check_url(url)
    assert str(caught.value) == message


@pytest.mark.parametrize(("host", "blocked"), [("linkedin.com", True), ("WWW.LinkedIn.com.", True),
                                               ("notlinkedin.com", False), ("linkedin.com.evil.example", False)])
def test_blocked_hosts(host: str, blocked: bool) -> None:
    assert is_blocked_host(host) is blocked


@given(st.text(max_size=80))
def test_check_url_only_ever_raises_invalid_url(text: str) -> None:
    try:
        url = check_url(text)
    except InvalidURL:
        return
    assert url.startswith(("http://", "https://")) and "linkedin" not in url.lower().split("/")[2]


def test_scrape_checks_the_url_before_any_request() -> None:
    with HttpClient(HttpSettings(delay=0)) as client:
        for bad in ("ftp://x.example/1", "https://www.linkedin.com/jobs/view/1", "nope"):
            with pytest.raises(InvalidURL):
                scrape(bad, client)
        assert client.requests_made == 0


def test_scrape_hands_the_checked_url_to_the_scraper(isolated_registry: None) -> None:
    seen: list[str] = []

    @register
    class Echo(Scraper):
        NAME = "echo-test"
        URL_PATTERNS = (r"https://echo\.example/",)

        def fetch(self, url: str, client: HttpClient) -> Document:
            seen.append(url)
            return Document(url=url, data=None)

        def parse(self, document: Document) -> Posting:
            return Posting(url=document.url, source=self.NAME, title="t", company="c")

    with HttpClient(HttpSettings(delay=0)) as client:
        scrape("  echo.example/1 ", client)
    assert seen == ["https://echo.example/1"]

"""Hostile web servers on 127.0.0.1, one table per kind: each ends in a result or a one-line note."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest

from scrapers.errors import DeadlineError
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from scrapers.team.lookup import lookup
from scrapers.urls import host_of
from tests.scrapers.faultserver import FakeTime, sequence, stall

POSTING = """<html><head><title>Backend Engineer - Acme</title>{meta}</head><body><main>
<h1>Backend Engineer</h1><p>Acme is hiring a backend engineer for its platform team. Caf\u00e9 au lait.</p>
<a href="/team">Our team</a></main></body></html>"""
TEAM = """<html><body><main><h1>Our team</h1><ul>
<li><h3>Maya Lindqvist</h3><p>CEO</p></li><li><h3>Hannah Becker</h3><p>Engineering Manager, Backend</p></li>
<li><h3>Ivan Petrov</h3><p>Senior Backend Engineer</p></li></ul></main></body></html>"""


def client(fake_time: FakeTime, **settings: object) -> HttpClient:
    return HttpClient(HttpSettings(**{"delay": 0, **settings}), sleep=fake_time.sleep, clock=fake_time.clock)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


# -- charsets that are no text encoding ------------------------------------------------------------

NOT_CHARSETS = ["rot13", "base64", "hex", "zlib", "punycode", "bz2", "uu", "quopri", "idna", "unicode_escape",
                "utf-7", "undefined", "x-no-such-charset"]


@pytest.mark.parametrize("charset", NOT_CHARSETS)
@pytest.mark.parametrize("where", ["header", "meta", "robots"])
def test_a_charset_that_is_no_text_encoding_falls_back_to_detection(charset: str, where: str,
                                                                      fake_time: FakeTime) -> None:
    declared = f"text/html; charset={charset}"
    meta = f'<meta charset="{charset}">' if where == "meta" else ""
    page = POSTING.format(meta=meta).encode("utf-8")
    routes = {
        "/jobs/1": Reply(page, content_type=declared if where == "header" else "text/html"),
        "/team": Reply(TEAM),
        "/robots.txt": Reply("User-agent: *\nAllow: /\n",
                             content_type=f"text/plain; charset={charset}" if where == "robots" else "text/plain"),
    }
    with LocalServer(routes) as site, client(fake_time) as http:
        result = lookup(site.url("/jobs/1"), http)
    assert result.posting.title == "Backend Engineer"
    assert "Caf\u00e9" in (result.posting.description or "")
    assert result.candidates[0].name == "Hannah Becker"


# -- a refused redirect on one page of the crawl ---------------------------------------------------

def redirect_to(location: str) -> Reply:
    return Reply("", status=302, headers={"Location": location})


@pytest.mark.parametrize("location", [
    "https://www.linkedin.com/company/acme/people/", "https://lnkd.in/abc", "file:///etc/passwd",
    "data:text/html,<h1>x</h1>", "javascript:alert(1)", "ftp://acme.example/team", "http://[::1", "http://999.1.1.1/",
])
def test_a_refused_redirect_skips_that_page_with_a_note(location: str, fake_time: FakeTime) -> None:
    routes = {"/jobs/1": Reply(POSTING.format(meta="")), "/team": redirect_to(location),
              "/about": Reply(TEAM.replace("Our team", "About us"))}
    with LocalServer(routes) as site, client(fake_time) as http:
        result = lookup(site.url("/jobs/1"), http)
    assert result.posting.title == "Backend Engineer"
    assert any(note.startswith(f"skipped {site.url('/team')}:") for note in result.notes), result.notes
    assert result.candidates[0].name == "Hannah Becker"  # read from /about, the next page tried


# -- from the public web into the user's machine or network ------------------------------------------

PRIVATE_TARGETS = [
    "http://127.0.0.2/team", "http://localhost/team", "http://intranet.localhost/", "http://0.0.0.0/",
    "http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://10.0.0.1/people", "http://172.16.5.4/",
    "http://192.168.1.1/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fc00::1]/",
    "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
]


def public_start(fake_time: FakeTime) -> HttpClient:
    """A client that judges private addresses as a lookup starting on the public web does (the loopback
    server stands in for the public site: its own host is always allowed)."""
    return client(fake_time, allow_private=False)


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_redirect_from_the_public_web_into_a_private_address_is_refused(target: str, fake_time: FakeTime) -> None:
    routes = {"/jobs/1": Reply(POSTING.format(meta="")), "/team": redirect_to(target),
              "/about": Reply(TEAM.replace("Our team", "About us"))}
    with LocalServer(routes) as site, public_start(fake_time) as http:
        result = lookup(site.url("/jobs/1"), http)
    [note] = [n for n in result.notes if n.startswith(f"skipped {site.url('/team')}:")]
    assert "which crm will not fetch" in note and "address" in note
    assert result.candidates[0].name == "Hannah Becker"


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_company_url_in_a_public_posting_pointing_at_a_private_address_is_not_read(target: str,
                                                                                     fake_time: FakeTime) -> None:
    data = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting", '
            '"title": "Backend Engineer", "description": "Build things.", "hiringOrganization": '
            f'{{"@type": "Organization", "name": "Acme", "sameAs": "{target}"}}}}</script>')
    with LocalServer({"/jobs/1": Reply(POSTING.format(meta=data))}) as site, public_start(fake_time) as http:
        result = lookup(site.url("/jobs/1"), http)
        assert site.requests == ["/robots.txt", "/jobs/1"]  # nothing else asked of anyone
    assert host_of(result.company_url) == host_of(target)
    assert [n for n in result.notes if n.startswith(f"company website {result.company_url} not read:")], result.notes


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/"])
def test_a_local_start_may_stay_local_but_never_reaches_link_local_services(target: str, fake_time: FakeTime) -> None:
    routes = {"/jobs/1": Reply(POSTING.format(meta="")), "/team": redirect_to(target), "/about": Reply(TEAM)}
    with LocalServer(routes) as site, client(fake_time) as http:  # the demo and the user's own test site
        result = lookup(site.url("/jobs/1"), http)
    assert any("link-local address" in n for n in result.notes), result.notes
    assert result.candidates[0].name == "Hannah Becker"


# -- time: one hostile page must not take hours ------------------------------------------------------

class TickingTime(FakeTime):
    """A clock that moves `tick` seconds each time it is read: a slow server, without waiting for one."""

    def __init__(self, tick: float) -> None:
        super().__init__()
        self.tick = tick

    def clock(self) -> float:
        self.now += self.tick
        return self.now


def drip(handler: BaseHTTPRequestHandler) -> None:
    """A page that comes one byte at a time and never ends (each read succeeds: no timeout fires)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    try:
        for _ in range(20_000):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(0.0005)  # the server's own pace, so bytes arrive as separate reads
    except OSError:
        pass  # the client hung up: what the test wants
    handler.close_connection = True


# Each slow page, and how the lookup ends: a note naming it, or the page given up (listed as not found).
SLOW_PAGES = {
    "a page that drips a byte at a time": (drip, "was cut off at the 60 s deadline"),
    "a server that never sends a body": (stall, None),  # read timeouts, retried, then given up
    "a server that asks to come back in a day": (Reply("busy", status=503, headers={"Retry-After": "86400"}), None),
    "a 429 with a Retry-After past the deadline": (Reply("busy", status=429, headers={"Retry-After": "59"}),
                                                   "stopped at the 60 s deadline: "),
}


@pytest.mark.parametrize("case", list(SLOW_PAGES))
def test_a_slow_team_page_ends_the_lookup_with_what_it_has_and_a_note(case: str) -> None:
    route, said = SLOW_PAGES[case]
    ticking = TickingTime(tick=1.0)
    home = '<html><body><nav><a href="/team">Team</a> <a href="/about">About</a></nav><h1>Acme</h1></body></html>'
    routes = {"/jobs/1": Reply(POSTING.format(meta="")), "/team": route, "/": Reply(home), "/about": Reply(TEAM)}
    http = HttpClient(HttpSettings(delay=0, deadline=60, read_timeout=0.3, retries=1, retry_wait_max=60),
                      sleep=ticking.sleep, clock=ticking.clock)
    with LocalServer(routes) as site, http:
        result = lookup(site.url("/jobs/1"), http)
    assert result.posting.title == "Backend Engineer"
    if said:
        assert [note for note in result.notes if said in note and site.url("/team") in note], result.notes
    else:
        assert site.url("/team") in result.missed and result.candidates[0].name == "Hannah Becker"  # from /about
    assert all(wait < 60 for wait in ticking.waits)


def test_a_long_wait_is_announced_with_what_it_waits_for(fake_time: FakeTime) -> None:
    said: list[str] = []
    busy = Reply("slow down", status=429, headers={"Retry-After": "30"})
    with LocalServer({"/job": sequence(busy, Reply(POSTING.format(meta="")))}) as site, \
            HttpClient(HttpSettings(delay=0), sleep=fake_time.sleep, clock=fake_time.clock, notify=said.append) as http:
        http.get(site.url("/job"))
    assert fake_time.waits == [30.0]
    assert said == [f"waiting 30 s to try {site.url('/job')} again: HTTP 429 from {site.url('/job')}"]


def test_the_posting_itself_past_the_deadline_is_one_clear_error() -> None:
    ticking = TickingTime(tick=1.0)
    http = HttpClient(HttpSettings(delay=0, deadline=30), sleep=ticking.sleep, clock=ticking.clock)
    with LocalServer({"/jobs/1": drip}) as site, http:
        with pytest.raises(DeadlineError) as caught:
            lookup(site.url("/jobs/1"), http)
    assert str(caught.value).startswith(f"{site.url('/jobs/1')} was cut off at the 30 s deadline (")

"""The polite client on a real loopback server: settings, User-Agent, delay, robots.txt, budget, bodies."""

from __future__ import annotations


import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crm import __version__
from scrapers.errors import ContentTypeError, InvalidURL, RequestLimitError, RobotsError, ScraperError
from scrapers.charset import decode_body
from scrapers.http import HttpClient, HttpSettings
from scrapers.localserver import LocalServer, Reply
from tests.scrapers.faultserver import FakeTime, closed_port, redirect, sequence

PAGE = Reply("<html><body><h1>Engineer</h1></body></html>")
JSON = Reply('{"title": "Engineer"}', content_type="application/json")


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client(fake_time: FakeTime, **settings: object) -> HttpClient:
    return HttpClient(HttpSettings(**{"delay": 0, **settings}), sleep=fake_time.sleep, clock=fake_time.clock)


# -- settings ------------------------------------------------------------------------------------


def test_settings_defaults_name_the_tool_and_its_homepage() -> None:
    settings = HttpSettings()
    assert settings.user_agent == f"crm/{__version__} (+https://github.com/crm-tool/crm)"
    assert (settings.delay, settings.max_bytes, settings.retries, settings.retry_wait_max) == (1.0, 5_000_000, 3, 60.0)


def test_from_env_reads_variables_and_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_HTTP_DELAY", "2.5")
    monkeypatch.setenv("CRM_HTTP_TIMEOUT", "7")
    monkeypatch.setenv("CRM_HTTP_MAX_REQUESTS", "40")
    monkeypatch.setenv("CRM_IGNORE_ROBOTS", "yes")
    settings = HttpSettings.from_env(read_timeout=3.0, max_requests=None)
    assert (settings.delay, settings.read_timeout, settings.max_requests, settings.ignore_robots) == (2.5, 3.0, 40, True)


def test_from_env_delay_zero_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_HTTP_DELAY", "0")
    assert HttpSettings.from_env().delay == 0.0


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("CRM_HTTP_DELAY", "soon", "CRM_HTTP_DELAY must be a number, got 'soon'"),
        ("CRM_HTTP_DELAY", "-1", "CRM_HTTP_DELAY must not be negative, got '-1'"),
        ("CRM_HTTP_MAX_BYTES", "5MB", "CRM_HTTP_MAX_BYTES must be a whole number, got '5MB'"),
        ("CRM_IGNORE_ROBOTS", "maybe", "CRM_IGNORE_ROBOTS must be a yes/no value, got 'maybe'"),
    ],
)
def test_from_env_rejects_bad_values(var: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ScraperError) as caught:
        HttpSettings.from_env()
    assert str(caught.value) == message


# -- requests ------------------------------------------------------------------------------------


def test_user_agent_and_accept_reach_the_server(fake_time: FakeTime) -> None:
    with LocalServer({"/job": PAGE, "/api": JSON}) as site, client(fake_time) as http:
        http.get(site.url("/job"))
        http.get(site.url("/api"), expect="json")
    agents = {r.headers["User-Agent"] for r in site.received}
    assert agents == {HttpSettings().user_agent}
    accepts = [r.headers["Accept"] for r in site.received if r.path != "/robots.txt"]
    assert accepts[0].startswith("text/html") and accepts[1].startswith("application/json")


def test_per_host_delay_between_requests_to_one_host_only(fake_time: FakeTime) -> None:
    with LocalServer({"/a": PAGE, "/b": PAGE}) as one, LocalServer({"/c": PAGE}) as other, \
            client(fake_time, delay=1.5) as http:
        http.get(one.url("/a"))  # robots.txt, then /a after 1.5 s
        fake_time.now += 0.5  # half a second of parsing
        http.get(one.url("/b"))  # waits only the remaining second
        http.get(other.url("/c"))  # another host: its robots.txt does not wait; /c waits for it
    assert fake_time.waits == [1.5, 1.0, 1.5]


def test_no_delay_when_zero(fake_time: FakeTime) -> None:
    with LocalServer({"/a": PAGE}) as site, client(fake_time, delay=0) as http:
        http.get(site.url("/a"))
        http.get(site.url("/a"))
    assert fake_time.waits == []


def test_max_requests_counts_robots_and_stops(fake_time: FakeTime) -> None:
    with LocalServer({"/a": PAGE}) as site, client(fake_time, max_requests=2) as http:
        http.get(site.url("/a"))
        assert http.requests_made == 2
        with pytest.raises(RequestLimitError) as caught:
            http.get(site.url("/a"))
    assert str(caught.value) == f"request limit of 2 reached before {site.url('/a')}"
    assert site.requests == ["/robots.txt", "/a"]


def test_retries_count_against_the_budget(fake_time: FakeTime) -> None:
    with LocalServer({"/a": Reply("down", status=503)}) as site, client(fake_time, max_requests=3) as http:
        with pytest.raises(RequestLimitError):
            http.get(site.url("/a"))
    assert site.requests == ["/robots.txt", "/a", "/a"]


def test_params_are_added_to_the_query(fake_time: FakeTime) -> None:
    with LocalServer({"/api": JSON}) as site, client(fake_time) as http:
        http.get(site.url("/api?mode=json"), expect="json", params={"content": "true"})
    assert site.requests[-1] == "/api?mode=json&content=true"


def test_page_fields(fake_time: FakeTime) -> None:
    with LocalServer({"/api": Reply('{"a": 1}', content_type="application/json; charset=utf-8",
                                    headers={"X-Total": "1"})}) as site, client(fake_time) as http:
        page = http.get(site.url("/api"), expect="json")
    assert (page.url, page.status, page.content_type, page.text) == (site.url("/api"), 200, "application/json", '{"a": 1}')
    assert page.headers["x-total"] == "1"


@pytest.mark.parametrize(
    ("expect", "content_type", "body", "ok"),
    [
        ("json", "application/vnd.api+json", '{"a": 1}', True),
        ("json", "text/plain", '{"a": 1}', True),  # APIs that mislabel JSON still work
        ("json", "text/plain", "<html>", False),
        ("json", "text/html", "{}", False),
        ("html", "application/xhtml+xml", "<html></html>", True),
        ("html", "text/plain", "just words", False),
        ("html", "", "<!DOCTYPE html><html></html>", True),
        ("xml", "application/rss+xml", "<rss/>", True),
        ("xml", "text/html", "<html/>", False),
        ("text", "text/csv", "a,b", True),
        ("any", "application/pdf", "%PDF", True),
    ],
)
def test_content_type_check(expect: str, content_type: str, body: str, ok: bool, fake_time: FakeTime) -> None:
    with LocalServer({"/x": Reply(body, content_type=content_type)}) as site, client(fake_time) as http:
        if ok:
            assert http.get(site.url("/x"), expect=expect).text == body
        else:
            with pytest.raises(ContentTypeError, match=f"^expected .* from {site.url('/x')}, got "):
                http.get(site.url("/x"), expect=expect)


def test_unknown_expect_is_a_programming_error(fake_time: FakeTime) -> None:
    with client(fake_time) as http, pytest.raises(ValueError, match="expect must be one of"):
        http.get("http://127.0.0.1:1/", expect="pdf")


@pytest.mark.parametrize("ignore_robots", [True, False])
def test_unreachable_host_names_the_url(ignore_robots: bool, fake_time: FakeTime) -> None:
    url = f"http://127.0.0.1:{closed_port()}/job"
    with client(fake_time, retries=1, ignore_robots=ignore_robots) as http, pytest.raises(ScraperError) as caught:
        http.get(url)
    assert str(caught.value).startswith(f"cannot reach {url}: ")
    assert str(caught.value).endswith("(gave up after 2 attempts)")


@pytest.mark.parametrize("url", ["https://www.linkedin.com/in/jane", "ftp://example.com/x", "not a url"])
def test_client_refuses_bad_urls_before_any_request(url: str, fake_time: FakeTime) -> None:
    with client(fake_time) as http, pytest.raises(InvalidURL):
        http.get(url)
    assert http.requests_made == 0


def test_redirect_to_linkedin_is_refused(fake_time: FakeTime) -> None:
    with LocalServer({"/go": redirect("https://www.linkedin.com/jobs/view/1")}) as site, client(fake_time) as http:
        with pytest.raises(InvalidURL, match="redirects to a URL crm will not fetch: crm never fetches LinkedIn"):
            http.get(site.url("/go"))


# -- robots.txt ----------------------------------------------------------------------------------

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: crm\nDisallow: /jobs/internal\n"


def robots_site(robots: Reply) -> LocalServer:
    return LocalServer({"/robots.txt": robots, "/jobs/1": PAGE, "/jobs/internal": PAGE, "/private/x": PAGE})


def test_robots_disallow_is_a_clear_error(fake_time: FakeTime) -> None:
    with robots_site(Reply(ROBOTS, content_type="text/plain")) as site, client(fake_time) as http:
        http.get(site.url("/jobs/1"))
        with pytest.raises(RobotsError) as caught:
            http.get(site.url("/jobs/internal"))
        host = site.base_url.removeprefix("http://")
        assert str(caught.value) == (f"robots.txt of {host} disallows {site.url('/jobs/internal')}; "
                                     "--ignore-robots for your own sites")
        assert http.allowed(site.url("/private/x")) is True  # our own group replaces the * group
    assert site.requests.count("/robots.txt") == 1  # cached per host


def test_ignore_robots_fetches_anyway_without_reading_robots(fake_time: FakeTime) -> None:
    with robots_site(Reply(ROBOTS, content_type="text/plain")) as site, client(fake_time, ignore_robots=True) as http:
        assert "Engineer" in http.get(site.url("/jobs/internal")).text
    assert site.requests == ["/jobs/internal"]


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (410, True), (500, False), (503, False)])
def test_unreadable_robots_follows_rfc_9309(status: int, allowed: bool, fake_time: FakeTime) -> None:
    with robots_site(Reply("oops", status=status)) as site, client(fake_time, retries=1) as http:
        assert http.allowed(site.url("/jobs/1")) is allowed
        if not allowed:
            with pytest.raises(RobotsError, match=rf"could not be read \(HTTP {status}\), so it disallows"):
                http.get(site.url("/jobs/1"))


def test_robots_redirect_is_followed(fake_time: FakeTime) -> None:
    routes = {"/robots.txt": redirect("/real-robots.txt"), "/real-robots.txt": Reply(ROBOTS, content_type="text/plain")}
    with LocalServer(routes) as site, client(fake_time) as http:
        assert http.allowed(site.url("/jobs/internal")) is False


def test_robots_retry_then_rules(fake_time: FakeTime) -> None:
    robots = sequence(Reply("busy", status=503), Reply(ROBOTS, content_type="text/plain"))
    with robots_site(robots) as site, client(fake_time) as http:
        assert http.allowed(site.url("/jobs/internal")) is False
        assert http.allowed(site.url("/jobs/1")) is True


def test_crawl_delay_outranks_a_shorter_delay_and_is_capped(fake_time: FakeTime) -> None:
    robots = Reply("User-agent: crm\nCrawl-delay: 4\n\nUser-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    with LocalServer({"/robots.txt": robots, "/a": PAGE}) as site:
        with client(fake_time, delay=1.0) as http:
            http.get(site.url("/a"))
            http.get(site.url("/a"))
        assert fake_time.waits == [4.0, 4.0]
        with client(fake_time, delay=1.0, retry_wait_max=2.5) as http:
            http.get(site.url("/a"))
        assert fake_time.waits[2:] == [2.5]


def test_robots_redirect_to_a_url_we_never_fetch_means_no_rules(fake_time: FakeTime) -> None:
    routes = {"/robots.txt": redirect("https://www.linkedin.com/robots.txt"), "/a": PAGE}
    with LocalServer(routes) as site, client(fake_time) as http:
        assert http.allowed(site.url("/a")) is True
    assert site.requests == ["/robots.txt"]


# -- decoding ------------------------------------------------------------------------------------


@given(st.text())
def test_utf8_round_trips(text: str) -> None:
    assert decode_body(text.encode("utf-8"), "text/html; charset=utf-8", html=True) == text.removeprefix("\ufeff")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), min_size=1))
def test_latin1_mislabelled_as_utf8_is_not_mojibake(text: str) -> None:
    data = text.encode("latin-1")
    assume(not any(0x80 <= b <= 0x9F for b in data))  # C1 controls: never in real Western text
    try:
        data.decode("utf-8")
        assume(False)  # bytes that happen to be valid UTF-8 cannot be told apart
    except UnicodeDecodeError:
        pass
    assert decode_body(data, "text/html; charset=utf-8", html=True) == text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Müller".encode("cp1252"), "text/html; charset=ISO-8859-1", "Müller"),
        ("“Zürich”".encode("cp1252"), "text/html; charset=utf-8", "“Zürich”"),  # smart quotes: cp1252
        ('<meta charset="windows-1252">é'.encode("cp1252"), "text/html", '<meta charset="windows-1252">é'),
        ("Łódź".encode("iso-8859-2"), "text/html; charset=iso-8859-2", "Łódź"),
        ("\ufeffZürich".encode("utf-8"), "text/html; charset=latin-1", "Zürich"),  # a BOM outranks the header
        ("Zürich".encode("utf-8"), "text/html; charset=no-such-codec", "Zürich"),
    ],
)
def test_decode_cases(body: bytes, content_type: str, expected: str) -> None:
    assert decode_body(body, content_type, html=True) == expected

"""The client against a fault-injecting server on 127.0.0.1: retries, waits recorded, clear errors."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.errors import ContentTypeError, FetchError, NotFoundError, ParseError, TooLargeError
from scrapers.http import HttpClient, HttpSettings
from scrapers.retry import retry_after
from scrapers.localserver import LocalServer, Reply
from tests.pinned import NOON
from tests.scrapers.faultserver import FakeTime, drop, http_date, redirect, sequence, stall, truncated, unsized

OK = Reply("<html><body><h1>Engineer</h1></body></html>")


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client(fake_time: FakeTime, **settings: object) -> HttpClient:
    """A client whose waits are recorded, never slept; delay 0 so only retry waits show."""
    return HttpClient(HttpSettings(**{"delay": 0, **settings}), sleep=fake_time.sleep, clock=fake_time.clock,
                      wall=fake_time.wall)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_then_success_is_retried_with_backoff(status: int, fake_time: FakeTime) -> None:
    with LocalServer({"/job": sequence(Reply("busy", status=status), OK)}) as site, client(fake_time) as http:
        page = http.get(site.url("/job"))
    assert "Engineer" in page.text
    assert site.requests == ["/robots.txt", "/job", "/job"]
    assert len(fake_time.waits) == 1 and 1.0 <= fake_time.waits[0] <= 2.0  # 2**0 s plus up to 1 s of jitter


def test_backoff_grows_exponentially_and_is_capped(fake_time: FakeTime) -> None:
    failing = Reply("down", status=503)
    with LocalServer({"/job": sequence(failing, failing, failing, failing, OK)}) as site, \
            client(fake_time, retries=4, retry_wait_max=5.0) as http:
        http.get(site.url("/job"))
    low = [1, 2, 4, 5]
    assert [lo <= w <= min(lo + 1, 5.0) for lo, w in zip(low, fake_time.waits)] == [True] * 4, fake_time.waits


def test_retry_after_seconds_is_honoured(fake_time: FakeTime) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": "7"})
    with LocalServer({"/job": sequence(busy, OK)}) as site, client(fake_time) as http:
        http.get(site.url("/job"))
    assert fake_time.waits == [7.0]


def test_retry_after_http_date_is_honoured(fake_time: FakeTime) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": http_date(30)})
    with LocalServer({"/job": sequence(busy, OK)}) as site, client(fake_time) as http:
        http.get(site.url("/job"))
    [wait] = fake_time.waits
    assert 28.0 <= wait <= 30.0  # an HTTP date has whole seconds


@pytest.mark.parametrize("value", ["3600", "an hour from now as an HTTP date"])
def test_retry_after_is_capped(value: str, fake_time: FakeTime) -> None:
    # The date is made inside the test, on the pinned clock, never at collection time.
    value = value if value.isdigit() else http_date(3600)
    busy = Reply("slow down", status=429, headers={"Retry-After": value})
    with LocalServer({"/job": sequence(busy, OK)}) as site, client(fake_time, retry_wait_max=60.0) as http:
        with pytest.raises(FetchError) as caught:  # past the cap the page is given up, not waited for
            http.get(site.url("/job"))
        assert site.requests == ["/robots.txt", "/job"]
    assert fake_time.waits == []
    assert "(Retry-After), more than the 60 s crm waits" in str(caught.value)


@given(st.text(max_size=60))
def test_any_retry_after_header_gives_a_wait_or_none(value: str) -> None:
    wait = retry_after(value, NOON)
    assert wait is None or wait >= 0.0


def test_unusable_retry_after_falls_back_to_backoff(fake_time: FakeTime) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": "soon-ish"})
    with LocalServer({"/job": sequence(busy, OK)}) as site, client(fake_time) as http:
        http.get(site.url("/job"))
    assert len(fake_time.waits) == 1 and 1.0 <= fake_time.waits[0] <= 2.0


def test_429_forever_gives_up_with_a_clear_error(fake_time: FakeTime) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": "2"})
    with LocalServer({"/job": busy}) as site, client(fake_time, retries=3) as http:
        with pytest.raises(FetchError) as caught:
            http.get(site.url("/job"))
    assert str(caught.value) == f"HTTP 429 from {site.url('/job')} (gave up after 4 attempts)"
    assert caught.value.status_code == 429
    assert fake_time.waits == [2.0, 2.0, 2.0]
    assert site.requests.count("/job") == 4


@pytest.mark.parametrize("status", [404, 410])
def test_not_found_or_gone_is_not_retried(status: int, fake_time: FakeTime) -> None:
    with LocalServer({"/job": Reply("gone", status=status)}) as site, client(fake_time) as http:
        with pytest.raises(NotFoundError) as caught:
            http.get(site.url("/job"))
    assert str(caught.value) == f"not found or closed: {site.url('/job')} (HTTP {status})"
    assert site.requests.count("/job") == 1 and fake_time.waits == []


@pytest.mark.parametrize("status", [400, 401, 403, 422])
def test_other_client_errors_are_not_retried(status: int, fake_time: FakeTime) -> None:
    with LocalServer({"/job": Reply("no", status=status)}) as site, client(fake_time) as http:
        with pytest.raises(FetchError, match=f"^HTTP {status} from "):
            http.get(site.url("/job"))
    assert site.requests.count("/job") == 1 and fake_time.waits == []


def test_dropped_connection_then_success(fake_time: FakeTime) -> None:
    with LocalServer({"/job": sequence(drop, OK)}) as site, client(fake_time) as http:
        page = http.get(site.url("/job"))
    assert "Engineer" in page.text
    assert site.requests.count("/job") == 2 and len(fake_time.waits) == 1


def test_dropped_connection_forever_names_the_url(fake_time: FakeTime) -> None:
    with LocalServer({"/job": drop}) as site, client(fake_time, retries=2) as http:
        with pytest.raises(FetchError) as caught:
            http.get(site.url("/job"))
    message = str(caught.value)
    assert message.startswith(f"connection to {site.url('/job')} broke: ")
    assert message.endswith("(gave up after 3 attempts)") and "\n" not in message


def test_stalled_body_times_out(fake_time: FakeTime) -> None:
    with LocalServer({"/job": stall}) as site, client(fake_time, read_timeout=0.2, retries=1) as http:
        with pytest.raises(FetchError) as caught:
            http.get(site.url("/job"))
    assert str(caught.value) == f"timed out reading {site.url('/job')} (gave up after 2 attempts)"


def test_json_shorter_than_its_content_length_is_a_clear_error(fake_time: FakeTime) -> None:
    body = b'{"title": "Engineer", "loc'
    with LocalServer({"/api": truncated(body, claimed=200)}) as site, client(fake_time, retries=1) as http:
        with pytest.raises(FetchError) as caught:
            http.get(site.url("/api"), expect="json")
    message = str(caught.value)
    assert message.startswith(f"connection to {site.url('/api')} broke: ") and "\n" not in message


def test_cut_json_with_a_matching_length_is_a_parse_error(fake_time: FakeTime) -> None:
    cut = Reply('{"title": "Engineer", "location": {"name": "Ber', content_type="application/json")
    with LocalServer({"/api": cut}) as site, client(fake_time) as http:
        page = http.get(site.url("/api"), expect="json")
        with pytest.raises(ParseError) as caught:
            page.json()
    assert str(caught.value).startswith(f"malformed JSON from {site.url('/api')}: Unterminated string")


@pytest.mark.parametrize("meta", ["", '<meta charset="iso-8859-1">'])
def test_latin1_page_declared_as_utf8_decodes(meta: str, fake_time: FakeTime) -> None:
    html = f"<html><head>{meta}</head><body>Zürich, Ansprechpartner: Jörg Müller</body></html>"
    page_route = Reply(html.encode("latin-1"), content_type="text/html; charset=utf-8")
    with LocalServer({"/job": page_route}) as site, client(fake_time) as http:
        page = http.get(site.url("/job"))
    assert "Zürich" in page.text and "Jörg Müller" in page.text


def test_redirect_loop_is_a_clear_error(fake_time: FakeTime) -> None:
    with LocalServer({}) as site:
        site.routes.update({"/a": redirect(site.url("/b")), "/b": redirect("/a")})
        with client(fake_time) as http, pytest.raises(FetchError) as caught:
            http.get(site.url("/a"))
    assert str(caught.value) == f"redirect loop at {site.url('/a')}"


def test_too_many_redirects(fake_time: FakeTime) -> None:
    with LocalServer({f"/r{i}": redirect(f"/r{i + 1}") for i in range(5)}) as site:
        with client(fake_time, max_redirects=3) as http, pytest.raises(FetchError) as caught:
            http.get(site.url("/r0"))
    assert str(caught.value) == f"too many redirects (more than 3) from {site.url('/r0')}"


def test_redirect_chain_that_ends_well(fake_time: FakeTime) -> None:
    routes = {"/old": redirect("/older", 301), "/older": redirect("/new", 307), "/new": OK}
    with LocalServer(routes) as site, client(fake_time) as http:
        page = http.get(site.url("/old"))
    assert page.url == site.url("/new") and page.status == 200
    assert site.requests == ["/robots.txt", "/old", "/older", "/new"]


@pytest.mark.parametrize("sized", [True, False], ids=["content-length", "streamed"])
def test_oversized_body(sized: bool, fake_time: FakeTime) -> None:
    body = b"<html>" + b"x" * 2_000
    route = Reply(body) if sized else unsized(body)
    with LocalServer({"/big": route}) as site, client(fake_time, max_bytes=1_000) as http:
        with pytest.raises(TooLargeError) as caught:
            http.get(site.url("/big"))
    assert str(caught.value) == f"response from {site.url('/big')} is larger than 1 kB"


def test_compressed_body_is_capped_after_decompression(fake_time: FakeTime) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 200_000)  # about 200 bytes on the wire
    route = Reply(bomb, headers={"Content-Encoding": "gzip"})
    with LocalServer({"/bomb": route, "/ok": Reply(gzip.compress("<p>Zürich</p>".encode()),
                                                   headers={"Content-Encoding": "gzip"})}) as site, \
            client(fake_time, max_bytes=10_000) as http:
        assert http.get(site.url("/ok")).text == "<p>Zürich</p>"
        with pytest.raises(TooLargeError, match=r"is larger than 10 kB$"):
            http.get(site.url("/bomb"))


def test_default_cap_is_named_in_megabytes(fake_time: FakeTime) -> None:
    with LocalServer({"/big": Reply(b"x" * 5_000_001)}) as site, client(fake_time) as http:
        with pytest.raises(TooLargeError, match=r"is larger than 5 MB$"):
            http.get(site.url("/big"))


@pytest.mark.parametrize("content_type", ["application/pdf", "application/json", "image/png"])
def test_non_html_body_where_html_expected(content_type: str, fake_time: FakeTime) -> None:
    with LocalServer({"/cv": Reply(b"%PDF-1.4", content_type=content_type)}) as site, client(fake_time) as http:
        with pytest.raises(ContentTypeError) as caught:
            http.get(site.url("/cv"))
    assert str(caught.value) == f"expected an HTML page from {site.url('/cv')}, got {content_type}"

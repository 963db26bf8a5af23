"""The one polite HTTP client: timeouts, size cap, retries, robots.txt, per-host delay, User-Agent.

The only module that imports httpx and tenacity. Every httpx exception is wrapped here, once, into
a `scrapers.errors` class whose one-line message names the URL. All waits (retry back-off,
Retry-After, per-host delay) go through the injected `sleep`, so tests record them instead of sleeping.
The retry rules themselves are in `scrapers.retry` (applied here with tenacity), robots.txt is
read and cached by `scrapers.robots` (through this client's own retried fetch).
"""

from __future__ import annotations

import math
import os
import random
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx
import tenacity

from scrapers.cache import DEFAULT_FRESH_PAGES, DEFAULT_FRESH_POSTINGS, DEFAULT_MAX_BYTES, open_storage
from scrapers.charset import decode_body
from scrapers.errors import (
    ContentTypeError,
    DeadlineError,
    FetchError,
    InvalidURL,
    NotFoundError,
    RequestLimitError,
    ScraperError,
    TooLargeError,
)
from scrapers.hosts import HostGate
from scrapers.responses import REDIRECT_STATUSES, Page, Raw
from scrapers.retry import RETRY_STATUSES, Retryable, final_error, retry_after, wait_before
from scrapers.robots import ROBOTS_ACCEPT, ROBOTS_MAX_BYTES, Robots
from scrapers.urls import PUBLIC, check_url, refused_address

HOMEPAGE = "https://github.com/crm-tool/crm"


def _version() -> str:
    """The installed crm's version, from its package metadata (the scrapers never import crm)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crm")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0"
# expect -> (media types accepted, Accept header sent)
EXPECT: dict[str, tuple[tuple[str, ...], str]] = {
    "html": (("text/html", "application/xhtml+xml"), "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
    "json": (("application/json", "text/json", "+json"), "application/json,*/*;q=0.1"),
    "xml": (("application/xml", "text/xml", "+xml"), "application/xml,text/xml;q=0.9,*/*;q=0.1"),
    "text": (("text/",), "text/*,*/*;q=0.1"),
    "any": ((), "*/*"),
}
# Served with a vague or missing Content-Type, a body is judged by its first character instead.
_VAGUE_TYPES = ("", "text/plain", "application/octet-stream", "text/javascript", "application/javascript")

ENV = {
    "delay": "CRM_HTTP_DELAY",
    "connect_timeout": "CRM_HTTP_CONNECT_TIMEOUT",
    "read_timeout": "CRM_HTTP_TIMEOUT",
    "max_bytes": "CRM_HTTP_MAX_BYTES",
    "max_requests": "CRM_HTTP_MAX_REQUESTS",
    "retries": "CRM_HTTP_RETRIES",
    "retry_wait_max": "CRM_HTTP_RETRY_WAIT_MAX",
    "ignore_robots": "CRM_IGNORE_ROBOTS",
    "user_agent": "CRM_HTTP_USER_AGENT",
    "allow_private": "CRM_HTTP_ALLOW_PRIVATE",
    "deadline": "CRM_HTTP_DEADLINE",
    "cache_max_bytes": "CRM_HTTP_CACHE_MAX_BYTES",
    "fresh_pages": "CRM_HTTP_FRESH_PAGES",
    "fresh_postings": "CRM_HTTP_FRESH_POSTINGS",
}
NOTICE_WAIT = 10.0  # a wait at least this long is announced (notify): silence that long looks like a hang


@dataclass(frozen=True)
class HttpSettings:
    """How politely and how patiently the client fetches; `from_env` reads the CRM_HTTP_* variables."""

    delay: float = 1.0  # seconds between two requests to one host; 0 allowed
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 5_000_000  # body cap
    max_requests: int | None = None  # per client; RequestLimitError past it
    max_redirects: int = 10
    ignore_robots: bool = False
    retries: int = 3  # attempts after the first
    retry_wait_max: float = 60.0  # cap on any wait; a Retry-After asking for more gives that page up
    deadline: float | None = 180.0  # seconds for everything one client fetches (a lookup, a posting)
    user_agent: str = f"crm/{_version()} (+{HOMEPAGE})"
    # Private, loopback and link-local addresses: None follows the first URL fetched (a lookup that
    # starts on the public web never goes into them), True always allows, False never (bar the start).
    allow_private: bool | None = None
    # The shared cache (scrapers.cache): None keeps no cache; crm names a folder in its data directory.
    cache_dir: str | None = None
    cache_max_bytes: int = DEFAULT_MAX_BYTES
    fresh_pages: float = DEFAULT_FRESH_PAGES  # seconds a page that states no freshness is fresh
    fresh_postings: float = DEFAULT_FRESH_POSTINGS  # the same for postings and job boards
    refresh: bool = False  # revalidate everything cached (conditional requests) instead of trusting it

    @classmethod
    def from_env(cls, **overrides: Any) -> HttpSettings:
        """Settings from CRM_HTTP_* variables; keyword overrides win, and an override of None is ignored."""
        values: dict[str, Any] = {}
        kinds = {f.name: f.type for f in fields(cls)}
        for name, var in ENV.items():
            raw = os.environ.get(var, "").strip()
            if raw:
                values[name] = _env_value(var, raw, str(kinds[name]))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


# Upper bounds where a bigger value only hangs the command: 10**20 retries never gave up, and a
# timeout or a wait of 1e300 seconds raised OverflowError in the socket or in sleep().
_HOUR = 3600
_ENV_MAX = {"CRM_HTTP_RETRIES": 20, "CRM_HTTP_DELAY": _HOUR, "CRM_HTTP_CONNECT_TIMEOUT": _HOUR,
            "CRM_HTTP_TIMEOUT": _HOUR, "CRM_HTTP_RETRY_WAIT_MAX": _HOUR, "CRM_HTTP_DEADLINE": 24 * _HOUR,
            "CRM_HTTP_FRESH_PAGES": 365 * 24 * _HOUR, "CRM_HTTP_FRESH_POSTINGS": 365 * 24 * _HOUR}


def _env_value(var: str, raw: str, kind: str) -> Any:
    if kind == "str":  # user_agent: a header value, which httpx encodes as ASCII (UnicodeEncodeError)
        if not (raw.isascii() and raw.isprintable()):
            raise ScraperError(f"{var} must be printable ASCII, got {raw!r}")
        return raw
    try:
        if "bool" in kind:
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes")
        value: float = int(raw) if "int" in kind else float(raw)
    except ValueError:
        what = "a yes/no value" if "bool" in kind else "a whole number" if "int" in kind else "a number"
        raise ScraperError(f"{var} must be {what}, got {raw!r}") from None
    if not math.isfinite(value):  # "inf" and "nan" parse as floats; sleeping them raises OverflowError
        raise ScraperError(f"{var} must be a finite number, got {raw!r}")
    if value < 0:
        raise ScraperError(f"{var} must not be negative, got {raw!r}")
    if var in _ENV_MAX and value > _ENV_MAX[var]:
        raise ScraperError(f"{var} must be at most {_ENV_MAX[var]}, got {raw!r}")
    return value


class HttpClient:
    """One httpx.Client with the house rules; not thread-safe (one per lookup).

    Clients running side by side (a batch) share a `gate`, so a host still sees one request at a time
    with the delay between, and may share the cache `storage` (scrapers.cache.open_storage).
    """

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        notify: Callable[[str], None] | None = None,
        wall: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        gate: HostGate | None = None,
        storage: Any = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings or HttpSettings.from_env()
        self.requests_made = 0
        self._sleep = sleep
        self._clock = clock
        self._wall = wall  # the date and time an HTTP date (Retry-After) is counted from
        self._notify = notify or (lambda message: None)  # what a long wait is for (the CLI: stderr)
        # Each step as it happens ("reading URL"; the people sources add "N people so far"): a terminal's
        # status line. Public, so the steps above the client can report on the same line.
        self.progress = progress or (lambda step: None)
        self._began: float | None = None  # clock() at the first request: the deadline counts from it
        self._random = random.Random()
        self._gate = gate or HostGate()  # per host: one request in flight, and when the last one ended
        self.sent = 0  # requests that reached a server (the rest were answered by the cache)
        self.from_cache = 0  # answered from the cache without asking
        self.revalidated = 0  # conditional requests the server answered 304 Not Modified
        self._kind = "page"  # "posting" while a posting or a board is read (scrapers.registry)
        self._went_out = False
        self._start: str | None = None  # the first URL fetched: where private addresses are judged from
        s = self.settings
        self._robots = Robots(s.user_agent, self._get_robots_txt)
        self._own_storage = storage is None and s.cache_dir is not None
        if self._own_storage:
            try:
                storage = open_storage(s.cache_dir, s.cache_max_bytes)
            except ScraperError as e:  # an unwritable data folder: the lookup still runs, uncached
                self._notify(f"{e}; going on without it")
                storage, self._own_storage = None, False
        self._storage = storage
        transport: httpx.BaseTransport = _Network(self, httpx.HTTPTransport())
        if storage is not None:
            transport = _cached(transport, storage)
        self._client = httpx.Client(
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            follow_redirects=False,  # followed by hand: loop detection, robots and delay on each hop
            headers={"User-Agent": s.user_agent},
            transport=transport,
        )

    # -- public -------------------------------------------------------------------------------

    def get(self, url: str, *, expect: str = "html", params: dict | None = None, headers: dict | None = None) -> Page:
        """GET `url` and return its decoded body; a body that is not of kind `expect` is a ContentTypeError."""
        if params:
            url = str(httpx.URL(url).copy_merge_params(params))
        return self._fetch(url, expect=expect, headers=headers)

    def post_json(self, url: str, body: Any, *, expect: str = "json") -> Page:
        """POST `body` as JSON (a search API such as Workday's cxs jobs), with every rule a GET keeps."""
        import json

        return self._fetch(url, expect=expect, headers={"Content-Type": "application/json"},
                           body=json.dumps(body).encode("utf-8"))

    def refusal(self, url: str) -> str | None:
        """Why this client will not fetch `url` (a private address reached from a public start), or None."""
        allow = self.settings.allow_private
        if allow:
            return None
        start = self._start or url
        return refused_address(url, start, PUBLIC if allow is False else None)

    def allowed(self, url: str) -> bool:
        """robots.txt's verdict on `url` for our User-Agent (fetched once per host, then cached)."""
        return self._robots.allowed(url)

    def sitemaps(self, url: str) -> list[str] | None:
        """Sitemap URLs from the cached robots.txt of `url`'s site; None when it was not read (robots ignored)."""
        return self._robots.sitemaps(url)

    @contextmanager
    def reading(self, kind: str) -> Iterator[None]:
        """Within the block, pages that state no freshness are cached as `kind` ("posting" or "page")."""
        previous, self._kind = self._kind, kind
        try:
            yield
        finally:
            self._kind = previous

    def close(self) -> None:
        """Close the connection pool (and the cache, when this client opened it)."""
        self._client.close()
        if self._own_storage and self._storage is not None:
            self._storage.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one fetch, hop by hop --------------------------------------------------------------------

    def _fetch(self, url: str, *, expect: str, headers: dict | None = None, body: bytes | None = None) -> Page:
        if expect not in EXPECT:
            raise ValueError(f"expect must be one of {', '.join(EXPECT)}, got {expect!r}")
        accepted, accept_header = EXPECT[expect]
        sent = {"Accept": accept_header, **(headers or {})}
        url = start = check_url(url)
        self._start = self._start or url
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            refused = self.refusal(url)
            if refused:
                where = f"{start} redirects to {url}" if url != start else f"{url}"
                raise InvalidURL(f"{where}, which crm will not fetch: {refused}", url=url)
            if not self.settings.ignore_robots:
                self._robots.check(url)
            self.progress(f"reading {url}")
            raw = self._send(url, sent, accepted, body=body)
            if not raw.redirect:
                return self._page(raw, expect, accepted)
            location = raw.headers.get("location")
            if not location:
                raise FetchError(f"redirect without a Location from {url}", url=url, status_code=raw.status)
            target = urljoin(url, location)
            try:
                target = check_url(target)
            except InvalidURL as e:
                raise InvalidURL(f"{url} redirects to a URL crm will not fetch: {e}", url=target) from e
            if target in seen:
                raise FetchError(f"redirect loop at {target}", url=target, status_code=raw.status)
            seen.add(target)
            url = target
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects}) from {start}", url=start)

    def _get_robots_txt(self, url: str) -> Raw:
        """One robots.txt request for `Robots`: retried like any other, redirects returned, body truncated."""
        refused = self.refusal(url)
        if refused:
            raise InvalidURL(f"crm will not fetch {url}: {refused}", url=url)
        return self._send(url, {"Accept": ROBOTS_ACCEPT}, (), cap=ROBOTS_MAX_BYTES, truncate=True)

    # -- one request, retried ---------------------------------------------------------------------

    def _send(self, url: str, headers: dict, accepted: tuple[str, ...], *, cap: int | None = None,
              truncate: bool = False, body: bytes | None = None) -> Raw:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(Retryable),
            sleep=self._sleep,
            retry_error_callback=_give_up,
        )
        return retrying(self._send_once, url, headers, accepted, cap or self.settings.max_bytes, truncate, body)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        """Retry-After when the server sent one, else exponential back-off with jitter; both capped. A
        server asking for more than the cap, or a wait past the deadline, gives the page up instead."""
        error = state.outcome.exception() if state.outcome else None
        cap = self.settings.retry_wait_max
        wait = wait_before(state.attempt_number, error, cap, self._random)
        url = getattr(error, "url", None) or "the page"
        if isinstance(error, Retryable) and error.retry_after is not None and error.retry_after > cap:
            raise FetchError(f"{url} asks to be retried in {error.retry_after:.0f} s (Retry-After), more than the "
                             f"{cap:g} s crm waits (CRM_HTTP_RETRY_WAIT_MAX): gave up on it",
                             url=url, status_code=error.status_code)
        left = self._left()
        if left is not None and wait >= left:
            raise DeadlineError(f"stopped at the {self.settings.deadline:g} s deadline: {url} was to be retried "
                                f"in {wait:.0f} s ({error})", url=url)
        if wait >= NOTICE_WAIT or (state.attempt_number == 1 and getattr(error, "unreachable", False)):
            # Not reaching a host at all is said at once (no network, a typo in the host), not after the retries.
            self._notify(f"waiting {wait:.0f} s to try {url} again: {error}")
        return wait

    def _left(self) -> float | None:
        """Seconds left before the deadline (None: no deadline, or nothing fetched yet)."""
        if self.settings.deadline is None or self._began is None:
            return None
        return self.settings.deadline - (self._clock() - self._began)

    def _check_deadline(self, url: str) -> None:
        left = self._left()
        if left is not None and left <= 0:
            raise DeadlineError(f"stopped at the {self.settings.deadline:g} s deadline before {url}", url=url)

    def _send_once(self, url: str, headers: dict, accepted: tuple[str, ...], cap: int, truncate: bool,
                   body: bytes | None = None) -> Raw:
        limit = self.settings.max_requests
        if limit is not None and self.requests_made >= limit:
            raise RequestLimitError(f"request limit of {limit} reached before {url}", url=url)
        host = urlsplit(url).netloc.lower()
        if self._began is None:
            self._began = self._clock()
        self._check_deadline(url)
        with self._gate.turn(host):  # the cache is asked inside the turn: a page another lookup is reading is then cached
            return self._send_turn(url, host, headers, accepted, cap, truncate, body)

    def _send_turn(self, url: str, host: str, headers: dict, accepted: tuple[str, ...], cap: int,
                   truncate: bool, body: bytes | None) -> Raw:
        self.requests_made += 1  # cache hits count too: a lookup reads the same pages warm or cold
        self._went_out = False
        sent = {**headers, "Cache-Control": "no-cache"} if self.settings.refresh else headers
        fresh = self.settings.fresh_postings if self._kind == "posting" else self.settings.fresh_pages
        try:
            request = self._client.build_request("GET" if body is None else "POST", url, headers=sent, content=body,
                                                 timeout=self._timeout(),
                                                 extensions={"crm_fresh": fresh, "crm_host": host, "crm_url": url})
            response = self._client.send(request, stream=True)
            try:
                self._count(response)
                return self._receive(response, url, accepted, cap, truncate)
            finally:
                response.close()
        except httpx.TimeoutException as e:
            connecting = isinstance(e, httpx.ConnectTimeout)
            raise Retryable(f"timed out {'connecting to' if connecting else 'reading'} {url}", url=url,
                            unreachable=connecting) from e
        except httpx.ConnectError as e:
            raise Retryable(f"cannot reach {url}: {_one_line(e)}{_no_network(e)}", url=url, unreachable=True) from e
        except httpx.TransportError as e:
            if isinstance(e, httpx.RemoteProtocolError) and "location header" in str(e).lower():
                # httpx reads a redirect's Location even when it does not follow it: a broken one
                # is the server's answer, not a broken connection, and asking again changes nothing.
                raise InvalidURL(f"{url} redirects to a URL crm will not fetch: {_one_line(e)}", url=url) from e
            if isinstance(e, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
                raise InvalidURL(f"cannot fetch {url}: {_one_line(e)}", url=url) from e
            raise Retryable(f"connection to {url} broke: {_one_line(e)}", url=url) from e
        except httpx.HTTPError as e:
            raise FetchError(f"cannot fetch {url}: {_one_line(e)}", url=url) from e
        except httpx.InvalidURL as e:  # not an HTTPError: a URL check_url let through that httpx refuses
            raise InvalidURL(f"cannot fetch {url}: {_one_line(e)}", url=url) from e
        except sqlite3.Error as e:  # the cache's file: a full disk, a folder made read-only meanwhile
            raise FetchError(f"the HTTP cache failed while reading {url}: {_one_line(e)} "
                             "(CRM_HTTP_CACHE=off goes without it)", url=url) from e
        finally:
            if self._went_out:
                self._gate.mark(host, self._clock())

    def _before_network(self, request: httpx.Request) -> None:
        """Just before a request leaves (the cache could not answer it): the host's delay, the deadline."""
        host, url = request.extensions["crm_host"], request.extensions["crm_url"]
        if self._went_out:  # the cache sends twice in one turn (a 304 that matched nothing): the delay holds
            self._gate.mark(host, self._clock())
        self._check_deadline(url)
        self._pause_for(host)
        self._check_deadline(url)
        self._went_out = True
        self.sent += 1
        request.extensions["timeout"] = self._timeout().as_dict()

    def _count(self, response: httpx.Response) -> None:
        status = response.extensions.get("caching") or {}
        if status.get("from_cache") and not self._went_out:
            self.from_cache += 1
        elif status.get("revalidated") and status.get("from_cache"):
            self.revalidated += 1

    def _timeout(self) -> httpx.Timeout:
        """The connect and read timeouts, shortened to what is left before the deadline."""
        s, left = self.settings, self._left()
        if left is None:
            return httpx.Timeout(s.read_timeout, connect=s.connect_timeout)
        return httpx.Timeout(min(s.read_timeout, left), connect=min(s.connect_timeout, left))

    def _pause_for(self, host: str) -> None:
        last = self._gate.last(host)
        # A site's own Crawl-delay outranks a shorter --delay (capped like every other wait).
        delay = max(self.settings.delay, min(self._robots.crawl_delay(host), self.settings.retry_wait_max))
        if last is None or delay <= 0:
            return  # the first request to a host never waits
        wait = delay - (self._clock() - last)
        if wait > 0:
            self._sleep(wait)

    def _receive(self, response: httpx.Response, url: str, accepted: tuple[str, ...], cap: int,
                 truncate: bool) -> Raw:
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status in REDIRECT_STATUSES:
            return Raw(url, status, headers, b"")
        if status in (404, 410):
            _drain(response)  # read to its end, a small answer is cached: a missing robots.txt is asked once
            raise NotFoundError(f"not found or closed: {url} (HTTP {status})", url=url, status_code=status)
        if status in RETRY_STATUSES:
            raise Retryable(f"HTTP {status} from {url}", url=url, status_code=status,
                             retry_after=retry_after(headers.get("retry-after"), self._wall()))
        if status >= 400:
            raise FetchError(f"HTTP {status} from {url}", url=url, status_code=status)
        media = _media_type(headers.get("content-type", ""))
        if accepted and media not in _VAGUE_TYPES and not _accepts(accepted, media):
            raise ContentTypeError(f"expected {_kind(accepted)} from {url}, got {media}", url=url, status_code=status)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and not truncate:
            raise TooLargeError(f"response from {url} is larger than {_size(cap)}", url=url, status_code=status)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            left = self._left()
            if left is not None and left <= 0:  # a server sending a byte a second never times out a read
                raise DeadlineError(f"{url} was cut off at the {self.settings.deadline:g} s deadline "
                                    f"({_size(size)} read)", url=url)
            if size > cap:
                if truncate:
                    break  # robots.txt: parse the first 500 kB
                raise TooLargeError(f"response from {url} is larger than {_size(cap)}", url=url, status_code=status)
        return Raw(url, status, headers, b"".join(chunks)[:cap])

    def _page(self, raw: Raw, expect: str, accepted: tuple[str, ...]) -> Page:
        content_type = raw.headers.get("content-type", "")
        media = _media_type(content_type)
        text = decode_body(raw.body, content_type, html=expect in ("html", "xml"))
        if accepted and media in _VAGUE_TYPES and not _sniff(text, expect):
            raise ContentTypeError(f"expected {_kind(accepted)} from {raw.url}, got {media or 'no content type'}",
                                   url=raw.url, status_code=raw.status)
        return Page(url=raw.url, status=raw.status, content_type=media, text=text, headers=raw.headers)


# -- the transports under the client ---------------------------------------------------------------


class _Network(httpx.BaseTransport):
    """The last step before the wire, taken only by requests the cache cannot answer: the host's
    delay and the deadline; and a default freshness for a response that states none."""

    def __init__(self, client: HttpClient, inner: httpx.BaseTransport) -> None:
        self._owner = client
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._owner._before_network(request)
        response = self._inner.handle_request(request)
        fresh = request.extensions.get("crm_fresh")
        if fresh is not None and response.status_code in _DEFAULT_FRESH and not _states_freshness(response.headers):
            # A page that says nothing is kept for a while (team pages a week, postings a day), not re-read each time.
            given = response.headers.get("cache-control")
            response.headers["Cache-Control"] = ", ".join(p for p in (given, f"max-age={int(fresh)}") if p)
        return response

    def close(self) -> None:
        self._inner.close()


# What a default freshness applies to: pages, and the answers a cache may reuse by rule (a robots.txt
# that is not there is as good as an empty one, for as long).
_DEFAULT_FRESH = (200, 301, 404, 410)


def _states_freshness(headers: httpx.Headers) -> bool:
    """Whether a response says how long it stays fresh, or that it must not be stored or reused unasked."""
    control = headers.get("cache-control", "").lower()
    return "expires" in headers or any(d in control for d in ("max-age", "no-cache", "no-store"))


def _cached(inner: httpx.BaseTransport, storage: Any) -> httpx.BaseTransport:
    """hishel's transport over `inner`, as a private cache (one user) following RFC 9111: fresh
    responses reused, stale ones revalidated with their ETag / Last-Modified."""
    import hishel
    from hishel.httpx import CacheTransport

    class Cache(CacheTransport):
        def close(self) -> None:  # the storage may be shared by a batch's clients: its owner closes it
            self.next_transport.close()

    return Cache(inner, storage=storage, rfc=hishel.CacheOptions(shared=False))


# -- helpers ----------------------------------------------------------------------------------------


def _drain(response: httpx.Response, limit: int = 65_536) -> None:
    """Read a short error body to its end (so the cache can keep it); a long one is left unread."""
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return
    except httpx.HTTPError:
        return


def _give_up(state: tenacity.RetryCallState) -> Any:
    """After the last attempt: the last error, saying how many attempts were made."""
    error = state.outcome.exception() if state.outcome else None
    assert isinstance(error, Retryable)
    raise final_error(error, state.attempt_number) from error


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _accepts(accepted: tuple[str, ...], media: str) -> bool:
    return any(media == a or (a.endswith("/") and media.startswith(a)) or (a.startswith("+") and media.endswith(a))
               for a in accepted)


def _kind(accepted: tuple[str, ...]) -> str:
    first = accepted[0]
    names = {"text/html": "an HTML page", "application/json": "JSON", "application/xml": "XML", "text/": "text"}
    return names.get(first, first)


def _sniff(text: str, expect: str) -> bool:
    """Whether a body served with a vague Content-Type looks like what was expected."""
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if expect == "json":
        return start[:1] in ("{", "[")
    if expect == "html":
        return start.startswith(("<!doctype html", "<html", "<head", "<body", "<!--")) or "<html" in start
    if expect == "xml":
        return start.startswith("<")
    return True


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def _no_network(error: BaseException) -> str:
    """ " (no network?)" when a host name could not be looked up at all: the usual sign of being offline."""
    import socket

    cause = error.__cause__ or error.__context__
    while cause is not None and not isinstance(cause, socket.gaierror):
        cause = cause.__cause__ or cause.__context__
    return " (no network?)" if cause is not None else ""


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


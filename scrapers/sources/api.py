"""The client API sources call through: the shared HttpClient's manners, its own call budget, rate limits.

API calls are counted apart from the site's pages (`--max-api-calls`), skip robots.txt (an API is no
crawled site: api.github.com's robots.txt disallows everything to crawlers, not to API clients), and
read the rate-limit headers (`X-RateLimit-Remaining`, `X-RateLimit-Reset`) of every answer: once a
service says nothing is left, no further call is made to it until its reset time, and a 403 or 429 stops
that service for the lookup. A rejected key (401) is an error the user must fix: one line that names the
variable, never the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

from scrapers.errors import DeadlineError, FetchError, InvalidURL, ParseError, RequestLimitError, ScraperError

if TYPE_CHECKING:
    from scrapers.http import HttpClient, HttpSettings

DEFAULT_MAX_API_CALLS = 12  # per lookup, all API sources together: a small share of GitHub's 60 an hour
API_DELAY_MAX = 0.5  # seconds between two calls to one API host (APIs are built for quick clients)


class KeyRejected(ScraperError):
    """The service refused the user's key (HTTP 401): the lookup stops with one line naming the variable."""


class ApiStopped(ScraperError):
    """A service will not answer any more in this lookup: the call budget, its rate limit, a refusal."""


@dataclass
class ApiClient:
    """A budget of API calls over an HttpClient of its own; remembers each host's rate-limit state."""

    http: HttpClient
    max_calls: int
    calls: int = 0
    remaining: dict[str, int] = field(default_factory=dict)  # host -> X-RateLimit-Remaining last seen
    reset: dict[str, int] = field(default_factory=dict)  # host -> X-RateLimit-Reset (epoch seconds)
    stopped: dict[str, str] = field(default_factory=dict)  # host -> why no more calls go there

    def left(self) -> int:
        """API calls still allowed in this lookup."""
        return max(0, self.max_calls - self.calls)

    def rate_left(self, url: str) -> int | None:
        """What the service's last answer said is left of its rate limit; None when it has not said."""
        return self.remaining.get(_host(url))

    def get_json(self, url: str, *, headers: dict[str, str] | None = None, params: dict[str, Any] | None = None,
                 key_env: str | None = None, service: str = "the API",
                 secrets: tuple[str, ...] = ()) -> tuple[Any, dict[str, str]]:
        """One call: the parsed JSON and the response headers. ApiStopped when no call may be made or
        the service refuses; KeyRejected on 401; ParseError on malformed JSON (one line, no secret)."""
        host = _host(url)
        if host in self.stopped:
            raise ApiStopped(self.stopped[host])
        if self.calls >= self.max_calls:
            raise ApiStopped(f"stopped at the API call budget (--max-api-calls {self.max_calls})")
        if self.remaining.get(host) == 0:
            why = f"{service} rate limit reached" + _until(self.reset.get(host))
            self.stopped[host] = why
            raise ApiStopped(why)
        self.calls += 1
        try:
            page = self.http.get(url, expect="json", params=params, headers=headers)
        except FetchError as e:
            status = getattr(e, "status_code", None)
            if status == 401:
                what = f"check {key_env}" if key_env else "the service wants a key"
                raise KeyRejected(f"{service} refused the API key (HTTP 401): {what}") from None
            if status in (403, 429):
                why = f"{service} refused more calls (HTTP {status}): rate limit reached" + _until(self.reset.get(host))
                self.stopped[host] = why
                raise ApiStopped(why) from None
            if status == 404:
                raise
            self.stopped[host] = _scrub(f"{service} failed: {e}", secrets)
            raise ApiStopped(self.stopped[host]) from None
        except (RequestLimitError, DeadlineError, InvalidURL) as e:
            self.stopped[host] = _scrub(f"{service}: {e}", secrets)
            raise ApiStopped(self.stopped[host]) from None
        self._note_limits(host, page.headers)
        try:
            return page.json(), page.headers
        except ParseError:
            raise ParseError(f"{service} answered with malformed JSON at {_scrub(page.url, secrets)}",
                             url=_scrub(page.url, secrets)) from None

    def _note_limits(self, host: str, headers: dict[str, str]) -> None:
        remaining, reset = headers.get("x-ratelimit-remaining", ""), headers.get("x-ratelimit-reset", "")
        if remaining.strip().isdigit():
            self.remaining[host] = int(remaining)
        if reset.strip().isdigit():
            self.reset[host] = int(reset)


def api_settings(site: HttpSettings, max_calls: int) -> HttpSettings:
    """The API client's settings: the site client's timeouts, deadline and User-Agent; its own call
    budget; robots.txt not read; a shorter delay; one retry (a 429 waits its Retry-After, capped)."""
    return dataclasses.replace(site, max_requests=max_calls, ignore_robots=True,
                               delay=min(site.delay, API_DELAY_MAX), retries=min(site.retries, 1))


def open_api(site_client: HttpClient, max_calls: int, *, sleep: Callable[[float], None] | None = None) -> ApiClient:
    """An ApiClient with an HttpClient of its own, built from the site client's settings."""
    from scrapers.http import HttpClient

    # The site client's sleep, clocks and notices: tests that pin them pin the API client too.
    http = HttpClient(api_settings(site_client.settings, max_calls), sleep=sleep or site_client._sleep,
                      clock=site_client._clock, wall=site_client._wall, notify=site_client._notify)
    return ApiClient(http, max_calls)


def next_link(headers: dict[str, str]) -> str | None:
    """The rel="next" URL of an RFC 8288 Link header (GitHub's pagination), or None on the last page."""
    for part in (headers.get("link") or "").split(","):
        pieces = part.split(";")
        target = pieces[0].strip()
        if target.startswith("<") and target.endswith(">") and any(
                p.strip().replace(" ", "") in ('rel="next"', "rel=next") for p in pieces[1:]):
            return target[1:-1]
    return None


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _until(reset: int | None) -> str:
    if not reset:
        return ""
    when = dt.datetime.fromtimestamp(reset, dt.timezone.utc)
    return f" until {when:%H:%M} UTC"


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text

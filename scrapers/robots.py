"""robots.txt (RFC 9309), read once per origin and cached: may we fetch this URL, and how slowly?

A 4xx answer allows everything; a 5xx answer (after the retries) disallows everything, as the RFC
asks, and the error says so; an unreachable host is reported as unreachable rather than as a robots
refusal. The fetching itself is `scrapers.http`'s: it hands in a function that GETs one robots.txt URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable
from urllib.parse import urljoin, urlsplit

from protego import Protego

from scrapers.charset import decode_body
from scrapers.errors import FetchError, InvalidURL, NotFoundError, RobotsError
from scrapers.urls import check_url

if TYPE_CHECKING:
    from scrapers.responses import Raw

ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB; we parse what we got
ROBOTS_ACCEPT = "text/plain,*/*;q=0.1"


class Robots:
    """The robots.txt rules of every origin seen so far, for one User-Agent."""

    def __init__(self, user_agent: str, fetch: Callable[[str], Raw]) -> None:
        self.user_agent = user_agent
        self._fetch = fetch  # GET one robots.txt URL, redirects not followed, body capped
        self._rules: dict[str, Protego | None] = {}  # scheme://host -> parsed robots.txt (None: allow all)
        self._failed: dict[str, str] = {}  # scheme://host -> why robots.txt was unreadable
        self._crawl_delay: dict[str, float] = {}  # host -> robots.txt Crawl-delay for our User-Agent

    def allowed(self, url: str) -> bool:
        """robots.txt's verdict on `url` for our User-Agent (fetched once per origin, then cached)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._rules:
            self._rules[origin] = self._read(origin)
        rules = self._rules[origin]
        if origin in self._failed:
            return False
        return rules is None or rules.can_fetch(url, self.user_agent)

    def check(self, url: str) -> None:
        """Nothing when `url` may be fetched; else a RobotsError, or a FetchError when the host is unreachable."""
        parts = urlsplit(url)
        host, origin = parts.netloc, f"{parts.scheme}://{parts.netloc}".lower()
        try:
            if self.allowed(url):
                return
        except FetchError as e:
            if e.status_code is not None:
                raise
            # The host itself is unreachable: report it for the URL asked for, not for its robots.txt.
            raise FetchError(str(e).replace(origin + "/robots.txt", url), url=url) from e
        why = self._failed.get(origin)
        if why:
            raise RobotsError(f"robots.txt of {host} could not be read ({why}), so it disallows {url} "
                              "(RFC 9309); --ignore-robots for your own sites", url=url)
        raise RobotsError(f"robots.txt of {host} disallows {url}; --ignore-robots for your own sites", url=url)

    def sitemaps(self, url: str) -> list[str] | None:
        """The Sitemap: lines of the robots.txt of `url`'s site, if it was read already (None: not read)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._rules:
            return None
        rules = self._rules[origin]
        return [urljoin(origin + "/", link) for link in rules.sitemaps] if rules is not None else []

    def crawl_delay(self, host: str) -> float:
        """The Crawl-delay a host's robots.txt asks of us, in seconds (0 when none, or not read yet)."""
        return self._crawl_delay.get(host, 0.0)

    def _read(self, origin: str) -> Protego | None:
        url = origin + "/robots.txt"
        seen = {url}
        for _hop in range(5):  # RFC 9309: follow at least five redirects
            try:
                raw = self._fetch(url)
            except NotFoundError:
                return None
            except InvalidURL:
                return None  # redirected where crm will not go (a private address): no rules from there
            except FetchError as e:
                if e.status_code is None:
                    raise  # the host is unreachable: say that, not "robots refused"
                if e.status_code >= 500:
                    self._failed[origin] = f"HTTP {e.status_code}"
                return None  # any other 4xx: no rules (RFC 9309 2.3.1.3)
            if not raw.redirect:
                rules = Protego.parse(decode_body(raw.body, raw.headers.get("content-type", ""), html=False))
                crawl_delay = rules.crawl_delay(self.user_agent)
                if crawl_delay:
                    self._crawl_delay[urlsplit(origin).netloc] = float(crawl_delay)
                return rules
            try:
                target = check_url(urljoin(url, raw.headers.get("location", "")))
            except InvalidURL:
                return None  # a redirect nowhere useful: as if there were no robots.txt
            if target in seen:
                return None
            seen.add(target)
            url = target
        return None

"""URL checks done before any fetch: a real http(s) URL with a host, and never LinkedIn."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from scrapers.errors import InvalidURL

SCHEMES = ("http", "https")
# Hosts crm never fetches: LinkedIn forbids scraping, so people search links are built instead.
BLOCKED_DOMAINS = ("linkedin.com", "lnkd.in")
# "jobs.lever.co/acme/1" typed without a scheme: a dotted host, then optionally a path.
_BARE_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]|$)", re.IGNORECASE)
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)*\.?$")  # \w: internationalised names too
# A host of four dot-separated numbers is an IPv4 address to httpx, which refuses 256.1.1.1 with its
# own exception at fetch time; it is checked here instead.
_DOTTED_NUMBERS = re.compile(r"^\d+\.\d+\.\d+\.\d+\.?$", re.ASCII)


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host.rstrip("."))
    except ValueError:
        return False
    return True


def host_of(url: str | None) -> str:
    """The lower-case host name of `url` without `www.` ("" when it has none); www.com stays itself."""
    host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") and "." in host[4:] else host


def on_hosts(url: str | None, hosts: frozenset[str] | tuple[str, ...]) -> bool:
    """True when `url` is on one of `hosts` or a sub-domain of one."""
    host = host_of(url)
    return bool(host) and any(host == h or host.endswith("." + h) for h in hosts)


def is_blocked_host(host: str) -> bool:
    """True for a host crm never fetches (LinkedIn and its link shortener)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in BLOCKED_DOMAINS)


def check_url(url: str) -> str:
    """The URL, trimmed and with https:// added when typed bare; InvalidURL when it cannot be fetched."""
    text = (url or "").strip()
    if not text or any(c.isspace() for c in text):
        raise InvalidURL(f"not a URL: {url!r}", url=url)
    if "://" not in text and _BARE_HOST.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as e:
        raise InvalidURL(f"not a URL: {url!r} ({e})", url=url) from e
    if not parts.scheme or "://" not in text:
        raise InvalidURL(f"not a URL: {url!r} (expected http:// or https://)", url=url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InvalidURL(f"unsupported scheme {scheme!r} in {text}: only http and https", url=text)
    host = parts.hostname or ""
    if not host:
        raise InvalidURL(f"URL has no host: {text}", url=text)
    if ":" not in host and not _HOST.match(host):  # ":" only in an IPv6 literal, checked by urlsplit
        raise InvalidURL(f"not a valid host name in {text}: {host!r}", url=text)
    if _DOTTED_NUMBERS.match(host) and not _is_ipv4(host):
        raise InvalidURL(f"not a valid IP address in {text}: {host!r}", url=text)
    if is_blocked_host(host):
        raise InvalidURL(
            f"crm never fetches LinkedIn ({text}); `crm lookup` builds a LinkedIn search link instead",
            url=text,
        )
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))

"""URL checks done before any fetch: a real http(s) URL with a host, and never LinkedIn."""

from __future__ import annotations

import ipaddress
import re
import socket
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


# Where an address leads, from the most private: a service on this machine, a link-local service
# (169.254.169.254 answers cloud credentials), a private network, the public internet.
LOOPBACK, LINK_LOCAL, PRIVATE, PUBLIC = "loopback", "link-local", "private", "public"
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}$", re.IGNORECASE)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host names literally: dotted, bracketed IPv6, or the short, decimal, octal and
    hex forms a resolver also reads ("127.1", "2130706433", "0x7f000001")."""
    host = host.strip("[]").rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not _NUMERIC_HOST.match(host):
            return None
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def address_class(url: str) -> str:
    """Where `url`'s host leads: LOOPBACK, LINK_LOCAL, PRIVATE or PUBLIC, read from the host as written
    (a name other than localhost is public: names are not resolved here)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return LOOPBACK
    address = _address(host)
    if address is None:
        return PUBLIC
    if address.is_loopback or address.is_unspecified:
        return LOOPBACK
    if address.is_link_local:
        return LINK_LOCAL
    if address.is_private or address.is_reserved or address.is_multicast:
        return PRIVATE
    return PUBLIC


# From a start of each class, the classes a fetch may go on to: a lookup that starts on the public
# web stays there; the user's own test site (loopback) or a site on their network may be local.
_REACHABLE = {
    PUBLIC: (PUBLIC,),
    PRIVATE: (PUBLIC, PRIVATE),
    LOOPBACK: (PUBLIC, PRIVATE, LOOPBACK),
    LINK_LOCAL: (PUBLIC, PRIVATE, LOOPBACK, LINK_LOCAL),
}


def refused_address(url: str, start: str, began: str | None = None) -> str | None:
    """Why a fetch that began at `start` may not go to `url` (a public page pointing into the user's
    machine or network), or None when it may. The start's own host is always allowed; `began` says
    where the start counts as being when not where its host leads."""
    if host_of(url) == host_of(start):
        return None
    where, began = address_class(url), began or address_class(start)
    if where in _REACHABLE[began]:
        return None
    return f"{urlsplit(url).hostname} is a {where} address, and the lookup started on a {began} one"

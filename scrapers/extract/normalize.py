"""Small normal forms shared by every scraper: dates, employment types, places, company websites."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from scrapers.extract.paths import first_text, get_path
from scrapers.urls import host_of, on_hosts

_EMPLOYMENT = {
    "fulltime": "full-time", "full": "full-time", "permanent": "full-time", "regular": "full-time",
    "parttime": "part-time", "part": "part-time",
    "contract": "contract", "contractor": "contract", "freelance": "contract", "temporary": "temporary",
    "temp": "temporary", "intern": "internship", "internship": "internship", "volunteer": "volunteer",
    "perdiem": "per-diem", "seasonal": "temporary", "apprenticeship": "apprenticeship",
}

# Links that are never a company's site, besides the job boards (`urls.is_board_host`).
_NOT_COMPANY = (
    "twitter.com", "x.com", "facebook.com", "instagram.com", "youtube.com", "youtu.be", "github.com",
    "medium.com", "google.com", "goo.gl", "bit.ly", "tiktok.com", "apple.com", "wikipedia.org",
)


def employment_type(value: Any) -> str | None:
    """"FullTime", "FULL_TIME", "Full-time", "full" ... -> "full-time"; unknown words kept as given."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    text = first_text(value)
    if text is None:
        return None
    key = re.sub(r"[^a-z]", "", text.lower())
    for word in (key, key.replace("time", ""), key.replace("employee", "")):
        if word in _EMPLOYMENT:
            return _EMPLOYMENT[word]
    return text


def iso_date(value: Any) -> str | None:
    """An ISO date "YYYY-MM-DD" from an ISO string, "YYYY-MM-DD HH:MM:SS UTC" or epoch milliseconds."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 10**11 else value  # Lever and friends send milliseconds
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups())).isoformat()
    except ValueError:
        return None


def place(value: Any) -> str | None:
    """A readable place from a string, a schema.org Place/PostalAddress, or a list of them."""
    if isinstance(value, list):
        names = [p for p in (place(v) for v in value) if p]
        return "; ".join(dict.fromkeys(names)) or None
    if not isinstance(value, dict):
        return first_text(value)
    address = value.get("address", value)
    if isinstance(address, str):
        return first_text(address, value.get("name"))
    parts = [
        first_text(get_path(address, key, "name"), get_path(address, key))
        for key in ("addressLocality", "addressRegion", "addressCountry")
    ]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or first_text(value.get("name"))


def site_root(url: str | None) -> str | None:
    """"https://www.acme.com/careers?x" -> "https://www.acme.com"; None for non-web or ATS URLs."""
    from scrapers.registry import is_board_host  # every scraper's HOSTS: known once they are loaded

    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or is_board_host(url):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def company_site_from_links(links: list[str], company: str | None) -> str | None:
    """The first link whose domain carries the company's name (descriptions also link elsewhere)."""
    wanted = re.sub(r"[^a-z0-9]", "", (company or "").lower())
    if len(wanted) < 3:
        return None
    for link in links:
        host = host_of(link)
        if not host or on_hosts(link, _NOT_COMPANY):
            continue
        labels = re.sub(r"[^a-z0-9.]", "", host).split(".")
        named = any(label and (label == wanted or (len(label) > 3 and wanted.startswith(label))) for label in labels[:-1])
        if named and site_root(link):  # a job board's page about the company is not its site
            return site_root(link)
    return None


_LINK = re.compile(r"""https?://[^\s"'<>()\[\]{}]+""")


def links_in(text: str | None) -> list[str]:
    """Every http(s) URL written in a text or an HTML fragment, in order, trailing punctuation dropped."""
    return [link.rstrip(".,;:!?") for link in _LINK.findall(text or "")]


def remote_from(value: Any) -> bool | None:
    """"Remote", "Fully remote" -> True; "On-site", "Hybrid", "In office" -> False; anything else None."""
    text = (first_text(value) or "").lower().replace("_", " ").replace("-", " ")
    if not text or text in ("unspecified", "not specified", "none"):
        return None
    if "remote" in text and "hybrid" not in text and "no remote" not in text and "not remote" not in text:
        return True
    if any(word in text for word in ("hybrid", "on site", "onsite", "in office", "office", "not remote", "no remote")):
        return False
    return None

"""What any HTML page says about itself: title, site name, main text, links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.extract.normalize import iso_date, site_root
from scrapers.extract.paths import first_text
from scrapers.extract.structured import meta_tags
from scrapers.extract.text import node_text
from scrapers.urls import host_of

_CHROME = frozenset(("header", "footer", "nav", "aside"))
ANY_WEB_PAGE = r"https?://[^/\s?#]+(?:[/?#]\S*)?$"  # the fallbacks' URL pattern


def main_node(soup: BeautifulSoup) -> Tag | None:
    """The element holding the page's main content: <main>, <article>, role=main, else <body>."""
    for find in (lambda: soup.find("main"), lambda: soup.find(attrs={"role": "main"}), lambda: soup.find("article")):
        found = find()
        if isinstance(found, Tag):
            return found
    if isinstance(soup.body, Tag):
        return soup.body
    return soup if isinstance(soup, Tag) else None


def main_text(soup: BeautifulSoup) -> str:
    """Clean text of the main content, without page header, footer, navigation and sidebars."""
    node = main_node(soup)
    if node is None:
        return ""
    return node_text(node, skip=_CHROME)


def company_from_host(url: str) -> str | None:
    """"https://careers.acme.co.uk/x" -> "acme.co.uk": the host without www or a careers/jobs prefix."""
    host = host_of(url)
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in ("careers", "jobs", "job", "work", "apply", "boards", "hire"):
        labels.pop(0)
    return ".".join(labels) or None


def page_links(soup: BeautifulSoup, base_url: str) -> list[str]:
    """Absolute http(s) links on the page, in order."""
    links = []
    for anchor in soup.find_all("a", href=True):
        href = urljoin(base_url, anchor["href"])
        if href.startswith(("http://", "https://")):
            links.append(href)
    return links


def page_fields(soup: BeautifulSoup, url: str) -> dict[str, Any]:
    """Posting fields from meta tags and headings; the last resort after JSON and schema.org."""
    meta = meta_tags(soup)
    heading = soup.find("h1")
    return {
        "title": first_text(meta.get("og:title"), meta.get("twitter:title"), heading and node_text(heading), meta.get("title")),
        "company": first_text(meta.get("og:site_name"), meta.get("application-name"), company_from_host(url)),
        "company_url": site_root(url),
        "date_posted": iso_date(meta.get("article:published_time") or meta.get("date")),
        "description": main_text(soup),
        "extra": {"summary": meta.get("og:description") or meta.get("description")},
    }

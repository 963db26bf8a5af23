"""What any HTML page says about itself: title, site name, main text, links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.extract.company import page_company
from scrapers.extract.fields import labelled_fields
from scrapers.extract.normalize import iso_date, site_root
from scrapers.extract.paths import first_text
from scrapers.extract.reporting import person_from_phrase
from scrapers.extract.structured import meta_tags
from scrapers.extract.text import node_text, soup_of
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


def main_text(soup: BeautifulSoup, node: Tag | None = None) -> str:
    """Clean text of the main content (`node`, else found), without page header, footer, navigation and sidebars."""
    node = node if node is not None else main_node(soup)
    if node is None:
        return ""
    return node_text(node, skip=_CHROME)


_SECOND_LEVEL = frozenset("co com net org gov ac edu ne or go".split())


def company_from_host(url: str) -> str | None:
    """"https://careers.acme.co.uk/x" -> "Acme": the host's own name, without www, a careers/jobs prefix
    or the public suffix; None for an IP address or a host without a dot (localhost)."""
    host = host_of(url)
    if not host or "." not in host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return None
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in ("careers", "jobs", "job", "work", "apply", "boards", "hire", "karriere"):
        labels.pop(0)
    labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    name = labels[-1] if labels else ""
    return name.replace("-", " ").title() if name else None


def site_name(html: str, url: str) -> str | None:
    """The name a company's own page gives its owner (og:site_name, schema.org, logo, copyright, <title>),
    else one made from its host; None for a page on an IP address that names nobody."""
    soup = soup_of(html)
    meta = meta_tags(soup)
    return first_text(meta.get("og:site_name"), meta.get("application-name"), page_company(soup),
                      company_from_host(url))


def page_links(soup: BeautifulSoup, base_url: str) -> list[str]:
    """Absolute http(s) links on the page, in order."""
    links = []
    for anchor in soup.find_all("a", href=True):
        href = urljoin(base_url, anchor["href"])
        if href.startswith(("http://", "https://")):
            links.append(href)
    return links


def page_fields(soup: BeautifulSoup, url: str) -> dict[str, Any]:
    """Posting fields from meta tags, headings and labelled fields ("Team: Payments"); the last resort
    after JSON and schema.org. The company is the site's name as the page states it, else a name made
    from the host ("careers.acme.co.uk" -> "Acme"), never a bare host or IP address."""
    meta = meta_tags(soup)
    heading = soup.find("h1")
    title = first_text(meta.get("og:title"), meta.get("twitter:title"), heading and node_text(heading), meta.get("title"))
    main = main_node(soup)
    fields = labelled_fields(main)
    manager = fields.get("hiring_manager")
    stated = fields.get("reports_to")
    return {
        "title": title,
        "company": first_text(meta.get("og:site_name"), meta.get("application-name"), page_company(soup, title),
                              company_from_host(url)),
        "company_url": site_root(url),
        "department": fields.get("department"),
        "team": fields.get("team"),
        "location": fields.get("location"),
        "date_posted": iso_date(meta.get("article:published_time") or meta.get("date")),
        "description": main_text(soup, main),
        "reports_to": person_from_phrase(stated or manager or "", context=title or "") if stated or manager else None,
        "people": [p for p in [person_from_phrase(manager)] if p is not None] if manager else [],
        "extra": {"summary": meta.get("og:description") or meta.get("description")},
    }

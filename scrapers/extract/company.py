"""Who runs an ATS board: the company's name and own website, as its hosted pages state them.

Pure readers for the second page or JSON an ATS scraper's fetch may add to `Document.extra`:
the Lever hosted posting page, the Ashby hosted board page (its `window.__appData` state), the
SmartRecruiters hosted posting page, and account/board JSON. Each returns `CompanySite`; a website is
kept only when it is an http(s) address off every ATS host, so a logo link back to the board is
never taken for the company's site. Nothing here guesses a domain from a name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import Tag

from scrapers.extract.normalize import site_root
from scrapers.extract.paths import first_text, get_path
from scrapers.extract.posting import organization
from scrapers.extract.structured import has_type, json_ld
from scrapers.extract.text import node_text, one_line, soup_of

_APP_DATA = re.compile(r"window\.__appData\s*=\s*")
_HOME_PAGE = re.compile(r"\s+home\s*page\s*$", re.IGNORECASE)
_LOGO = re.compile(r"\s+logo\s*$", re.IGNORECASE)
_JOBS_SUFFIX = re.compile(r"\s+jobs\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CompanySite:
    """What a board says about its owner; None where it says nothing usable."""

    name: str | None = None
    website: str | None = None


def website(link: Any, base: str = "") -> str | None:
    """The site root of `link` (resolved against `base`); None for blanks, non-web links and ATS hosts."""
    text = first_text(link)
    if text is None:
        return None
    url = urljoin(base, text) if base else text
    return site_root(url) if "." in (urlsplit(url).hostname or "") else None  # "https://0", "localhost": junk


def _anchor(node: Any) -> Tag | None:
    """The link a header element carries: itself when it is an <a>, else its first <a href>."""
    if not isinstance(node, Tag):
        return None
    if node.name == "a" and node.has_attr("href"):
        return node
    found = node.find("a", href=True)
    return found if isinstance(found, Tag) else None


def _logo_alt(anchor: Tag | None) -> str | None:
    image = anchor.find("img", alt=True) if anchor is not None else None
    alt = first_text(image["alt"]) if isinstance(image, Tag) else None
    return one_line(_LOGO.sub("", alt)) if alt and _LOGO.search(alt) else None


def lever_page(html: str | None, page_url: str, job_title: str | None) -> CompanySite:
    """Lever's hosted posting page: footer "<Company> Home Page" link, header logo link, <title> "Company - Title"."""
    if not html:
        return CompanySite()
    soup = soup_of(html)
    footer = soup.find(class_="main-footer-text")
    home = next((a for a in footer.find_all("a", href=True) if _HOME_PAGE.search(node_text(a))), None) if isinstance(footer, Tag) else None
    header = _anchor(soup.find(class_="main-header-logo"))
    site = website(home["href"], page_url) if home else None
    site = site or (website(header["href"], page_url) if header else None)
    name = None
    title = first_text(soup.title.get_text()) if soup.title else None
    wanted = first_text(job_title)
    if title and wanted and title.endswith(" - " + wanted):  # "Company - Title": cut at the known title only
        name = first_text(title[: -len(wanted) - 3])
    name = name or (one_line(_HOME_PAGE.sub("", node_text(home))) if home else None) or _logo_alt(header)
    return CompanySite(name=name, website=site)


def ashby_app_data(html: str | None) -> dict[str, Any] | None:
    """The `window.__appData = {...}` object an Ashby hosted page ships for its client-side render."""
    found = _APP_DATA.search(html or "")
    if found is None:
        return None
    try:  # raw_decode stops at the object's own closing brace, however much script follows
        data, _ = json.JSONDecoder().raw_decode(html or "", found.end())
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def ashby_page(html: str | None) -> CompanySite:
    """Ashby's hosted board page: `organization.name` and `organization.publicWebsite`, else "<Company> Jobs"."""
    if not html:
        return CompanySite()
    data = ashby_app_data(html)
    name = first_text(get_path(data, "organization", "name"))
    if name is None:
        found = re.search(r"<title[^>]*>([^<]*)</title>", html, re.IGNORECASE)
        title = first_text(found.group(1)) if found else None
        # A board that names nobody is titled a bare "Jobs": only "<something> Jobs" names a company.
        if title and _JOBS_SUFFIX.search(title) and title.lower() != "jobs":
            name = first_text(_JOBS_SUFFIX.sub("", title))
    return CompanySite(name=name, website=website(get_path(data, "organization", "publicWebsite")))


def smartrecruiters_page(html: str | None, page_url: str) -> CompanySite:
    """SmartRecruiters' hosted posting page: the header logo link, else JSON-LD hiringOrganization."""
    if not html:
        return CompanySite()
    soup = soup_of(html)
    header = _anchor(soup.find(class_="header-logo"))
    site = website(header["href"], page_url) if header else None
    name = None
    for obj in json_ld(soup):
        if has_type(obj, "JobPosting"):
            name, same_as = organization(obj.get("hiringOrganization"))
            site = site or same_as
            break
    return CompanySite(name=name or _logo_alt(header), website=site)


def account_json(data: Any, *keys: str) -> CompanySite:
    """An account/board JSON's `name` and the first website among `keys` (Workable's account profile)."""
    if not isinstance(data, dict):
        return CompanySite()
    site = next((w for w in (website(data.get(k)) for k in keys) if w), None)
    return CompanySite(name=first_text(data.get("name")), website=site)


# ---- a plain page's owner ---------------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\s*)?[,.]?\s*"
    r"(?:by\s+)?(?P<name>[^\n|•·]{2,60}?)\s*(?:[.,|•·]|\ball rights\b|\balle rechte\b|\btous droits\b|"
    r"\btodos los derechos\b|\balle rechten\b|\btodos os direitos\b|\btutti i diritti\b|$)",
    re.IGNORECASE)
_YEARS = re.compile(r"^(?:(?:19|20)\d\d\s*[-–/]?\s*)+|\s*(?:(?:19|20)\d\d\s*[-–/]?\s*)+$")
_TITLE_SEPARATORS = re.compile(r"\s+[|·•–—-]\s+|\s+::\s+|\s*\|\s*")
_JOBS_WORDS = re.compile(
    r"^(?:(?:careers?|jobs?|job openings?|open positions?|vacanc(?:y|ies)|home|karriere|stellenangebote?|jobs bei|"
    r"emplois?|carrières?|offres? d'emploi|empleos?|trabaja con nosotros|vacatures?|werken bij|vagas?|carreiras?|"
    r"lavora con noi)\b\s*(?:at|@|bei|chez|en|bij|na|em|in)?\s*)|\s*(?:careers?|jobs?|karriere|emplois?|vacatures?)$",
    re.IGNORECASE)
_ORGANIZATIONS = ("Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization",
                  "GovernmentOrganization")


def _bare(name: str | None) -> str | None:
    """A name, or None for a blank, a host name or an IP address ("acme.example", "127.0.0.1")."""
    name = one_line(name or "")
    if not name or re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?", name) or len(name) > 80:
        return None
    return name


def _from_title(title: str | None, job_title: str | None) -> str | None:
    """The part of "Senior Engineer | Acme" or "Careers at Acme" that is not the job nor the word "Jobs"."""
    if not title:
        return None
    job = " ".join((job_title or "").lower().split())
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    others = [p for p in parts if " ".join(p.lower().split()) != job]
    if len(parts) == 1:
        stripped = _JOBS_WORDS.sub("", parts[0]).strip()
        return stripped if stripped and stripped != parts[0] else None
    for part in reversed(others):  # the owner comes last more often than first
        named = _JOBS_WORDS.sub("", part).strip()
        if named and not any(c.isdigit() for c in named) and len(named.split()) <= 5:
            return named
    return None


def page_company(soup: Any, job_title: str | None = None) -> str | None:
    """Who a plain page belongs to, when it has no og:site_name: its schema.org Organization, its
    logo's alt text, the footer's copyright line, the <title> beside the job's own title. Never a host
    name or an IP address: None when the page says nothing."""
    for found in json_ld(soup):
        if any(has_type(found, kind) for kind in _ORGANIZATIONS):
            name, _ = organization(found)
            if _bare(name):
                return _bare(name)
    for image in soup.find_all("img", alt=True):
        alt = first_text(image.get("alt"))
        marks = " ".join([image.get("class") and " ".join(image["class"]) or "", image.get("id") or "",
                          image.get("src") or "", alt or ""]).lower()
        if alt and "logo" in marks:
            name = _bare(_LOGO.sub("", re.sub(r"^logo\s+(?:of\s+)?", "", alt, flags=re.IGNORECASE)))
            if name and name.lower() not in ("logo", "home", "homepage"):
                return name
    for footer in soup.find_all(["footer"]) or [soup]:
        match = _COPYRIGHT.search(node_text(footer))
        if match:
            name = _bare(_YEARS.sub("", match.group("name")).strip(" .,"))
            if name and not name[:1].isdigit():
                return name
    return _bare(_from_title(soup.title.get_text() if soup.title else None, job_title))

"""Extract the people a company page lists: data first, then the markup itself (pure).

`extract_people` reads schema.org people (JSON-LD, microdata), the people a JavaScript site ships
as application state, and the people the markup shows (`scrapers.team.blocks`), and merges them:
one record per person, the richest one. `data_people` reads a JSON document fetched beside a page
(Gatsby's page-data.json).
"""

from __future__ import annotations

import contextlib
import gc
import re
from dataclasses import replace
from typing import Any, Iterable
from urllib.parse import urljoin, urlsplit

from scrapers.lexicon.first_names import is_first_name
from scrapers.lexicon.names import is_person_name, name_key, normalize_space
from scrapers.lexicon.sections import is_governance_section, is_outside_section
from scrapers.lexicon.titles import looks_like_title
from scrapers.team import blocks, dom, naming, staff
from scrapers.team.dom import is_profile as is_profile_link
from scrapers.team.embedded import app_state, jsonld_people, microdata_people, state_people
from scrapers.types import PersonOnPage


def richer(a: PersonOnPage, b: PersonOnPage) -> PersonOnPage:
    """Of two records of one person, the one that says more (a title, a profile link, an email)."""
    def weight(p: PersonOnPage) -> tuple[int, int, int, int]:
        return (bool(p.title), bool(p.profile_url), bool(p.email), len(p.title))

    best, other = (a, b) if weight(a) >= weight(b) else (b, a)
    return PersonOnPage(
        name=best.name, title=best.title or other.title, profile_url=best.profile_url or other.profile_url,
        source_url=best.source_url or other.source_url, section=best.section or other.section,
        email=best.email or other.email, reports_to=best.reports_to or other.reports_to)


def _short_key(name: str) -> str:
    """Given and family name only: "Gregory S. Chirikjian" and "Gregory Scott Chirikjian" are one person."""
    words = name_key(name).split()
    return f"{words[0]} {words[-1]}" if len(words) > 2 else " ".join(words)


def merge_people(groups: Iterable[Iterable[PersonOnPage]]) -> list[PersonOnPage]:
    """Deduplicate by name (accents, honorifics, post-nominals and middle names aside), keeping
    first-seen order and the richer record."""
    merged: dict[str, PersonOnPage] = {}
    for group in groups:
        for person in group:
            key = _short_key(person.name)
            merged[key] = richer(merged[key], person) if key in merged else person
    return list(merged.values())


def own_company(title: str, company: str | None) -> str:
    """"Head of Marketing at gardenroute" -> "Head of Marketing" when gardenroute is this company."""
    found = re.match(r"^(.*?)\s+(?:at|@|bei|chez|en)\s+(.+)$", title)
    if not found or not company:
        return title
    theirs = re.sub(r"[^a-z0-9]", "", found.group(2).lower())
    ours = re.sub(r"[^a-z0-9]", "", company.lower())
    if theirs and ours and (ours.startswith(theirs) or theirs.startswith(ours)):
        return found.group(1)
    return title


def _is_company(name: str, company: str | None) -> bool:
    """The company's own name set like a person's ("Odede Marshall" of Odede Marshall Solicitors), or a
    product named after it."""
    if not company:
        return False
    ours, theirs = name_key(company).split(), name_key(name).split()
    if theirs and ours and theirs[0] == ours[0] and len(ours[0]) > 3 and not is_first_name(ours[0]):
        return True  # "Mozilla Wiki", "Acme Labs" on Mozilla's or Acme's page: a product, not a person
    return bool(theirs) and ours[: len(theirs)] == theirs


def markup_people(page: dom.Page, source_url: str, company: str | None = None) -> list[PersonOnPage]:
    """People the page's markup shows, by structure (see scrapers.team.blocks)."""
    names = naming.mark_names(page.lines, company)
    cards = blocks.find_cards(page, names)
    blocks.assign_sections(cards, page)
    headers: dict = {}
    backwards = blocks.titles_before(cards, page, headers)
    for card in cards:
        parent = card.element.getparent()
        card.title = own_company(blocks.card_title(card, page, headers, id(parent) in backwards), company)
        card.profile = blocks.profile_link(card, page)
    # A board's page of itself (a foundation, an association) is its page of people.
    governance_is_staff = not any(
        not any(is_governance_section(h.text) or is_outside_section(h.text) for h in card.sections + card.captions)
        for card in cards)
    by_element = {id(card.element): card for card in cards}
    grid = staff.repeated(cards)
    known = staff.known_ratio(cards)
    executive = staff.executive_boards(cards)
    found = []
    for card in cards:
        if staff.is_noise(card, page, governance_is_staff, id(card) in executive) or _is_company(card.name, company):
            continue
        if not staff.admitted(card, id(card) in grid, known):
            continue
        profile = card.profile
        found.append(PersonOnPage(
            name=card.name, title=card.title, source_url=source_url, section=card.section,
            profile_url=urljoin(source_url, profile) if profile and source_url else profile,
            reports_to=blocks.reports_to(card, page, by_element)))
    popups = blocks.popup_profiles(page)
    found = [p if p.profile_url and is_profile_link(p.profile_url) or name_key(p.name) not in popups
             else replace(p, profile_url=popups[name_key(p.name)]) for p in found]
    seen = {name_key(p.name) for p in found} | {name_key(c.name) for c in cards}
    for name, title, element in prose_pairs(page):
        if name_key(name) in seen:
            continue
        seen.add(name_key(name))
        href = element.get("href") if element.tag == "a" else None
        found.append(PersonOnPage(name=name, title=title, source_url=source_url,
                                  profile_url=urljoin(source_url, href) if href and source_url else href))
    return found


_PROSE_TITLE = re.compile(r"^\s*(?:\(([^()]{2,70})\)|,\s*(?:our|the|unser\w*|notre|nuestr[oa])?\s*([^,.;()]{2,70}?)\s*[,.;])")


def prose_pairs(page: dom.Page) -> list[tuple[str, str, Any]]:
    """(name, title, element) for names set in bold or as links inside running text, each followed
    by "(Title)" or ", our Title," ("<strong>Anna Svensson</strong> (CEO) started the company")."""
    found = []
    for tag in page.root.iter("strong", "b", "a", "em"):
        if tag not in page.spans:
            continue  # inside furniture the reading skipped (a menu, a footer, a testimonial)
        name = normalize_space(tag.text_content())
        if not is_person_name(name):
            continue
        after = tag.tail or ""
        sibling = tag.getnext()
        while sibling is not None and len(after) <= 90:
            after += (sibling.text_content() if isinstance(sibling.tag, str) else "") + (sibling.tail or "")
            sibling = sibling.getnext()
        match = _PROSE_TITLE.match(normalize_space(after) and after)
        if not match:
            continue
        title = blocks.tidy_title(match.group(1) or match.group(2) or "")
        if title and looks_like_title(title) and not is_person_name(title):
            found.append((name, title, tag))
    return found


@contextlib.contextmanager
def _collector_paused():
    """Reading a page makes hundreds of thousands of small objects that all live until it ends, and no
    cycles among them: the cyclic collector would walk them over and over (3x the time at 12,000
    cards, benchmarks/people_scale.py) and free nothing. Reference counting still frees as it goes."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def extract_people(html: str, source_url: str = "", company: str | None = None) -> list[PersonOnPage]:
    """Everyone a page presents as staff, with title, section, profile link and the page URL; noise excluded."""
    with _collector_paused():
        page = dom.read(html)
        structured = jsonld_people(page.root, source_url) + microdata_people(page.root, source_url)
        state = [p for doc in app_state(page.root) for p in state_people(doc, source_url)]
        shown = markup_people(page, source_url, company)
        if len(shown) < 5 and not structured and not state:
            # Hardly anybody: perhaps the cards sit in blocks a reused template calls "event" or "press".
            again = markup_people(dom.read(html, by_class=False, root=page.root), source_url, company)
            shown = again if len(again) >= 2 * len(shown) + 3 else shown
        return merge_people([structured, shown, state])


def data_people(data: Any, source_url: str = "") -> list[PersonOnPage]:
    """People in a JSON document fetched beside a page (a Gatsby page-data.json): lists of person objects."""
    return merge_people([state_people(data, source_url)])


def gatsby_data_url(html: str, page_url: str) -> str | None:
    """Where a Gatsby site keeps a page's data (`/page-data/<path>/page-data.json`), or None for other sites."""
    if "___gatsby" not in html or not page_url:
        return None
    path = urlsplit(page_url).path.strip("/") or "index"
    return urljoin(page_url, f"/page-data/{path}/page-data.json")

"""Extract the people a company page lists: structured data first, then the markup itself (pure)."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.team.cards import (Card, Line, card_title, find_cards, is_noise, profile_link, prose_pairs, section_of,
                                 sibling_direction, soup_of)
from scrapers.lexicon.names import name_key
from scrapers.team.structured import jsonld_people, microdata_people
from scrapers.types import PersonOnPage

# Site furniture that lists links, never staff. Class and id words are hints for noise only: cards
# themselves are found by structure, so a meaningless class name never hides a person.
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "svg", "form", "iframe", "blockquote", "q")
_NOISE_WORDS = {"testimonial", "testimonials", "quote", "quotes", "review", "reviews", "advisor", "advisors",
                "advisory", "investor", "investors", "backers", "board", "byline", "author", "credits", "credit",
                "blog", "press", "clients", "footer", "navbar", "nav", "menu", "sidebar", "cookie", "cookies",
                "breadcrumb", "breadcrumbs", "event", "events", "speaker", "speakers", "webinar", "podcast"}


def _noisy_attrs(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    words = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""]).lower()
    return bool(set(re.split(r"[^a-z]+", words)) & _NOISE_WORDS)


def _strip_noise(soup: BeautifulSoup) -> Tag:
    body = soup.body or soup
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in body.find_all("header"):
        if tag.find("a") is not None and len(tag.find_all("a")) >= 3:
            tag.decompose()  # the site header: a logo and menu links
    for tag in list(body.find_all(True)):
        if tag.decomposed if hasattr(tag, "decomposed") else False:
            continue
        if tag.parent is not None and _noisy_attrs(tag):
            tag.decompose()
    return body


def richer(a: PersonOnPage, b: PersonOnPage) -> PersonOnPage:
    """Of two records of one person, the one that says more (a title, a profile link, an email)."""
    def weight(p: PersonOnPage) -> tuple[int, int, int, int]:
        return (bool(p.title), bool(p.profile_url), bool(p.email), len(p.title))

    best, other = (a, b) if weight(a) >= weight(b) else (b, a)
    return PersonOnPage(
        name=best.name, title=best.title or other.title, profile_url=best.profile_url or other.profile_url,
        source_url=best.source_url or other.source_url, section=best.section or other.section,
        email=best.email or other.email)


def merge_people(groups: Iterable[Iterable[PersonOnPage]]) -> list[PersonOnPage]:
    """Deduplicate by name (accents and honorifics aside), keeping first-seen order and the richer record."""
    merged: dict[str, PersonOnPage] = {}
    for group in groups:
        for person in group:
            key = name_key(person.name)
            merged[key] = richer(merged[key], person) if key in merged else person
    return list(merged.values())


def _own_company(title: str, company: str | None) -> str:
    """"Head of Marketing at gardenroute" -> "Head of Marketing" when gardenroute is this company."""
    found = re.match(r"^(.*?)\s+(?:at|@)\s+(.+)$", title)
    if not found or not company:
        return title
    theirs = re.sub(r"[^a-z0-9]", "", found.group(2).lower())
    ours = re.sub(r"[^a-z0-9]", "", company.lower())
    if theirs and ours and (ours.startswith(theirs) or theirs.startswith(ours)):
        return found.group(1)
    return title


def markup_people(body: Tag, source_url: str, company: str | None = None) -> list[PersonOnPage]:
    """People found by the card structure in already de-noised markup."""
    _, cards = find_cards(body)
    named = {id(c.element) for c in cards}
    directions = sibling_direction(cards)
    found = []
    for card in cards:
        parent = card.element.parent
        title = _own_company(card_title(card, named, directions.get(id(parent), "next")), company)
        section = section_of(card, named)
        if not title or is_noise(card, title, section) or (company and name_key(card.line.name) == name_key(company)):
            continue
        profile = profile_link(card)
        found.append(PersonOnPage(
            name=card.line.name, title=title,
            profile_url=urljoin(source_url, profile) if profile and source_url else profile,
            source_url=source_url, section=section))
    seen = {name_key(p.name) for p in found} | {name_key(c.line.name) for c in cards}
    for name, title, element in prose_pairs(body):
        card = Card(Line(name, element, name=name, title=title), element, [])
        section = section_of(card, named)
        if name_key(name) in seen or is_noise(card, title, section):
            continue
        seen.add(name_key(name))
        profile = element.get("href") if element.name == "a" else None
        found.append(PersonOnPage(name=name, title=title, profile_url=urljoin(source_url, profile) if profile else None,
                                  source_url=source_url, section=section))
    return found


def extract_people(html: str, source_url: str = "", company: str | None = None) -> list[PersonOnPage]:
    """Everyone a page presents as staff, with title, profile link and the page URL; noise excluded."""
    soup = soup_of(html)
    structured = jsonld_people(soup, source_url) + [
        p for p in microdata_people(soup, source_url) if p.title or p.profile_url]
    body = _strip_noise(soup)
    return merge_people([structured, markup_people(body, source_url, company)])

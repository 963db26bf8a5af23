"""Who among the cards on a page is staff (pure).

Advisors, investors, alumni, testimonials, bylines and event speakers are not: by the section or the
sentence a card sits under, by a word on the card itself ("Advisor", "Alumna"), by a quote or a date
in it. A board of directors is staff only where the page lists nobody else or where its members run
the organisation (a volunteer-run company's directors). A card with a title beside its name is a
person; one without needs a group that reads as names (known given names, a photo, a page of its own).
"""

from __future__ import annotations

import re
from collections import Counter

from scrapers.lexicon.names import name_key
from scrapers.lexicon.sections import is_governance_section, is_outside_section
from scrapers.lexicon.titles import is_outsider, looks_like_title
from scrapers.team.blocks import BYLINE, DATE, QUOTE_START, Card
from scrapers.team.dom import Page
from scrapers.team.naming import signature, given_known


_EXECUTIVE = re.compile(
    r"\b(ceo|chief executive|chief \w+ officer|c[ofto]o|executive director|managing director|general manager|"
    r"founder|co-?founder|geschäftsführ\w*|directeur général|directrice générale|director general|"
    r"directora? ejecutiv[oa]|directeur exécutif|algemeen directeur|diretora? executiv[oa])\b", re.IGNORECASE)


def _runs_it(title: str) -> bool:
    """A board member who also runs the organisation (its CEO, COO, executive director): staff."""
    if not title or is_outsider(title) or re.search(r"\b(former|non-executive|independent)\b", title, re.IGNORECASE):
        return False
    tail = title.rsplit(",", 1)[-1].strip() if "," in title else ""
    if re.search(r"\s(at|@)\s", title) or (tail and tail[:1].isupper() and not looks_like_title(tail)):
        return False  # "Chief Executive Officer, Brightwater Analytics": another company's
    if _EXECUTIVE.search(title):
        return True  # "CEO, Cofounder, Board of Directors"
    # "Board President", "Vice President" of a board are its officers; a president alone runs it.
    return bool(re.search(r"\bpresident\b", title, re.I)) and not re.search(r"\bboard\b|\bvice\b", title, re.I)


def executive_boards(cards: list[Card]) -> set[int]:
    """Ids of the cards under a board whose members mostly run the organisation (a volunteer-run
    company's directors): that board is staff, as a board of outside directors is not."""
    boards: dict[int, list[Card]] = {}
    for card in cards:
        heads = [h for h in card.sections if is_governance_section(h.text)]
        if heads:
            boards.setdefault(id(heads[-1]), []).append(card)
    return {id(c) for members in boards.values() if sum(_runs_it(c.title) for c in members) * 2 >= len(members)
            for c in members}


def is_noise(card: Card, page: Page, governance_is_staff: bool, executive_board: bool = False) -> bool:
    """A testimonial, advisor, investor, alumnus, byline, quote or event speaker: not staff."""
    heads = [h.text for h in card.sections] + [c.text for c in card.captions]
    partner = bool(re.search(r"partner|teilhaber|associ", card.title, re.IGNORECASE))  # a law firm's partners
    # Under "Board Members and Advisors" the founders and the CEO are still the company's own people.
    board_runner = _runs_it(card.title) and not re.search(r"\badvis|\bberat|\bconseil|\bconsej|\bcomité",
                                                         card.title, re.IGNORECASE)
    if any(is_outside_section(h) and not (partner and re.search(r"partner", h, re.IGNORECASE))
           and not (board_runner and is_governance_section(h)) for h in heads):
        return True
    if not governance_is_staff and any(is_governance_section(h) for h in heads) and not _runs_it(card.title) \
            and not executive_board:
        return True
    if is_outsider(card.title) and not re.fullmatch(r"(executive |co-)?chair(man|woman|person)?( (and|&) .+)?",
                                                     card.title.strip(), re.IGNORECASE):
        return True
    name_line = card.line
    if name_line.text[:1] in "—–-~" or BYLINE.match(name_line.text):
        return True
    if any(a.tag in ("blockquote", "q", "cite") for a in card.element.iterancestors()):
        return True
    for i in range(card.first, card.last):
        line = page.lines[i]
        if line.kind != "text" or line is name_line:
            continue
        if line.text[:1] in QUOTE_START and len(line.text) > 30:
            return True
        if DATE.search(line.text) or BYLINE.match(line.text):
            return True
        if len(line.text.split()) <= 2 and line.text != card.title and is_outside_section(line.text.strip(" :")):
            return True  # "Advisor", "Alumna", "Investor" written on the card itself
    return False


def known_ratio(cards: list[Card]) -> dict[tuple, tuple[float, int]]:
    """Per way of showing a card (tag, classes, parent): the share of its names with a known given
    name, and how many cards are shown that way."""
    groups: dict[tuple, list[bool]] = {}
    for card in cards:
        groups.setdefault(signature(card.element)[:4], []).append(given_known(card.name))
    return {shape: (sum(hits) / len(hits), len(hits)) for shape, hits in groups.items()}


def admitted(card: Card, in_grid: bool, known: dict[tuple, tuple[float, int]]) -> bool:
    """Whether a card is a person: a title beside a name, or a name shown the way other people are.

    Menus and tag lists also repeat capitalised words ("Getting Involved", "Source Code"): a card
    whose line beside the name is no known title, in a group of three or more whose names are hardly
    ever given names, is one of those. A name with no title at all needs a group that reads as names,
    or a photo or a page of its own, as people's cards have. (Given names are a hint, never a
    requirement: a group of Chinese or Yoruba names with titles is read like any other.)
    """
    ratio, count = known.get(signature(card.element)[:4], (0.0, 1))
    if card.title and not re.search(r"[^\W\d_]{2,}", card.title):
        card.title = ""  # "™", "•": no title at all
    first_known = given_known(card.name)
    if len(card.name.split()) == 1 and not first_known:  # "Wen": only beside a title of a few words
        return bool(card.title) and looks_like_title(card.title) and len(card.title.split()) <= 6
    if card.title:
        return looks_like_title(card.title) or first_known or (ratio >= 0.25 and count >= 2)
    if not in_grid:
        return False
    return ratio >= 0.5 or card.element.find(".//img") is not None or card.element.tag == "img" or _own_page(card)


def _own_page(card: Card) -> bool:
    """Whether the card links to a page named after the person ("/team/jane-doe")."""
    href = (card.line.href or "").lower()
    parts = [p for p in name_key(card.name).split() if len(p) > 2]
    return bool(href) and bool(parts) and all(p in href for p in parts[:1] + parts[-1:])


def repeated(cards: list[Card]) -> set[int]:
    """Ids of cards shown the way at least one other card is (same tag, classes and parent): a grid or a list."""
    shapes = Counter(signature(c.element)[:4] for c in cards)
    parents = Counter(id(c.element.getparent()) for c in cards)
    return {id(c) for c in cards if shapes[signature(c.element)[:4]] >= 2 or parents[id(c.element.getparent())] >= 2}

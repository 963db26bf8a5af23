"""People shown as markup, found by structure alone: cards, titles, sections, links (pure).

One general rule reads cards, grids, tables, lists, definition lists and figures alike: a line that
names a person (`scrapers.team.naming`) marks a person; the largest block around it that holds no
other name is their card; the nearest role-like line in the card (or in the block right beside it)
is their title. The title lexicon only ranks the candidates: a short line right after a name is a
title even when no dictionary knows it ("College Counsellor", "Kundenbetreuung"). The headings above
a card, outside every card, are its section: "Advisory board" or "Alumni" keep people out
(`scrapers.team.staff`), "Engineering" becomes their department. Every step is linear in the page's
size: counts come from prefix sums over the lines, and each element is climbed by one card at most.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from scrapers.lexicon.names import (FIELD_LABEL, clean_name, drop_leading_post_nominals, is_person_name, name_key,
                                    normalize_space, without_post_nominals)
from scrapers.lexicon.sections import is_outside_section
from scrapers.lexicon.titles import looks_like_title
from scrapers.team.dom import Element, Line, Page, is_folded, is_profile
from scrapers.team.naming import signature

# A card never grows past these: they hold many people.
CONTAINERS = frozenset("body html main section article nav header footer form aside".split())
LISTS = frozenset("ul ol table tbody thead tfoot dl".split())  # hold many cards, or one (a table per person)
QUOTE_START = ("“", '"', "«", "„", "‘", "»")
DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|"
    r"\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+\d{4}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d+\s+min(ute)?s?\s+read\b", re.IGNORECASE)
BYLINE = re.compile(r"^(by|posted by|written by|author:?|von|par|por|door)\s", re.IGNORECASE)
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.\w|^@\w|[\w.+-]+\s*[\[({<]\s*(at|@)\s*[\])}>]\s*[\w-]+|\bat\s+\w+\.(org|com|net|edu)\b|^\+?[\d\s().\-/]{7,}$|"
                      r"^(tel|phone|fax|mobile|cell|email|e-mail|telefon|téléphone|teléfono)\.?\s*[:+\d]|https?://|www\.",
                      re.IGNORECASE)
_CONTACT_LABELS = frozenset("""email e-mail mail phone tel telephone telefon téléphone teléfono telefone fax mobile
contact kontakt contacto contato""".split())
_NOT_A_TITLE_COLUMN = re.compile(
    r"organi[sz]ation|company|employer|affiliation|institution|firm|firma|unternehmen|entreprise|empresa|"
    r"organisatie|bedrijf|organiza|e-?mail|phone|telefon|id\b|username|login|github|website|url|timezone|"
    r"location|city|country|ort|standort", re.IGNORECASE)
_TITLE_COLUMN = re.compile(r"role|title|position|function|funktion|fonction|cargo|functie|job|rolle|poste|puesto|"
                           r"função|responsibilit", re.IGNORECASE)
_JOINERS = ("and ", "& ", "und ", "et ", "y ", "e ", "en ", "&amp; ")
_REPORTS_TO = re.compile(r"^(?:reports? to|reporting to|berichtet an|rapporte à|reporta a|rapporteert aan|"
                         r"manager)\s*:?\s+(?P<who>.{3,80})$", re.IGNORECASE)


@dataclass(eq=False)
class Card:
    """A person's block: their name line, the block's element and its lines, and what was read in it."""

    line: Line
    element: Element
    first: int
    last: int  # one past the card's last line
    name: str
    title: str = ""
    sections: list[Line] = field(default_factory=list)  # the headings above the card, outermost first
    profile: str | None = None
    reports_to: str = ""
    captions: list[Line] = field(default_factory=list)  # a sentence that introduces the card's table or list

    @property
    def section(self) -> str:
        """The heading the card is listed under (its department), or ""."""
        return self.sections[-1].text if self.sections else ""


# ---- cards ---------------------------------------------------------------------------------------

def section_heading(line: Line, named: set) -> bool:
    """A heading line that titles a part of the page: shown, no name in it, nor in its heading element
    ("<h1><span>Jane Doe</span> Executive Director</h1>" is a person, not a section), and not shaped like
    the headings that hold names (an `h1.member__title` naming a partner company is an item, not a section)."""
    if not line.heading or line.name or line.kind != "text":
        return False
    if line.hidden is not None and not is_folded(line.hidden):
        return False  # a heading in a pop-up (a person's bio) names no part of the page
    if _CONTACT.search(line.text) or line.text.lower().rstrip(" :") in _CONTACT_LABELS:
        return False  # "<h6>E-mail: <a>…</a></h6>" on a card
    if line.text.endswith((".", "!")) and len(line.text.split()) > 5:
        return False  # "Klicken Sie auf den Namen ...": a sentence, not the name of a part of the page
    element = line.heading_element
    return id(element) not in named and _heading_shape(element) not in named


def _heading_shape(element: Element | None) -> tuple[str, str] | None:
    if element is None or not element.get("class"):
        return None
    return element.tag, element.get("class")


def named_headings(lines: list[Line]) -> set:
    """Ids of the heading elements that hold a name, and the (tag, class) shapes of those that do so
    more than once."""
    holding = [line.heading_element for line in lines if line.name and line.heading_element is not None]
    shapes = Counter(_heading_shape(e) for e in holding if _heading_shape(e) is not None)
    return {id(e) for e in holding} | {shape for shape, n in shapes.items() if n >= 2}


class _Counts:
    """Prefix sums over the lines: names and section headings in any range, in O(1)."""

    def __init__(self, lines: list[Line]) -> None:
        named = named_headings(lines)
        self.names = [0]
        self.headings = [0]
        self.heading_at: list[int] = []  # line indexes of section headings, in order
        self.levels: list[int] = []
        for line in lines:
            self.names.append(self.names[-1] + bool(line.name))
            is_heading = section_heading(line, named)
            self.headings.append(self.headings[-1] + is_heading)
            if is_heading:
                self.heading_at.append(line.index)
                self.levels.append(line.heading)

    def names_in(self, start: int, end: int) -> int:
        return self.names[end] - self.names[start]

    def headings_in(self, start: int, end: int) -> int:
        return self.headings[end] - self.headings[start]

    def ranking_heading_in(self, start: int, end: int, level: int) -> bool:
        """Whether a section heading of `level` or above (a lower number) stands in [start, end)."""
        if not self.headings_in(start, end):
            return False
        first = bisect_left(self.heading_at, start)
        last = bisect_left(self.heading_at, end)
        return any(self.levels[i] <= level for i in range(first, last))


def find_cards(page: Page, names: list[Line]) -> list[Card]:
    """One card per name line: the largest block around it holding no other name and no section heading."""
    counts = _Counts(page.lines)
    cards = []
    for line in names:
        card = line.element
        start, end = page.span(card)
        if end <= start:
            start, end = line.index, line.index + 1
        while True:
            parent = card.getparent()
            if parent is None or parent.tag in CONTAINERS:
                break
            p_start, p_end = page.span(parent)
            if parent.tag in LISTS and not _wrapper_list(parent, card, p_end - p_start):
                break  # a list or table of items, this name's among them: the rest are not its card
            if counts.names_in(p_start, p_end) != 1:
                break
            # A heading above the card in the same block titles a section; one below it titles another
            # part of the page, unless it ranks below the name's own heading (the title, in an h3 under
            # an h2 name).
            if counts.headings_in(p_start, start) or counts.ranking_heading_in(end, p_end, line.heading or 6):
                break
            card, start, end = parent, p_start, p_end
        cards.append(Card(line, card, start, end, line.name))
    return cards


# ---- titles --------------------------------------------------------------------------------------

def _wrapper_list(element: Element, child: Element, size: int) -> bool:
    """A list or table used as a box around one card: a `<ul>` holding headings instead of items, a
    table of a single row (one table per person)."""
    if size > 12 or element.tag == "dl":
        return False
    if element.tag in ("ul", "ol"):
        return child.tag != "li"
    return sum(1 for _ in element.iter("tr")) <= 1


def _inside(child: Element, parent: Element) -> bool:
    node = child
    while node is not None:
        if node is parent:
            return True
        node = node.getparent()
    return False


def _column_header(cell: Element, cache: dict) -> str:
    """The header text of a table cell's column ("" when the table has none)."""
    table = next((a for a in cell.iterancestors("table")), None)
    if table is None:
        return ""
    if id(table) not in cache:
        header = next((tr for tr in table.iter("tr") if tr.find("th") is not None), None)
        cache[id(table)] = [normalize_space(c.text_content()) for c in header if c.tag in ("td", "th")] \
            if header is not None else []
    column = sum(1 for s in cell.itersiblings(preceding=True) if s.tag in ("td", "th"))
    headers = cache[id(table)]
    return headers[column] if column < len(headers) else ""


def _cell(element: Element) -> Element | None:
    node = element
    for _ in range(4):
        if node is None:
            return None
        if node.tag in ("td", "th"):
            return node
        node = node.getparent()
    return None


# A "Label: value" line on a card whose label says the value is the role (other fields: FIELD_LABEL).
_ROLE_LABEL = re.compile(r"^(role|rolle|rol|ruolo|papel|position|posición|poste|job title|titel|funktion|function|"
                         r"fonction|funzione|função|functie|cargo|puesto|stilling|ansvar|befattning|tehtävä|aufgabe)"
                         r"\s*:\s*(\S.{0,80})$", re.IGNORECASE)


def _usable(line: Line, card: Card, headers: dict) -> bool:
    """Can this line of the card be its title? Not a link, a name, hidden inside the card, contact details,
    a date, a quote, prose, or a table column that holds employers or addresses."""
    text = line.text
    if line.kind != "text" or line.name or not text or FIELD_LABEL.match(text):
        return False
    if line.hidden is not None and not _inside(card.element, line.hidden):
        return False
    if _CONTACT.search(text) or DATE.search(text) or text[:1] in QUOTE_START or BYLINE.match(text):
        return False
    words = text.split()
    if len(words) > 14 or (text.endswith((".", "!", "?")) and len(words) > 5 and not _role_like(text)):
        return False
    cell = _cell(line.element)
    if cell is not None:
        header = _column_header(cell, headers)
        if header and _NOT_A_TITLE_COLUMN.search(header) and not _TITLE_COLUMN.search(header):
            return False
    return text.lower().strip(" :→»") not in _NOT_TITLES and not _ACTION.match(text)


_ACTION = re.compile(r"^(?:email|e-mail|mail|call|phone|contact|message|write to|book a call with|connect with|"
                     r"follow|meet|schreiben sie|kontaktieren sie|écrire à|contacter|escribir a|contactar)\s+\S+$|"
                     r"^\S+ (?:on|auf|sur|en) (?:linkedin|twitter|x|github|instagram|facebook|xing|mastodon)$",
                     re.IGNORECASE)  # "Email Chris": a button
_NOT_TITLES = frozenset("""linkedin twitter github email bio profile more read more view profile contact website
close open back next previous show more show less expand collapse""".split("\n")[0].split()) | {
    "read more", "view profile", "show more", "show less", "view bio", "read bio", "full bio", "join the team",
    "join us", "we're hiring", "we are hiring", "apply now", "open positions", "work with us", "careers"}


_SENTENCE = re.compile(r"\b(i|he|she|they|we|you|is|was|has|have|joined|works?|worked|leads|loves|ich|er|sie|ist|war|hat|"
                       r"je|il|elle|est|a|yo|él|ella|es|fue|ha|io|lui|lei|è|sono|eu|ele|ela|é|foi|hij|zij|heeft)\b",
                       re.IGNORECASE)


# A professional registration number written into a title: "nº Col. 38154", "Reg. No. 1234567", "#12345".
_REGISTRATION = re.compile(r"(?:\bn[º°]\.?|\bnr\.|\bno\.|#|\breg\.)\s*(?:col\.?\s*|no\.\s*)?\d{1,9}\b", re.IGNORECASE)


def _role_like(text: str) -> bool:
    """A short line that can be a role: a few words, no sentence ("Sviluppo, pacchettizzazione per Debian."
    is a role with a full stop; "She joined in 2019." is a sentence)."""
    words = text.split()
    digits = sum(c.isdigit() for c in _REGISTRATION.sub("", text))  # "Psicóloga nº Col. 24567" is a title
    if not 0 < len(words) <= 12 or digits > 4 or text.endswith(("!", "?")):
        return False
    return not text.endswith(".") or (len(words) <= 10 and not _SENTENCE.search(text))


_DASH = re.compile(r"\s+[—–]\s+|\s+-\s+")


def _role_before_dash(text: str) -> str:
    """The role that heads a line describing the work after a dash ("Medical office manager — daily
    administration and billing ..."), or ""."""
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) < 2 or len(parts[0].split()) > 6 or len(parts[1].split()) < 4:
        return ""
    head = parts[0].strip()
    return head if _role_like(head) and not head.endswith(".") and not is_person_name(head) else ""


_ENDS_JOINED = (" and", " &", " of", " for", " und", " et", " y", " e", " -", " –", ",")


def _continues(first: Line, second: Line) -> bool:
    """A second title line: in the same element (after a `<br>`) or one shaped the same way right below
    it, reading as a title or carrying on the first. A field shaped otherwise ("div.member-group",
    the unit under "div.member-role") is not part of the title."""
    if second.element is not first.element and (second.element.getparent() is not first.element.getparent()
                                                 or signature(second.element) != signature(first.element)):
        return False
    text = second.text
    if first.element.tag == "li" and second.element.tag == "li" and len(text.split()) <= 8:
        return True  # a short list of roles under a name: "stellvert. Leitung", "Erzieherin im Kindergarten"
    return looks_like_title(text) or text[:1].islower() or text.lower().startswith(_JOINERS)


def card_title(card: Card, page: Page, headers: dict, backwards: bool = False) -> str:
    """The title line nearest the name inside the card, else in the block beside it, else ""."""
    if card.line.title:
        return tidy_title(card.line.title)
    lines = page.lines
    name_at = card.line.index
    labelled = next((found.group(2) for i in range(card.first, card.last) if i != name_at and lines[i].kind == "text"
                     and (found := _ROLE_LABEL.match(lines[i].text))), None)
    if labelled:  # "Ansvar: Projektleder.", "Funktion: Kassenwart": the card says which line is the role
        return tidy_title(labelled.rstrip(". "))
    usable = [i for i in range(card.first, card.last) if i != name_at and _usable(lines[i], card, headers)]
    by_distance = sorted(usable, key=lambda i: (abs(i - name_at), i < name_at))
    chosen = next((i for i in by_distance if looks_like_title(lines[i].text)), None)
    if chosen is None:  # no title word: a short line right after the name (or right before it) still is one
        chosen = next((i for i in by_distance if _role_like(lines[i].text)
                       and (i > name_at or i == name_at - 1)), None)
        if chosen is not None and lines[chosen].text.endswith(".") and (head := _role_before_dash(lines[chosen].text)):
            return tidy_title(head)  # "Secretariaat — Telefonisch en persoonlijk onthaal, afspraken."
    if chosen is None:  # "Secretariaat — Telefonisch en persoonlijk onthaal, afspraken ...": the role, then what it does
        headed = next((head for i in range(name_at + 1, card.last) if lines[i].kind == "text" and not lines[i].name
                       and lines[i].hidden is None and (head := _role_before_dash(lines[i].text))), None)
        return tidy_title(headed) if headed else sibling_title(card, page, headers, backwards)
    title = lines[chosen].text
    after = chosen + 1
    while after < card.last and after in usable and _continues(lines[chosen], lines[after]) and after != name_at:
        joined = lines[after].text.lower().startswith(_JOINERS) or title.lower().endswith(_ENDS_JOINED)
        title = f"{title} {lines[after].text}" if joined else f"{title}, {lines[after].text}"
        after += 1
    return tidy_title(title)


def _neighbour(element: Element, backwards: bool) -> Element | None:
    node = element.getprevious() if backwards else element.getnext()
    while node is not None and not isinstance(node.tag, str):
        node = node.getprevious() if backwards else node.getnext()
    return node


def titles_before(cards: list[Card], page: Page, headers: dict) -> set[int]:
    """Ids of the parents whose cards hold only a name and follow their title (dt Title / dd Name): there
    the block before a name is its title, the block after it the next person's."""
    found: set[int] = set()
    seen: set[int] = set()
    for card in cards:
        parent = card.element.getparent()
        if parent is None or id(parent) in seen:
            continue
        seen.add(id(parent))
        before = _neighbour(card.element, backwards=True)
        if before is None:
            continue
        start, end = page.span(before)
        lines = [ln for ln in page.lines[start:end] if _usable(ln, card, headers)]
        if len(lines) == 1 and not any(ln.name for ln in page.lines[start:end]) and looks_like_title(lines[0].text):
            found.add(id(parent))
    return found


def following_blocks(card: Card, page: Page, backwards: bool = False, limit: int = 8) -> list[list[Line]]:
    """The lines of the blocks right after a card that holds only the name (a Markdown page's "### Name"
    then its paragraphs), up to the next person, the next list item or the next section heading; or the
    one block right before it (dt Title / dd Name)."""
    blocks: list[list[Line]] = []
    sibling = card.element
    named = named_headings(page.lines)
    for _ in range(1 if backwards else limit):
        sibling = _neighbour(sibling, backwards)
        if sibling is None:
            break
        start, end = page.span(sibling)
        if end <= start:
            continue
        if sibling.tag == card.element.tag and sibling.get("class") == card.element.get("class") and \
                card.element.get("class"):
            break  # another item of the same list, one without a name ("Join the team"): not this person's
        lines = page.lines[start:end]
        # A heading right beside the name in the same box is its title ("<h4>Name</h4><h4 class=x>Cloud
        # Security Enthusiast</h4>"); further on, or in another box, one of its level starts a section.
        beside = not blocks and sibling.getparent() is card.element.getparent()
        if any(line.name for line in lines) or any(section_heading(line, named) and line.heading <= (
                card.line.heading or 6) and not looks_like_title(line.text)
                and not (beside and line.heading >= (card.line.heading or 7) and _role_like(line.text)
                         and not is_outside_section(line.text)) for line in lines):
            break
        blocks.append(lines)
    return blocks


def sibling_title(card: Card, page: Page, headers: dict, backwards: bool = False) -> str:
    """A title in the blocks beside a card that holds only the name (see `following_blocks`)."""
    for lines in following_blocks(card, page, backwards):
        texts = [line for line in lines if _usable(line, card, headers)]
        for i, line in enumerate(texts[:3]):
            if looks_like_title(line.text) or (line is texts[0] and _role_like(line.text)):
                title = line.text
                for first, second in zip(texts[i:], texts[i + 1:]):  # a list of roles: all of them
                    if second.index != first.index + 1 or not _continues(first, second):
                        break
                    joined = second.text.lower().startswith(_JOINERS) or title.lower().endswith(_ENDS_JOINED)
                    title = f"{title} {second.text}" if joined else f"{title}, {second.text}"
                return tidy_title(title)
        if texts:
            break
    return ""


_ROOM = re.compile(r"^[A-Z]{1,4}\.?\d[\w.]*,$")  # "V183,", "OH14,", "R1.10,": a building or room, then more
_EXTENSION = re.compile(r"^(?:ext|x|tel|phone|fax|durchwahl|dw|poste|room|office|raum|bureau)\.?\s*:?\s*[\d][\d\s./-]*\.?$",
                        re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:¶|#|\||\(|,|;|:|-|–)\s*$")


def tidy_title(title: str) -> str:
    """A title without pronouns, heading anchors, stray bullets, contact details or post-nominal letters."""
    title = " | ".join(p for p in normalize_space(title).split(" | ") if not _CONTACT.search(p))
    title = _TRAILING.sub("", title)
    title = re.sub(r"\s*\((?:she|he|they|ze)\s*/\s*\w+\)", "", title, flags=re.IGNORECASE)
    title = drop_leading_post_nominals(title)
    words = title.split()
    coded = next((i for i, w in enumerate(words) if i and _ROOM.match(w)), None)
    if coded is not None:
        title = " ".join(words[:coded]).rstrip(" ,")  # "Team assistant OH14, R.239 Dortmund -7701"
    pieces = [p.strip() for p in title.split(",")]
    while len(pieces) > 1 and (without_post_nominals(f"A B, {pieces[-1]}") == "A B" or _EXTENSION.match(pieces[-1])):
        pieces.pop()  # ", Ph.D.", ", Ext. 107"
    return clean_name(", ".join(pieces)) if title else ""


# ---- sections, links, reporting lines --------------------------------------------------------------

def assign_sections(cards: list[Card], page: Page) -> None:
    """Give each card the headings above it (outside every card), as a path from the outermost."""
    in_card = bytearray(len(page.lines))
    for card in cards:
        in_card[card.first:card.last] = b"\x01" * (card.last - card.first)
    starts = sorted(cards, key=lambda c: c.first)
    named = named_headings(page.lines)
    stack: list[Line] = []
    position = 0
    for line in page.lines:
        while position < len(starts) and starts[position].first <= line.index:
            starts[position].sections = list(stack)
            position += 1
        if section_heading(line, named) and not in_card[line.index]:
            while stack and stack[-1].heading >= line.heading:
                stack.pop()
            stack.append(line)
    while position < len(starts):
        starts[position].sections = list(stack)
        position += 1
    # A table or list introduced by a sentence instead of a heading ("These people are recognized as
    # former PMC members"): the sentence says who they are too.
    for card in cards:
        container = next((a for a in card.element.iterancestors("table", "ul", "ol", "dl")), None)
        if container is None:
            continue
        start, _ = page.span(container)
        for i in range(start - 1, max(-1, start - 3), -1):
            line = page.lines[i]
            if not in_card[i] and line.kind == "text" and not line.name and len(line.text.split()) <= 30:
                if line not in card.sections:
                    card.captions = [line]
                break


_PROFILE_ORDER = (re.compile(r"linkedin\.com/", re.I), re.compile(r"//(www\.)?(twitter|x)\.com/", re.I),
                  re.compile(r"//(www\.)?github\.com/", re.I))


def best_profile(links: list[str], page_url_host: str = "") -> str | None:
    """The link that best stands for a person: LinkedIn, then X/Twitter, then GitHub, then a personal site,
    then a bio page on the site, then any other profile (Scholar, ORCID ...)."""
    links = [h for h in dict.fromkeys(links) if h and not h.lower().startswith(("mailto:", "tel:", "#", "javascript:"))]
    for pattern in _PROFILE_ORDER:
        found = next((h for h in links if pattern.search(h)), None)
        if found:
            return found
    own = [h for h in links if not is_profile(h)]
    external = [h for h in own if h.startswith("http") and (not page_url_host or page_url_host not in h)]
    return next(iter(external + [h for h in own if h not in external] + links), None)


def profile_link(card: Card, page: Page) -> str | None:
    """The person's profile: the best link in the card (or in the blocks after a bare name), else the link
    around the name (a bio page)."""
    links = [page.lines[i].href for i in range(card.first, card.last) if page.lines[i].href]
    if all(page.lines[i].kind == "link" or i == card.line.index for i in range(card.first, card.last)):
        links += [line.href for lines in following_blocks(card, page, limit=4) for line in lines if line.href]
    around = card.line.href or (card.element.get("href") if card.element.tag == "a" else None)
    return best_profile(links + ([around] if around else []))


def popup_profiles(page: Page) -> dict[str, str]:
    """Profiles shown only in a hidden pop-up of one person ("View bio" modals): name key -> link."""
    found: dict[str, str] = {}
    for line in page.lines:
        if line.hidden is None or line.kind != "text":
            continue
        text = without_post_nominals(line.text)
        if not is_person_name(text):
            continue
        start, end = page.span(line.hidden)
        others = {name_key(without_post_nominals(page.lines[i].text)) for i in range(start, end)
                  if page.lines[i].kind == "text" and is_person_name(without_post_nominals(page.lines[i].text))}
        if len(others) > 1:
            continue  # a folded panel of several people, not one person's pop-up
        links = [page.lines[i].href for i in range(start, end) if page.lines[i].href]
        profile = best_profile(links)
        if profile and is_profile(profile):
            found.setdefault(name_key(text), profile)
    return found


def reports_to(card: Card, page: Page, by_element: dict[int, Card]) -> str:
    """Whom the card says its person reports to: a "Reports to ..." line, or the person of the list
    item a nested org-chart list hangs under."""
    for i in range(card.first, card.last):
        found = _REPORTS_TO.match(page.lines[i].text)
        if found:
            return clean_name(found.group("who"))
    node = card.element
    for _ in range(12):
        node = node.getparent()
        if node is None:
            break
        if node.tag in ("ul", "ol"):
            item = node.getparent()
            if item is not None and item.tag == "li":
                for child in item:
                    if child is node:
                        break
                    boss = by_element.get(id(child)) or next(
                        (by_element[id(e)] for e in child.iter() if id(e) in by_element), None)
                    if boss is not None and boss is not card:
                        return boss.name
                boss = by_element.get(id(item))
                if boss is not None and boss is not card:
                    return boss.name
            break
    return ""



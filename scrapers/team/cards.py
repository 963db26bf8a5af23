"""People shown as markup: cards, tables, lists, dl/dt/dd, figures, image alt text.

Structure, not class names: the page is cut into text lines; a line that reads as a name marks a
person, the largest block around it holding no other name is their card, and the nearest title-like
line in the card (or in the block right beside it) is their title. So a name and a role in either
order, in any tags, with any classes, are read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scrapers.lexicon.names import clean_name, is_person_name, name_key, normalize_space, split_name_title
from scrapers.lexicon.titles import is_outsider, looks_like_title

# Inline tags continue the current line; every other tag (span included: page builders put name and
# title in sibling spans) starts a new one.
_INLINE = {"a", "b", "strong", "em", "i", "u", "small", "sup", "sub", "abbr", "mark", "font", "bdi", "s", "code"}
# A card never grows past these: they hold many people.
_CONTAINERS = {"body", "html", "main", "section", "article", "ul", "ol", "table", "tbody", "thead", "dl",
               "nav", "header", "footer", "form", "aside"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOISE_SECTION = re.compile(
    r"advis|board|investor|backer|backed by|funded by|testimonial|what (our )?(customers|clients|people|users)|"
    r"customers say|clients say|kind words|press|in the news|blog|latest (posts|articles|news)|articles|"
    r"stories from|partners|our clients|portfolio|reviews|love from|trusted by|case stud|podcast|webinar|"
    r"\bevents?\b|meetups?|speakers?|talks?\b|conference|friends of|collaborators|freelancers|contributors|"
    r"guest|alumni|former",
    re.IGNORECASE)
_ELSEWHERE = re.compile(r"(?:\bat|@)\s+[A-Z0-9]|,\s*[A-Z][\w&.]*\s+(Inc|LLC|Ltd|GmbH|Corp)\b|"
                        r"\w\.(com|io|ai|co|net|org|dev)\b|@")
_PHOTO = re.compile(r"^(a\s+)?(photo(graph)?|portrait|headshot|picture|image|avatar|profile (photo|picture))"
                    r"(\s+of)?\s*[:,-]?\s*", re.IGNORECASE)
_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|"
    r"\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d+\s+min(ute)?s?\s+read\b", re.IGNORECASE)
_QUOTE_START = ("“", '"', "«", "„", "‘")
_BUTTONS = {"linkedin", "twitter", "github", "email", "bio", "read more", "view profile", "x", "website",
            "more", "profile", "contact", "follow", "read bio", "full bio", "close"}
_BYLINE = re.compile(r"^(by|posted by|written by|author:?)\s", re.IGNORECASE)


@dataclass
class Line:
    """One visual line of text and the element that holds it."""

    text: str
    element: Tag
    alt: bool = False  # read from an image's alt text, not shown as text
    name: str = ""
    title: str = ""  # set when the line itself is "Name — Title"
    attribution: bool = False  # starts with a dash: the signature under a quote


@dataclass
class Card:
    """A person's block: their name line, the block's element, and its lines."""

    line: Line
    element: Tag
    lines: list[Line] = field(default_factory=list)


def page_lines(root: Tag) -> list[Line]:
    """The text lines of `root` in document order (image alt text as lines of its own)."""
    lines: list[Line] = []
    current: list[str] = []
    owner: list[Tag | None] = [None]

    def flush() -> None:
        text = normalize_space("".join(current))
        if text and owner[0] is not None:
            lines.append(Line(text, owner[0]))
        current.clear()
        owner[0] = None

    for node in root.descendants:
        if isinstance(node, Comment) or (isinstance(node, NavigableString) and node.parent.name in ("script", "style")):
            continue
        if isinstance(node, NavigableString):
            holder = node.parent
            while holder.name in _INLINE and holder.parent is not None and holder is not root:
                holder = holder.parent
            if owner[0] is not None and holder is not owner[0]:
                flush()
            owner[0] = holder
            current.append(str(node))
        elif isinstance(node, Tag):
            if node.name in _INLINE:
                continue
            flush()
            if node.name == "img" and node.get("alt"):
                lines.append(Line(_PHOTO.sub("", normalize_space(node["alt"])), node, alt=True))
    flush()
    return lines


def _signature(el: Tag) -> tuple[object, ...]:
    """Where an element sits: its tag and classes, its parent's, and its place among its siblings."""
    parent = el.parent
    index = sum(1 for _ in el.find_previous_siblings(el.name)) if el.name in ("td", "th") else 0
    return (el.name, tuple(el.get("class") or ()), parent.name if parent else "",
            tuple(parent.get("class") or ()) if parent else (), index)


def _mark_names(lines: list[Line]) -> list[Line]:
    names: list[Line] = []
    for line in lines:
        text = line.text
        if len(text) > 140:
            continue
        line.attribution = text[:1] in "—–-~"
        if is_person_name(text):
            line.name = clean_name(text)
        else:
            pair = split_name_title(text)
            if pair:
                line.name, line.title = pair
        if line.name:
            names.append(line)
    # A one-word name ("Wen") counts where full names sit in exactly the same place (card, row, dt).
    places: dict[tuple[object, ...], int] = {}
    for line in names:
        if not line.alt:
            places[_signature(line.element)] = places.get(_signature(line.element), 0) + 1
    for line in lines:
        if (not line.name and not line.alt and places.get(_signature(line.element), 0) >= 2
                and is_person_name(line.text, single=True)):
            line.name = clean_name(line.text)
            names.append(line)
    # "Full Stack Engineer - Batch Changes" under a real name line is a title, not "Batch Changes".
    pure = {id(ln.element.parent) for ln in names if not ln.title and not ln.alt}
    names = [ln for ln in names if not ln.title or ln.alt or id(ln.element.parent) not in pure]
    names.sort(key=lambda ln: lines.index(ln))
    # An image's alt text repeats the caption beside it; only names shown nowhere else count.
    shown = {name_key(n.name) for n in names if not n.alt}
    return [n for n in names if not n.alt or name_key(n.name) not in shown]


def find_cards(root: Tag) -> tuple[list[Line], list[Card]]:
    """Every line of the page and one card per name line."""
    lines = page_lines(root)
    names = _mark_names(lines)
    counts: dict[int, int] = {}
    for line in names:
        for el in [line.element, *line.element.parents]:
            counts[id(el)] = counts.get(id(el), 0) + 1
    cards = []
    for line in names:
        card = line.element
        while (card.parent is not None and card.parent.name not in _CONTAINERS
               and counts.get(id(card.parent), 0) == 1):
            card = card.parent
        cards.append(Card(line, card))
    inside: dict[int, Card] = {}
    for card in cards:
        inside[id(card.element)] = card
    for line in lines:
        for el in [line.element, *line.element.parents]:
            if id(el) in inside:
                inside[id(el)].lines.append(line)
                break
    return lines, cards


def _title_line(text: str) -> bool:
    if not looks_like_title(text) or is_person_name(text) or text[:1] in _QUOTE_START:
        return False
    if text.endswith(".") and len(text.split()) > 3:
        return False
    return text.lower() not in _BUTTONS and "@" not in text


def _short_line(text: str) -> bool:
    """A line that can be a title beside a name even without a title word ("Agronomist")."""
    words = text.split()
    return (0 < len(words) <= 6 and not any(c.isdigit() for c in text) and not text.endswith((".", "!", "?"))
            and not is_person_name(text) and text[:1] not in _QUOTE_START and "@" not in text
            and text.lower() not in _BUTTONS)


def _sibling_texts(element: Tag) -> list[str]:
    return [t for t in (normalize_space(s) for s in element.stripped_strings) if t]


def sibling_direction(cards: list[Card]) -> dict[int, str]:
    """Per parent element, where a bare name's title sits: "previous" when the first card is preceded
    by a title-like block (dt Title / dd Name), else "next"."""
    direction: dict[int, str] = {}
    for card in cards:
        parent = card.element.parent
        if parent is None or id(parent) in direction:
            continue
        before = card.element.find_previous_sibling()
        texts = _sibling_texts(before) if before is not None else []
        direction[id(parent)] = "previous" if len(texts) == 1 and _title_line(texts[0]) else "next"
    return direction


def _sibling_title(card: Card, named: set[int], direction: str) -> str:
    """A title in the block just after (or before) a card, when the card holds only the name."""
    sibling = card.element
    for _ in range(3):
        sibling = sibling.find_next_sibling() if direction == "next" else sibling.find_previous_sibling()
        if sibling is None or id(sibling) in named:
            break
        texts = _sibling_texts(sibling)
        if any(is_person_name(t) for t in texts):
            break
        joined = normalize_space(sibling.get_text(" "))
        for text in ([joined] if joined and _title_line(joined) else []) + texts:
            if _title_line(text):
                return text
        if len(texts) == 1 and _short_line(texts[0]):
            return texts[0]
    return ""


def card_title(card: Card, named: set[int], direction: str = "next") -> str:
    """The title line nearest the name inside the card, else in the block beside it."""
    if card.line.title:
        return card.line.title
    lines = card.lines
    index = next((i for i, ln in enumerate(lines) if ln is card.line), 0)
    best = ""
    for distance in range(1, len(lines)):
        for j in (index + distance, index - distance):
            if 0 <= j < len(lines) and not lines[j].alt and _title_line(lines[j].text):
                best = lines[j].text
                break
        if best:
            return best
    title = _sibling_title(card, named, direction)
    if title:
        return title
    # No title word anywhere: a short line right after the name ("Agronomist") still is one.
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following.text if following is not None and not following.alt and _short_line(following.text) else ""


def section_of(card: Card, in_cards: set[int]) -> str:
    """The heading the card is listed under (the nearest one outside every card)."""
    for heading in card.element.find_all_previous(_HEADINGS):
        if any(id(p) in in_cards for p in [heading, *heading.parents]):
            continue
        text = normalize_space(heading.get_text(" "))
        if text and not is_person_name(text):
            return text
    return ""


def is_noise(card: Card, title: str, section: str) -> bool:
    """A testimonial, advisor, investor, board member, byline or quote: not staff."""
    if _NOISE_SECTION.search(section) or _DATE.search(section) or is_outsider(title) or _ELSEWHERE.search(title):
        return True
    if card.line.attribution or _BYLINE.match(card.line.text):
        return True
    if card.element.find("time") is not None or card.element.find_parent(["blockquote", "q", "cite"]):
        return True
    for line in card.lines:
        if line.alt:
            continue
        if line.text[:1] in _QUOTE_START and len(line.text) > 30:
            return True
        if _DATE.search(line.text) or _BYLINE.match(line.text):
            return True
        if len(line.text) < 60 and _NOISE_SECTION.fullmatch(line.text.strip(" :")):
            return True
    return False


def profile_link(card: Card) -> str | None:
    """A LinkedIn profile in the card, else the link around the name (a bio page)."""
    for link in card.element.find_all("a", href=True) if card.element.name != "a" else [card.element]:
        if "linkedin.com/in/" in link["href"] or "linkedin.com/pub/" in link["href"]:
            return link["href"]
    around = card.line.element if card.line.element.name == "a" else card.line.element.find("a", href=True)
    if around is None:
        around = card.line.element.find_parent("a")
    if around is not None and around.get("href", "").startswith(("http", "/")):
        return around["href"]
    return None


def soup_of(html: str) -> BeautifulSoup:
    """Parse HTML with lxml (fast and lenient with broken markup)."""
    return BeautifulSoup(html, "lxml")


_PROSE_TITLE = re.compile(r"^\s*(?:\(([^()]{2,70})\)|,\s*(?:our|the)?\s*([^,.;()]{2,70}?)\s*[,.;])")


def prose_pairs(root: Tag) -> list[tuple[str, str, Tag]]:
    """(name, title, element) for names set in bold or as links inside running text, each followed
    by "(Title)" or ", our Title," ("<strong>Anna Svensson</strong> (CEO) started the company")."""
    found = []
    for tag in root.find_all(["strong", "b", "a", "em"]):
        name = normalize_space(tag.get_text(" "))
        if not is_person_name(name):
            continue
        after = ""
        for sibling in tag.next_siblings:
            after += sibling if isinstance(sibling, NavigableString) else sibling.get_text(" ")
            if len(after) > 90:
                break
        match = _PROSE_TITLE.match(normalize_space(after) and after)
        if not match:
            continue
        title = normalize_space(match.group(1) or match.group(2) or "")
        if looks_like_title(title) and not is_person_name(title):
            found.append((clean_name(name), title, tag))
    return found

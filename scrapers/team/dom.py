"""A page as the lines a reader sees, in order, each with the element that holds it (pure).

The tree is walked once, iteratively (lxml's iterwalk: a page nested 10,000 deep is no problem),
and site furniture is skipped on the way: scripts, navigation, footers, forms, the site header,
blocks whose class names say they are testimonials, press or events. Inline elements continue a
line; any other element, and `<br>`, starts a new one. A profile link or a button beside a name
("LinkedIn", an icon-only `<a>`, "Read bio") becomes a line of its own, so "Jane Doe LinkedIn" is
never read as a name. Text the page hides (`hidden`, `aria-hidden`, `display:none`, screen-reader
text) is kept but marked with the element that hides it. Every element's lines form one contiguous
range, so "how many names does this block hold" is a subtraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree, html

from scrapers.extract.text import mend_markup
from scrapers.lexicon.names import normalize_space

Element = Any  # lxml.html.HtmlElement

INLINE = frozenset("a b strong em i u small sup sub abbr mark font bdi s code q cite time label".split())
SKIP = frozenset("script style noscript template svg head title meta link nav footer form select "
                 "option iframe object canvas video audio".split())
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Blocks whose class or id names them as no list of staff. Who a list of people is (a board, advisors,
# investors) is read from its heading instead: for a foundation the board is its people.
_NOISE_WORDS = frozenset("""testimonial testimonials quote quotes review reviews byline author credits credit blog press
clients footer navbar nav menu sidebar cookie cookies breadcrumb breadcrumbs event events speaker speakers webinar
podcast newsletter subscribe""".split())
_HIDDEN_CLASSES = frozenset("sr-only visually-hidden screen-reader-text screen-reader-only hidden d-none "
                            "w-condition-invisible is-hidden invisible hide modal reveal popup lightbox mfp-hide "
                            "offcanvas collapse".split())
_SHOWN = frozenset({"show", "in", "active", "open", "is-open", "expanded"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Links beside a name that are not its text: profiles, mail and phone, buttons.
PROFILE_HOSTS = re.compile(
    r"linkedin\.com/|twitter\.com/|//x\.com/|github\.com/|gitlab\.com/|xing\.com/|instagram\.com/|facebook\.com/|"
    r"scholar\.google|orcid\.org/|researchgate\.net/|mastodon|bsky\.app/|threads\.net/|medium\.com/@|"
    r"youtube\.com/|wa\.me/|dribbble\.com/|behance\.net/", re.IGNORECASE)
BUTTONS = frozenset("""linkedin twitter github gitlab x email e-mail mail bio read more view profile website more profile
contact follow read bio full bio close website homepage homepage» cv resume google scholar scholar orcid
researchgate instagram facebook xing e-mail schreiben mail senden kontakt profil mehr weiterlesen en savoir plus
voir le profil contacter perfil ver más ver perfil leer más profiel lees meer bekijk profiel ver mais saiba mais
ficha personal personal page""".split("\n")[0].split()) | frozenset({
    "read more", "view profile", "read bio", "full bio", "view bio", "learn more", "google scholar", "e-mail schreiben",
    "mail senden", "en savoir plus", "voir le profil", "ver más", "ver perfil", "leer más", "lees meer",
    "bekijk profiel", "ver mais", "saiba mais", "ficha personal", "personal page", "more info", "see more",
    "send email", "send an email", "connect on linkedin", "view linkedin", "linkedin profile", "read full bio",
    "whatsapp", "telegram", "signal", "skype", "teams", "microsoft teams", "slack", "mastodon", "bluesky", "threads",
    "youtube", "blog", "portfolio", "homepage", "home page", "web", "site", "call", "anrufen", "appeler", "llamar",
    "personal website", "personal homepage", "personal webpage", "personal site", "my website", "web page", "webpage",
    "lab page", "publications", "google scholar profile", "page personnelle", "persönliche seite", "página personal"})
_ADDRESS = re.compile(r"^(https?://|www\.)\S+$|^[\w.+-]+@[\w-]+(\.[\w-]+)+$", re.IGNORECASE)
# "Photo of", "Foto von", "Immagine", "Imagen de", "Afbeelding van": the words before a name in alt text.
_PHOTO_WORDS = (r"photo(graph)?|portrait|headshot|picture|image|avatar|profile (photo|picture)|foto|bild|porträt|"
                r"immagine|ritratto|imagen|imagem|retrato|afbeelding|portret|billede|kuva")
_PHOTO = re.compile(rf"^(a\s+)?({_PHOTO_WORDS})(\s+(of|von|de|di|del|della|du|des|van|da|do|dos)\b|\s+d['’])?\s*[:,-]?\s*",
                    re.IGNORECASE)
_ALT_NOISE = re.compile(rf"^({_PHOTO_WORDS}|logo|icon|team member|profile)s?$", re.IGNORECASE)


@dataclass(slots=True, eq=False)
class Line:
    """One visual line of text and the element that holds it."""

    text: str
    element: Element
    index: int = 0
    kind: str = "text"  # "text", "alt" (an image's alt text), "link" (a profile link or button) or "part"
    # (the second half of a name broken over two lines, read with the first: never a name or title itself)
    href: str | None = None  # the link around the text, or the link a "link" line stands for
    hidden: Element | None = None  # the outermost element that hides this line, if any
    heading: int = 0  # 1-6 when the line is a heading
    heading_element: Element | None = None  # the heading element the line is in
    style: str = ""  # the inline element the text starts in ("b", "i", "strong"), if any
    name: str = ""  # set when the line reads as a person's name
    title: str = ""  # set when the line itself is "Name — Title"


@dataclass
class Page:
    """The lines of a page and where each element's lines start and end."""

    root: Element
    lines: list[Line]
    spans: dict[Element, tuple[int, int]]  # element -> (first line, one past its last line)

    def span(self, element: Element) -> tuple[int, int]:
        """The range of line indexes inside `element` (empty when it holds none)."""
        return self.spans.get(element, (0, 0))


def parse(markup: str) -> Element:
    """The page as an lxml tree (lenient with broken markup, any nesting depth)."""
    parser = html.HTMLParser(huge_tree=True, remove_comments=False, remove_pis=True)
    markup = mend_markup(markup)
    try:
        root = html.document_fromstring(markup or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<html></html>")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 drops whatever is nested deeper than 2,048 elements: build the tree without a limit.
        return _unlimited_tree(markup)
    return root


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CLOSED_BY_SIBLING = {"p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}, "li": {"li"},
                      "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th", "tr"},
                      "th": {"td", "th", "tr"}, "option": {"option"}}


_DEEPEST = 1024
_KEPT_DEEP = frozenset("h1 h2 h3 h4 h5 h6 p a img br".split())


def _unlimited_tree(markup: str) -> Element:
    """An lxml tree built from the standard library's HTML tokenizer: no depth limit, simple recovery
    (void elements, implied ends of p/li/td ..., stray end tags ignored). Past 1,024 levels only
    headings, paragraphs, links and images become elements; the wrappers around them are dropped
    (lxml walks every ancestor on each append, so 100,000 nested divs would take minutes)."""
    from html.parser import HTMLParser

    builder = etree.TreeBuilder(element_factory=lambda tag, attrs: html.html_parser.makeelement(tag, attrs))
    stack: list[tuple[str, bool]] = []  # (tag, built): end tags match dropped wrappers too
    depth = 0

    def attributes(attrs: list) -> dict:
        return {k: v or "" for k, v in attrs if k and k.isprintable() and " " not in k}

    def close() -> str:
        nonlocal depth
        tag, built = stack.pop()
        if built:
            builder.end(tag)
            depth -= 1
        return tag

    class Tokens(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            nonlocal depth
            while stack and tag in _CLOSED_BY_SIBLING.get(stack[-1][0], ()):
                close()
            built = depth < _DEEPEST or tag in _KEPT_DEEP
            if built:
                builder.start(tag, attributes(attrs))
            if tag in _VOID:
                if built:
                    builder.end(tag)
            else:
                stack.append((tag, built))
                depth += built

        def handle_startendtag(self, tag: str, attrs: list) -> None:
            builder.start(tag, attributes(attrs))
            builder.end(tag)

        def handle_endtag(self, tag: str) -> None:
            if any(open_tag == tag for open_tag, _ in reversed(stack)):
                while stack and close() != tag:
                    pass

        def handle_data(self, data: str) -> None:
            builder.data(data)

        def handle_comment(self, data: str) -> None:
            builder.comment(data)

    builder.start("html", {})
    stack.append(("html", True))
    depth = 1
    tokens = Tokens(convert_charrefs=True)
    tokens.feed(markup)
    tokens.close()
    while stack:
        close()
    root = builder.close()
    body = root.find(".//body")
    if body is not None and body.getparent() is not root:  # the page's own <html> inside ours
        inner = body.getparent()
        root = inner if inner.tag == "html" else root
    return root


def _classes(element: Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


_NOISE_PARTS = re.compile(r"sidebar|navbar|navigation|toctree|breadcrumb|cookie|footer|menu(?!e)|megamenu|"
                          r"rodape|fusszeile|pied-?de-?page|pie-?de-?pagina|voettekst")  # footers, in other languages
_NOISE_ROLES = frozenset({"navigation", "contentinfo", "complementary", "banner", "search", "menu", "menubar"})


def is_noise_block(element: Element, by_class: bool = True) -> bool:
    """A block whose class, id or role says it is no list of staff (testimonials, press, a menu ...)."""
    if (element.get("role") or "").lower() in _NOISE_ROLES:
        return True
    words = " ".join([element.get("class") or "", element.get("id") or ""]).lower()
    if not by_class:
        return bool(words) and bool(_NOISE_PARTS.search(words))  # menus, sidebars, footers only
    return bool(words) and (bool(set(re.split(r"[^a-z]+", words)) & _NOISE_WORDS) or bool(_NOISE_PARTS.search(words)))


def is_hidden(element: Element) -> bool:
    """Whether the page hides this element from sight (until a click: pop-ups, closed dialogs, collapsed panels)."""
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        return True
    if element.tag == "dialog" and element.get("open") is None:
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    classes = _classes(element)
    if classes & _SHOWN and classes & {"collapse", "modal", "tab-pane", "offcanvas"}:
        return False  # Bootstrap's "collapse show", "tab-pane active": open
    return bool(classes & _HIDDEN_CLASSES)


def _name_parts(parent: Element) -> bool:
    """Two or three one-word spans and nothing else in a block: the parts of one name."""
    children = list(parent)
    if not 2 <= len(children) <= 3 or (parent.text or "").strip() or any(
            c.tag != "span" or len(c) or (c.tail or "").strip() for c in children):
        return False
    return all(len((c.text or "").split()) == 1 for c in children)


def _in_running_text(span: Element) -> bool:
    """A `<span>` with words right before it in its parent ("Ubuntu-<span>MATE</span> e Debian"), or
    continuing after it (", CTO"), is part of a sentence; spans separated only by white space are fields
    of a card, one line each."""
    previous = span.getprevious()
    parent = span.getparent()
    if parent is not None and _name_parts(parent):
        return True  # "<span class=fname>Ada</span> <span class=lname>Fisher</span>": one name
    before = (previous.tail if previous is not None else parent.text if parent is not None else "") or ""
    after = (span.tail or "").strip()
    # Text only after it, starting a new phrase ("<span>Nadia Haddad</span> Executive Director"): a field.
    return bool(before.strip()) or (bool(after) and not after[:1].isupper())


def _glued(element: Element, before: str) -> bool:
    """An inline element right after another with no space between, letters meeting letters
    ("<small>Assistant Professor</small><small>ETH Zürich</small>"): a style sheet shows them as two
    lines, or the page would read "ProfessorETH"."""
    previous = element.getprevious()
    if previous is None or previous.tag not in INLINE or previous.tail:
        return False
    return before[-1:].isalnum() and (element.text or "")[:1].isalnum()


def _next_label(tag: str, line_style: str, current: list[str]) -> bool:
    """A bold label that starts a second "Label : value" pair in one paragraph ("<strong>Trésorier</strong> :
    Robin Bernard <strong>Secrétaire</strong> : Eliott Marceau"): a new line, as each pair is."""
    return tag in ("strong", "b") and line_style == tag and ":" in "".join(current)


def is_folded(element: Element) -> bool:
    """Hidden only until a click on the page itself: a collapsed accordion panel or an inactive tab."""
    classes = " ".join(_classes(element))
    return element.tag == "details" or bool(re.search(r"collaps|accordion|tab", classes))


def _site_header(element: Element) -> bool:
    return element.tag == "header" and len(element.findall(".//a")) >= 3


def side_link(element: Element) -> bool:
    """An `<a>` beside a name rather than around it: a profile, mail or phone link, a button, an icon."""
    href = (element.get("href") or "").strip()
    text = normalize_space(element.text_content()).lower()
    if not text or len(text) <= 2 or text in BUTTONS or text.strip("→»›>↗ ") in BUTTONS:
        return True
    if _ADDRESS.match(text):
        return True  # a link written as its own address: contact details, not words
    return bool(href) and (href.lower().startswith(("mailto:", "tel:")) and "@" in text or text.startswith(("/in/", "@")))


def is_profile(href: str | None) -> bool:
    """A link to a person's profile elsewhere (LinkedIn first among them)."""
    return bool(href) and bool(PROFILE_HOSTS.search(href or ""))


def read(markup: str, by_class: bool = True, root: Element | None = None) -> Page:
    """The page's lines in reading order; furniture skipped, hidden text marked (see the module docstring).
    `by_class=False` keeps blocks whose class names alone call them noise ("featured-event" cards a
    template reused for a team); navigation, footers and scripts are still skipped."""
    root = parse(markup) if root is None else root
    body = root.find("body")
    top = body if body is not None else root
    lines: list[Line] = []
    spans: dict[Element, tuple[int, int]] = {}
    starts: dict[Element, int] = {}
    current: list[str] = []
    owner: list[Any] = [None, None, None, "", False]  # holder, href, hidden, style, any visible text yet
    inline_stack: list[str] = []
    hidden_stack: list[Element] = []
    heading_stack: list[tuple[Element, int]] = []
    link_stack: list[tuple[Element, str | None]] = []

    def flush() -> None:
        text = normalize_space("".join(current))
        if text and owner[0] is not None:
            level, around = (heading_stack[-1][1], heading_stack[-1][0]) if heading_stack else (0, None)
            lines.append(Line(text, owner[0], len(lines), href=owner[1], hidden=owner[2], heading=level,
                              heading_element=around, style=owner[3]))
        current.clear()
        owner[0] = None

    def add(text: str | None, holder: Element) -> None:
        if not text:
            return
        if owner[0] is not None and holder is not owner[0]:
            flush()
        if owner[0] is None:
            owner[0], owner[1] = holder, next((h for _, h in reversed(link_stack) if h), None)
            owner[2] = hidden_stack[0] if hidden_stack else None
            owner[4] = False
        if not owner[4] and not text.isspace():
            owner[3], owner[4] = (inline_stack[-1] if inline_stack else ""), True
        current.append(text)

    holders: list[Element] = []  # the nearest block element around the walk's position
    inline_spans: set[Element] = set()
    walker = etree.iterwalk(top, events=("start", "end", "comment"))
    for event, element in walker:
        if event == "comment":
            if holders:
                add(element.tail, holders[-1])
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            starts[element] = len(lines)
            if tag == "span" and _in_running_text(element):
                inline_spans.add(element)
            inline = tag in INLINE or element in inline_spans
            skip = tag in SKIP or _site_header(element) or (
                element is not top and tag not in HEADINGS and not inline and is_noise_block(element, by_class))
            if skip:
                flush()
                walker.skip_subtree()
                continue
            if is_hidden(element):
                hidden_stack.append(element)
            if tag == "a" and side_link(element):
                flush()
                label = normalize_space(element.text_content()) or element.get("aria-label") or element.get("title") or ""
                lines.append(Line(label, holders[-1] if holders else element, len(lines), kind="link",
                                  href=element.get("href"), hidden=hidden_stack[0] if hidden_stack else None))
                walker.skip_subtree()
                continue
            if tag == "a":
                link_stack.append((element, element.get("href")))
            if inline:
                inline_stack.append(tag)
                if current and (_glued(element, current[-1]) or _next_label(tag, owner[3], current)
                                or (tag == "small" and heading_stack)):
                    flush()  # "<h2>Jane Doe <small>President</small></h2>": Bootstrap's secondary heading text
                add(element.text, holders[-1] if holders else element)
                continue
            flush()
            if tag == "br":
                continue
            if tag in HEADINGS or (element.get("role") == "heading"):
                heading_stack.append((element, HEADINGS.get(tag) or int(element.get("aria-level") or 2)))
            if tag == "img":
                alt = normalize_space(element.get("alt") or "")
                alt = _PHOTO.sub("", alt)
                if alt and not _ALT_NOISE.match(alt):
                    lines.append(Line(alt, element, len(lines), kind="alt",
                                      hidden=hidden_stack[0] if hidden_stack else None))
            holders.append(element)
            add(element.text, element)
        else:  # end
            if link_stack and link_stack[-1][0] is element:
                link_stack.pop()
            inline = tag in INLINE or element in inline_spans
            if inline and inline_stack:
                inline_stack.pop()
            if not inline and tag not in SKIP and holders and holders[-1] is element:
                flush()
                holders.pop()
            if heading_stack and heading_stack[-1][0] is element:
                flush()
                heading_stack.pop()
            if hidden_stack and hidden_stack[-1] is element:
                flush()
                hidden_stack.pop()
            spans[element] = (starts.get(element, len(lines)), len(lines))
            if holders:
                add(element.tail, holders[-1])
    flush()
    return Page(root, lines, spans)

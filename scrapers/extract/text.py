"""HTML to clean text: paragraphs separated by blank lines, list items as "- " lines, no chrome."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

# Never content: code, styling, navigation and form chrome.
DROPPED = frozenset(
    "script style noscript template nav svg iframe button form select option input textarea head".split()
)
BLOCKS = frozenset(
    "p div section article main aside header footer h1 h2 h3 h4 h5 h6 blockquote pre table tr ul ol dl "
    "dt dd figure figcaption address hr details summary caption tbody thead".split()
)
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_PARA, _LINE = "\x01", "\x02"
_SPACES = re.compile(r"[\s\u00a0\u200b]+")
_BREAKS = re.compile(r"\s*([\x01\x02][\x01\x02\s]*)")


_EARLY_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_END_BR = re.compile(r"</br\s*>", re.IGNORECASE)


def mend_markup(markup: str) -> str:
    """`markup` with two slips mended as browsers mend them, which libxml2 does not: `</br>` is a line
    break, and `</html>` or `</body>` before the end (pages stitched from server-side includes close the
    document early and go on: `<head>...</head></html><body>...`) ends nothing; libxml2 2.14 would drop
    everything after it. Both end tags are implied at the end anyway."""
    if not markup or "</" not in markup:
        return markup or ""
    return _END_BR.sub("<br>", _EARLY_END.sub("", markup))


def soup_of(markup: str, parser: str = "lxml") -> BeautifulSoup:
    """A BeautifulSoup tree; `parser` is "lxml" (fast) or "html.parser" (pure Python)."""
    return BeautifulSoup(mend_markup(markup), parser)


def _walk(node: Tag, out: list[str], in_item: bool = False, drop: frozenset[str] = DROPPED) -> None:
    # Inside a list item, block children (<li><p>..</p></li>) break lines, not paragraphs.
    block_break = _LINE if in_item else _PARA
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIPPED_STRINGS):
                out.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in drop:
            continue
        if name == "br":
            out.append(_LINE)
        elif name == "li":
            inner: list[str] = []
            _walk(child, inner, True, drop)
            body = "".join(inner).lstrip(" \t\r\n\f\v\u00a0\u200b" + _PARA + _LINE)
            if body.strip(" \t\r\n\f\v\u00a0\u200b" + _PARA + _LINE):  # empty items vanish
                out.append(_LINE + "- " + body + _LINE)
        elif name in ("td", "th"):
            out.append(" ")
            _walk(child, out, in_item, drop)
            out.append(" ")
        elif name in BLOCKS:
            out.append(block_break)
            _walk(child, out, in_item, drop)
            out.append(block_break)
        else:
            _walk(child, out, in_item, drop)


def _join(pieces: list[str]) -> str:
    text = _SPACES.sub(" ", "".join(pieces))
    # Any run of breaks holding a paragraph break is one blank line, else one newline.
    text = _BREAKS.sub(lambda m: "\n\n" if _PARA in m.group(1) else "\n", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line != "-")  # empty list items
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def node_text(node: Any, skip: frozenset[str] = frozenset()) -> str:
    """Clean text of one parsed element (or a whole soup), leaving out the `skip` elements too."""
    pieces: list[str] = []
    if isinstance(node, Tag):
        _walk(node, pieces, False, DROPPED | skip)
    return _join(pieces)


def html_to_text(markup: str | None, parser: str = "lxml") -> str:
    """Clean text of an HTML fragment or page; scripts, styles and navigation are dropped."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:  # plain text (perhaps with entities): only tidy the whitespace
        return _join([html_lib.unescape(markup).replace("\n\n", _PARA).replace("\n", _LINE)])
    return node_text(soup_of(markup, parser))


def escaped_html_to_text(markup: str | None, parser: str = "lxml") -> str:
    """Text of HTML that was escaped once more (Greenhouse `content`, some JSON-LD descriptions)."""
    if not markup:
        return ""
    if "&lt;" in markup and "<" not in markup:
        markup = html_lib.unescape(markup)
    return html_to_text(markup, parser)


def one_line(value: str | None) -> str | None:
    """Whitespace collapsed and stripped, entities decoded; None when nothing is left."""
    if value is None:
        return None
    text = _SPACES.sub(" ", html_lib.unescape(str(value))).strip()
    return text or None

"""A message's text: HTML made readable, the new words kept and the quoted history and signature dropped."""

from __future__ import annotations

import functools
import html as html_lib
import re
from html.parser import HTMLParser

SNIPPET = 200  # characters of new text kept per message
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr"}
_SKIP = {"script", "style", "head", "title"}
# Where mail clients put the quoted message in HTML: never new text.
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "divRplyFwdMsg", "OutlookMessageHeader")
# The reply parser tries one header pattern per language on the whole text: the languages of the
# issue and two neighbours keep it to ~1 ms a message.
LANGUAGES = ["en", "de", "fr", "es", "it", "nl"]
# Characters of a body given to the reply parser (its time grows with the length): the new text comes
# first, and only its first SNIPPET characters are kept and its opening read for what it says; a quote
# that starts later leaves more new text than that anyway.
PARSED = 1500


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.quote_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        quoted = tag == "blockquote" or any(c in classes for c in _QUOTE_CLASSES)
        if tag not in ("br", "hr", "img", "meta", "link", "input"):
            self.stack.append(tag if not quoted else f"quote:{tag}")
            if quoted:
                self.quote_depth += 1
        if tag in _BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        while self.stack:  # close up to the matching tag (HTML in mail is rarely balanced)
            top = self.stack.pop()
            if top.startswith("quote:"):
                self.quote_depth -= 1
            if top.removeprefix("quote:") == tag:
                break
        if tag in _BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.quote_depth:
            self.out.append(data)


def html_text(markup: str) -> str:
    """HTML mail as plain text: blocks on their own lines, scripts, styles and quoted replies left out."""
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # a parser error on broken markup: fall back to dropping the tags
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = [" ".join(line.split()) for line in "".join(parser.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@functools.lru_cache(maxsize=1)
def _parser():  # noqa: ANN202 - mailparser_reply.EmailReplyParser, imported only when mail is read
    from mailparser_reply import EmailReplyParser

    return EmailReplyParser(languages=LANGUAGES)


def new_text(text: str) -> str:
    """The words this message adds: quoted history and the signature removed (mail-parser-reply)."""
    text = text.replace("\r\n", "\n").strip()[:PARSED]
    if not text:
        return ""
    try:
        replies = _parser().read(text).replies
        body = replies[0].body if replies else text
    except Exception:  # the parser's regexes on odd input: keep the text, minus quoted lines
        body = text
    lines = [ln for ln in (body or "").splitlines() if not ln.lstrip().startswith(">")]
    return "\n".join(lines).strip()


def snippet(new: str, size: int = SNIPPET) -> str:
    """The first `size` characters of a message's new text (`new_text`) on one line, a cut ending in an ellipsis."""
    flat = " ".join(new.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"

"""Turning a response body into text: the declared charset first, never mojibake for a mislabelled page."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)


def codec(name: str) -> str | None:
    """Python's name for a charset label, or None when Python does not know it."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def declared_charset(content_type: str) -> str | None:
    """The charset a Content-Type header declares (as a Python codec name), if any."""
    match = _HEADER_CHARSET.search(content_type)
    return codec(match.group(1)) if match else None


def decode_body(body: bytes, content_type: str, *, html: bool) -> str:
    """Decode honouring the declared charset; a page mislabelled as UTF-8 falls back, never to mojibake."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    declared = declared_charset(content_type)
    meta = None
    if html:
        found = _META_CHARSET.search(body[:4096])
        meta = codec(found.group(1).decode("ascii")) if found else None
    # Declared first, then the page's own <meta charset>, then UTF-8, then the usual Western fallback.
    for name in (declared, meta, "utf-8", "cp1252"):
        if name is None:
            continue
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    return body.decode("latin-1")  # every byte is a character: the last resort never fails

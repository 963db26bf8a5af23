"""Turning a response body into text: the declared charset first, never mojibake for a mislabelled page."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)


# Codecs Python knows that are no charset of a web page: transforms of bytes or text (rot13, base64,
# hex, zlib: not text encodings at all), host-name and escape notations, and UTF-7, which browsers
# refuse because it hides markup. A page declaring one of them is decoded as if it declared nothing.
_NOT_CHARSETS = frozenset({"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"})


def codec(name: str) -> str | None:
    """Python's name for a charset label, or None when it is not a text encoding a page may use."""
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


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
        except (UnicodeError, LookupError):  # a codec's own failure, whatever its kind: try the next
            continue
    return body.decode("latin-1")  # every byte is a character: the last resort never fails

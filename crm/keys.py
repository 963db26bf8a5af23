"""Normal forms used for matching: one company per key, however its name is written."""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes dropped when matching company names ("Acme, Inc." == "ACME").
_SUFFIXES = {
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "plc",
    "corp", "corporation", "co", "company", "pty", "oy", "ab", "as", "aps", "srl", "spa", "kk", "lp", "llp",
}


def company_key(name: str) -> str:
    """Lower-case, accents folded, punctuation and trailing legal suffixes removed."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def domain_of(url_or_domain: str) -> str:
    """The bare host of a URL or domain, lower-case, without `www.` or a port."""
    text = (url_or_domain or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host = re.split(r"[/?#]", text, maxsplit=1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host

"""Normal forms used for matching: one company per key, however its name is written."""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes dropped when matching company names ("Acme, Inc." == "ACME").
_SUFFIXES = {
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "plc",
    "corp", "corporation", "co", "company", "pty", "oy", "ab", "as", "aps", "srl", "spa", "kk", "lp", "llp",
}

# Single letters joined by dots or a slash ("b.v.", "s.p.a.", "a/s", "k.k."): the separators go.
_INITIALS = re.compile(r"(?<![a-z0-9])[a-z](?:[./] ?[a-z](?![a-z0-9]))+\.?")


def company_key(name: str) -> str:
    """Lower-case, accents folded, punctuation and trailing legal suffixes removed."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    # Initials written with dots or a slash are one word: "B.V." is "bv", "S.p.A." "spa", "A/S" "as".
    text = _INITIALS.sub(lambda m: re.sub(r"[./\s]", "", m[0]), text)
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1:
        if words[-1] in _SUFFIXES:
            words.pop()
        elif len(words) > 2 and words[-2] + words[-1] in _SUFFIXES:  # "S.A R.L." is "sarl"
            del words[-2:]
        else:
            break
    return " ".join(words)


def domain_of(url_or_domain: str) -> str:
    """The bare host of a URL or domain, lower-case, without `www.` or a port."""
    text = (url_or_domain or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host = re.split(r"[/?#]", text, maxsplit=1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


# Query parameters that say where a click came from, never which job it is: dropped from posting URLs.
_TRACKING = {"gh_src", "lever-source", "lever-source[]", "lever-source%5b%5d", "lever-origin", "lever-via",
             "source", "src", "ref", "referrer", "refid", "trk", "trkinfo", "fbclid", "gclid", "dclid", "msclkid",
             "yclid", "igshid", "li_fat_id", "mkt_tok", "_hsenc", "_hsmi"}
_TRACKING_PREFIXES = ("utm_", "mc_")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_URL_PARTS = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>[^?#]*)"
                        r"(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?$", re.DOTALL)
_HOST_PORT = re.compile(r"^(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>.*))?$", re.DOTALL)


def _tracking(pair: str) -> bool:
    key = pair.split("=", 1)[0].lower()
    return key in _TRACKING or key.startswith(_TRACKING_PREFIXES)


def normalize_posting_url(url: str) -> str:
    """One spelling per posting: scheme and host lower-case, no default port, trailing slash, fragment or tracking."""
    text = (url or "").strip()
    match = _URL_PARTS.match(text)
    if match is None:
        return text
    scheme = match["scheme"].lower()
    userinfo, at, hostport = match["authority"].rpartition("@")
    host, port = _HOST_PORT.match(hostport.lower()).group("host", "port")  # type: ignore[union-attr]
    port = "" if port in (None, "", _DEFAULT_PORTS.get(scheme)) else ":" + port
    path = match["path"].rstrip("/") or "/"  # the root keeps its slash: "https://x.example/"
    # Parameters are kept as typed, in their order: only tracking ones go (gh_jid, id, jobId ... stay).
    kept = [p for p in (match["query"] or "").split("&") if p and not _tracking(p)]
    query = "?" + "&".join(kept) if kept else ""
    # A fragment is only a place on the page, except on boards that route with it ("#/jobs/42", "#!/42").
    fragment = match["fragment"] or ""
    keep = "#" + fragment if fragment.startswith(("/", "!")) else ""
    return f"{scheme}://{userinfo}{at}{host}{port}{path}{query}{keep}"

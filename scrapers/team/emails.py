"""Likely email addresses: collect what a company's pages publish, infer its pattern, guess the rest.

Pure: every function takes HTML text or names, never fetches, and never probes a mail server. A
guessed address is always returned with `guessed=True` and a confidence below 1; only an address a
page actually published for that person is returned with `guessed=False`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from scrapers.types import PersonOnPage

# Local-part templates, most common first: the order breaks ties in `infer_pattern` and the first
# is the convention assumed when a domain publishes nothing we can learn from.
TEMPLATES = (
    "{first}.{last}",
    "{f}{last}",
    "{first}",
    "{first}{last}",
    "{first}{l}",
    "{f}.{last}",
    "{first}_{last}",
    "{last}.{first}",
    "{last}{f}",
    "{last}",
    "{first}-{last}",
    "{first}.{l}",
    "{last}{first}",
    "{last}_{first}",
    "{f}{l}",
)
DEFAULT_TEMPLATE = TEMPLATES[0]
NO_PATTERN_CONFIDENCE = 0.2  # "first.last" is common, but far from certain on an unknown domain
PUBLISHED_CONFIDENCE = 1.0

# Role inboxes: useful to write to, but they say nothing about how people's addresses are built.
GENERIC_LOCALS = frozenset(
    """info contact contacts hello hi hey jobs job careers career hr press media pr support help sales
    admin office team recruiting recruitment talent privacy legal security billing accounts accounting
    finance marketing noreply no-reply donotreply do-not-reply webmaster abuse postmaster hostmaster
    feedback partners partnerships investors ir enquiries enquiry inquiries inquiry general mail email
    events community orders service services customerservice newsletter social apply hiring people
    dpo gdpr compliance founders management reception bookings booking studio hola bonjour kontakt
    welcome ops operations it tech engineering dev developers design""".split()
)

_ADDRESS = re.compile(r"[a-z0-9][a-z0-9._%+'-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+", re.I)
# "jane [at] acme [dot] com", "jane(at)acme(dot)com", "jane {at} acme . com": the easy obfuscations.
_AT = re.compile(r"\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*", re.I)
_DOT = re.compile(r"\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*", re.I)
_TRANSLIT = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ı": "i", "ħ": "h",
})


@dataclass(frozen=True)
class EmailPattern:
    """A domain's local-part template with how many published addresses fit it and which."""

    template: str
    evidence: int  # samples that fit this template
    total: int  # samples that fit any template
    examples: tuple[str, ...] = ()  # the addresses that fit


@dataclass(frozen=True)
class EmailGuess:
    """A likely address for one person; `guessed` is False only for an address a page published."""

    address: str
    confidence: float
    pattern: str
    evidence: int
    sources: tuple[str, ...] = ()
    guessed: bool = True


@dataclass(frozen=True)
class PageAddresses:
    """The addresses one page publishes on the company's domain, personal and role inboxes apart."""

    page_url: str
    personal: tuple[str, ...]
    generic: tuple[str, ...]


@dataclass(frozen=True)
class _Parts:
    first: str
    last: str


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: accents dropped, ß/æ/ø/ł and friends transliterated."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_TRANSLIT))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _token(text: str, *, keep_hyphen: bool = False) -> str:
    allowed = r"[^a-z0-9-]" if keep_hyphen else r"[^a-z0-9]"
    return re.sub(allowed, "", ascii_fold(text).replace(" ", "")).strip("-")


def _name_forms(name: str) -> list[_Parts]:
    """The ways a mail admin may have written this name: the default first, then variants."""
    from nameparser import HumanName

    human = HumanName(name or "")
    first_raw, last_raw = human.first or "", human.last or ""
    if not last_raw and human.middle:
        last_raw = human.middle.split()[-1]
    if not first_raw:  # "Bishop Lee", "Ra Aa": a first name nameparser took for a title
        words = (name or "").replace(",", " ").split()
        first_raw, last_raw = (words[0], " ".join(words[1:])) if words else ("", "")
    forms = [
        _Parts(_token(first_raw), _token(last_raw)),  # "Anne-Marie van Dijk" -> annemarie, vandijk
        _Parts(_token(first_raw, keep_hyphen=True), _token(last_raw, keep_hyphen=True)),
        _Parts(_token(first_raw), _token(last_raw.split()[-1] if last_raw.split() else "")),  # dijk
        _Parts(_token(first_raw.split("-")[0]), _token(last_raw.split("-")[0])),  # anne, vandijk
    ]
    unique: list[_Parts] = []
    for form in forms:
        if form.first and form not in unique:
            unique.append(form)
    return unique


def _render(template: str, parts: _Parts) -> str | None:
    if ("{last}" in template or "{l}" in template) and not parts.last:
        return None
    return template.format(first=parts.first, last=parts.last, f=parts.first[:1], l=parts.last[:1])


def _templates_for(name: str, local: str) -> list[str]:
    forms = _name_forms(name)
    return [t for t in TEMPLATES if any(_render(t, form) == local for form in forms)]


def is_generic(address: str) -> bool:
    """True for a role inbox (info@, jobs@, hello@ ...) rather than a person's address."""
    local = address.split("@", 1)[0].lower()
    return local in GENERIC_LOCALS or local.split("+", 1)[0] in GENERIC_LOCALS


def _on_domain(address: str, domain: str) -> bool:
    host = address.rsplit("@", 1)[-1].lower()
    domain = domain.lower().removeprefix("www.")
    return host == domain


def _cloudflare(encoded: str) -> str:
    """Decode Cloudflare's email protection (a hex string XORed with its first byte)."""
    try:
        data = bytes.fromhex(encoded)
    except ValueError:
        return ""
    if not data:
        return ""
    return "".join(chr(b ^ data[0]) for b in data[1:])


def find_addresses(html: str, page_url: str, domain: str) -> PageAddresses:
    """Every address on `domain` this page publishes, in page order, personal and generic apart."""
    from scrapers.extract.text import soup_of

    soup = soup_of(html)
    found: list[str] = []
    for link in soup.find_all("a", href=True):
        href = link["href"].strip()
        if href.lower().startswith("mailto:"):
            found.extend(unquote(href[7:]).split("?", 1)[0].split(","))
        elif "/cdn-cgi/l/email-protection#" in href:
            found.append(_cloudflare(href.rsplit("#", 1)[-1]))
    for node in soup.find_all(attrs={"data-cfemail": True}):  # no CSS selector to compile (0.1 s on first use)
        found.append(_cloudflare(str(node.get("data-cfemail", ""))))
    text = _DOT.sub(".", _AT.sub("@", soup.get_text(" ")))
    found.extend(_ADDRESS.findall(text))
    personal: list[str] = []
    generic: list[str] = []
    for raw in found:
        address = raw.strip().strip(".").lower()
        if not _ADDRESS.fullmatch(address) or not _on_domain(address, domain):
            continue
        bucket = generic if is_generic(address) else personal
        if address not in bucket:
            bucket.append(address)
    return PageAddresses(page_url, tuple(personal), tuple(generic))


def infer_pattern(samples: list[tuple[str, str]]) -> EmailPattern | None:
    """The template most (name, address) samples fit, with its evidence; None when none fits."""
    counts: dict[str, list[str]] = {}
    usable = 0
    for name, address in samples:
        local = address.split("@", 1)[0].lower()
        fits = _templates_for(name, local)
        if fits:
            usable += 1
        for template in fits:
            counts.setdefault(template, []).append(address.lower())
    if not counts:
        return None
    best = max(TEMPLATES, key=lambda t: (len(counts.get(t, ())), -TEMPLATES.index(t)))
    return EmailPattern(best, len(counts[best]), usable, tuple(counts[best]))


def pattern_confidence(pattern: EmailPattern) -> float:
    """How far to trust a guess from `pattern`: more agreeing samples, more trust (at most 0.9)."""
    share = pattern.evidence / pattern.total if pattern.total else 0.0
    return round(share * min(0.9, 0.45 + 0.15 * pattern.evidence), 2)


def likely_email(name: str, domain: str, pattern: EmailPattern | None) -> EmailGuess | None:
    """The likely address of `name` at `domain`; None when the name has no letters we can spell."""
    forms = _name_forms(name)
    domain = domain.strip().lower().removeprefix("www.")
    if not forms or not domain:
        return None
    parts = forms[0]
    template = pattern.template if pattern else DEFAULT_TEMPLATE
    confidence = pattern_confidence(pattern) if pattern else NO_PATTERN_CONFIDENCE
    local = _render(template, parts)
    if local is None:  # the pattern needs a surname this person has not given
        template, local, confidence = "{first}", parts.first, round(confidence / 2, 2)
    evidence = pattern.evidence if pattern else 0
    examples = pattern.examples if pattern else ()
    return EmailGuess(f"{local}@{domain}", confidence, template, evidence, examples, guessed=True)


def guesses_for(
    people: list[PersonOnPage], pages: list[tuple[str, str]], domain: str
) -> dict[str, EmailGuess]:
    """For each person, a published address (guessed=False) or a guess from the pages' pattern."""
    where: dict[str, list[str]] = {}
    for url, html in pages:
        for address in find_addresses(html, url, domain).personal:
            where.setdefault(address, []).append(url)
    published: dict[str, tuple[str, tuple[str, ...]]] = {}
    for person in people:
        own = (person.email or "").strip().lower()
        if own and _on_domain(own, domain) and not is_generic(own):
            published[person.name] = (own, tuple(where.get(own, ())) or ((person.source_url,) if person.source_url else ()))
    for address, urls in where.items():
        local = address.split("@", 1)[0]
        owners = [p.name for p in people if _templates_for(p.name, local)]
        # An address two people could own ("j.smith" for John and Jane) proves nothing.
        if len(set(owners)) == 1 and owners[0] not in published:
            published[owners[0]] = (address, tuple(urls))
    pattern = infer_pattern([(name, address) for name, (address, _) in published.items()])
    pattern_sources = tuple(dict.fromkeys(u for a in (pattern.examples if pattern else ()) for u in where.get(a, ())))
    result: dict[str, EmailGuess] = {}
    for person in people:
        if person.name in published:
            address, urls = published[person.name]
            fits = _templates_for(person.name, address.split("@", 1)[0])
            result[person.name] = EmailGuess(
                address, PUBLISHED_CONFIDENCE, fits[0] if fits else "", 1, urls, guessed=False
            )
            continue
        guess = likely_email(person.name, domain, pattern)
        if guess is not None:
            result[person.name] = EmailGuess(
                guess.address, guess.confidence, guess.pattern, guess.evidence,
                pattern_sources or guess.sources, guessed=True,
            )
    return result

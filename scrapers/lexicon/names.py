"""Is this short text a person's name? Honorifics, initials, hyphens, particles and accents survive."""

from __future__ import annotations

import functools
import re
import unicodedata

from nameparser import HumanName

# Lower-case words that sit inside real names without a capital ("Ludwig van Beethoven").
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ter",
    "ten", "bin", "binti", "ibn", "al", "el", "y", "e", "zu", "af", "av", "st.", "mac", "ap", "ab", "verch",
    "ní", "nic", "ua", "bint",
})
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame", "rev", "hon", "mme", "mlle"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "cpa", "ph.d"})

# Words that never appear in a person's name but often in headings, buttons, job titles and company
# names that sit where names do.
_NOT_NAME_WORDS = frozenset("""
our the team meet read more about us contact company leadership people staff founders founder board
advisors advisor investors investor careers jobs job join menu home blog news press learn view all see
profile bio linkedin twitter github email mail follow share next previous back close open apply now
engineer engineering manager director head chief officer vp vice president lead principal senior
junior staff intern designer developer product marketing sales operations finance legal counsel
support success customer customers recruiter recruiting talent people hr analyst scientist architect
consultant coordinator specialist associate executive assistant partner partners ceo cto cfo coo cmo cpo
cro ciso co-founder cofounder owner administrator admin agent representative rep account accounts
inc llc ltd gmbh corp corporation co labs lab technologies technology systems solutions group holdings
software studio studios ventures capital partners agency digital cloud data ai io app apps platform
story mission values culture office offices location locations privacy terms policy cookie cookies
copyright rights reserved all welcome hello hi thanks thank you we are is in of for with at by on to
and or from who what why how new get started free trial demo pricing features product products services
quote testimonial testimonials review reviews faq help documentation docs resources events webinar
department team's member student working trainee apprentice graduate members employees hiring open positions roles role
""".split())

_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)
_INITIAL = re.compile(r"^[^\W\d_]\.(?:[^\W\d_]\.)*$", re.UNICODE)
_SPACE = re.compile(r"\s+")
_NICKNAME = re.compile(r"\s[“\"‘'(][^\W\d_][\w.-]*[”\"’')]\s", re.UNICODE)


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space and strip."""
    return _SPACE.sub(" ", (text or "").replace("\u00a0", " ")).strip()


@functools.lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A matching key for a name: accents folded, lower-case, honorifics and punctuation dropped."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in HONORIFICS and w not in SUFFIXES]
    return " ".join(words)


def _is_capitalised(word: str) -> bool:
    first = next((c for c in word if c.isalpha()), "")
    return bool(first) and first.isupper()


_ACRONYMS = frozenset("HR PR VP ML NY LA SF UK US EU QA UX UI AI IT BI CX DX GM MD PM EM IC BD CS SE OK ID TV".split())


def _word_ok(word: str, first: bool = False) -> bool:
    bare = word.strip(",").lower().rstrip(".")
    if bare in HONORIFICS or bare in SUFFIXES:
        return True
    if word in PARTICLES:  # lower-case only: "Ben" and "Van" are ordinary capitalised names
        return True
    if _INITIAL.match(word) or re.fullmatch(r"[^\W\d_]", word):
        return word[0].isupper()
    if word.isupper() and len(word) <= 3 and not (first and len(word) == 2 and word not in _ACRONYMS):
        return False  # an acronym (NG, CTO, HR), not a name; "TJ DeVries" keeps his initials
    if not _NAME_CHARS.match(word.rstrip(",")):
        return False
    # "McDonald", "O'Neil", "Jean-Luc", "d'Arcy": a capital somewhere after optional lower prefix.
    parts = [p for p in re.split(r"[-'’]", word) if p]
    return any(_is_capitalised(p) for p in parts)


def clean_name(text: str) -> str:
    """The text with whitespace collapsed and stray punctuation (commas, bullets, colons) trimmed."""
    text = normalize_space(text)
    return text.strip(" ,;:|•·–—-*\"'“”")


@functools.lru_cache(maxsize=8192)
def is_person_name(text: str, *, company: str | None = None, single: bool = False) -> bool:
    """True when `text` reads as a person's full name (a given and a family name; one word if `single`)."""
    from scrapers.lexicon.titles import looks_like_title

    # A nickname in quotes or brackets ("Robert “Bobby” Lam") is part of a real name.
    text = _NICKNAME.sub(" ", clean_name(text))
    if not text or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if any(c in text for c in "@/&+:|?!()[]{}<>=#%;\"“”"):
        return False
    # A comma only ever precedes a suffix ("Jane Doe, PhD"); "Lagos, NG" is a place.
    for after in text.split(",")[1:]:
        if after.strip().lower().rstrip(".") not in SUFFIXES:
            return False
    words = text.replace(",", " ").split()
    if not (1 if single else 2) <= len(words) <= 6 or looks_like_title(text):
        return False
    if company and name_key(text) == name_key(company):
        return False
    core = []
    for position, word in enumerate(words):
        bare = word.lower().strip(".,")
        if bare in _NOT_NAME_WORDS:
            return False
        if not _word_ok(word, first=position == 0 and len(words) > 1):
            return False
        if bare not in HONORIFICS and bare not in SUFFIXES and word not in PARTICLES:
            core.append(word)
    if single and len(core) == 1 and len(words) == 1:
        return len(core[0]) >= 2 and _is_capitalised(core[0]) and core[0][1:].islower()
    if len(core) >= 2 and len(core[-1].rstrip(".")) < 2:
        return False  # a family name is never an initial ("Series A")
    if len(core) < 2 or all(_INITIAL.match(w) or len(w.rstrip(".")) == 1 for w in core):
        return False
    # Shouting ("JANE DOE") is a name written in capitals; a single all-caps acronym word is not.
    if all(w.isupper() for w in core) and any(len(w) <= 3 for w in core if not _INITIAL.match(w)):
        return False
    parsed = HumanName(text)
    return bool(parsed.first and parsed.last)


def split_name_title(text: str) -> tuple[str, str] | None:
    """Split "Jane Doe — CTO", "Jane Doe, CTO", "CTO: Jane Doe" or "Jane Doe (CTO)" into (name, title)."""
    from scrapers.lexicon.titles import looks_like_title

    text = normalize_space(text)
    if len(text) > 140:
        return None
    paren = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if paren and is_person_name(paren.group(1)) and looks_like_title(paren.group(2)):
        return clean_name(paren.group(1)), normalize_space(paren.group(2))
    for sep in (" — ", " – ", " - ", " | ", " · ", " • ", ": ", ", ", " —", "— ", " –", "– "):
        if sep not in text:
            continue
        left, right = text.split(sep, 1)
        left, right = clean_name(left), clean_name(right)
        if is_person_name(left) and looks_like_title(right):
            return left, right
        if sep != ", " and is_person_name(right) and looks_like_title(left):
            return right, left
    return None

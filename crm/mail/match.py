"""Which application a message is about, and which kind of note an outgoing message was.

Pure: the store hands in what it knows (`Opening` per application, the cadence's facts about a
person) and these functions decide, with the evidence a user can check.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from crm.mail.addresses import domain_of, same_site


@dataclass(frozen=True)
class Opening:
    """An application as mail is matched to it."""

    id: int
    title: str
    company: str  # the company's name ("" when none)
    domain: str  # the company's domain ("" when unknown)
    status: str


_LEGAL = re.compile(r"\b(inc|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co|srl|sl)\b\.?", re.I)


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


def company_words(name: str) -> str:
    """A company's name as matched in text: lower case, accents and legal suffixes dropped."""
    return " ".join(_words(_LEGAL.sub(" ", name)).split())


def match_opening(sender: str, display_name: str, subject: str, text: str,
                  openings: list[Opening]) -> tuple[Opening, str] | None:
    """The application a message is about, by company domain, company name and posting title, with why.

    A tie between two applications is no answer: a proposal on the wrong application is worse than none.
    """
    haystack = _words(f"{display_name} {subject} {text[:3000]}")
    domain = domain_of(sender)
    scored = []
    for o in openings:
        score, why = 0, []
        if o.domain and same_site(domain, o.domain):
            score += 3
            why.append(f"from {o.domain}")
        name = company_words(o.company)
        if name and len(name) >= 3 and f" {name} " in haystack:
            score += 2
            why.append(f'names "{o.company}"')
        title = " ".join(_words(o.title).split())
        if title and f" {title} " in haystack:
            score += 2
            why.append(f'names "{o.title}"')
        if score:
            scored.append((score, o, why))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1], ", ".join(scored[0][2])


def outbound_kind(at: dt.datetime, applied_on: dt.date | None, interviews: list[tuple[dt.datetime, bool]],
                  wrote_since_applying: bool, thank_you_days: int) -> str:
    """after-apply, thank-you or check-in for a message sent at `at`, from the cadence's own facts.

    `interviews` are (start, with this person) for the application. A thank-you follows an
    interview with this person within the thank-you window (the day itself and `thank_you_days`
    after, ends included); an after-apply note comes after applying, before any interview, and
    before any other message about it; anything else is a check-in.
    """
    for starts, theirs in interviews:
        if theirs and starts <= at and at.date() <= starts.date() + dt.timedelta(days=max(1, thank_you_days)):
            return "thank-you"
    if applied_on is not None and at.date() >= applied_on and not wrote_since_applying \
            and not any(starts <= at for starts, _ in interviews):
        return "after-apply"
    return "check-in"

"""Plain result types shared by every scraper: a normalized posting and a person found on a page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NamedPerson:
    """Someone a posting names: a contact, a recruiter, or the person the role reports to."""

    name: str | None = None
    title: str | None = None
    email: str | None = None
    role: str = "contact"  # "contact", "recruiter", "creator", "manager"


@dataclass(frozen=True)
class Posting:
    """One job posting, normalized across every site we read."""

    url: str
    source: str  # the scraper's NAME
    title: str
    company: str
    company_url: str | None = None  # the company's own website, never the ATS host
    department: str | None = None
    team: str | None = None
    location: str | None = None
    remote: bool | None = None
    employment_type: str | None = None
    date_posted: str | None = None  # ISO date YYYY-MM-DD
    description: str = ""  # clean text, paragraphs separated by blank lines
    people: tuple[NamedPerson, ...] = ()
    reports_to: NamedPerson | None = None  # the reporting line the text states, name and/or title
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field by name."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class PersonOnPage:
    """A person found on a company page: who they are and where we read it."""

    name: str
    title: str = ""
    profile_url: str | None = None  # LinkedIn or a bio page
    source_url: str = ""
    section: str = ""  # the heading they were listed under ("Leadership", "Engineering" ...)
    email: str | None = None
    reports_to: str = ""  # whom the page says they report to (a name or a title), when it says

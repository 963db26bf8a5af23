"""The people-source contract: a source reads one kind of place and returns people with evidence.

A source gets the posting, the company's site and the shared HTTP client (with the lookup's request
budget) in a `SourceContext`; an API source also gets an `ApiClient` with its own call budget. It
returns a `Found`: the people it read, each with `Evidence` (which source, which URL, the words that
show the person's role, a date when there is one), and the pages it read and what went wrong, in words.
Sources never print and never rank: `scrapers.sources.merge` joins their people, `hiring_manager` ranks.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Mapping

from scrapers.types import PersonOnPage, Posting

if TYPE_CHECKING:  # the client imports httpx; sources only receive it
    from scrapers.http import HttpClient
    from scrapers.sources.api import ApiClient
    from scrapers.team.crawl import Wanted

SITE = "site"  # reads the company's own pages with the lookup's request budget and robots.txt
API = "api"  # calls a third-party API with its own call budget


@dataclass(frozen=True)
class Evidence:
    """One reason to think a person works at the company, in the words of the place it was read."""

    source: str  # the NAME of the source that read it
    url: str  # where it was read (a page, a profile)
    words: str  # what shows the person's role: "By Jane Doe, Engineering Manager", "listed on /team as CTO"
    date: str | None = None  # ISO date of the page or post, when it says
    title: str = ""  # the title this evidence gives the person, "" when it gives none
    kind: str = ""  # "listed", "named", "byline", "announcement", "member", "directory"
    self_written: bool = False  # a bio the person wrote about themselves (weaker than the company's words)


@dataclass(frozen=True)
class SourcePerson:
    """A person one source found: the name as read, a title when the source gives one, the evidence."""

    name: str
    title: str = ""
    evidence: tuple[Evidence, ...] = ()
    profile_url: str | None = None
    email: str | None = None
    email_verified: bool = False  # an address a service says it verified (Hunter), not a guess
    section: str = ""
    reports_to: str = ""
    page_person: PersonOnPage | None = None  # the team finder's own record, kept exact for ranking


@dataclass
class Found:
    """What one source returns: people, the pages it read (and asked for in vain), notes, API calls used."""

    people: list[SourcePerson] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (url, html) of every page read
    api_calls: int = 0
    company: str | None = None  # the company's name as its own pages give it, when the posting gave none


@dataclass
class SourceContext:
    """Everything a source may use: the posting, the company's site, the shared client and its budget."""

    posting: Posting
    site: str | None  # the company's own website; None when unknown
    client: HttpClient  # the lookup's client: robots.txt, per-host delay, size cap, retries
    budget: int  # the request count `client` may reach (shared by every site source, in order)
    today: dt.date | None  # the day evidence is dated against; None marks nothing old
    wanted: Wanted
    limit: str = ""  # the budget in the user's words, for notes ("--max-pages 8")
    known_origins: tuple[str, ...] = ()  # origins whose robots.txt the client has read already
    texts: list[tuple[str, str]] = field(default_factory=list)  # pages earlier sources read (free to reuse)
    api: ApiClient | None = None  # API sources only: their client and call budget
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    running: tuple[str, ...] = ()  # the NAMEs of every source this lookup runs
    known: tuple[str, ...] = ()  # names the sources before this one found (an API source may look them up first)

    def left(self) -> int:
        """Site requests still allowed."""
        return max(0, self.budget - self.client.requests_made)


class PeopleSource:
    """Base class: subclasses set NAME (lower case), KIND, DESCRIPTION and implement `find`."""

    NAME: ClassVar[str] = ""
    KIND: ClassVar[str] = SITE
    DESCRIPTION: ClassVar[str] = ""
    # Rank of this source's titles when sources disagree: lower wins (company pages before self-written bios).
    TITLE_RANK: ClassVar[int] = 50
    # An API key this source needs (None: none) and whether it is off without one.
    KEY_ENV: ClassVar[str | None] = None
    KEY_REQUIRED: ClassVar[bool] = False
    # The environment variable that overrides API_DEFAULT (a test server, a mirror).
    API_ENV: ClassVar[str | None] = None
    API_DEFAULT: ClassVar[str | None] = None
    ON_BY_DEFAULT: ClassVar[bool] = True

    @classmethod
    def api_base(cls, env: Mapping[str, str] | None = None) -> str:
        """The API base URL: `API_ENV` from the environment when set, else `API_DEFAULT`."""
        env = os.environ if env is None else env
        value = (env.get(cls.API_ENV) if cls.API_ENV else None) or cls.API_DEFAULT or ""
        return value.rstrip("/")

    @classmethod
    def key(cls, env: Mapping[str, str] | None = None) -> str | None:
        """The API key from the environment, or None."""
        env = os.environ if env is None else env
        value = (env.get(cls.KEY_ENV) or "").strip() if cls.KEY_ENV else ""
        return value or None

    @classmethod
    def unavailable(cls, env: Mapping[str, str] | None = None) -> str | None:
        """Why this source cannot run here (a missing key), or None when it can."""
        if cls.KEY_REQUIRED and cls.key(env) is None:
            return f"no {cls.KEY_ENV} set"
        return None

    def find(self, ctx: SourceContext) -> Found:
        """Read this source's place for the posting's company; never raises for an ordinary miss."""
        raise NotImplementedError

    @classmethod
    def hint(cls, texts: list[tuple[str, str]]) -> str | None:
        """When this source is off and the lookup found nobody likely: what it could have read, in words
        ("the site links the GitHub organisation acme: ..."), judged from the pages read; None by default."""
        return None


def short_path(url: str) -> str:
    """A page named the way a reader says it: its path ("/team"), or the URL when it has none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path or "/" if parts.netloc else url


def as_dict(value: Any) -> Any:
    """Evidence (or a list of it) as JSON-ready dicts."""
    import dataclasses

    if isinstance(value, (list, tuple)):
        return [as_dict(v) for v in value]
    return dataclasses.asdict(value)

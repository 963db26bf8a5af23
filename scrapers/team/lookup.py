"""The lookup: posting -> company site -> people pages -> people -> ranked candidates (no printing)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Mapping, Sequence
from urllib.parse import urljoin, urlsplit

from scrapers.affinity import stems
from scrapers.errors import InvalidURL, RequestLimitError, ScraperError
from scrapers.extract.page import company_from_host, site_name
from scrapers.extract.posting import role_title
from scrapers.hiring_manager import Candidate, linkedin_search_url, rank, read_role
from scrapers.sources.api import DEFAULT_MAX_API_CALLS
from scrapers.sources.base import Evidence, PeopleSource
from scrapers.sources.merge import adjust
from scrapers.sources.registry import all_sources, choose
from scrapers.sources.run import Gathered, SourceReport, gather
from scrapers.team.crawl import Wanted
from scrapers.team.emails import EmailGuess, find_addresses, guesses_for
from scrapers.types import PersonOnPage, Posting
from scrapers.registry import is_board_host
from scrapers.urls import check_url, host_of

if TYPE_CHECKING:
    from scrapers.http import HttpClient

DEFAULT_MAX_PAGES = 8  # requests per lookup, the posting included (its own site's robots.txt is not counted)



@dataclass(frozen=True)
class LookupResult:
    """What a lookup found: the posting, the ranked candidates, everyone seen, and the pages read."""

    posting: Posting
    candidates: tuple[Candidate, ...]
    people: tuple[PersonOnPage, ...]
    pages: tuple[str, ...]  # every page read, the posting first
    linkedin_search: str
    requests: int  # HTTP requests made, robots.txt included
    company_url: str | None = None
    notes: tuple[str, ...] = ()  # what went wrong on the way, in words
    # Likely addresses by person name, from the addresses the pages read publish (never probed).
    emails: Mapping[str, EmailGuess] = field(default_factory=dict)
    mail_domain: str | None = None  # the domain the addresses are on; None when none is known
    missed: tuple[str, ...] = ()  # asked for but not there: guessed paths, absent sitemaps
    # People sources (scrapers.sources): what each did, API calls made (apart from `requests`), and
    # each person's evidence by name.
    sources: tuple[SourceReport, ...] = ()
    api_calls: int = 0
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)

    def email_for(self, name: str) -> EmailGuess | None:
        """The likely (or published) address of a person the lookup found, if any."""
        return self.emails.get(name)


def posting_robots(ignore_robots: bool) -> int:
    """Requests made beyond the page budget: the posting site's robots.txt (none when robots are ignored)."""
    # The budget must always let the posting itself be read, however small it is.
    return 0 if ignore_robots else 1


def check_company_url(url: str) -> str:
    """--company-url as an absolute http(s) URL ("acme.com" becomes https://acme.com); InvalidURL otherwise."""
    try:
        return check_url(url)
    except InvalidURL as e:
        raise InvalidURL(f"--company-url: {e}", url=url) from None


def company_site(posting: Posting, given: str | None = None) -> str | None:
    """The company's own website: --company-url, the posting's company_url, else the posting's host."""
    if given:
        return check_company_url(given)  # never joined onto the posting's address
    if posting.company_url:
        url = urljoin(posting.url, posting.company_url)
        if urlsplit(url).scheme in ("http", "https"):
            return url
    parts = urlsplit(posting.url)
    if is_board_host(posting.url):
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def wanted(posting: Posting) -> Wanted:
    """The posting's team as the crawl looks for it: its function and the words of its title and team."""
    info = read_role(posting)
    words = stems(role_title(posting)) | stems(posting.department or "") | stems(posting.team or "")
    return Wanted(info.function, frozenset(words), info.info.level)


def lookup(url: str, client: HttpClient, *, company_url: str | None = None,
           max_pages: int = DEFAULT_MAX_PAGES, scrape: Callable[[str, HttpClient], Posting] | None = None,
           sources: Sequence[str] | None = None, max_api_calls: int | None = None,
           today: dt.date | None = None, env: Mapping[str, str] | None = None) -> LookupResult:
    """Read the posting at `url`, find the company's people within `max_pages` requests, rank them.

    `sources` names the people sources to run (scrapers.sources; default: the team pages and the
    posting); API sources spend at most `max_api_calls` calls of their own; `today` dates evidence.
    """
    if max_pages < 1:
        raise ScraperError("--max-pages must be at least 1")
    if company_url:
        company_url = check_company_url(company_url)  # before any request: a typo costs nothing
    if scrape is None:
        from scrapers.registry import scrape
    start = client.requests_made
    budget = start + max_pages + posting_robots(client.settings.ignore_robots)
    try:
        posting = scrape(url, client)
    except RequestLimitError as e:  # a posting read through several API calls can outgrow a tiny budget
        raise RequestLimitError(f"--max-pages {max_pages} is too few to read the posting at {url}: "
                                "allow a few more", url=url) from e
    pages = [url]
    site = company_site(posting, company_url)
    notes: list[str] = []
    people: list[PersonOnPage] = []
    missed: list[str] = []
    texts: list[tuple[str, str]] = []
    gathered: Gathered | None = None
    refused = client.refusal(site) if site else None
    if refused:
        notes.append(f"company website {site} not read: {refused}")
    elif site is None:
        notes.append("no company website known: pass --company-url")
    else:
        chosen = chosen_sources(sources, env)
        gathered = gather(posting, site, client, chosen, budget=budget, today=today or _today(posting),
                          wanted=wanted(posting), limit=f"--max-pages {max_pages}", known_origins=(url,),
                          max_api_calls=DEFAULT_MAX_API_CALLS if max_api_calls is None else max_api_calls, env=env,
                          idle=[s for s in all_sources() if s not in chosen] if sources is not None else ())
        people = gathered.people
        pages += [p for p in gathered.pages if p not in pages]
        missed = [u for u in gathered.missed if u not in pages]
        notes += gathered.notes
        texts = gathered.texts
        if not posting.company:  # the posting page named nobody: the company's own site names itself
            named = next((n for u, html in texts if (n := site_name(html, u))), None) or company_from_host(site)
            posting = replace(posting, company=named or "")
    if not posting.company:
        notes.append("the posting does not name its company")
    candidates = tuple(rank(posting, people))
    if gathered is not None:
        candidates = tuple(adjust(candidates, gathered.merged, today or _today(posting)))
    domain, emails = likely_emails(posting, site, people, candidates, texts)
    return LookupResult(posting=posting, candidates=candidates, people=tuple(people),
                        pages=tuple(pages), missed=tuple(missed), linkedin_search=linkedin_search_url(posting),
                        requests=client.requests_made - start, company_url=site, notes=tuple(notes),
                        emails=emails, mail_domain=domain,
                        sources=tuple(gathered.reports) if gathered else (),
                        api_calls=gathered.api_calls if gathered else 0,
                        evidence=gathered.evidence() if gathered else {})


def chosen_sources(names: Sequence[str] | None, env: Mapping[str, str] | None = None) -> list[type[PeopleSource]]:
    """The people sources a lookup runs: those named that can run here (default: team pages and posting)."""
    picked = ("team", "posting") if names is None else tuple(names)
    return [c.source for c in choose(picked, env=env) if c.on]


def _today(posting: Posting) -> dt.date | None:
    """The day evidence is dated against when the caller gives none: the posting's own date, else None
    (no evidence is marked old; nothing below the command line reads the clock)."""
    try:
        return dt.date.fromisoformat(posting.date_posted or "")
    except ValueError:
        return None


_DOMAIN_HINT = re.compile(r"@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+)", re.I)


def _is_host_name(host: str) -> bool:
    """True for a DNS name mail could be on; False for an IP address, localhost or a bare word."""
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        return "." in host and host != "localhost"


def _published_counts(domains: list[str], pages: list[tuple[str, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for domain in domains:
        for url, text in pages:
            found = find_addresses(text, url, domain)
            counts[domain] += len(found.personal) + len(found.generic)
    return counts


def mail_domain(site: str | None, pages: list[tuple[str, str]]) -> str | None:
    """The company's mail domain: its website's host (or a parent the pages publish more addresses on).

    A site served from an IP address (a test or demo server) has no host name: the domain its pages
    publish most addresses on stands in. Only that one domain counts, so a partner's or a customer's
    address never sets the pattern.
    """
    host = host_of(site)
    if _is_host_name(host):
        labels = host.split(".")
        # about.acme.com publishes jane@acme.com: prefer a parent only when the pages say so.
        options = [".".join(labels[i:]) for i in range(len(labels) - 1)]
        counts = _published_counts(options, pages) if len(options) > 1 else Counter()
        return max(options, key=lambda d: (counts[d], len(d)))
    hints = list(dict.fromkeys(d.lower() for _, text in pages for d in _DOMAIN_HINT.findall(text)))
    best = [d for d, n in _published_counts(hints, pages).most_common() if n]
    return best[0] if best else None


def likely_emails(posting: Posting, site: str | None, people: list[PersonOnPage], candidates: tuple[Candidate, ...],
                  pages: list[tuple[str, str]]) -> tuple[str | None, dict[str, EmailGuess]]:
    """The mail domain and a likely address per person, learned only from pages already read (no requests)."""
    # The posting's own text and the people it names with an address count as published too.
    texts = [(posting.url, html_lib.escape(posting.description or ""))] + list(pages)
    domain = mail_domain(site, texts)
    if domain is None:
        return None, {}
    everyone = list(people)
    known = {p.name for p in everyone}
    for named in (*posting.people, *((posting.reports_to,) if posting.reports_to else ())):
        if named.name and named.email and named.name not in known:
            everyone.append(PersonOnPage(named.name, named.title or "", source_url=posting.url, email=named.email))
            known.add(named.name)
    for candidate in candidates:  # a manager the posting names, who is on no page
        if candidate.name not in known:
            everyone.append(PersonOnPage(candidate.name, candidate.title, candidate.profile_url, candidate.source_url))
            known.add(candidate.name)
    return domain, guesses_for(everyone, texts, domain)

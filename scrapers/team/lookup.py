"""The lookup: posting -> company site -> people pages -> people -> ranked candidates (no printing)."""

from __future__ import annotations

import html as html_lib
import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Mapping
from urllib.parse import urljoin, urlsplit

from scrapers.errors import FetchError, InvalidURL, RequestLimitError, RobotsError, ScraperError
from scrapers.extract.page import company_from_host, site_name
from scrapers.hiring_manager import Candidate, linkedin_search_url, rank
from scrapers.team.emails import EmailGuess, find_addresses, guesses_for
from scrapers.team.discover import (PEOPLE, Link, common_urls, is_people_path, normalize_url, rank_links,
                                    rank_urls, robots_sitemaps, same_site, sitemap_urls)
from scrapers.team.people import extract_people, merge_people
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


def _origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}".format(urlsplit(url)).lower()


@dataclass
class _Crawl:
    client: HttpClient
    budget: int  # the request count the client may reach
    pages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (url, html) of every page read
    origins: set[str] = field(default_factory=set)
    spent: bool = False
    limit: str = ""  # the budget in the user's words, for the note

    def __post_init__(self) -> None:
        self.limit = self.limit or f"{self.budget} requests"

    def affordable(self, url: str) -> bool:
        origin = _origin(url)
        robots = 0 if origin in self.origins or self.client.settings.ignore_robots else 1
        return self.client.requests_made + 1 + robots <= self.budget

    def get(self, url: str, expect: str = "html") -> str | None:
        url = normalize_url(url) if expect == "html" else url
        if url in self.seen or self.spent:
            return None
        if not self.affordable(url):
            self.spent = True
            self.notes.append(f"stopped at the request budget ({self.limit})")
            return None
        self.seen.add(url)
        self.origins.add(_origin(url))
        try:
            page = self.client.get(url, expect=expect)
        except RequestLimitError:
            self.spent = True
            self.notes.append(f"stopped at the request budget ({self.limit})")
            return None
        except RobotsError as e:
            self.notes.append(str(e))
            return None
        except FetchError:
            return None  # a missing page is an ordinary outcome of guessing where people are listed
        if expect == "html":
            self.seen.add(normalize_url(page.url))
            self.pages.append(page.url)
            self.texts.append((page.url, page.text))
        return page.text


def find_people(client: HttpClient, site: str, *, budget: int, company: str | None = None,
                known_origins: tuple[str, ...] = (), limit: str = "") -> tuple[list[PersonOnPage], _Crawl]:
    """Read the site's people pages within `budget` total client requests; everyone found, merged.

    `known_origins` are URLs on hosts whose robots.txt the client has read already (the posting's);
    `limit` says the budget in the user's words.
    """
    crawl = _Crawl(client, budget, origins={_origin(u) for u in known_origins}, limit=limit)
    found: list[list[PersonOnPage]] = []
    home = crawl.get(site)
    queue: list[Link] = []
    hit: str | None = None  # the first page that listed people
    if home is not None:
        found.append(extract_people(home, site, company))
        queue = rank_links(home, site)
        if len(found[0]) >= 2:
            hit = site  # a small company's home page often is its team page
    tried_sitemap = tried_common = False
    while not crawl.spent:
        if hit is not None:
            # Leadership and team are often split: read the best other candidate page, then stop.
            kind = is_people_path(hit)
            sibling = next((ln for ln in queue if ln.url not in crawl.seen
                            and (not kind or is_people_path(ln.url) != kind)), None)
            if sibling is not None:
                html = crawl.get(sibling.url)
                if html is not None:
                    found.append(extract_people(html, sibling.url, company))
            break
        link = next((ln for ln in queue if ln.url not in crawl.seen), None)
        if link is None:
            if not tried_sitemap:
                tried_sitemap = True
                queue += _from_sitemaps(crawl, site)
                continue
            if not tried_common:
                tried_common = True
                queue += [ln for ln in common_urls(site) if ln.url not in crawl.seen]
                continue
            break
        queue.remove(link)
        html = crawl.get(link.url)
        if html is None:
            continue
        people = extract_people(html, link.url, company)
        found.append(people)
        if len(people) >= 2 or (people and link.kind == PEOPLE):
            hit = link.url
        # One level deeper: an about or company page often links on to the team.
        deeper = [ln for ln in rank_links(html, link.url) if ln.url not in crawl.seen and ln.kind == PEOPLE]
        known = {ln.url for ln in queue}
        queue = sorted(queue + [Link(ln.url, ln.score - 1, ln.kind, ln.text) for ln in deeper if ln.url not in known],
                       key=lambda ln: -ln.score)
    if any(found) and home is not None and not any(found[1:]) and found[0]:
        # Name the page: with --company-url it may be a team page, not the home page.
        crawl.notes.append(f"people listed on {site} only" if urlsplit(site).path.strip("/")
                           else f"people listed on the home page only ({site})")
    return merge_people(found), crawl


def _from_sitemaps(crawl: _Crawl, site: str) -> list[Link]:
    first = urljoin(site, "/sitemap.xml")
    urls = sitemap_urls(crawl.get(first, expect="any") or "", first)
    if not urls:
        robots_url = urljoin(site, "/robots.txt")
        # The client read robots.txt before the first page of this site: use its copy, not a second request.
        listed = crawl.client.sitemaps(site)
        if listed is None:
            listed = robots_sitemaps(crawl.get(robots_url, expect="any") or "", robots_url)
        for sitemap in listed[:2]:
            if same_site(sitemap, site):
                urls += sitemap_urls(crawl.get(sitemap, expect="any") or "", sitemap)
    # A sitemap index lists more sitemaps; read one level of them.
    for sitemap in [u for u in urls if u.lower().endswith(".xml")][:2]:
        urls += sitemap_urls(crawl.get(sitemap, expect="any") or "", sitemap)
    return rank_urls([u for u in urls if not u.lower().endswith(".xml")], site)


def lookup(url: str, client: HttpClient, *, company_url: str | None = None,
           max_pages: int = DEFAULT_MAX_PAGES, scrape: Callable[[str, HttpClient], Posting] | None = None) -> LookupResult:
    """Read the posting at `url`, find the company's people within `max_pages` requests, rank them."""
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
    texts: list[tuple[str, str]] = []
    if site is None:
        notes.append("no company website known: pass --company-url")
    else:
        people, crawl = find_people(client, site, budget=budget, company=posting.company, known_origins=(url,),
                                    limit=f"--max-pages {max_pages}")
        pages += [p for p in crawl.pages if p not in pages]
        notes += crawl.notes
        texts = crawl.texts
        if not people:
            notes.append(f"no people found on {site}")
        if not posting.company:  # the posting page named nobody: the company's own site names itself
            named = next((n for u, html in texts if (n := site_name(html, u))), None) or company_from_host(site)
            posting = replace(posting, company=named or "")
    if not posting.company:
        notes.append("the posting does not name its company")
    candidates = tuple(rank(posting, people))
    domain, emails = likely_emails(posting, site, people, candidates, texts)
    return LookupResult(posting=posting, candidates=candidates, people=tuple(people),
                        pages=tuple(pages), linkedin_search=linkedin_search_url(posting),
                        requests=client.requests_made - start, company_url=site, notes=tuple(notes),
                        emails=emails, mail_domain=domain)


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

"""Reading a company site for its people within a request budget: which pages, in what order, when to stop.

The home page first (a small company's often lists everyone), then the best people link it has
(team, leadership, about; in six languages), one level deeper from an about page, then the sitemap,
then the usual paths. Once a page lists people the crawl stops as soon as the people read cover the
posting: someone above the role in its function or team (a possible manager), or a page long enough
to be everyone. Until then it reads, best first, the department page that names the posting's team
("/team/engineering" from a "/team" hub), the other half of a leadership/team split, or a people
page the sitemap lists. Every page costs one request and its host's robots.txt one more, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable
from urllib.parse import urljoin, urlsplit

from scrapers.affinity import stems
from scrapers.errors import DeadlineError, FetchError, InvalidURL, RequestLimitError, RobotsError
from scrapers.lexicon.titles import HEAD, STAFF, classify, parse_title
from scrapers.team.discover import (PEOPLE, Link, common_urls, is_people_path, normalize_url, rank_links,
                                    rank_urls, robots_sitemaps, same_site, sitemap_urls)
from scrapers.team.people import extract_people, merge_people
from scrapers.types import PersonOnPage

if TYPE_CHECKING:
    from scrapers.http import HttpClient

EVERYONE = 40  # people on one page: a page this long lists the whole company
AFTER_A_HIT = 2  # pages read after the first that listed people, at most


def _origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}".format(urlsplit(url)).lower()


@dataclass(frozen=True)
class Wanted:
    """What the posting says about the team it hires for: its function, the stems of its team words and
    the role's own level (its manager is above it)."""

    function: str | None = None
    words: frozenset[str] = frozenset()
    level: float = 0.0


@dataclass
class Crawl:
    """The pages read so far, within a budget of client requests (robots.txt counted)."""

    client: HttpClient
    budget: int  # the request count the client may reach
    pages: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # asked for, not there (a guessed path, no sitemap)
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
        except DeadlineError as e:  # the lookup ends with what it has, saying which page was cut off
            self.spent = True
            self.notes.append(str(e))
            return None
        except (RobotsError, InvalidURL) as e:  # InvalidURL: a redirect to LinkedIn, a private address ...
            self.notes.append(f"skipped {url}: {e}" if isinstance(e, InvalidURL) else str(e))
            return None
        except FetchError:
            self.missed.append(url)
            return None  # a missing page is an ordinary outcome of guessing where people are listed
        if expect == "html":
            self.seen.add(normalize_url(page.url))
            self.pages.append(page.url)
            self.texts.append((page.url, page.text))
        return page.text


def covers(people: list[PersonOnPage], wanted: Wanted) -> bool:
    """Whether the people read so far can answer: a page of everyone, or someone of the role's function or
    team one or two steps above it (its likely manager, not only the leadership above that)."""
    if len(people) >= EVERYONE:
        return True
    ceiling = max(wanted.level, STAFF) + 2.0  # an engineer's manager or head; a manager's director or VP
    for person in people:
        info = parse_title(person.title)
        if not info.manager or not wanted.level < info.level <= ceiling:
            continue
        if wanted.function is not None and (info.function == wanted.function or classify(person.section)[0] == wanted.function):
            return True
        if wanted.words & (stems(person.title) | stems(person.section)):
            return True
    return wanted.function is None and not wanted.words and len(people) >= 12


def _leadership_only(people: list[PersonOnPage]) -> bool:
    """Whether everyone read is a head, a director or above: a leadership page, not the whole team."""
    return bool(people) and all(parse_title(p.title).level >= HEAD for p in people)


def _closeness(link: Link, wanted: Wanted) -> float:
    """How well a link names the posting's team: shared words, or its function's name."""
    words = stems(link.text) | stems(urlsplit(link.url).path.replace("/", " ").replace("-", " "))
    shared = len(words & wanted.words)
    same_function = wanted.function is not None and classify(link.text or urlsplit(link.url).path)[0] == wanted.function
    return shared + (1.0 if same_function else 0.0)


def _below(url: str, hub: str) -> bool:
    """Whether `url` is a page under `hub` ("/team/engineering" under "/team")."""
    hub_path = urlsplit(hub).path.rstrip("/").removesuffix(".html")
    path = urlsplit(url).path
    return bool(hub_path) and path.startswith(hub_path + "/")


def _next_page(queue: list[Link], hits: list[str], read: list[str], seen: set[str], wanted: Wanted) -> Link | None:
    """After a page of people that does not cover the posting: the department page under a page read (a
    "/team" hub) that names the posting's team, else the other half of a leadership/team split, else the best people link left,
    else an about page."""
    fresh = [ln for ln in queue if ln.url not in seen and ln.score > 0]  # linked pages only, no guessed paths
    people = [ln for ln in fresh if ln.kind == PEOPLE]
    below = [ln for ln in people if any(_below(ln.url, hub) for hub in read)]
    if below:
        return max(below, key=lambda ln: (_closeness(ln, wanted), ln.score))
    kinds = {is_people_path(hub) for hub in hits}
    other_half = [ln for ln in people if is_people_path(ln.url) and is_people_path(ln.url) not in kinds]
    if other_half:
        return max(other_half, key=lambda ln: (_closeness(ln, wanted), ln.score))
    if people:
        return max(people, key=lambda ln: (_closeness(ln, wanted), ln.score))
    return fresh[0] if fresh else None  # an about page often shows the founders


def find_people(client: HttpClient, site: str, *, budget: int, company: str | None = None,
                known_origins: tuple[str, ...] = (), limit: str = "",
                wanted: Wanted = Wanted(),
                guess_paths: Callable[[list[tuple[str, str]]], bool] | None = None) -> tuple[list[PersonOnPage], Crawl]:
    """Read the site's people pages within `budget` total client requests; everyone found, merged.

    `known_origins` are URLs on hosts whose robots.txt the client has read already (the posting's);
    `limit` says the budget in the user's words; `wanted` is the posting's team, to stop early and to
    pick the department page that lists it; `guess_paths`, given the pages read, says whether the usual
    paths are still worth guessing when no link or sitemap led to people (default: always).
    """
    crawl = Crawl(client, budget, origins={_origin(u) for u in known_origins}, limit=limit)
    found: list[list[PersonOnPage]] = []
    hits: list[str] = []  # pages that listed people
    queue: list[Link] = []

    def read(url: str) -> list[PersonOnPage] | None:
        html = crawl.get(url)
        if html is None:
            return None
        people = extract_people(html, url, company)
        found.append(people)
        known = {ln.url for ln in queue}
        deeper = [ln for ln in rank_links(html, url) if ln.url not in crawl.seen and ln.url not in known]
        if url != site:  # links on the home page are the queue already; deeper ones wait a step
            deeper = [Link(ln.url, ln.score - 1, ln.kind, ln.text) for ln in deeper if ln.kind == PEOPLE]
        queue.extend(deeper)
        queue.sort(key=lambda ln: -ln.score)
        if len(people) >= 2 or (people and url != site):
            hits.append(url)
        return people

    read(site)
    tried_sitemap = tried_common = False
    after_hit = 0
    while not crawl.spent:
        if hits:
            # One more page after the first that lists people (leadership and team are often split), a
            # second only while nobody read yet is the role's likely manager.
            if after_hit >= AFTER_A_HIT or (after_hit and covers(merge_people(found), wanted)) or \
                    len(merge_people(found)) >= EVERYONE:
                break
            link = _next_page(queue, hits, crawl.pages, crawl.seen, wanted)
            if link is None and not tried_sitemap and _leadership_only(merge_people(found)):
                # Only the leadership is linked: a full staff page only the sitemap lists.
                tried_sitemap = True
                queue += [ln for ln in _from_sitemaps(crawl, site) if ln.kind == PEOPLE]
                continue
            if link is None:
                break
            after_hit += 1
            read(link.url)
            continue
        link = next((ln for ln in queue if ln.url not in crawl.seen), None)
        if link is None:
            if not tried_sitemap:
                tried_sitemap = True
                queue += _from_sitemaps(crawl, site)
                continue
            if not tried_common:
                tried_common = True
                if guess_paths is not None and not guess_paths(crawl.texts):
                    break  # the caller has a better use for the requests (a blog the pages link to)
                queue += [ln for ln in common_urls(site) if ln.url not in crawl.seen]
                continue
            break
        queue.remove(link)
        read(link.url)
    if hits == [site] and len(crawl.pages) == 1:
        # Name the page: with --company-url it may be a team page, not the home page.
        crawl.notes.append(f"people listed on {site} only" if urlsplit(site).path.strip("/")
                           else f"people listed on the home page only ({site})")
    return merge_people(found), crawl


def _from_sitemaps(crawl: Crawl, site: str) -> list[Link]:
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

"""The `blog` source: the company's blog and newsroom: bylines with titles and appointment announcements.

Found like the team pages: a nav or footer link on a page already read ("Blog", "News", "Newsroom",
"Press", "Engineering"), else the sitemap, else the usual paths. The index is read first (its cards
often carry the bylines and the headlines that announce a hire), then the posts most likely to name
people with their titles: announcements first, then the newest. Reading them is `scrapers.sources.posts`'s
(pure); this module decides which pages to read within the lookup's request budget.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapers.errors import DeadlineError, FetchError, InvalidURL, RequestLimitError, RobotsError
from scrapers.sources.base import Found, PeopleSource, SourceContext
from scrapers.sources.posts import PostLink, parse_index, parse_post
from scrapers.sources.registry import register

if TYPE_CHECKING:
    from scrapers.http import HttpClient

COMMON_PATHS = ("/blog", "/news", "/newsroom", "/press")
MAX_PAGES = 3  # the index and up to two posts: the site budget is shared with the team pages
MAX_GUESSES = 2  # common paths tried when no page links a blog

_LINK_TEXT = re.compile(r"^(?:our |the |engineering |company |tech )?(?:blog|news|newsroom|press|press room|"
                        r"press releases|updates|stories|journal|insights|announcements|engineering blog|"
                        r"engineering|media|in the news|aktuelles|neuigkeiten|actualités|noticias|nieuws)$", re.I)
_LINK_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:blog|news|newsroom|press|press-releases|updates|stories|"
                        r"journal|insights|announcements|engineering|engineering-blog|tech-blog|media|aktuelles|"
                        r"neuigkeiten|actualites|noticias|nieuws)/?$", re.I)


@register
class BlogSource(PeopleSource):
    """Authors of the company's blog and newsroom posts (bylines, author boxes, JSON-LD) and announced hires."""

    NAME = "blog"
    DESCRIPTION = ("the company's blog and newsroom: author bylines with titles, author boxes, JSON-LD "
                   "authors, announcements of appointments and hires (recent posts weigh more)")
    TITLE_RANK = 2

    def find(self, ctx: SourceContext) -> Found:
        if ctx.site is None:
            return Found()
        reader = _Reader(ctx)
        pages = list(ctx.texts)
        if not pages:
            home = reader.get(ctx.site)
            pages = [(ctx.site, home)] if home else []
        indexes = blog_links(pages, ctx.site)
        if not indexes:
            indexes = [urljoin(ctx.site, p) for p in COMMON_PATHS[:MAX_GUESSES]]
        people = []
        posts: list[PostLink] = []
        for index_url in indexes[:3]:
            html = reader.get(index_url)
            if html is None:
                if reader.stopped:
                    break
                continue
            where = reader.last_url or index_url  # its posts are on its own host (blog.acme.com, medium.com)
            listed = parse_index(html, where, where, company=ctx.posting.company)
            people += listed.people
            posts += [p for p in listed.posts if p.url not in {q.url for q in posts}]
            if listed.posts or listed.people:
                break  # one index: the budget is small and the first linked is the main one
        for post in choose_posts(posts, ctx.wanted.words, reader.room()):
            if _covers(people, ctx):
                break  # the index (or a post) already names someone above the role in its team
            html = reader.get(post.url)
            if html is None:
                if reader.stopped:
                    break
                continue
            people += parse_post(html, reader.last_url or post.url, ctx.posting.company, headline=post.headline,
                                 date=post.date).people
        found = reader.found
        found.people = people
        if not reader.found.pages:
            found.notes.append(f"no blog or newsroom found on {ctx.site}")
        if ctx.known:
            # The pages read before named people: what the blog could not read is no news to the user.
            found.notes = [n for n in found.notes if not n.startswith(("no blog or newsroom", "blog: stopped at"))]
        return found


def _covers(people: list, ctx: SourceContext) -> bool:
    """Whether the posts read already name the role's likely manager: a manager above the role whose title
    names the role's own team ("Head of Data" for a data engineer), or any above it in its function when
    the role names no team. Stricter than the team pages' rule: a post is one person, not a page of them."""
    from scrapers.hiring_manager import team_words
    from scrapers.lexicon.titles import parse_title
    from scrapers.sources.wording import is_stale
    from scrapers.team.crawl import covers
    from scrapers.types import PersonOnPage

    current = [p for p in people if p.title and not all(is_stale(e.date, ctx.today) for e in p.evidence)]
    role = team_words(ctx.posting.title or "")
    if not role:
        return covers([PersonOnPage(p.name, p.title) for p in current], ctx.wanted)
    for person in current:
        info = parse_title(person.title)
        if info.manager and info.level > ctx.wanted.level and role & team_words(person.title):
            return True
    return False


_HOSTED = (".medium.com", ".substack.com", ".ghost.io", ".hashnode.dev", ".wordpress.com")


def blog_host(url: str, site: str) -> bool:
    """Whether a link may lead to the company's own blog: its site, a sub-domain of it (blog.acme.com),
    or a publication on a blog host the site links to (medium.com/acme-engineering, acme.substack.com)."""
    from scrapers.team.discover import same_site
    from scrapers.urls import host_of

    if same_site(url, site):
        return True
    host, own = host_of(url), host_of(site).removeprefix("www.")
    if own and "." in own and host.endswith("." + own):
        return True
    return host == "medium.com" and urlsplit(url).path.strip("/") != "" or host.endswith(_HOSTED)


def blog_links(pages: list[tuple[str, str]], site: str) -> list[str]:
    """Same-site links to a blog or newsroom index on the pages read, nav and footer first (pure)."""
    from scrapers.extract.text import soup_of
    from scrapers.team.discover import normalize_url, same_site

    found: list[str] = []
    for page_url, html in pages:
        for anchor in soup_of(html).find_all("a", href=True):
            href = anchor["href"].strip()
            url = normalize_url(urljoin(page_url, href))
            if not blog_host(url, site) or url in found:
                continue
            text = " ".join(anchor.get_text(" ").split())
            path = urlsplit(url).path
            if _LINK_TEXT.match(text) or _LINK_PATH.match(path):
                found.append(url)
    # A newsroom announces hires; an engineering blog has the team's bylines: both beat "media".
    return sorted(found, key=lambda u: (bool(re.search(r"media|stories|journal|insights", u)), found.index(u)))


_ANNOUNCES = re.compile(r"\b(join(?:s|ed)?|appoint(?:s|ed|ment)?|welcome[sd]?|hire[sd]?|names?|named|promot(?:es|ed|ion)|"
                        r"new (?:head|vp|chief|director|cto|cfo|coo|cmo|cro|cpo)|taps|adds|expands leadership|"
                        r"leadership team)\b", re.I)


def choose_posts(posts: list[PostLink], role_words: frozenset[str], room: int) -> list[PostLink]:
    """The posts worth their request (pure): announcements of people whose title the index did not give
    first, then posts on the role's own subject ("design system" for a designer), then the newest."""
    from scrapers.affinity import stems

    if room <= 0:
        return []

    def key(post: PostLink) -> tuple:
        announces = bool(_ANNOUNCES.search(post.headline or ""))
        on_topic = bool(role_words & stems(post.headline or ""))
        return (post.has_title, not announces, not on_topic, _age_key(post.date))

    return sorted(posts, key=key)[:room]


def _age_key(date: str | None) -> str:
    # Newest first: invert the ISO date's characters so a plain ascending sort puts it first.
    return "".join(chr(255 - ord(c)) for c in date) if date else "\uffff"


class _Reader:
    """Reads pages for the blog source within the lookup's budget, keeping what it read and missed."""

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self.client: HttpClient = ctx.client
        self.found = Found()
        self.seen: set[str] = {u for u, _ in ctx.texts}
        self.origins = {"{0.scheme}://{0.netloc}".format(urlsplit(u)).lower() for u in ctx.known_origins}
        self.origins |= {"{0.scheme}://{0.netloc}".format(urlsplit(u)).lower() for u, _ in ctx.texts}
        self.read = 0
        self.stopped = False
        self.last_url: str | None = None

    def room(self, url: str | None = None) -> int:
        """Pages this source may still read: its own cap and the shared budget, less the robots.txt of
        `url`'s host when it has not been read yet."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url)).lower() if url else None
        robots = 0 if self.client.settings.ignore_robots or (origin in self.origins if origin else self.origins) else 1
        return max(0, min(MAX_PAGES - self.read, self.ctx.left() - robots))

    def get(self, url: str) -> str | None:
        if url in self.seen or self.stopped:
            return None
        if self.room(url) <= 0:
            self.stopped = True
            self.found.notes.append(f"blog: stopped at the request budget ({self.ctx.limit or 'pages'})")
            return None
        self.seen.add(url)
        self.read += 1
        try:
            page = self.client.get(url)
        except (RequestLimitError, DeadlineError) as e:
            self.stopped = True
            self.found.notes.append(f"blog: {e}")
            return None
        except (RobotsError, InvalidURL) as e:
            self.found.notes.append(f"blog: skipped {url}: {e}" if isinstance(e, InvalidURL) else f"blog: {e}")
            return None
        except FetchError:
            self.found.missed.append(url)
            return None
        self.origins.add("{0.scheme}://{0.netloc}".format(urlsplit(url)).lower())
        self.last_url = page.url
        self.found.pages.append(page.url)
        self.found.texts.append((page.url, page.text))
        return page.text

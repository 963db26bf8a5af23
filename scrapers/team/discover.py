"""Which pages of a company site list its people: links ranked by text and path, sitemaps, fallbacks (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapers.extract.text import soup_of

# Common paths, tried only when neither links nor a sitemap point anywhere.
COMMON_PATHS = ("/team", "/about", "/company", "/leadership", "/about-us", "/people")

PEOPLE = "people"  # a page that itself lists people
ABOUT = "about"  # a page that may link on to one

# (kind, weight, pattern) matched against the link text and against the URL path.
# In English, German, French, Spanish, Dutch, Portuguese and Italian.
_TEXT_RULES: tuple[tuple[str, float, str], ...] = (
    (PEOPLE, 10.0, r"meet (the|our) team|our team|the team|team|our people|people|who we are|leadership|"
                   r"founders?|management|executives?|staff|crew|our leaders|leaders|"
                   r"unser team|das team|mitarbeiter\w*|ansprechpartner\w*|geschäftsführung|"
                   r"l'équipe|l’équipe|notre équipe|équipe|equipe|qui sommes-nous|direction|"
                   r"nuestro equipo|el equipo|equipo|quiénes somos|quienes somos|"
                   r"ons team|het team|medewerkers|wie zijn wij|"
                   r"nossa equipe|nossa equipa|equipa|quem somos|il team|il nostro team|chi siamo|la squadra"),
    (ABOUT, 5.0, r"about( us)?|company|our story|story|who we are|mission|culture|studio|"
                 r"über uns|ueber uns|unternehmen|à propos|a propos|l'entreprise|sobre nosotros|nosotros|"
                 r"empresa|over ons|sobre( nós)?|azienda"),
)
_PATH_RULES: tuple[tuple[str, float, str], ...] = (
    (PEOPLE, 8.0, r"team|people|leadership|founders?|management|staff|who-we-are|leaders|crew|executives?|"
                  r"mitarbeiter\w*|ansprechpartner|equipe|equipo|equipa|quienes-somos|qui-sommes-nous|"
                  r"medewerkers|quem-somos|chi-siamo|direction|geschaeftsfuehrung"),
    (ABOUT, 4.0, r"about|company|our-story|story|mission|culture|studio|ueber-uns|uber-uns|unternehmen|"
                 r"a-propos|apropos|entreprise|sobre|nosotros|empresa|over-ons|azienda"),
)
# Never people pages, however the link reads ("Join our team" is careers).
_SKIP = re.compile(
    r"career|jobs?\b|join|hiring|blog|news|press|events?|customers?|case-stud|pricing|login|log-in|sign|"
    r"privacy|terms|legal|cookie|contact|support|help|docs?\b|status|investors?|advisors?|partners?|"
    r"podcast|webinar|shop|store|cart|apply|"
    r"karriere|stellen|jobs|impressum|datenschutz|kontakt|recrutement|emploi|carrières|mentions|confidentialit|"
    r"empleo|trabaja|vacatures|werken-bij|vagas|carreiras|lavora|privacidad|privacidade", re.IGNORECASE)
_FILES = re.compile(r"\.(pdf|jpe?g|png|gif|svg|webp|zip|css|js|xml|json|mp4|ico)$", re.IGNORECASE)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)


def _site(url: str) -> str:
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return netloc[4:] if netloc.startswith("www.") else netloc


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one host (and port), "www." aside."""
    return bool(_site(url)) and _site(url) == _site(other)


@dataclass(frozen=True)
class Link:
    """A same-site link worth reading, how likely it leads to people, and what kind of page it is."""

    url: str
    score: float
    kind: str  # PEOPLE or ABOUT
    text: str = ""


def normalize_url(url: str) -> str:
    """The URL without its fragment, so "/team#eng" and "/team" are one page."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def classify_link(text: str, path: str) -> tuple[str, float] | None:
    """(kind, score) for a link with this text and path, or None when it never leads to people."""
    text = " ".join((text or "").lower().split())
    path = (path or "").lower()
    if _SKIP.search(text) or _SKIP.search(path.rsplit("/", 2)[-1] if path.endswith("/") else path.rsplit("/", 1)[-1]):
        return None
    best: tuple[str, float] | None = None
    for kind, weight, pattern in _TEXT_RULES:
        if text and len(text) <= 40 and re.search(rf"\b({pattern})\b", text):
            best = (kind, weight) if best is None or weight > best[1] else best
            break
    for kind, weight, pattern in _PATH_RULES:
        if re.search(rf"(^|[/_.-])({pattern})([/_.-]|$)", path):
            score = weight + (best[1] if best else 0.0)
            kind = PEOPLE if PEOPLE in (kind, best[0] if best else "") else kind
            best = (kind, score)
            break
    return best


def rank_links(html: str, page_url: str) -> list[Link]:
    """Same-site links on a page that may lead to people, best first (nav, footer and body alike)."""
    soup = soup_of(html)
    found: dict[str, Link] = {}
    for order, anchor in enumerate(soup.find_all("a", href=True)):
        href = anchor["href"].strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = normalize_url(urljoin(page_url, href))
        if not same_site(url, page_url) or _FILES.search(urlsplit(url).path):
            continue
        if url == normalize_url(page_url):
            continue
        text = " ".join(anchor.get_text(" ").split()) or anchor.get("title", "") or anchor.get("aria-label", "")
        verdict = classify_link(text, urlsplit(url).path)
        if verdict is None:
            continue
        kind, score = verdict
        score -= order * 0.001  # earlier links (the menu) win ties
        if url not in found or found[url].score < score:
            found[url] = Link(url, score, kind, text)
    return sorted(found.values(), key=lambda link: -link.score)


def sitemap_urls(xml: str, base_url: str = "") -> list[str]:
    """Every <loc> in a sitemap or sitemap index, made absolute (parsing only; the caller fetches)."""
    return [urljoin(base_url, loc.replace("&amp;", "&")) for loc in _LOC.findall(xml or "")]


def rank_urls(urls: list[str], site_url: str) -> list[Link]:
    """Sitemap URLs that may list people, judged by path alone, best first."""
    links = []
    for url in urls:
        if not same_site(url, site_url):
            continue
        verdict = classify_link("", urlsplit(url).path)
        if verdict:
            # Shallow paths first: /team rather than /blog/2021/our-team-offsite.
            depth = urlsplit(url).path.strip("/").count("/")
            links.append(Link(normalize_url(url), verdict[1] - depth, verdict[0]))
    return sorted(links, key=lambda link: -link.score)


def robots_sitemaps(robots_txt: str, base_url: str = "") -> list[str]:
    """The Sitemap: lines of a robots.txt, made absolute."""
    return [urljoin(base_url, m.group(1)) for m in re.finditer(r"(?im)^\s*sitemap:\s*(\S+)", robots_txt or "")]


def common_urls(site_url: str) -> list[Link]:
    """The usual people-page paths on a site, as a last resort."""
    return [Link(urljoin(site_url, path), 0.0, PEOPLE if path in ("/team", "/leadership", "/people") else ABOUT)
            for path in COMMON_PATHS]


def is_people_path(url: str) -> str:
    """"leadership", "team" or "" for a people page's URL (to spot a split leadership/team pair)."""
    path = urlsplit(url).path.lower()
    if re.search(r"leader|founder|management|executive", path):
        return "leadership"
    if re.search(r"team|people|staff|crew", path):
        return "team"
    return ""

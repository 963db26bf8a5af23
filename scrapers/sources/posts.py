"""Reading blog and newsroom pages for people (pure): bylines, author boxes, JSON-LD authors, announcements.

What a post says about its people, in the forms real blogs use: schema.org `author` objects with a
`jobTitle` (WordPress/Yoast graphs with `@id` references, Ghost, Hugo themes), `author` and
`article:author` meta tags, visible bylines ("By Jane Doe, Engineering Manager", "Written by ...",
Medium's "Jane Doe · Engineering Manager at Acme"), author boxes ("About the author"), and the
sentences a newsroom uses for a hire (read by `scrapers.sources.wording`). A guest whose title names
another company is left out. Indexes give the posts they list, each with its headline and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapers.sources.base import Evidence, SourcePerson, short_path
from scrapers.sources.wording import (NAME_PATTERN, TITLE_AT, TITLE_PATTERN, URL_DATE, announced, loose_date, own_title,
                                      person_ok)

_POST_TYPES = ("BlogPosting", "Article", "NewsArticle", "TechArticle", "Report", "SocialMediaPosting",
               "AnalysisNewsArticle", "PressRelease")
_BYLINE = re.compile(r"^\s*(?i:by|written by|posted by|words by|author:?|von|par|por|door)\s+" + NAME_PATTERN +
                     r"(?:\s*(?:,|\||·|•|–|—|-)\s*" + TITLE_PATTERN + r")?\s*(?:[|·•—–-]\s*.*)?$", re.UNICODE)
_BIO = re.compile(NAME_PATTERN + r"\s+(?:is|serves as|works as)\s+(?:(?:a|an|the|our)\s+)?" + TITLE_PATTERN +
                  r"(?:\s+(?:at|@|of|for|on)\s+(?P<org>[\w&.'’ -]{1,40}))?(?=[.,;:!]|\s+(?:where|who|and|based)\b|$)",
                  re.UNICODE)
_AUTHOR_BOX = re.compile(r"(?:^|[-_ ])(?:author|byline|contributor|writer)(?:[-_ ]|$)|about-the-author|post-author|"
                         r"author-?(?:box|bio|card|info|profile|details|meta|name)|gh-author|pw-author|writer-bio", re.I)
_ROLE_CLASS = re.compile(r"(?:^|[-_ ])(?:job|role|position|title|tagline|subtitle|author-title|job-title|occupation)"
                         r"(?:[-_ ]|$)", re.I)


@dataclass(frozen=True)
class PostLink:
    """One post listed on a blog index: where it is, its headline and date, whether its card gave a title."""

    url: str
    headline: str = ""
    date: str | None = None
    has_title: bool = False


@dataclass
class Listing:
    """What a page said: the posts it links (an index) and the people it names."""

    posts: list[PostLink] = field(default_factory=list)
    people: list[SourcePerson] = field(default_factory=list)
    date: str | None = None


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _iso(value: Any) -> str | None:
    from scrapers.extract.normalize import iso_date

    return iso_date(value) if isinstance(value, str) else None


def page_date(soup: Any, url: str) -> str | None:
    """The page's publication date: meta tags, JSON-LD, a <time>, the URL's /2024/05/ (None when none)."""
    from scrapers.extract.structured import json_ld

    for prop in ("article:published_time", "og:published_time", "datePublished", "date", "pubdate",
                 "publish-date", "sailthru.date", "parsely-pub-date"):
        tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop}) or \
            soup.find("meta", attrs={"itemprop": prop})
        if tag is not None and (found := _iso(tag.get("content"))):
            return found
    for obj in json_ld(soup):
        if found := _iso(obj.get("datePublished")):
            return found
    time = soup.find("time", attrs={"datetime": True})
    if time is not None and (found := _iso(time["datetime"])):
        return found
    for node in soup.find_all(class_=re.compile(r"(?:^|[-_ ])(?:post-?date|date|published|entry-date|news-date)(?:[-_ ]|$)",
                                                re.I), limit=3):
        if found := loose_date(_text(node)):
            return found
    found_url = URL_DATE.search(urlsplit(url).path + "/")
    if found_url:
        year, month, day = found_url.groups()
        return f"{year}-{month}-{day or '01'}"
    return None


class _People:
    """People read from one page, one entry per name; a titled reading replaces an untitled one."""

    def __init__(self, url: str, date: str | None, company: str | None) -> None:
        self.url, self.date, self.company = url, date, company
        self.by_key: dict[str, SourcePerson] = {}
        self.guests: set[str] = set()

    def add(self, name: str, title: str, words: str, kind: str, profile: str | None = None, *,
            date: str | None = None, url: str | None = None) -> bool:
        from scrapers.lexicon.names import clean_name, name_key

        name = re.sub(r"^(Dr|Prof)\s+", r"\1. ", clean_name(name).strip(" ,."))
        if not person_ok(name, self.company):
            return False
        key = name_key(name)
        if key in self.guests:
            return False
        clean = own_title(title, self.company) if title else ""
        if clean is None and kind in ("announcement", "quote"):
            return False  # a partner's or a customer's person quoted in a release
        if clean is None:  # a guest author or a title from another company
            self.guests.add(key)
            self.by_key.pop(key, None)
            return False
        evidence = Evidence("blog", url or self.url, " ".join(words.split())[:200], date or self.date, clean, kind)
        old = self.by_key.get(key)
        if old is not None and (old.title or not clean):
            return True
        self.by_key[key] = SourcePerson(name, clean, (evidence,), profile_url=profile)
        return True

    def people(self) -> list[SourcePerson]:
        return list(self.by_key.values())


def _authors(value: Any, graph: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("@id"), str):
            item = {**graph.get(item["@id"], {}), **item}  # Yoast: {"@id": ..., "name": ...} points at the Person
        if isinstance(item, str):
            item = {"name": item}
        if isinstance(item, dict):
            out.append(item)
    return out


def _from_json_ld(soup: Any, people: _People) -> None:
    from scrapers.extract.structured import has_type, json_ld

    objects = json_ld(soup)
    graph = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        if not any(has_type(obj, t) for t in _POST_TYPES):
            continue
        for author in _authors(obj.get("author"), graph):
            name = author.get("name")
            if not isinstance(name, str) or has_type(author, "Organization"):
                continue
            title = author.get("jobTitle") if isinstance(author.get("jobTitle"), str) else ""
            profile = author.get("url") if isinstance(author.get("url"), str) else None
            words = f"author of {short_path(people.url)}" + (f" ({title})" if title else "")
            people.add(name, title or "", words, "byline", profile)


def _from_meta(soup: Any, people: _People) -> None:
    for attrs in ({"name": "author"}, {"property": "article:author"}, {"name": "article:author"},
                  {"name": "twitter:data1"}):
        tag = soup.find("meta", attrs=attrs)
        value = (tag.get("content") or "").strip() if tag is not None else ""
        if value and not value.startswith(("http", "@", "/")):
            people.add(value, "", f"author of {short_path(people.url)}", "byline")


def _from_bylines(soup: Any, people: _People) -> None:
    for node in soup.find_all(["p", "span", "div", "address", "small", "li", "a", "em", "h4", "h5", "h6"]):
        text = _text(node)
        if not text or len(text) > 140 or len(node.find_all(["p", "div", "li"])) > 2:
            continue
        found = _BYLINE.match(text)
        if found:
            title = found.group("title") or ""
            people.add(found.group("name"), title, text, "byline")
            continue
        # Medium and Substack: "Jane Doe · Engineering Manager at Acme" under the headline
        if "·" in text and node.find_parent(class_=_AUTHOR_BOX) is not None:
            name, _, rest = text.partition("·")
            people.add(name, rest.split("·")[0], text, "byline")


def _from_author_boxes(soup: Any, people: _People) -> None:
    from scrapers.lexicon.titles import looks_like_title

    for box in soup.find_all(class_=_AUTHOR_BOX):
        # <body class="blog-item-show-author-profile"> is a page that shows one, not one itself
        if box.name in ("html", "body", "main", "article") or box.find_parent(class_=_AUTHOR_BOX) is not None \
                or len(_text(box)) > 600:
            continue
        name = ""
        for tag in box.find_all(["a", "h2", "h3", "h4", "h5", "strong", "b", "span", "p", "div"]):
            candidate = _text(tag)
            if candidate and len(candidate) <= 60 and person_ok(candidate, people.company):
                name = candidate
                break
            bare = re.sub(r"^(?:written by|by|about|posted by)\s+", "", candidate, flags=re.I)
            if bare != candidate and len(bare) <= 60 and person_ok(bare, people.company):
                name = bare
                break
        if not name:
            continue
        title = ""
        for tag in box.find_all(class_=_ROLE_CLASS):
            candidate = _text(tag)
            if candidate and candidate != name and looks_like_title(candidate.split("·")[0]):
                title = candidate.split("·")[0]
                break
        if not title:
            bio = _BIO.search(_text(box))
            if bio and _same(bio.group("name"), name):
                title = bio.group("title") + (f" at {bio.group('org')}" if bio.group("org") else "")
        if not title:  # a bio that starts with the job: "Engineering Manager, Platform at Tidewell. Queues ..."
            title = _title_in_bio(box, name, people.company)
        people.add(name, title, f"author box on {short_path(people.url)}: {name}" + (f", {title}" if title else ""),
                   "byline")


def _title_in_bio(box: Any, name: str, company: str | None) -> str:
    """The job a short bio states, each text piece on its own: "... at <the company>" first (or at
    another company: the caller then treats the author as a guest), then a bare title of two words or more."""
    from scrapers.lexicon.titles import looks_like_title

    chunks = []
    first = re.escape(name.split()[0])
    # "Nora is VP of Sales at Quotient": the bio's subject and verb go, the job stays
    lead = re.compile(rf"^(?:{re.escape(name)}|{first}|she|he|they)\s+(?:is|serves as|works as|joined as)\s+"
                      r"(?:(?:a|an|the|our)\s+)?", re.I)
    for piece in box.stripped_strings:
        for chunk in re.split(r"\.\s|\s[·|•]\s|·|;", piece):
            chunk = lead.sub("", chunk.strip(" .,"))
            if 3 <= len(chunk) <= 90 and name not in chunk:
                chunks.append(chunk)
    for chunk in chunks[:8]:
        at = TITLE_AT.match(chunk)
        if at and looks_like_title(at.group("title")):
            return chunk
    for chunk in chunks[:8]:
        if len(chunk.split()) >= 2 and looks_like_title(chunk) and not re.search(r"\b(?:for|at|of|by|with)$", chunk) \
                and own_title(chunk, company):
            return chunk
    return ""


def _same(a: str, b: str) -> bool:
    from scrapers.lexicon.names import name_key

    return name_key(a) == name_key(b) or name_key(b).endswith(name_key(a))


def _from_announcements(text: str, people: _People) -> None:
    for name, title, sentence, kind in announced(text, people.company):
        people.add(name, title, sentence, kind)


def _body(soup: Any) -> Any:
    for selector in ("article", "main", "[role=main]", ".post-content", ".entry-content", ".gh-content", "body"):
        node = soup.select_one(selector)
        if node is not None:
            return node
    return soup


def parse_post(html: str, url: str, company: str | None = None, *, headline: str = "",
               date: str | None = None) -> Listing:
    """The people one post or news page names, with its date (pure)."""
    from scrapers.extract.text import soup_of

    soup = soup_of(html)
    found_date = page_date(soup, url) or date
    people = _People(url, found_date, company)
    for chrome in soup.select("nav, footer, header nav, script:not([type*=ld]), style, noscript, "
                              "[class*=related], [class*=comment], [id*=comment], aside[class*=share]"):
        chrome.extract()
    _from_json_ld(soup, people)
    _from_author_boxes(soup, people)
    _from_bylines(soup, people)
    _from_meta(soup, people)
    heading = soup.find("h1")
    _from_announcements(" ".join(x for x in (headline, _text(heading)) if x) + ".", people)
    body = _body(soup)
    for block in body.find_all(["p", "li", "blockquote", "h2"]):
        _from_announcements(_text(block), people)
    return Listing(people=people.people(), date=found_date)


def _card(anchor: Any) -> Any:
    """The element around a post link that holds its date and byline (an <article>, a list item, a card)."""
    holder = anchor.find_parent(["article", "li"])
    if holder is not None and holder.find_parent(["article", "li"]) is None and len(
            {a["href"] for a in holder.find_all("a", href=True) if a.find(["h1", "h2", "h3", "h4"]) or len(_text(a)) > 25}) <= 1:
        return holder
    node = anchor
    for _ in range(5):
        parent = node.parent
        if parent is None or parent.name in ("body", "main", "html"):
            break
        links = {a.get("href") for a in parent.find_all("a", href=True)
                 if not _AUTHOR_BOX.search(" ".join(a.get("class") or [])) and a.get("rel") != ["author"]}
        if len(links) > 3:
            break
        node = parent
        if node.name in ("article", "li"):
            break
    return node


def parse_index(html: str, url: str, site: str | None = None, *, company: str | None = None) -> Listing:
    """A blog or newsroom index: the posts it lists (headline, date, whether a byline gives a title) and the
    people its cards and headlines name (pure)."""
    from scrapers.extract.text import soup_of
    from scrapers.team.discover import normalize_url, same_site

    soup = soup_of(html)
    for chrome in soup.select("nav, script:not([type*=ld]), style, noscript"):
        chrome.extract()
    for banner in soup.find_all(["header", "footer"]):  # the site's own, never a post card's header or footer
        if banner.find_parent(["article", "main", "li", "section"]) is None:
            banner.extract()
    index_path = urlsplit(url).path.rstrip("/")
    posts: dict[str, PostLink] = {}
    people = _People(url, None, company)
    for anchor in soup.find_all("a", href=True):
        target = normalize_url(urljoin(url, anchor["href"].strip()))
        path = urlsplit(target).path.rstrip("/")
        if not same_site(target, site or url) or target == normalize_url(url):
            continue
        deeper = (index_path and path.startswith(index_path + "/")) or bool(URL_DATE.search(path + "/")) or (
            not index_path and path and anchor.find_parent(["article"]) is not None)  # a blog at the site's root
        if not deeper or re.search(r"/(?:tag|tags|category|categories|author|authors|page|topics?)/", path + "/"):
            continue
        heading = anchor.find(["h1", "h2", "h3", "h4"])
        headline = _text(heading) if heading is not None else _text(anchor)
        if len(headline) < 12:
            continue
        card = _card(anchor)
        date = None
        time = card.find("time")
        if time is not None:
            date = _iso(time.get("datetime") or "") or loose_date(_text(time))
        for node in ([] if date else card.find_all(class_=re.compile(r"date|published", re.I), limit=2)):
            date = date or _iso(_text(node)) or loose_date(_text(node))
        if date is None and (in_url := URL_DATE.search(path + "/")):
            date = f"{in_url.group(1)}-{in_url.group(2)}-{in_url.group(3) or '01'}"
        card_people = _People(url, date, company)
        _from_bylines(card, card_people)
        _from_announcements(headline + ". " + _text(card.find("p")), card_people)
        for person in card_people.people():
            people.add(person.name, person.title, person.evidence[0].words, person.evidence[0].kind, date=date,
                       url=target)
        has_title = any(p.title for p in card_people.people())
        old = posts.get(target)
        if old is None or len(headline) > len(old.headline):
            posts[target] = PostLink(target, headline, date, has_title)
    return Listing(posts=list(posts.values()), people=people.people())

"""The `github` source: public members of the company's GitHub organisation and their public profiles.

The organisation comes only from links on the company's own pages (a "GitHub" link in the footer,
a repository link in the docs), never from a guess at the company's name. Members come from GitHub's
REST API, `GET /orgs/{org}/public_members` (paged by the Link header), and each member's profile from
`GET /users/{username}`: the profile's `name` is the person; its `bio` or `company` line gives a title
only when it states one ("Engineering Manager at Acme"). `GITHUB_TOKEN` is optional: without it GitHub
allows 60 calls an hour, so the source reads as many profiles as the rate-limit headers and the
lookup's API budget allow, and says how many that was.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from scrapers.errors import NotFoundError
from scrapers.sources.api import ApiStopped, next_link
from scrapers.sources.base import API, Evidence, Found, PeopleSource, SourceContext, SourcePerson
from scrapers.sources.registry import register

_RESERVED = frozenset("""about apps collections contact customer-stories enterprise events explore features git-guides
home issues join login logout marketplace new notifications orgs organizations pricing pulls readme search security
settings signup site sponsors team teams topics trending users
""".split())
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_GITHUB = re.compile(r"^(?:www\.)?github\.com$", re.I)
_TITLE_IN_BIO = re.compile(r"^(?P<title>[^@|•·;]{2,70}?)\s+(?:at\s+|@\s*)(?P<org>@?[\w.& -]{2,40})", re.I)
PER_PAGE = 100
MAX_MEMBER_PAGES = 3  # a big organisation's later pages cost calls better spent on profiles


@register
class GitHubSource(PeopleSource):
    """Public members of the GitHub organisation the company's own site links to, with their profiles."""

    NAME = "github"
    KIND = API
    DESCRIPTION = ("public members of the GitHub organisation the company's site links to, and their public "
                   "profiles (name; a title only when the bio or company line states one)")
    TITLE_RANK = 4
    KEY_ENV = "GITHUB_TOKEN"
    KEY_REQUIRED = False
    API_ENV = "CRM_GITHUB_API"
    API_DEFAULT = "https://api.github.com"
    # Off unless chosen (--sources, config.toml): without a token GitHub allows 60 calls an hour per IP.
    ON_BY_DEFAULT = False

    @classmethod
    def hint(cls, texts: list[tuple[str, str]]) -> str | None:
        """Off, on a site that links its organisation: say how to read it."""
        orgs = org_links(texts)
        if not orgs:
            return None
        return (f"the site links the GitHub organisation {orgs[0]}: add github to --sources (or to [lookup] "
                "sources in config.toml) to read its public members")

    def find(self, ctx: SourceContext) -> Found:
        found = Found()
        orgs = org_links(ctx.texts)
        if not orgs:
            found.notes.append("github: the company's pages read link no GitHub organisation")
            return found
        if ctx.api is None:
            return found
        org = orgs[0]
        base, token = self.api_base(ctx.env), self.key(ctx.env)
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if token:
            headers["Authorization"] = f"Bearer {token}"

        def call(url: str, params: dict[str, Any] | None = None) -> tuple[Any, dict[str, str]]:
            return ctx.api.get_json(url, headers=headers, params=params, key_env="GITHUB_TOKEN", service="GitHub",
                                    secrets=(token,) if token else ())

        logins: list[str] = []
        url: str | None = f"{base}/orgs/{quote(org)}/public_members"
        params: dict[str, Any] | None = {"per_page": PER_PAGE}
        pages = 0
        try:
            while url and pages < MAX_MEMBER_PAGES:
                data, response_headers = call(url, params)
                params = None  # the Link header's URL carries them
                pages += 1
                if not isinstance(data, list):
                    found.notes.append(f"github: unexpected answer for {org}'s members (not a list)")
                    return found
                logins += [m["login"] for m in data if isinstance(m, dict) and isinstance(m.get("login"), str)]
                url = next_link(response_headers)
        except NotFoundError:
            found.notes.append(f"github: no GitHub organisation {org!r} (HTTP 404)")
            return found
        except ApiStopped as e:
            found.notes.append(f"github: {e}")
            return found
        logins = likely_first(list(dict.fromkeys(logins)), ctx.known)
        if not logins:
            found.notes.append(f"github: {org} shows no public members")
            return found
        more = " (more not listed)" if url else ""
        read = 0
        stopped = ""
        for login in logins:
            try:
                profile, _ = call(f"{base}/users/{quote(login)}")
            except NotFoundError:
                continue
            except ApiStopped as e:
                stopped = str(e)
                break
            read += 1
            person = from_profile(profile, org, ctx.posting.company)
            if person is not None:
                found.people.append(person)
        note = f"github: read {read} of {len(logins)} public member profiles of {org}{more}"
        found.notes.append(note + (f": {stopped}" if stopped else ""))
        return found


def likely_first(logins: list[str], names: tuple[str, ...]) -> list[str]:
    """The members whose login looks like a name other sources found ("meitanaka", "m-tanaka" for Mei
    Tanaka) first, so a small budget reads the profiles that can confirm them; the rest in GitHub's order."""
    from scrapers.lexicon.names import name_key

    keys = [name_key(n).split() for n in names]
    wanted = [(k[0], k[-1]) for k in keys if len(k) >= 2]

    def looks_known(login: str) -> bool:
        bare = re.sub(r"[^a-z]", "", login.lower())
        return any(last in bare and (first in bare or bare.startswith(first[0] + last) or bare == last)
                   for first, last in wanted if len(last) >= 3)

    return sorted(logins, key=lambda login: not looks_known(login))


def org_links(pages: list[tuple[str, str]]) -> list[str]:
    """GitHub organisations (or owners) the pages link to, most linked first (pure)."""
    from scrapers.extract.text import soup_of

    counts: dict[str, int] = {}
    for page_url, html in pages:
        for anchor in soup_of(html).find_all("a", href=True):
            url = urljoin(page_url, anchor["href"].strip())
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not _GITHUB.match(parts.netloc):
                continue
            owner = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
            if not owner or owner.lower() in _RESERVED or not _LOGIN.match(owner):
                continue
            # The site's own link sits in its footer or header and names the organisation itself; a post that
            # mentions someone else's repository is weaker evidence.
            chrome = anchor.find_parent(["footer", "header", "nav"]) is not None
            counts[owner] = counts.get(owner, 0) + (2 if parts.path.strip("/") == owner else 1) + (3 if chrome else 0)
    return sorted(counts, key=lambda o: -counts[o])


def title_from_profile(bio: str, company_line: str, company: str | None, org: str) -> str:
    """The title a profile states: "Engineering Manager at Acme" or "Staff Engineer @acme" (else "")."""
    from scrapers.lexicon.titles import looks_like_title
    from scrapers.sources.wording import own_title

    for text in (bio or "", company_line or ""):
        for line in re.split(r"[\n|•·;]+|\.\s", text):
            line = line.strip()
            found = _TITLE_IN_BIO.match(line)
            if not found:
                continue
            org_words = found.group("org").lstrip("@").strip()
            if not _same_org(org_words, company, org):
                continue
            title = own_title(found.group("title"), None)
            if title and looks_like_title(title):
                return title
    return ""


def _same_org(text: str, company: str | None, org: str) -> bool:
    from scrapers.lexicon.names import name_key

    words = set(name_key(text).split())
    wanted = set(name_key(company or "").split()) | {org.lower()} | set(name_key(org.replace("-", " ")).split())
    wanted -= {"inc", "hq", "labs", "the", "co"}
    return bool(words & wanted) or name_key(text).replace(" ", "") == org.lower().replace("-", "")


def from_profile(profile: Any, org: str, company: str | None) -> SourcePerson | None:
    """A person from a GitHub user profile (the REST API's documented shape), or None without a real name."""
    from scrapers.lexicon.names import is_person_name

    if not isinstance(profile, dict) or profile.get("type", "User") != "User":
        return None
    name = profile.get("name") if isinstance(profile.get("name"), str) else ""
    name = " ".join(name.split())
    if not name or not is_person_name(name, company=company):
        return None
    login = profile.get("login") or ""
    url = profile.get("html_url") if isinstance(profile.get("html_url"), str) else f"https://github.com/{login}"
    bio = profile.get("bio") if isinstance(profile.get("bio"), str) else ""
    line = profile.get("company") if isinstance(profile.get("company"), str) else ""
    title = title_from_profile(bio, line, company, org)
    member = Evidence("github", url, f"member of the company's GitHub organisation ({org})", kind="member")
    evidence = (member,)
    if title:
        said = next((t for t in (bio, line) if title in (t or "")), bio or line)
        evidence += (Evidence("github", url, f"GitHub profile: \u201c{' '.join(said.split())[:120]}\u201d",
                              title=title, kind="profile", self_written=True),)
    email = profile.get("email") if isinstance(profile.get("email"), str) else None
    return SourcePerson(name, title, evidence, profile_url=url, email=email)

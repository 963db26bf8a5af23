"""The `hunter` source: Hunter's Domain Search with the user's own key (`HUNTER_API_KEY`; off without one).

`GET {CRM_HUNTER_API or https://api.hunter.io}/v2/domain-search?domain=acme.com&type=personal` with
the key in the `X-API-KEY` header (never in a URL, never printed). The documented answer is the
contract: `data.emails[]` with `value`, `first_name`, `last_name`, `position`, `department`,
`seniority`, `confidence` and `verification.status`; `meta.results` counts them all and `offset`
pages on. Every person is marked as coming from Hunter; an address Hunter verified is kept as a
published (not guessed) one. 401 (a bad key) stops the lookup with one line; 403 and 429 (Hunter's
rate and usage limits) end the source with a note.
"""

from __future__ import annotations

from typing import Any

from scrapers.errors import NotFoundError
from scrapers.extract.paths import get_path
from scrapers.sources.api import ApiStopped
from scrapers.sources.base import API, Evidence, Found, PeopleSource, SourceContext, SourcePerson
from scrapers.sources.registry import register
from scrapers.urls import host_of

PAGE = 10  # Hunter's default page (the most a free plan returns per call)
MAX_CALLS = 3  # pages of one domain per lookup


@register
class HunterSource(PeopleSource):
    """People at the company's domain from Hunter's Domain Search (position, department, seniority)."""

    NAME = "hunter"
    KIND = API
    DESCRIPTION = ("Hunter's Domain Search with your key: people at the company's domain with position, "
                   "department, seniority, and the addresses Hunter verified")
    TITLE_RANK = 3
    KEY_ENV = "HUNTER_API_KEY"
    KEY_REQUIRED = True
    API_ENV = "CRM_HUNTER_API"
    API_DEFAULT = "https://api.hunter.io"

    def find(self, ctx: SourceContext) -> Found:
        found = Found()
        key = self.key(ctx.env)
        domain = company_domain(ctx.site)
        if domain is None and ctx.site:  # a site served from an address: the domain its pages publish mail on
            from scrapers.team.lookup import mail_domain

            domain = mail_domain(ctx.site, ctx.texts)
        if ctx.api is None or key is None:
            return found
        if domain is None:
            found.notes.append(f"hunter: no domain name to search for {ctx.site}")
            return found
        url = f"{self.api_base(ctx.env)}/v2/domain-search"
        offset, total = 0, None
        try:
            for _ in range(MAX_CALLS):
                data, _headers = ctx.api.get_json(url, params={"domain": domain, "type": "personal", "limit": PAGE,
                                                                "offset": offset},
                                                  headers={"X-API-KEY": key}, key_env="HUNTER_API_KEY",
                                                  service="Hunter", secrets=(key,))
                people, total = parse_domain_search(data, url=f"{url}?domain={domain}")
                found.people += people
                offset += PAGE
                if not people or total is None or offset >= total:
                    break
        except NotFoundError:
            found.notes.append(f"hunter: Hunter has no domain search at {url} (HTTP 404)")
        except ApiStopped as e:
            found.notes.append(f"hunter: {e}")
        if total is not None and len(found.people) < total:
            found.notes.append(f"hunter: read {len(found.people)} of {total} people Hunter lists for {domain}")
        return found


def company_domain(site: str | None) -> str | None:
    """The domain Hunter searches: the site's host without "www." (None for an IP address or localhost)."""
    import ipaddress

    host = host_of(site) if site else ""
    host = host[4:] if host.startswith("www.") else host
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host if "." in host else None


def parse_domain_search(data: Any, *, url: str = "") -> tuple[list[SourcePerson], int | None]:
    """People from a Domain Search answer and the total Hunter has (`meta.results`); pure."""
    from scrapers.errors import ParseError

    if not isinstance(data, dict) or not isinstance(get_path(data, "data"), dict):
        raise ParseError(f"Hunter answered without a data object at {url}", url=url)
    total = get_path(data, "meta", "results")
    out = []
    for item in get_path(data, "data", "emails", default=[]) or []:
        if not isinstance(item, dict):
            continue
        first, last = item.get("first_name"), item.get("last_name")
        if not (isinstance(first, str) and isinstance(last, str) and first.strip() and last.strip()):
            continue
        name = f"{first.strip()} {last.strip()}"
        position = item.get("position") if isinstance(item.get("position"), str) else ""
        department = item.get("department") if isinstance(item.get("department"), str) else ""
        seniority = item.get("seniority") if isinstance(item.get("seniority"), str) else ""
        status = get_path(item, "verification", "status")
        address = item.get("value") if isinstance(item.get("value"), str) else None
        verified = status == "valid"
        facts = ", ".join(x for x in (position, department and f"{department} department",
                                      seniority and f"{seniority} seniority") if x)
        words = "in Hunter's directory" + (f" as {facts}" if facts else "")
        if address:
            words += f"; address {address} " + ("verified by Hunter" if verified else
                                                 "found invalid by Hunter" if status == "invalid" else "not verified")
        evidence = Evidence("hunter", url, words, get_path(item, "verification", "date"), position, "directory")
        # Only an address Hunter verified is given as the person's own; others are left to the pattern guess.
        out.append(SourcePerson(name, position, (evidence,), profile_url=item.get("linkedin") or None,
                                email=address if verified else None, email_verified=verified, section=department))
    return out, total if isinstance(total, int) else None

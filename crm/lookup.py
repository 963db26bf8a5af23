"""A lookup as crm runs it: a polite client on a request budget, the JSON it prints, who you know there.

The finding itself is `scrapers.team.lookup`'s; the shapes the user sees (JSON, stored columns) are
crm's, so they live here and in `crm.store.lookups`, never in the scrapers.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from scrapers.http import HttpSettings
    from scrapers.team.emails import EmailGuess
    from scrapers.team.lookup import LookupResult

DEFAULT_MAX_PAGES = 8
DEFAULT_SAVE_TOP = 25  # `--save` keeps this many people, best ranked first: a page may list thousands


def cache_folder() -> str | None:
    """Where the shared HTTP cache lives: `CRM_HTTP_CACHE_DIR`, else `cache/` in the data directory;
    None when `CRM_HTTP_CACHE` is off."""
    import os

    from crm.home import data_dir

    if os.environ.get("CRM_HTTP_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    return os.environ.get("CRM_HTTP_CACHE_DIR") or str(data_dir() / "cache")


def http_settings(*, max_pages: int, delay: float | None = None, ignore_robots: bool = False,
                  deadline: float | None = None, refresh: bool = False) -> HttpSettings:
    """The settings of one lookup's client: the environment's, the budget, and the cache."""
    from scrapers.http import HttpSettings
    from scrapers.team.lookup import posting_robots

    settings = HttpSettings.from_env(delay=delay, ignore_robots=True if ignore_robots else None, deadline=deadline)
    return dataclasses.replace(settings, max_requests=max_pages + posting_robots(settings.ignore_robots),
                               cache_dir=cache_folder(), refresh=refresh)


def run_lookup(url: str, *, company_url: str | None = None, max_pages: int = DEFAULT_MAX_PAGES,
               delay: float | None = None, ignore_robots: bool = False, deadline: float | None = None,
               sleep: Callable[[float], None] | None = None,
               notify: Callable[[str], None] | None = None, progress: Callable[[str], None] | None = None,
               refresh: bool = False,
               sources: dict[str, Any] | None = None) -> LookupResult:
    """Run one lookup with a polite client bounded to `max_pages` requests (plus the posting site's
    robots.txt) and to `deadline` seconds; `notify` hears what a long wait is for, `progress` each step."""
    from scrapers.http import HttpClient
    from scrapers.team.lookup import lookup

    # The client's own limit is only a backstop: the lookup keeps to its budget itself. Pages come
    # through the shared cache in the data directory (cache_folder); `refresh` revalidates them.
    settings = http_settings(max_pages=max_pages, delay=delay, ignore_robots=ignore_robots, deadline=deadline,
                             refresh=refresh)
    with HttpClient(settings, sleep=sleep or time.sleep, notify=notify, progress=progress) as client:
        return lookup(url, client, company_url=company_url, max_pages=max_pages, **(sources or {}))


def email_json(guess: EmailGuess | None) -> dict[str, Any] | None:
    """The JSON shape of a likely address: always says whether it is guessed."""
    if guess is None:
        return None
    return {"address": guess.address, "guessed": guess.guessed, "confidence": guess.confidence,
            "pattern": guess.pattern, "evidence": guess.evidence, "sources": list(guess.sources)}


def lookup_json(result: LookupResult, top: int | None = None) -> dict[str, Any]:
    """What `crm lookup --json` prints: the posting, candidates best first (`top` of them), pages, link."""
    p = result.posting
    posting = {"url": p.url, "title": p.title, "company": p.company, "company_url": result.company_url or p.company_url,
               "department": p.department, "location": p.location, "team": p.team, "source": p.source,
               "reports_to": p.reports_to.title or p.reports_to.name if p.reports_to else None}
    chosen = result.candidates[:top] if top is not None else result.candidates
    candidates = [{"name": c.name, "title": c.title, "score": c.score, "reasons": list(c.reasons),
                   "profile_url": c.profile_url, "source_url": c.source_url,
                   "email": email_json(result.email_for(c.name)),
                   "evidence": evidence_json(result.evidence.get(c.name, ()))} for c in chosen]
    return {"posting": posting, "candidates": candidates, "pages": list(result.pages), "not_found": list(result.missed),
            "linkedin_search": result.linkedin_search, "sources": sources_json(result), "api_calls": result.api_calls}


def connections_for(result: LookupResult) -> list[dict[str, Any]]:
    """Your LinkedIn connections at the posting's company (matched by name, then domain; nothing created).

    Call with the store open.
    """
    from crm import store

    company = store.find_company(result.posting.company, result.company_url or result.posting.company_url)
    return [] if company is None else store.connections_at(company)


# -- people sources (scrapers.sources): which run, and what they found -------------------------------


def lookup_sources(chosen: str | None, max_api_calls: int | None, today: Any = None) -> dict[str, Any]:
    """The people-source arguments of a lookup: --sources (else config.toml's [lookup] sources, else the
    defaults), --max-api-calls, and the day evidence is dated against. Unknown names are one Error line."""
    from scrapers.sources.registry import parse_names

    names = parse_names(chosen) if chosen is not None else configured_sources()
    return {"sources": names if names is not None else default_sources(), "max_api_calls": max_api_calls,
            "today": today}


def default_sources() -> tuple[str, ...]:
    """The sources a lookup runs when neither --sources nor config.toml names any."""
    from scrapers.sources.registry import default_names

    return default_names()


def configured_sources() -> tuple[str, ...] | None:
    """`[lookup] sources` from config.toml ("team,posting,blog" or a list), or None when it says nothing."""
    import sys

    from crm.errors import InvalidValue
    from crm.followup.settings import config_path
    from scrapers.errors import ScraperError
    from scrapers.sources.registry import parse_names

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    path = config_path()
    if not path.is_file():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("lookup", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidValue(f"cannot read {path}: {e}") from e
    if not isinstance(table, dict) or "sources" not in table:
        return None
    value = table["sources"]
    if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
        raise InvalidValue(f"{path}: [lookup] sources must be a string like \"team,posting,blog\" or a list of names")
    try:
        return parse_names(value, what=f"{path}: [lookup] sources")
    except ScraperError as e:
        raise InvalidValue(str(e)) from None


def evidence_json(evidence: Any) -> list[dict[str, Any]]:
    """A person's evidence as JSON: source, URL, the words, date, title, kind."""
    return [{"source": e.source, "url": e.url, "words": e.words, "date": e.date, "title": e.title, "kind": e.kind,
             "self_written": e.self_written} for e in evidence]


def sources_json(result: LookupResult) -> list[dict[str, Any]]:
    """What each people source did: people found, requests, API calls, why it read nothing."""
    return [{"name": r.name, "kind": r.kind, "people": r.people, "requests": r.requests, "api_calls": r.api_calls,
             "skipped": r.skipped or None} for r in result.sources]

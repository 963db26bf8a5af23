"""Running the chosen people sources for one lookup, in order, within the site and API budgets.

Site sources share the lookup's request budget in registration order: the team pages first (kept a
few requests short of the budget while a later site source is on, so a company with no team page
still has its blog read), then the blog, whose links come free from the pages the team finder read.
Once the people read list the role's likely manager, later sources read nothing: their evidence would
cost requests or API calls and rarely change the answer. API sources spend their own call budget.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from scrapers.errors import ParseError, ScraperError
from scrapers.sources.api import KeyRejected, open_api
from scrapers.sources.base import API, SITE, Evidence, Found, PeopleSource, SourceContext
from scrapers.sources.merge import Merged, evidence_for, merge, to_people
from scrapers.types import PersonOnPage, Posting

if TYPE_CHECKING:
    from scrapers.http import HttpClient
    from scrapers.team.crawl import Wanted

RESERVE = 2  # requests the team finder leaves for a later site source (blog: its two guessed paths)


@dataclass(frozen=True)
class SourceReport:
    """What one source did in a lookup: people found, requests and API calls spent, why it was skipped."""

    name: str
    kind: str
    people: int = 0
    requests: int = 0
    api_calls: int = 0
    skipped: str = ""  # why it read nothing ("the team pages list the role's likely manager")
    notes: tuple[str, ...] = ()


@dataclass
class Gathered:
    """Everything the sources found, merged per person, with what they read."""

    people: list[PersonOnPage] = field(default_factory=list)  # what ranking reads
    merged: list[Merged] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    api_calls: int = 0
    reports: list[SourceReport] = field(default_factory=list)

    def evidence(self) -> dict[str, tuple[Evidence, ...]]:
        """Each person's evidence by name."""
        return evidence_for(self.merged)


def gather(posting: Posting, site: str | None, client: HttpClient, sources: Sequence[type[PeopleSource]], *,
           budget: int, today: dt.date | None, wanted: Wanted, limit: str = "", known_origins: tuple[str, ...] = (),
           max_api_calls: int = 0, env: Mapping[str, str] | None = None,
           idle: Sequence[type[PeopleSource]] = ()) -> Gathered:
    """Run `sources` in order for the posting's company; each one's people, pages and notes, merged.
    `idle` are the sources left off: when nobody found covers the role, each may say what it could read."""
    import os

    from scrapers.team.crawl import covers

    ctx = SourceContext(posting, site, client, budget, today, wanted, limit, known_origins,
                        env=dict(os.environ) if env is None else dict(env), running=tuple(s.NAME for s in sources))
    out = Gathered()
    found_by: list[tuple[str, int, list]] = []
    site_names = [s.NAME for s in sources if s.KIND == SITE and s.NAME not in ("team", "posting")]
    api = None
    try:
        for cls in sources:
            source = cls()
            before, calls_before = client.requests_made, (api.calls if api else 0)
            skipped = ""
            if cls.KIND == SITE and cls.NAME != "posting" and site is None:
                skipped = "no company website known"
                found = Found()
            elif cls.NAME not in ("team", "posting") and out.people and covers(_current(out.merged, today), wanted):
                # Evidence from more places would cost requests (or API calls) and rarely change the answer.
                skipped = "the pages read already list the role's likely manager"
                found = Found()
            else:
                if cls.KIND == API and api is None:
                    api = open_api(client, max_api_calls)
                run_ctx = dataclasses.replace(ctx, texts=list(out.texts), api=api if cls.KIND == API else None,
                                              known_origins=tuple(known_origins) + tuple(out.pages),
                                              known=tuple(m.name for m in out.merged))
                if cls.NAME == "team" and site_names:
                    run_ctx.budget = max(client.requests_made + 1, budget - RESERVE)
                found = _run(source, run_ctx)
            found_by.append((cls.NAME, cls.TITLE_RANK, found.people))
            out.pages += [p for p in found.pages if p not in out.pages]
            out.missed += [u for u in found.missed if u not in out.missed and u not in out.pages]
            out.notes += found.notes
            out.texts += found.texts
            out.merged = merge(found_by)
            out.people = to_people(out.merged)
            client.progress(f"{len(out.people)} {'person' if len(out.people) == 1 else 'people'} so far")
            calls = (api.calls if api else 0) - calls_before
            out.reports.append(SourceReport(cls.NAME, cls.KIND, len(found.people), client.requests_made - before,
                                            calls, skipped, tuple(found.notes)))
    finally:
        if api is not None:
            out.api_calls = api.calls
            api.http.close()
    if not covers(_current(out.merged, today), wanted):
        out.notes += [h for cls in idle if (h := cls.hint(out.texts))]
    return out


def _current(merged: list[Merged], today: dt.date | None) -> list[PersonOnPage]:
    """The people whose evidence is not all years old: someone who wrote as a manager in 2021 may have
    left, so they do not stop the search for who holds the job now."""
    from scrapers.sources.wording import is_stale

    def stale(entry: Merged) -> bool:
        dates = [e.date for e in entry.evidence]
        return bool(dates) and all(dates) and all(is_stale(d, today) for d in dates)

    return to_people([m for m in merged if not stale(m)])


def _run(source: PeopleSource, ctx: SourceContext) -> Found:
    """One source's findings; its ordinary failures become a note, a rejected key stops the lookup."""
    try:
        return source.find(ctx)
    except KeyRejected:
        raise
    except ParseError as e:
        return Found(notes=[f"{source.NAME}: {e}"])
    except ScraperError as e:
        return Found(notes=[f"{source.NAME}: {e}"])

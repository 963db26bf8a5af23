"""Postings many at a time: which are saved already, a board's openings saved as applications, and
what the store knows of a posting's past (the same title at the same company under another URL).

A posting up long or posted again under a new id is tagged when saved ("stale", "relisted"), so
`crm app list --tag stale` finds them; the tags are only ever added, never taken from the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from crm import clock
from crm.store.keys import company_key, normalize_posting_url
from crm.store.lookups import _company
from crm.store.models import Application, Company, StatusChange, database
from crm.text import clean

if TYPE_CHECKING:
    from scrapers.boards import Opening


@dataclass(frozen=True)
class OpeningsSaved:
    """What `crm openings --save` wrote."""

    created: int
    existing: int
    application_ids: tuple[int, ...]


def saved_posting_urls(urls: Iterable[str]) -> set[str]:
    """The given URLs that are saved as applications already (compared in their normalized spelling)."""
    wanted = {normalize_posting_url(u): u for u in urls}
    found: set[str] = set()
    keys = list(wanted)
    for start in range(0, len(keys), 500):  # a bounded IN list per query
        chunk = keys[start:start + 500]
        for row in Application.select(Application.url).where(Application.url.in_(chunk)).tuples():
            found.add(wanted[row[0]])
    return found


STALE_TAG, RELISTED_TAG = "stale", "relisted"


def save_openings(openings: Iterable[Opening], today: dt.date | None = None,
                  flags: dict[str, tuple[str, ...]] | None = None) -> OpeningsSaved:
    """Each opening as a saved application (its company created when new), in one transaction;
    an opening saved before is left as it is (bar its `flags` tags: url -> ("stale", ...)), so
    saving a board twice adds nothing."""
    created = existing = 0
    ids: list[int] = []
    flags = flags or {}
    with database.atomic():
        for item in openings:
            url = normalize_posting_url(clean(item.url))
            application = Application.get_or_none(Application.url == url)
            if application is not None:
                existing += 1
                ids.append(application.id)
                _add_tags(application, flags.get(item.url, ()))
                continue
            company, _ = _company(clean(item.company), None)
            application = Application.create(url=url, title=clean(item.title), company=company,
                                             department=clean(item.department or ""),
                                             location=clean(item.location or ""), status="saved",
                                             remote=_remote(item.remote))
            StatusChange.create(application=application, from_status=None, to_status="saved",
                                changed_on=today or clock.today())
            _add_tags(application, flags.get(item.url, ()))
            created += 1
            ids.append(application.id)
    return OpeningsSaved(created, existing, tuple(ids))


def tag_application(application_id: int, tags: Iterable[str]) -> None:
    """Add tags ("stale", "relisted") to a saved application; those it has are kept."""
    application = Application.get_or_none(Application.id == application_id)
    if application is not None:
        with database.atomic():
            _add_tags(application, tuple(tags))


def _add_tags(application: Application, tags: Iterable[str]) -> None:
    have = [t for t in (application.tags or "").split(",") if t]
    merged = sorted(set(have) | set(tags))
    if merged != sorted(have):
        application.tags = ",".join(merged)
        application.save()


def _remote(value: bool | None) -> str:
    """The application's remote column (one of REMOTE) from a board's flag; "" when the board does not say."""
    return "" if value is None else ("yes" if value else "no")


def titles_at(company: str) -> dict[str, list[str]]:
    """The posting URLs stored per normalized title at a company (for re-listings): title key -> URLs."""
    key = company_key(company)
    found: dict[str, list[str]] = {}
    if not key:
        return found
    query = (Application.select(Application.title, Application.url).join(Company)
             .where((Company.name_key == key) & Application.url.is_null(False)).tuples())
    for title, url in query:
        found.setdefault(title_key(title), []).append(url)
    return found


def title_key(title: str) -> str:
    """A title as compared for re-listings: lower case, words only."""
    return " ".join("".join(c if c.isalnum() else " " for c in (title or "").lower()).split())

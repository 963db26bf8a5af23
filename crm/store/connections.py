"""LinkedIn connections into the store: companies matched by key, people by profile URL, else by name.

Reading Connections.csv is `crm.data.linkedin`'s (pure); here its rows are merged in one
transaction, so a later export updates instead of duplicating.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from crm.data.linkedin import NO_EMPLOYER, Connection, ImportSummary, Kept, Merged, Skipped, normalize_profile_url
from crm.store.keys import company_key
from crm.store.models import Company, Person, database, derived, now
from crm.store.rows import bulk_insert


class _Companies:
    """Company ids by key; the companies a file names that the store lacks are added in bulk."""

    def __init__(self, names: Sequence[str]) -> None:
        self.key = functools.lru_cache(maxsize=None)(company_key)  # each name is keyed twice
        self.by_key = self._load()
        missing: dict[str, str] = {}
        for name in names:
            key = self.key(name)
            if key and key not in NO_EMPLOYER and key not in self.by_key:
                missing.setdefault(key, name)  # the first spelling in the file names the company
        stamp = now()
        bulk_insert(Company, [dict(name=name, name_key=key, notes="", created_at=stamp, updated_at=stamp)
                              for key, name in missing.items()])
        self.added = len(missing)
        if missing:
            self.by_key = self._load()

    @staticmethod
    def _load() -> dict[str, int]:
        return {key: cid for cid, key in Company.select(Company.id, Company.name_key).tuples()}

    def id_for(self, name: str) -> int | None:
        """The id of the company this name keys to; None for no employer."""
        key = self.key(name)
        return None if key in NO_EMPLOYER else self.by_key.get(key)


def _changes(person: dict, row: Connection, company_id: int | None) -> dict:
    """The columns this row would change on an existing person (empty when nothing is new)."""
    wanted: dict = {"is_connection": True}
    if row.connected_on:
        wanted["connected_on"] = row.connected_on
    if row.position:
        wanted["title"] = row.position
    if row.url and not person["linkedin_url"]:
        wanted["linkedin_url"] = row.url
    if company_id and row.url and person["profile"] == row.url:
        wanted["company"] = company_id  # matched by profile: the export names the current employer
    elif company_id and not person["company"]:
        wanted["company"] = company_id
    if row.email and not person["email"]:
        wanted.update(email=row.email, email_source="import")
    return {k: v for k, v in wanted.items() if person[k] != v}


def import_connections(rows: Sequence[Connection], skipped: Sequence[Skipped] = (),
                       kept: Sequence[Kept] = ()) -> ImportSummary:
    """Merge connections into the store in one transaction; a re-import updates, never duplicates."""
    fields = ("id", "name", "name_lower", "email_lower", "company", "linkedin_url", "email", "email_source", "title",
              "connected_on", "is_connection")
    columns = [getattr(Person, f) for f in fields]
    skipped = list(skipped)
    added = updated = unchanged = 0
    with database.atomic():
        companies = _Companies([row.company for row in rows])
        by_url: dict[str, dict] = {}
        by_email: dict[str, dict] = {}
        by_name: dict[tuple[str, int | None], dict] = {}
        merged: list[Merged] = []
        for values in Person.select(*columns).tuples():
            person = dict(zip(fields, values))
            person["profile"] = normalize_profile_url(person["linkedin_url"] or "")
            if person["profile"]:
                by_url.setdefault(person["profile"], person)
            by_name.setdefault((person["name_lower"], person["company"]), person)
            if person["email_lower"]:
                by_email.setdefault(person["email_lower"], person)
        new: list[dict] = []
        seen: set[object] = set()
        for row in rows:
            company_id = companies.id_for(row.company)
            identity = row.url or (row.name.lower(), company_id)
            if identity in seen:
                skipped.append(Skipped(row.line, "duplicate of an earlier row"))
                continue
            seen.add(identity)
            # Matched by profile, then by email (the folded column), then by name at the same company.
            person, how = (by_url.get(row.url), "same profile") if row.url else (None, "")
            if person is None and row.email:
                person, how = by_email.get(row.email.lower()), "same email"
            if person is None:
                person, how = by_name.get((row.name.lower(), company_id)), f"same name at {row.company}" if company_id else "same name, no company"
                # A namesake at the same company with another profile is someone else.
                if person and row.url and person["profile"] and person["profile"] != row.url:
                    person = None
            if person is None:
                stamp = now()
                new.append(dict(
                    name=row.name, title=row.position, company_id=company_id, email=row.email,
                    email_source="import" if row.email else None, linkedin_url=row.url, notes="",
                    do_not_contact=False, source="linkedin", is_connection=True, connected_on=row.connected_on,
                    created_at=stamp, updated_at=stamp,
                ))
                continue
            if not person["is_connection"]:  # a contact of yours, now also a connection (said once: it is one now)
                merged.append(Merged(row.line, person["id"], person["name"], how))
            changes = _changes(person, row, company_id)
            if not changes:
                unchanged += 1
                continue
            Person.update(**changes, **derived(Person, changes), updated_at=now()).where(
                Person.id == person["id"]).execute()
            person.update(changes)
            updated += 1
        bulk_insert(Person, new)
        added = len(new)
    skipped.sort(key=lambda s: s.line)
    return ImportSummary(added, updated, unchanged, tuple(skipped), companies.added, tuple(kept), tuple(merged))


def connections_at(company: Company | int) -> list[dict]:
    """The user's own LinkedIn connections at a company, by name ("you know 2 people at Acme"):
    each {"id", "name", "title", "linkedin_url"}."""
    company_id = company if isinstance(company, int) else company.id
    query = (Person.select(Person.id, Person.name, Person.title, Person.linkedin_url)
             .where((Person.company == company_id) & (Person.is_connection == True))  # noqa: E712
             .order_by(Person.name_lower, Person.id))
    return list(query.dicts())

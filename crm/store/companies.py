"""Companies: one per name key (Inc, GmbH ... ignored) and per domain."""

from __future__ import annotations

from typing import Any

import peewee as pw

from crm.errors import Duplicate, InvalidValue, NotFound
from crm.store.applications import applications_query
from crm.store.checks import check_url, unique
from crm.store.contacts import list_contacts
from crm.store.keys import company_key, domain_of
from crm.store.models import Application, Company, Person, database, now
from crm.store.records import application_record, company_record
from crm.store.refs import exact_company, is_id_ref, resolve_company


def _company_conflict(name_key: str, domain: str | None, exclude: int | None = None) -> Company | None:
    cond = Company.name_key == name_key
    if domain:
        cond |= Company.domain == domain
    query = Company.select().where(cond)
    if exclude is not None:
        query = query.where(Company.id != exclude)
    # The same name is the likelier mistake: name it first when both clash.
    return query.order_by((Company.name_key == name_key).desc(), Company.id).first()


def _company_clash(name: str, key: str, other: Company) -> str:
    """Which rule `other` breaks: its name key, or (when only that clashes) its domain."""
    if other.name_key != key and other.domain:
        return f"domain {other.domain} already belongs to #{other.id} {other.name}"
    where = f" ({other.domain})" if other.domain else ""
    return f"company {name!r} already exists as #{other.id} {other.name}{where}"


def _company_fields(name: str, domain: str | None, website: str | None) -> tuple[str, str | None, str | None]:
    key = company_key(name)
    if not key:
        raise InvalidValue(f"bad company name {name!r}: it needs a letter or digit")
    website = check_url(website, "website")
    dom = domain_of(domain or website or "") or None
    if dom and "." not in dom:
        raise InvalidValue(f"bad domain {domain!r}: expected something like example.com")
    return key, dom, website


def add_company(name: str, domain: str | None = None, website: str | None = None,
                careers_url: str | None = None, notes: str = "") -> Company:
    """Create a company; one per name key and per domain (the domain defaults to the website's)."""
    name = name.strip()
    key, dom, website = _company_fields(name, domain, website)
    careers_url = check_url(careers_url, "careers URL")
    other = _company_conflict(key, dom)
    if other is not None:
        raise Duplicate(_company_clash(name, key, other))
    with unique(f"company {name!r} already exists"), database.atomic():
        return Company.create(name=name, name_key=key, domain=dom, website=website,
                              careers_url=careers_url, notes=notes)


def company_for(ref: str, *, create: bool = False) -> tuple[Company, bool]:
    """The company `ref` names as any REF does (id, name with legal suffixes ignored, domain, a unique
    word or prefix), and False; a miss is `NotFound` with the closest names, so a typo never makes a
    company. With `create` (`--new-company`), a new company by that name (and True) unless one has
    exactly that name or domain."""
    if create:
        exact = exact_company(ref) if not is_id_ref(ref) else None
        return (exact, False) if exact is not None else (add_company(ref), True)
    try:
        return resolve_company(ref), False
    except NotFound as e:
        if is_id_ref(ref):
            raise
        raise NotFound(f"{e} (to create it, add --new-company)") from e


def list_companies() -> list[dict[str, Any]]:
    """Every company with its number of contacts and applications (three queries, not N+1)."""
    people = dict(Person.select(Person.company, pw.fn.COUNT(Person.id)).group_by(Person.company).tuples())
    apps = dict(Application.select(Application.company, pw.fn.COUNT(Application.id))
                .group_by(Application.company).tuples())
    return [{**company_record(c), "contacts": people.get(c.id, 0), "applications": apps.get(c.id, 0)}
            for c in Company.select().order_by(pw.fn.LOWER(Company.name), Company.id)]


def show_company(c: Company) -> dict[str, Any]:
    """A company with its contacts and applications."""
    return {**company_record(c), "contacts": list_contacts(c),
            "applications": [application_record(a) for a in applications_query().where(Application.company == c)]}


def edit_company(c: Company, *, name: str | None = None, domain: str | None = None,
                 website: str | None = None, careers_url: str | None = None,
                 notes: str | None = None) -> Company:
    """Change the given fields ("" clears an optional one), keeping names and domains unique."""
    new_name = c.name if name is None else name.strip()
    key, dom, site = _company_fields(new_name, c.domain if domain is None else domain,
                                     c.website if website is None else website)
    other = _company_conflict(key, dom, exclude=c.id)
    if other is not None:
        raise Duplicate(_company_clash(new_name, key, other))
    c.name, c.name_key, c.domain, c.website = new_name, key, dom, site
    if careers_url is not None:
        c.careers_url = check_url(careers_url, "careers URL")
    if notes is not None:
        c.notes = notes
    c.updated_at = now()
    with unique("another company already has that name or domain"), database.atomic():
        c.save()
    return c


def remove_company(c: Company) -> None:
    """Delete a company; its contacts and applications stay, without a company."""
    with database.atomic():
        Person.update(company=None).where(Person.company == c).execute()
        Application.update(company=None).where(Application.company == c).execute()
        c.delete_instance()

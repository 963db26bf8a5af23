"""Contacts: the people behind the postings, with "last contacted" derived from the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm.errors import Duplicate, InvalidValue
from crm.store.checks import check_email, check_url
from crm.store.models import (Application, ApplicationContact, Company, Interaction, InterviewParticipant, Person,
                              database, folded, now)
from crm.store.records import CONTACT_COLUMNS, contact_record, contact_row, last_touch
from crm.store.timeline import history


def _email_owner(email: str | None, exclude: int | None = None) -> None:
    """A `Duplicate` when another contact already has `email` (any case): one address, one person."""
    if not email:
        return
    query = Person.select().where(Person.email_lower == folded(email))
    if exclude is not None:
        query = query.where(Person.id != exclude)
    other = query.order_by(Person.id).first()
    if other is not None:
        raise Duplicate(f"{email} already belongs to #{other.id} {other.name}")


def _namesake(name: str, company: Company | None) -> None:
    """A `Duplicate` when a contact of that name (any case) already exists at the same company (or at none)."""
    query = Person.select().where(Person.name_lower == folded(name))
    query = query.where(Person.company == company if company is not None else Person.company.is_null())
    other = query.order_by(Person.id).first()
    if other is not None:
        where = f" at {company.name}" if company is not None else ""
        raise Duplicate(f"contact {name!r} already exists as #{other.id} {other.name}{where}; "
                        "use --allow-duplicate to add another")


def add_contact(name: str, company: Company | None = None, *, title: str = "", email: str | None = None,
                linkedin: str | None = None, phone: str | None = None, note: str = "",
                source: str = "manual", allow_duplicate: bool = False,
                keep_in_touch_days: int | None = None) -> Person:
    """Create a contact (emails and URLs checked lightly); a namesake at the same company needs `allow_duplicate`."""
    name = name.strip()
    if not name:
        raise InvalidValue("a contact needs a name")
    email = check_email(email)
    linkedin = check_url(linkedin, "LinkedIn URL")
    if not allow_duplicate:
        _namesake(name, company)
    _email_owner(email)
    with database.atomic():
        return Person.create(name=name, company=company, title=title or "", email=email,
                             email_source="user" if email else None,
                             linkedin_url=linkedin,
                             phone=(phone or "").strip() or None, notes=note or "", source=source,
                             keep_in_touch_days=keep_in_touch_days)


def list_contacts(company: Company | None = None) -> list[dict[str, Any]]:
    """Contacts (of one company, or all) with last contacted in/out, in one query, read as plain rows."""
    query = (Person.select(*CONTACT_COLUMNS, last_touch("out"), last_touch("in"))
             .join(Company, pw.JOIN.LEFT_OUTER).order_by(Person.name_lower, Person.id))
    if company is not None:
        query = query.where(Person.company == company)
    return [contact_row(row[:-2], *row[-2:]) for row in database.execute(query)]


def contact_roles(p: Person) -> list[dict[str, Any]]:
    """The applications a contact is linked to, with the role."""
    query = (ApplicationContact.select(ApplicationContact, Application, Company).join(Application)
             .join(Company, pw.JOIN.LEFT_OUTER).where(ApplicationContact.person == p)
             .order_by(ApplicationContact.id))
    return [{"application_id": r.application_id, "title": r.application.title,
             "company": r.application.company.name if r.application.company_id else None,
             "status": r.application.status, "role": r.role} for r in query]


def show_contact(p: Person) -> dict[str, Any]:
    """A contact with its roles, its history, and how sure a guessed address is."""
    row = Person.select(last_touch("out").alias("o"), last_touch("in").alias("i")).where(Person.id == p.id).tuples().get()
    return {**contact_record(p, *row), "roles": contact_roles(p),
            "history": [e.record() for e in history(person=p)], "email_confidence": p.email_confidence}


def contacts_for_cards(people: list[Person] | None = None) -> list[dict[str, Any]]:
    """Contacts as address-book cards need them (all when `people` is None), each once, by id."""
    if people is None:
        people = list(Person.select(Person, Company).join(Company, pw.JOIN.LEFT_OUTER).order_by(Person.id))
    unique = {p.id: p for p in people}.values()
    return [{**contact_record(p), "email_confidence": p.email_confidence} for p in unique]


_CONTACT_FIELDS = ("name", "title", "email", "linkedin_url", "phone", "notes", "do_not_contact")


def edit_contact(p: Person, *, company: Company | None | bool = False, keep_in_touch_days: int | None | bool = False,
                 **changes: Any) -> Person:
    """Change the given fields (None leaves one alone, "" clears it); `company=None` unlinks;
    `keep_in_touch_days` sets the rhythm (None ends it, False leaves it)."""
    unknown = set(changes) - set(_CONTACT_FIELDS)
    if unknown:
        raise InvalidValue(f"unknown contact field {sorted(unknown)[0]!r}")
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name" and not str(value).strip():
            raise InvalidValue("a contact needs a name")
        if key == "email":
            value = check_email(value)
            _email_owner(value, exclude=p.id)
            p.email_source = "user" if value else None
        elif key == "linkedin_url":
            value = check_url(value, "LinkedIn URL")
        elif key == "phone":
            value = value.strip() or None
        setattr(p, key, value)
    if company is not False:
        p.company = company
    if keep_in_touch_days is not False:
        p.keep_in_touch_days = keep_in_touch_days
    p.updated_at = now()
    with database.atomic():
        p.save()
    return p


def remove_contact(p: Person) -> dict[str, int]:
    """Delete a contact with its interactions and links, in one transaction; return the counts."""
    with database.atomic():
        counts = {
            "interactions": Interaction.delete().where(Interaction.person == p).execute(),
            "links": ApplicationContact.delete().where(ApplicationContact.person == p).execute(),
        }
        InterviewParticipant.delete().where(InterviewParticipant.person == p).execute()
        p.delete_instance()
    return counts


def snooze(person: Person, until: dt.date) -> None:
    """No follow-up to this person is due before `until`."""
    person.snoozed_until = until
    person.updated_at = now()
    person.save()

"""What `--json` prints: companies, contacts, applications and logged interactions as plain dicts.

A contact's "last contacted" and "last heard from" are derived from the log, never stored:
`last_touch` is the subquery that reads them, shared by the contact listings and the due query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from crm.followup.digest import NOT_TOUCHES
from crm.store.models import Application, Company, Interaction, Person


def as_datetime(value: Any) -> dt.datetime | None:
    """A datetime from a raw column value (None stays None)."""
    # Aggregates and subquery columns come back as text on SQLite and as datetimes on PostgreSQL.
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def as_date(value: Any) -> dt.date | None:
    """A date from a raw column value: a date, a datetime or ISO text (None stays None)."""
    if type(value) is str:  # SQLite's text, first: the due plan reads tens of thousands of these
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def last_touch(direction: str) -> pw.Select:
    """A correlated subquery: the latest interaction with the outer query's person in `direction`."""
    i = Interaction.alias()
    # A note is the user's own memo: it is not "contacted" (the cadence skips it the same way).
    return i.select(pw.fn.MAX(i.occurred_at)).where((i.person == Person.id) & (i.direction == direction)
                                                     & (i.kind.not_in(sorted(NOT_TOUCHES))))


def company_record(c: Company) -> dict[str, Any]:
    """A company as a JSON-ready dict."""
    return {"id": c.id, "name": c.name, "domain": c.domain, "website": c.website,
            "careers_url": c.careers_url, "notes": c.notes, "created_at": c.created_at}


# The columns a contact record is read from, in `contact_row`'s order: a listing selects exactly
# these (with the two `last_touch` subqueries after them) and reads plain rows, no model per row.
CONTACT_COLUMNS = (Person.id, Person.name, Person.title, Person.company, Company.name, Person.email,
                   Person.linkedin_url, Person.phone, Person.notes, Person.email_source, Person.do_not_contact,
                   Person.source, Person.snoozed_until, Person.is_connection, Person.connected_on, Person.created_at,
                   Person.keep_in_touch_days)


def contact_row(row: tuple, last_out: Any = None, last_in: Any = None) -> dict[str, Any]:
    """A contact as a JSON-ready dict from CONTACT_COLUMNS' values (raw or converted: both read alike)."""
    (pid, name, title, company_id, company, email, linkedin_url, phone, notes, email_source, do_not_contact,
     source, snoozed_until, is_connection, connected_on, created_at, keep_in_touch_days) = row
    return {"id": pid, "name": name, "title": title, "company_id": company_id,
            "company": company if company_id is not None else None, "email": email,
            "linkedin_url": linkedin_url, "phone": phone, "notes": notes,
            "email_source": email_source, "do_not_contact": bool(do_not_contact), "source": source,
            "snoozed_until": as_date(snoozed_until), "is_connection": bool(is_connection),
            "connected_on": as_date(connected_on), "last_contacted": as_datetime(last_out),
            "last_heard_from": as_datetime(last_in), "created_at": as_datetime(created_at),
            "keep_in_touch_days": keep_in_touch_days}


def contact_record(p: Person, last_out: Any = None, last_in: Any = None) -> dict[str, Any]:
    """A contact as a JSON-ready dict; last contacted in/out come from the log, never stored."""
    return contact_row((p.id, p.name, p.title, p.company_id, p.company.name if p.company_id else None, p.email,
                        p.linkedin_url, p.phone, p.notes, p.email_source, p.do_not_contact, p.source,
                        p.snoozed_until, p.is_connection, p.connected_on, p.created_at, p.keep_in_touch_days),
                       last_out, last_in)


# The columns an application record is read from, in `application_row`'s order.
APPLICATION_COLUMNS = (Application.id, Application.url, Application.title, Application.company, Company.name,
                       Application.department, Application.location, Application.status, Application.applied_on,
                       Application.decision_on, Application.notes, Application.created_at, Application.source,
                       Application.salary_min, Application.salary_max, Application.currency, Application.remote,
                       Application.tags, Application.description)


def application_row(row: tuple) -> dict[str, Any]:
    """An application as a JSON-ready dict from APPLICATION_COLUMNS' values (raw or converted)."""
    (aid, url, title, company_id, company, department, location, status, applied_on, decision_on, notes,
     created_at, source, salary_min, salary_max, currency, remote, tags, description) = row
    return {"id": aid, "url": url, "title": title, "company_id": company_id,
            "company": company if company_id is not None else None, "department": department,
            "location": location, "status": status, "applied_on": as_date(applied_on),
            "decision_on": as_date(decision_on), "notes": notes, "created_at": as_datetime(created_at),
            "source": source, "salary_min": salary_min, "salary_max": salary_max, "currency": currency,
            "remote": remote, "tags": tags.split(",") if tags else [], "description": description}


def application_record(a: Application) -> dict[str, Any]:
    """An application as a JSON-ready dict."""
    return application_row((a.id, a.url, a.title, a.company_id, a.company.name if a.company_id else None,
                            a.department, a.location, a.status, a.applied_on, a.decision_on, a.notes,
                            a.created_at, a.source, a.salary_min, a.salary_max, a.currency, a.remote, a.tags,
                            a.description))


def interaction_record(i: Interaction) -> dict[str, Any]:
    """A logged interaction as a JSON-ready dict."""
    return {"id": i.id, "contact_id": i.person_id, "application_id": i.application_id, "kind": i.kind,
            "channel": i.channel, "direction": i.direction, "occurred_at": i.occurred_at, "note": i.note}
